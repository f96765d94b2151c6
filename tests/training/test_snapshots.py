"""Activations of any node, read from the compiled model by ``NodeInterpreter``, match what the model computes."""

from __future__ import annotations

import pytest
import torch

from netstudio.compiler import build_module
from netstudio.training.snapshots import NodeFailure, activations, locate_failure, run_nodes

from .conftest import chain, make_project


def compiled(graph: dict):
    g = make_project({"model": graph}, {"type": "classify"}, {"dataset": "blobs"}).graph("model")
    torch.manual_seed(0)
    return g, build_module(g).eval()


def node(nid: str, type_: str, **params) -> dict:
    return {"id": nid, "type": type_, "params": params, "pos": [0, 0]}


def residual_graph() -> dict:
    """Two Adds (the second one named "add", the name fx gives the first), a Split, a branch reaching no Output."""
    g = chain([("x", "Input", {"shape": [4]}), ("fc", "Linear", {"out_features": 4})])
    g["nodes"] += [node("res", "Add"), node("add", "Add"), node("halves", "Split", chunks=2, dim=1),
                   node("out", "Output"), node("side", "ReLU")]
    g["edges"] += [{"from": "fc", "to": "res"}, {"from": "x", "to": "res", "to_port": 1},
                   {"from": "res", "to": "add"}, {"from": "fc", "to": "add", "to_port": 1},
                   {"from": "add", "to": "halves"}, {"from": "halves", "from_port": 1, "to": "out"},
                   {"from": "fc", "to": "side"}]
    return g


def test_every_node_has_its_value_even_without_an_fx_node_of_its_own():
    graph, model = compiled(residual_graph())
    x = torch.randn(3, 4)
    with torch.no_grad():
        acts = run_nodes(graph, model, (x,), [n.id for n in graph])
        fc = model.fc(x)
        res = fc + x
        add = res + fc
        expected = {"x": x, "fc": fc, "res": res, "add": add, "halves": add[:, :2], "out": add[:, 2:],
                    "side": torch.relu(fc)}
        assert set(acts) == set(expected)
        for nid, value in expected.items():
            torch.testing.assert_close(acts[nid], value, msg=nid)
        # what the Output node shows is what the model returns
        torch.testing.assert_close(acts["out"], model(x))


def test_lstm_shows_its_sequence_when_only_its_last_state_is_used():
    g = chain([("wave", "Input", {"shape": [20, 3]}), ("lstm", "LSTM", {"hidden_size": 5}),
               ("fc", "Linear", {"out_features": 2}), ("out", "Output", {})])
    g["edges"][1]["from_port"] = 1        # lstm.last -> fc: fx drops the unused sequence output
    graph, model = compiled(g)
    x = torch.randn(2, 20, 3)
    found = activations(graph, model, (x,), {"lstm", "fc", "not_a_node"})
    assert set(found) == {"lstm", "fc"}
    with torch.no_grad():
        sequence, _ = model.lstm(x)
        torch.testing.assert_close(torch.from_numpy(found["lstm"]), sequence)   # (B, T, H)
        torch.testing.assert_close(torch.from_numpy(found["fc"]), model(x))


def test_a_failing_layer_is_named_with_the_shapes_it_received():
    g = chain([("v", "Input", {"shape": [4]}), ("square", "Reshape", {"shape": [2, 2]}), ("flat", "Flatten", {}),
               ("fc", "Linear", {"out_features": 2}), ("out", "Output", {})])
    graph, model = compiled(g)
    assert locate_failure(graph, model, (torch.randn(3, 4),)) is None
    failure = locate_failure(graph, model, (torch.randn(3, 6),))   # reshape is traced as several fx nodes
    assert failure.node_id == "square"
    assert str(failure).startswith("square: Reshape failed on input (6): shape '[3, 2, 2]' is invalid")
    with pytest.raises(NodeFailure, match="^square: Reshape failed"):
        run_nodes(graph, model, (torch.randn(3, 6),), ["fc"])


def test_a_node_named_like_an_fx_helper_value_shows_its_own_value():
    # "getitem" is what fx calls the value it picks out of the LSTM's tuple; the user's ReLU of that
    # name must still show the ReLU's output, and a failure inside it must name it
    g = chain([("seq", "Input", {"shape": [5, 3]}), ("lstm", "LSTM", {"hidden_size": 4}),
               ("getitem", "ReLU", {}), ("fc", "Linear", {"out_features": 2})])
    for e in g["edges"]:
        if e["from"] == "lstm":
            e["from_port"] = 1                    # the last hidden state, (B, 4)
    graph, model = compiled(g)
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        acts = run_nodes(graph, model, (x,), ["getitem", "lstm"])
        _, (h, _) = model.lstm(x)
        expected = torch.relu(h[-1])
    torch.testing.assert_close(acts["getitem"], expected)

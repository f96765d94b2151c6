"""Worked formulas: every filled-in result equals the real output size and the real module's parameter count.

Shapes come from shape inference (real layers on the meta device); parameter counts from the real torch module
built on the CPU. Each filled-in line is also evaluated as arithmetic, so the numbers shown add up to the
result shown.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import netstudio
from netstudio.compiler import ShapeInference
from netstudio.core.graph import Edge, Graph, Node
from netstudio.layers import get_spec
from netstudio.layers.build import make_module
from netstudio.layers.formulas import TYPES_WITH_FORMULAS, WORDS, failing, word, worked

from helpers import chain_graph

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_projects").glob("*.nsproj"))


def _arithmetic(filled: str) -> float:
    """The middle of "lhs = arithmetic = value", evaluated (the value itself when there is no middle)."""
    parts = filled.split(" = ")
    return eval(parts[1], {"__builtins__": {}, "floor": math.floor, "ceil": math.ceil})  # noqa: S307 (our own text)


def _real_param_count(node, in_shapes) -> int:
    spec = get_spec(node.type)
    module = make_module(spec, spec.resolved(node.params), in_shapes)   # CPU, real weights
    return sum(p.numel() for p in module.parameters()) if module is not None else 0


def _check_graph(graph: Graph) -> int:
    """Every node's formulas against inference; returns how many formulas were checked."""
    infos = ShapeInference().infer(graph)
    checked = 0
    for node in graph:
        info = infos[node.id]
        if not info.ok:
            continue
        found = worked(node.type, node.params, info.in_shapes)
        if node.type in TYPES_WITH_FORMULAS and node.type not in ("Reshape", "Unflatten"):
            assert found, f"{node.id} ({node.type}) shows no formula"
        for w in found:
            assert w.filled.startswith(w.symbolic.split(" = ")[0] + " = ")
            assert w.filled.endswith(str(w.value))
            assert _arithmetic(w.filled) == w.value, w.filled
            if w.is_size:
                _, port, dim = w.target
                assert info.out_shapes[port][dim] == w.value, (node.id, w.filled, info.out_shapes)
            else:
                assert info.param_count == w.value, (node.id, w.filled, info.param_count)
                assert _real_param_count(node, info.in_shapes) == w.value, (node.id, w.filled)
            checked += 1
    return checked


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_layer_formula_equals_inference_and_torch(path):
    project = netstudio.load_project(path)
    assert sum(_check_graph(g) for g in project.graphs.values()) > 0


def test_conv2d_formula_reads_as_the_issue_writes_it():
    lines = worked("Conv2d", {"out_channels": 32, "kernel_size": 3}, [(1, 28, 28)])
    assert [w.symbolic for w in lines] == [
        "H_out = floor((H_in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1",
        "W_out = floor((W_in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1",
        "params = out*in/groups*kh*kw + out"]
    assert [w.filled for w in lines] == [
        "H_out = floor((28 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 26",
        "W_out = floor((28 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 26",
        "params = 32*1*3*3 + 32 = 320"]


ODD = [
    ("Conv2d", {"out_channels": 8, "kernel_size": [3, 5], "stride": 2, "padding": 1, "dilation": 2, "groups": 4},
     (4, 17, 20)),
    ("Conv2d", {"out_channels": 6, "kernel_size": 3, "stride": [2, 3], "padding": [0, 2], "bias": False}, (3, 9, 11)),
    ("Conv2d", {"out_channels": 4, "kernel_size": 5, "padding": "same", "dilation": 2}, (2, 12, 9)),
    ("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": "valid"}, (2, 12, 9)),
    ("Conv1d", {"out_channels": 6, "kernel_size": 4, "stride": 2, "padding": 1, "dilation": 2, "groups": 2},
     (4, 33)),
    ("ConvTranspose2d", {"out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1,
                         "dilation": 2, "groups": 2}, (4, 7, 5)),
    ("ConvTranspose2d", {"out_channels": 3, "kernel_size": [4, 2], "stride": [2, 1], "bias": False}, (5, 6, 6)),
    ("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2}, (3, 15, 16)),
    ("MaxPool2d", {"kernel_size": 2, "stride": 2, "ceil_mode": True}, (3, 7, 8)),
    ("MaxPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, (1, 5, 4)),  # drops a window
    ("MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 20)),
    ("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (3, 10, 9)),
    ("AvgPool2d", {"kernel_size": [2, 4]}, (3, 10, 9)),
    ("AdaptiveAvgPool2d", {"output_size": [3, 2]}, (3, 10, 9)),
    ("AdaptiveMaxPool2d", {"output_size": 4}, (3, 10, 9)),
    ("Linear", {"out_features": 7, "bias": False}, (13,)),
    ("Linear", {"out_features": 5}, (4, 13)),
    ("Upsample", {"scale_factor": 1.5}, (2, 7, 5)),
    ("Upsample", {"size": [5, 11], "mode": "bilinear"}, (2, 7, 5)),
    ("Upsample", {"scale_factor": 3.0, "mode": "linear"}, (2, 7)),
    ("BatchNorm1d", {}, (12,)),
    ("BatchNorm2d", {"affine": False}, (5, 4, 4)),
    ("BatchNorm2d", {}, (5, 4, 4)),
    ("GroupNorm", {"num_groups": 3}, (6, 4, 4)),
    ("LayerNorm", {}, (9, 12)),
    ("LayerNorm", {"bias": False}, (9, 12)),
    ("Flatten", {}, (3, 5, 7)),
    ("Flatten", {"start_dim": 2}, (3, 5, 7)),
    ("Reshape", {"shape": [-1, 4]}, (3, 8)),
    ("Unflatten", {"dim": 1, "unflattened_size": [2, -1]}, (12, 5)),
    ("Split", {"chunks": 3, "dim": 2}, (4, 9)),
    ("PReLU", {"num_parameters": 6}, (6, 3, 3)),
    ("RNN", {"hidden_size": 8, "nonlinearity": "relu"}, (5, 3)),
    ("GRU", {"hidden_size": 8, "num_layers": 3, "bias": False}, (5, 3)),
    ("LSTM", {"hidden_size": 6, "num_layers": 2, "bidirectional": True}, (5, 3)),
    ("MultiheadAttention", {"num_heads": 2}, (5, 8)),
    ("MultiheadAttention", {"num_heads": 4, "bias": False}, (5, 8)),
    ("TransformerEncoderLayer", {"nhead": 2, "dim_feedforward": 24}, (5, 8)),
]


@pytest.mark.parametrize("type_name,params,shape", ODD, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(ODD)])
def test_odd_parameters_give_the_real_sizes_and_counts(type_name, params, shape):
    assert _check_graph(chain_graph((type_name, params), input_shape=shape)) >= 1


def _multi_input(type_name, params, shapes, dtype="float32"):
    g = Graph("model")
    g.add_node(Node("n", type_name, params))
    for i, shape in enumerate(shapes):
        g.add_node(Node(f"x{i}", "Input", {"shape": list(shape), "dtype": dtype}))
        g.add_edge(Edge(f"x{i}", "n", dst_port=i))
    return g


def test_concat_attention_with_other_kdim_and_embedding():
    assert _check_graph(_multi_input("Concat", {"dim": 1}, [(3, 4, 4), (5, 4, 4), (2, 4, 4)])) == 1
    assert _check_graph(_multi_input("Concat", {"dim": -1}, [(3, 4), (3, 6)])) == 1
    assert _check_graph(_multi_input("MultiheadAttention", {"num_heads": 2}, [(5, 8), (7, 6), (7, 10)])) == 1
    assert _check_graph(_multi_input("Embedding", {"num_embeddings": 50, "embedding_dim": 12}, [(9,)],
                                     dtype="int64")) == 2


def test_every_layer_type_with_a_formula_is_checked_somewhere():
    # the types the tests above check: samples, odd parameters and the multi-input graphs
    checked = {t for t, _, _ in ODD} | {"Concat", "MultiheadAttention", "Embedding"}
    checked |= {n.type for path in SAMPLES for g in netstudio.load_project(path).graphs.values() for n in g}
    missing = TYPES_WITH_FORMULAS - checked
    assert not missing, f"no test checks the formulas of {sorted(missing)}"


def test_a_kernel_larger_than_its_input_shows_the_non_positive_size():
    graph = chain_graph(("Conv2d", {"out_channels": 4, "kernel_size": 3}), input_shape=(1, 2, 2))
    info = ShapeInference().infer(graph)["n0"]
    assert info.error                                      # PyTorch refuses it ...
    why = failing("Conv2d", {"out_channels": 4, "kernel_size": 3}, info.in_shapes)
    assert why.filled == "H_out = floor((2 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 0"   # ... and this is why
    assert why.impossible and why.value == 0
    assert failing("Conv2d", {"out_channels": 4, "kernel_size": 3}, [(1, 28, 28)]) is None


def test_unknown_types_and_missing_inputs_have_no_formulas():
    assert worked("ReLU", {}, [(3,)]) == []
    assert worked("NoSuchLayer", {}, [(3,)]) == []
    assert worked("Conv2d", {"out_channels": 4, "kernel_size": 3}, []) == []
    assert worked("Conv2d", {"out_channels": 4, "kernel_size": 3}, [(28,)]) == []   # wrong rank: no crash


def test_every_label_has_english_and_chinese():
    for key, texts in WORDS.items():
        assert texts["en"] and texts["zh"] and texts["zh"] != texts["en"], key
    assert word("section", "zh_CN") == "计算过程"
    assert word("section", "fr") == "How this is computed"
    labels = {w.label for _, p, s in ODD for w in worked(_, p, [s])}
    assert labels <= set(WORDS)

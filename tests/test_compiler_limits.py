"""Graphs the compiler cannot turn into a working module are caught by check, with a sentence, before training."""

import json

import pytest

import netstudio
from netstudio.compiler import ShapeInference, build_module, graph_problems
from netstudio.core.errors import GraphError

from conftest import SAMPLES


def _mlp(mutate) -> netstudio.core.Project:
    data = json.loads((SAMPLES / "mnist_mlp.nsproj").read_text(encoding="utf-8"))
    mutate(data["graphs"]["model"])
    return netstudio.project_from_dict(data)


def _rename(graph: dict, old: str, new: str) -> None:
    for n in graph["nodes"]:
        if n["id"] == old:
            n["id"] = new
    for e in graph["edges"]:
        for end in ("from", "to"):
            if e[end] == old:
                e[end] = new


def _errors(project) -> list[GraphError]:
    g = project.graph()
    return [p for p in graph_problems(g, ShapeInference().infer(g)) if p.severity == "error"]


@pytest.mark.parametrize("victim,new", [("flatten", "self"), ("image", "self"), ("fc1", "meta"),
                                        ("relu1", "training"), ("fc2", "forward")])
def test_an_id_the_generated_forward_cannot_use_is_refused_by_check(victim, new):
    project = _mlp(lambda g: _rename(g, victim, new))
    errors = _errors(project)
    assert [e.node_id for e in errors] == [new] and "rename the node" in errors[0].message
    with pytest.raises(GraphError, match="rename the node"):
        build_module(project.graph())


def test_a_layer_fed_one_number_per_sample_says_so():
    data = {"format": "netstudio-project", "version": 1, "graphs": {"model": {
        "nodes": [{"id": "x", "type": "Input", "params": {"shape": [12]}},
                  {"id": "s", "type": "Select", "params": {"dim": 1, "index": 0}},
                  {"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
        "edges": [{"from": "x", "to": "s"}, {"from": "s", "to": "fc"}]}}}
    (error,) = _errors(netstudio.project_from_dict(data))
    assert error.node_id == "fc" and "one number per sample" in error.message and "Unflatten" in error.message


def _set(node_id: str, **params):
    def mutate(graph):
        for n in graph["nodes"]:
            if n["id"] == node_id:
                n["params"].update(params)
    return mutate


@pytest.mark.parametrize("mutate,words", [
    (_set("fc1", out_features=10**12), "parameters"),
    (_set("fc2", out_features=10**9), "parameters"),
])
def test_layers_no_computer_can_hold_are_refused_with_their_size(mutate, words):
    (error,) = _errors(_mlp(mutate))
    assert words in error.message and "GB" in error.message and "make it smaller" in error.message


def test_an_output_no_computer_can_hold_is_refused(samples_dir):
    data = json.loads((samples_dir / "mnist_cnn.nsproj").read_text(encoding="utf-8"))
    for n in data["graphs"]["model"]["nodes"]:
        if n["id"] == "conv1":
            n["params"].update(padding=10**6)
    errors = _errors(netstudio.project_from_dict(data))
    assert errors[0].node_id == "conv1" and "values per sample" in errors[0].message

"""The mistakes a student makes, each caught with a sentence naming the node and the fix."""

import pytest

from netstudio.compiler import ShapeInference, build_module, graph_problems
from netstudio.core.errors import GraphError
from netstudio.core.graph import Edge, Graph, Node

from helpers import chain_graph


def problems(graph):
    return graph_problems(graph, ShapeInference().infer(graph))


def only_error(graph, node_id):
    errors = [p for p in problems(graph) if p.severity == "error"]
    assert errors, "expected an error"
    assert errors[0].node_id == node_id
    return errors[0].message


def test_cycle_is_named():
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [4]}))
    g.add_node(Node("a", "Add"))
    g.add_node(Node("b", "ReLU"))
    g.add_edge(Edge("x", "a", 0, 0))
    g.add_edge(Edge("a", "b"))
    g.add_edge(Edge("b", "a", 0, 1), allow_cycle=True)   # as a file holding a cycle loads
    errors = [p for p in problems(g) if p.severity == "error"]
    assert {e.node_id for e in errors} == {"a", "b"}
    assert "cycle" in errors[0].message
    assert "a -> b -> a" in errors[0].message or "b -> a -> b" in errors[0].message
    with pytest.raises(GraphError, match="cycle"):
        build_module(g)


def test_unconnected_required_input():
    g = chain_graph("Flatten")
    g.add_node(Node("fc", "Linear", {"out_features": 3}))
    message = only_error(g, "fc")
    assert "has no input" in message and "connect" in message


def test_explicit_in_channels_that_disagree():
    g = chain_graph(("Conv2d", {"in_channels": 3, "out_channels": 8, "kernel_size": 3}))
    message = only_error(g, "n0")
    assert "in_channels is set to 3 but its input gives 1" in message and "remove in_channels" in message


def test_explicit_in_channels_that_agree_are_fine():
    g = chain_graph(("Conv2d", {"in_channels": 1, "out_channels": 8, "kernel_size": 3}))
    assert problems(g) == []


def test_kernel_larger_than_input():
    g = chain_graph(("Conv2d", {"out_channels": 8, "kernel_size": 5}), input_shape=(1, 3, 3))
    message = only_error(g, "n0")
    assert "kernel 5 is larger than its input 3x3" in message and "smaller kernel_size" in message
    g = chain_graph(("MaxPool2d", {"kernel_size": 4}), input_shape=(1, 3, 3))
    assert "larger than its input" in only_error(g, "n0")


def test_add_of_incompatible_shapes_suggests_a_1x1_conv():
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [3, 8, 8]}))
    g.add_node(Node("conv", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}))
    g.add_node(Node("add", "Add"))
    g.add_edge(Edge("x", "conv"))
    g.add_edge(Edge("conv", "add", 0, 0))
    g.add_edge(Edge("x", "add", 0, 1))
    message = only_error(g, "add")
    assert "(16, 8, 8) and (3, 8, 8)" in message and "1x1 Conv2d" in message


def test_concat_of_incompatible_shapes():
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [3, 8, 8]}))
    g.add_node(Node("p", "MaxPool2d", {"kernel_size": 2}))
    g.add_node(Node("cat", "Concat"))
    g.add_edge(Edge("x", "p"))
    g.add_edge(Edge("x", "cat", 0, 0))
    g.add_edge(Edge("p", "cat", 0, 1))
    assert "every other dimension equal" in only_error(g, "cat")


def test_attention_heads_must_divide_embed_dim():
    g = chain_graph(("MultiheadAttention", {"num_heads": 3}), input_shape=(10, 16))
    message = only_error(g, "n0")
    assert "embed_dim 16 is not divisible by num_heads 3" in message


def test_lstm_fed_images_suggests_reading_rows_as_steps():
    g = chain_graph(("LSTM", {"hidden_size": 8}))
    message = only_error(g, "n0")
    assert "LSTM expects a sequence" in message and "(1, 28, 28)" in message and "Reshape to [28, 28]" in message


def test_linear_fed_an_image_is_a_warning_not_an_error():
    g = chain_graph(("Conv2d", {"out_channels": 32, "kernel_size": 3}), ("MaxPool2d", {"kernel_size": 2}),
                    ("Linear", {"out_features": 10}))
    found = problems(g)
    assert [p.severity for p in found] == ["warning"]
    assert found[0].node_id == "n2"
    assert "Linear expects a flat vector but receives (32, 13, 13)" in found[0].message
    assert "add a Flatten" in found[0].message
    build_module(g)  # legal PyTorch: still compiles


def test_conv_after_flatten_explains_the_fix():
    g = chain_graph("Flatten", ("Conv2d", {"out_channels": 4, "kernel_size": 3}))
    message = only_error(g, "n1")
    assert "Conv2d expects an image (C, H, W) but receives (784,)" in message and "Unflatten" in message


def test_missing_required_param():
    g = chain_graph("Flatten", ("Linear", {}))
    assert "Linear needs out_features" in only_error(g, "n1")


def test_embedding_needs_integer_input():
    g = chain_graph(("Embedding", {"num_embeddings": 10, "embedding_dim": 4}), input_shape=(5,))
    assert "int64" in only_error(g, "n0")


def test_downstream_of_an_error_is_blocked_not_blamed():
    g = chain_graph(("Conv2d", {"out_channels": 4, "kernel_size": 99}), "ReLU", "Flatten")
    infos = ShapeInference().infer(g)
    assert infos["n0"].error and infos["n1"].blocked and infos["n1"].error is None
    assert [p.node_id for p in problems(g)] == ["n0"]


def test_graph_without_input():
    g = Graph()
    g.add_node(Node("a", "ReLU"))
    assert any(p.node_id is None and "no Input" in p.message for p in problems(g))


@pytest.mark.parametrize("reserved", ["training", "code", "graph", "forward"])
def test_reserved_node_id_is_an_error_the_editor_shows(reserved):
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [4]}))
    g.add_node(Node(reserved, "ReLU"))
    g.add_edge(Edge("x", reserved))
    assert "rename the node" in only_error(g, reserved)
    with pytest.raises(GraphError, match="rename the node"):
        build_module(g)

"""Core undo/redo commands restore the document exactly, and shape inference re-runs only what changed."""

from hypothesis import given, settings
from hypothesis import strategies as st

import netstudio
from netstudio.compiler import ShapeInference
from netstudio.core.commands import (AddNode, AddSubgraph, Connect, Disconnect, Macro, MoveNodes, RemoveNodes,
                                     UndoStack, set_param)
from netstudio.core.graph import Edge, Node
from netstudio.core.project import project_from_dict

from helpers import chain_graph


def snapshot(graph):
    return graph.to_dict()


def test_each_command_undoes_and_redoes(samples_dir):
    graph = netstudio.load_project(samples_dir / "resnet_cifar10.nsproj").graph()
    start = snapshot(graph)
    stack = UndoStack()
    steps = [
        AddNode(graph, Node("extra", "ReLU", pos=(10, 20))),
        Connect(graph, Edge("logits", "extra")),
        Disconnect(graph, Edge("stem_relu", "block1_add", 0, 1)),
        RemoveNodes(graph, ["block2_conv1", "stem_bn"]),
        set_param(graph, "fc", "out_features", 100),
        MoveNodes(graph, {"fc": (5, 5), "flatten": (7, 7)}),
        AddSubgraph(graph, [Node("p1", "Flatten"), Node("p2", "ReLU")], [Edge("p1", "p2")]),
    ]
    states = [start]
    for command in steps:
        stack.push(command)
        states.append(snapshot(graph))
    for state in reversed(states[:-1]):
        stack.undo()
        assert snapshot(graph) == state
    for state in states[1:]:
        stack.redo()
        assert snapshot(graph) == state


def test_typing_in_one_field_merges_into_one_step():
    graph = chain_graph(("Conv2d", {"out_channels": 8, "kernel_size": 3}))
    stack = UndoStack()
    for value in (1, 16, 160, 16):
        stack.push(set_param(graph, "n0", "out_channels", value))
    stack.push(set_param(graph, "n0", "kernel_size", 5))
    stack.undo()
    assert graph.node("n0").params == {"out_channels": 16, "kernel_size": 3}
    stack.undo()
    assert graph.node("n0").params == {"out_channels": 8, "kernel_size": 3}
    assert not stack.can_undo()


def test_connect_replaces_the_edge_in_a_taken_port_and_undo_restores_it():
    graph = chain_graph("ReLU", "Tanh")
    stack = UndoStack()
    stack.push(Connect(graph, Edge("x", "n1")))
    assert [e.src for e in graph.in_edges("n1")] == ["x"]
    stack.undo()
    assert [e.src for e in graph.in_edges("n1")] == ["n0"]


def test_macro_is_one_step():
    graph = chain_graph("ReLU")
    stack = UndoStack()
    stack.push(Macro([AddNode(graph, Node("t", "Tanh")), Connect(graph, Edge("n0", "t"))], "Quick add"))
    assert len(graph) == 3
    stack.undo()
    assert len(graph) == 2 and not stack.can_undo()


def test_one_edit_recomputes_only_the_edited_node_and_what_it_changes():
    layers = [layer for i in range(50) for layer in (("Linear", {"out_features": 20 + i}), "ReLU")]
    graph = chain_graph("Flatten", *layers)  # n0 Flatten, n1 Linear 20, n2 ReLU, ..., n99 Linear 69, n100 ReLU
    inference = ShapeInference()
    inference.infer(graph)
    first = inference.computed
    assert first == 101
    graph.set_params("n51", {"out_features": 45})  # same value: nothing to recompute
    inference.infer(graph)
    assert inference.computed == first
    graph.set_params("n97", {"out_features": 16})
    infos = inference.infer(graph)
    # n97 itself, the ReLU after it (new input shape), the Linear after that (new in_features); n100 unchanged
    assert inference.computed == first + 3
    assert infos["n98"].out_shapes == [(16,)] and infos["n100"].out_shapes == [(69,)]
    assert infos["n99"].param_count == 16 * 69 + 69


node_types = st.sampled_from(["ReLU", "Tanh", "Flatten", "Dropout", "Identity"])


@settings(max_examples=40, deadline=None)
@given(types=st.lists(node_types, min_size=1, max_size=12), xs=st.lists(st.floats(-1e4, 1e4), min_size=12,
                                                                         max_size=12), name=st.text(max_size=20))
def test_any_chain_round_trips_through_json(types, xs, name):
    graph = chain_graph(*types)
    for i, node in enumerate(graph):
        graph.set_pos(node.id, (xs[i % len(xs)], -xs[i % len(xs)]))
    project = netstudio.core.Project(name, {"model": graph})
    again = project_from_dict(__import__("json").loads(project.to_json()))
    assert again.to_dict() == project.to_dict()

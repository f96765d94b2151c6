"""The model refuses bad edges itself (every front end gets the same rules), and the edit verbs are Qt-free."""

import pytest

import netstudio
from netstudio.core import editing
from netstudio.core.commands import Connect, Disconnect, RemoveNodes, UndoStack
from netstudio.core.errors import CycleError, MissingNodeError, PortOccupiedError, SelfLoopError
from netstudio.core.graph import Edge, Graph, Node


def chain(*ids: str) -> Graph:
    g = Graph()
    for nid in ids:
        g.add_node(Node(nid, "ReLU"))
    for a, b in zip(ids, ids[1:]):
        g.add_edge(Edge(a, b))
    return g


def test_a_command_that_would_close_a_cycle_raises_the_typed_error_and_changes_nothing():
    g = chain("a", "b", "c")
    before = g.to_dict()
    stack = UndoStack()
    with pytest.raises(CycleError) as info:
        stack.push(Connect(g, Edge("c", "a")))
    assert info.value.node_id == "a" and "loop" in str(info.value)
    assert g.to_dict() == before and not stack.can_undo()


def test_self_loops_occupied_ports_and_missing_nodes_each_have_their_error():
    g = chain("a", "b")
    with pytest.raises(SelfLoopError):
        g.add_edge(Edge("b", "b"))
    g.add_node(Node("x", "ReLU"))
    with pytest.raises(PortOccupiedError):
        g.add_edge(Edge("x", "b"))           # b's input 0 holds a -> b
    with pytest.raises(MissingNodeError):
        g.add_edge(Edge("x", "ghost"))
    assert [e.key for e in g.edges] == [("a", 0, "b", 0)]


def test_connect_replacing_an_occupied_input_is_allowed_but_not_into_a_loop():
    g = chain("a", "b", "c")
    g.add_node(Node("x", "ReLU"))
    stack = UndoStack()
    stack.push(Connect(g, Edge("x", "b")))    # replaces a -> b
    assert g.edge_into("b", 0) == Edge("x", "b")
    stack.undo()
    assert g.edge_into("b", 0) == Edge("a", "b")
    with pytest.raises(CycleError):
        stack.push(Connect(g, Edge("c", "b")))  # replacing a -> b would still loop b -> c -> b
    assert g.edge_into("b", 0) == Edge("a", "b")


def test_a_file_with_a_cycle_still_loads_and_undo_can_restore_its_edges(samples_dir):
    data = {"format": "netstudio-project", "version": 1,
            "graphs": {"model": {"nodes": [{"id": "a", "type": "ReLU"}, {"id": "b", "type": "ReLU"}],
                                 "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]}}}
    g = netstudio.project_from_dict(data).graph()
    stack = UndoStack()
    stack.push(Disconnect(g, Edge("b", "a")))
    stack.push(RemoveNodes(g, ["b"]))
    stack.undo()
    stack.undo()                              # putting back what was there is never refused
    assert len(g.edges) == 2


def test_verbs_return_none_for_no_ops_and_refuse_through_the_model(samples_dir):
    g = netstudio.load_project(samples_dir / "mnist_cnn.nsproj").graph()
    assert editing.connect(g, "relu1", 0, "pool1", 0) is None            # already there
    assert editing.set_param(g, "fc", "out_features", 10) is None         # unchanged
    assert editing.move(g, {"fc": g.node("fc").pos}) is None
    assert editing.disconnect(g, []) is None
    with pytest.raises(CycleError):
        editing.connect(g, "logits", 0, "image", 0)
    stack = UndoStack()
    stack.push(editing.connect(g, "conv1", 0, "pool1", 0))               # skips relu1
    assert g.edge_into("pool1", 0) == Edge("conv1", "pool1")


def test_paste_gives_fresh_ids_and_repoints_internal_edges(samples_dir):
    g = netstudio.load_project(samples_dir / "mnist_cnn.nsproj").graph()
    payload = editing.copy_payload(g, ["conv1", "relu1"])
    assert [e["from"] for e in payload["edges"]] == ["conv1"]
    command, ids = editing.paste(g, payload)
    UndoStack().push(command)
    assert ids == ["conv2", "relu2"] and g.edge_into("relu2", 0) == Edge("conv2", "relu2")
    assert g.node("conv2").pos == (g.node("conv1").pos[0] + editing.PASTE_OFFSET,
                                   g.node("conv1").pos[1] + editing.PASTE_OFFSET)
    assert editing.paste(g, {"nodes": [{"type": 3}]}) == (None, [])


def test_set_section_emits_sections_changed_and_merges_typing(samples_dir):
    from netstudio.core.commands import SetSection, with_value

    p = netstudio.load_project(samples_dir / "mnist_cnn.nsproj")
    seen = []
    p.sections_changed.connect(seen.append)
    stack = UndoStack()
    for lr in (0.1, 0.01):
        stack.push(SetSection(p, "training", with_value(p.training, ("optimizer", "lr"), lr), field="lr"))
    assert p.training["optimizer"]["lr"] == 0.01 and seen == ["training", "training"]
    stack.undo()
    assert p.training["optimizer"]["lr"] == 0.001           # one undo step back to the file's value
    assert not stack.can_undo() and seen[-1] == "training"

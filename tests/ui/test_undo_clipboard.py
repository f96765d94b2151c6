"""Undo/redo of every kind of edit through the window's actions, and copy/paste."""

from __future__ import annotations

import json

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from netstudio.core import editing
from netstudio.core.graph import Edge


def _state(graph):
    return json.dumps(graph.to_dict(), sort_keys=True)


def _undo_redo_roundtrip(window, edit):
    """Apply ``edit``; undo must restore the graph exactly, redo must reapply it exactly."""
    doc = window.document
    graph = doc.graph(window.current_graph())
    before = _state(graph)
    count = doc.undo_stack.count()
    assert edit() is not False
    after = _state(graph)
    assert after != before
    assert doc.undo_stack.count() == count + 1  # one step per edit
    window.actions_["undo"].trigger()
    assert _state(graph) == before
    window.actions_["redo"].trigger()
    assert _state(graph) == after
    return graph


def test_undo_redo_each_kind_of_edit(cnn_window):
    w = cnn_window
    doc, scene = w.document, w.current_scene()
    _undo_redo_roundtrip(w, lambda: scene.add_layer_at("Dropout", QPointF(300, 300)))
    _undo_redo_roundtrip(w, lambda: (scene.select_nodes(["relu1"]), w.actions_["delete"].trigger()))
    _undo_redo_roundtrip(w, lambda: doc.edit(editing.disconnect, "model", [Edge("fc", "logits")]))
    _undo_redo_roundtrip(w, lambda: doc.edit(editing.connect, "model", "fc", 0, "logits", 0))
    _undo_redo_roundtrip(w, lambda: doc.edit(editing.move, "model", {"fc": (900.0, 300.0)}))
    _undo_redo_roundtrip(w, lambda: doc.edit(editing.set_param, "model", "fc", "out_features", 20))
    _undo_redo_roundtrip(w, lambda: w.actions_["auto_layout"].trigger())
    _undo_redo_roundtrip(w, lambda: (scene.select_nodes(["conv1", "pool1"]), w.actions_["duplicate"].trigger()))
    # the scene follows: after all that, the items mirror the model one to one
    graph = doc.graph("model")
    assert set(scene.nodes) == {n.id for n in graph.nodes}
    assert set(scene.edges) == {e.key for e in graph.edges}
    for n in graph.nodes:
        assert (scene.nodes[n.id].x(), scene.nodes[n.id].y()) == n.pos


def test_delete_removes_selected_edges_too(cnn_window):
    w, scene = cnn_window, cnn_window.current_scene()
    scene.clearSelection()
    scene.edges[Edge("pool1", "flatten").key].setSelected(True)
    w.actions_["delete"].trigger()
    assert w.document.graph("model").edge_into("flatten", 0) is None
    assert len(w.document.graph("model")) == 7


def test_unsaved_mark_follows_the_undo_stack(cnn_window):
    w, doc = cnn_window, cnn_window.document
    assert not w.isWindowModified()
    doc.edit(editing.set_param, "model", "fc", "out_features", 12)
    assert w.isWindowModified() and "[*]" in w.windowTitle()
    w.actions_["undo"].trigger()
    assert not w.isWindowModified()


def test_copy_paste_keeps_internal_edges_and_gives_new_ids(cnn_window):
    w, scene, doc = cnn_window, cnn_window.current_scene(), cnn_window.document
    graph = doc.graph("model")
    scene.select_nodes(["conv1", "relu1", "pool1"])
    w.actions_["copy"].trigger()
    text = QApplication.clipboard().text()
    assert '"netstudio-clipboard"' in text  # also readable as plain text
    w.actions_["paste"].trigger()
    pasted = scene.selected_node_ids()
    assert sorted(pasted) == ["conv2", "pool2", "relu2"]
    assert graph.edge_into("relu2", 0) == Edge("conv2", "relu2")
    assert graph.edge_into("pool2", 0) == Edge("relu2", "pool2")
    assert graph.edge_into("conv2", 0) is None  # the edge from the unselected Input stays behind
    assert graph.node("conv2").params == graph.node("conv1").params
    assert graph.node("conv2").pos == (graph.node("conv1").pos[0] + 40, graph.node("conv1").pos[1] + 40)
    w.actions_["undo"].trigger()  # one step
    assert len(graph) == 7


def test_paste_into_another_project_in_another_window(cnn_window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from netstudio.ui.main_window import MainWindow

    cnn_window.current_scene().select_nodes(["conv1", "relu1"])
    cnn_window.actions_["copy"].trigger()
    other = MainWindow()
    other.ask_save = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(other)
    other.new_project()
    other.actions_["paste"].trigger()
    graph = other.document.graph("model")
    assert [n.id for n in graph.nodes] == ["conv1", "relu1"]  # free ids in the new project are kept
    assert graph.edges == [Edge("conv1", "relu1")]
    other.actions_["paste"].trigger()  # a second paste needs fresh ids
    assert [n.id for n in graph.nodes] == ["conv1", "relu1", "conv2", "relu2"]
    assert graph.edge_into("relu2", 0) == Edge("conv2", "relu2")


def test_cut_removes_and_paste_restores(cnn_window):
    w, scene, doc = cnn_window, cnn_window.current_scene(), cnn_window.document
    graph = doc.graph("model")
    scene.select_nodes(["fc"])
    w.actions_["cut"].trigger()
    assert "fc" not in graph
    w.actions_["paste"].trigger()
    assert "fc" in graph and graph.node("fc").params == {"out_features": 10}


def test_paste_of_plain_text_is_refused_with_a_message(cnn_window):
    QApplication.clipboard().setText("not layers")
    assert not cnn_window.ops.paste()
    assert "clipboard" in cnn_window.last_error.lower()

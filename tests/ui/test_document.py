"""The document adapter: QUndoStack over the core commands, merging, refusals, debounced inference."""

from __future__ import annotations

import netstudio
from netstudio.core import editing
from netstudio.core.graph import Edge

from .helpers import SAMPLES


def _doc(qtbot):
    from netstudio.ui.document import Document

    doc = Document(netstudio.load_project(SAMPLES / "mnist_cnn.nsproj"))
    return doc


def test_typing_merges_and_a_pause_starts_a_new_step(qtbot):
    doc = _doc(qtbot)
    for value in (1, 16, 164):  # the spin box reports every keystroke
        doc.edit(editing.set_param, "model", "fc", "out_features", value)
    assert doc.undo_stack.count() == 1
    doc.break_merge()  # focus left the field
    doc.edit(editing.set_param, "model", "fc", "out_features", 20)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.graph("model").node("fc").params["out_features"] == 164
    doc.undo_stack.undo()
    assert doc.graph("model").node("fc").params["out_features"] == 10
    assert not doc.dirty


def test_typing_back_to_the_original_value_leaves_nothing_to_undo(qtbot):
    doc = _doc(qtbot)
    doc.edit(editing.set_param, "model", "fc", "out_features", 1)
    doc.edit(editing.set_param, "model", "fc", "out_features", 10)
    assert doc.undo_stack.count() == 0 and not doc.dirty


def test_refused_edits_leave_the_stack_alone_and_say_why(qtbot):
    doc = _doc(qtbot)
    with qtbot.waitSignal(doc.error) as blocker:
        assert not doc.edit(editing.connect, "model", "logits", 0, "image", 0)  # image already reaches logits
    assert "loop" in blocker.args[0]
    assert doc.undo_stack.count() == 0
    from PySide6.QtCore import QPointF

    from netstudio.ui.editor.scene import GraphScene

    scene = GraphScene(doc, "model", doc)
    with qtbot.waitSignal(doc.error) as blocker:
        assert scene.add_layer_at("Conv3d", QPointF(0, 0)) is None
    assert "Conv3d" in blocker.args[0]


def test_inference_is_debounced_into_one_pass_per_burst(qtbot):
    doc = _doc(qtbot)
    doc.infos("model")
    runs, ready = [], []
    doc.inferred.connect(runs.append)
    doc.shapes_ready.connect(ready.append)
    doc.edit(editing.remove, "model", ["flatten"])
    doc.edit(editing.connect, "model", "pool1", 0, "fc", 0)
    doc.edit(editing.set_param, "model", "fc", "out_features", 5)
    assert runs == []  # nothing yet: the edits are coalesced
    # one pass: the caches' answer at once, the shape worker's with what they lacked (fc's new shape)
    qtbot.waitUntil(lambda: ready == ["model"], timeout=60000)
    assert runs in (["model"], ["model", "model"])
    assert doc.cached_infos("model")["fc"].out_shapes == [(32, 13, 5)]


def test_connect_replacing_an_input_is_one_undoable_step(qtbot):
    doc = _doc(qtbot)
    graph = doc.graph("model")
    assert doc.edit(editing.connect, "model", "conv1", 0, "pool1", 0)  # skips relu1: replaces relu1 -> pool1
    assert graph.edge_into("pool1", 0) == Edge("conv1", "pool1")
    doc.undo_stack.undo()
    assert graph.edge_into("pool1", 0) == Edge("relu1", "pool1")

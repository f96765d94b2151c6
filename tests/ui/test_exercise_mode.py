"""Exercise mode with the real window: the teacher locks a layer and hides its values (undoable, saved in the
file); the student sees "?", predicts in the inspector, reveals; a locked layer refuses deletion and edits."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from netstudio.core import editing

from .test_lessons_panel import write_lesson


def _summary_row(window, node_id):
    model = window.summary.table.summary_model
    return next(r for r in model.rows if r[0] == node_id)


def test_teacher_hides_and_locks_student_predicts_and_reveals(window, qtbot, tmp_path):
    write_lesson(tmp_path)
    assert window.open_project(str(tmp_path / "start.nsproj"))
    doc = window.document
    scene = window.current_scene()
    tools = window.lessons.exercise
    qtbot.waitUntil(lambda: not doc.shapes_pending("model"), timeout=60000)
    assert _summary_row(window, "conv1")[2:4] == ("(32, 26, 26)", "320")

    scene.select_nodes(["conv1"])
    assert not tools.actions["lock"].isEnabled()                  # only in teacher mode
    tools.actions["teacher"].trigger()
    assert tools.actions["lock"].isEnabled()
    tools.actions["hide_shape"].trigger()
    tools.actions["hide_params"].trigger()
    tools.actions["lock"].trigger()
    node = doc.graph("model").node("conv1")
    assert node.extra == {"hidden": ["shape", "params"], "locked": True}
    assert tools.actions["lock"].isChecked() and tools.actions["hide_shape"].isChecked()

    # "?" in the summary, the status bar and on the canvas item; the inspector keeps the shapes to itself
    qtbot.waitUntil(lambda: _summary_row(window, "conv1")[2:4] == ("?", "?"), timeout=10000)
    assert "? parameters" in window.status_label.text()
    assert scene.nodes["conv1"]._hides("shape") and scene.nodes["conv1"]._hides("params")
    out_edge = next(e for k, e in scene.edges.items() if e.edge.src == "conv1")
    assert out_edge.label == "?"                                 # the edge would tell the shape too
    inspector = window.inspector
    assert inspector.exercise.isVisibleTo(inspector) and "26" not in inspector.help.text()

    # saved in the file
    saved = tmp_path / "exercise.nsproj"
    doc.save(str(saved))
    conv1 = next(n for n in json.loads(saved.read_text())["graphs"]["model"]["nodes"] if n["id"] == "conv1")
    assert conv1["locked"] is True and conv1["hidden"] == ["shape", "params"]

    # a locked layer refuses deletion and parameter edits, with a sentence in the status bar
    window.actions_["delete"].trigger()
    assert "conv1" in doc.graph("model")
    assert "conv1 is locked for this exercise" in window.statusBar().currentMessage()
    assert not doc.edit(editing.set_param, "model", "conv1", "out_channels", 8)
    assert doc.graph("model").node("conv1").params["out_channels"] == 32

    # the student predicts the shape (wrong) and the count (right), then reveals
    shape_row, count_row = inspector.exercise.rows["shape"], inspector.exercise.rows["params"]
    shape_row.answer.setText("32x28x28")
    qtbot.mouseClick(shape_row.button, Qt.MouseButton.LeftButton)
    assert "Not quite" in shape_row.verdict.text() and "(32, 26, 26)" in shape_row.verdict.text()
    count_row.answer.setText("320")
    qtbot.mouseClick(count_row.button, Qt.MouseButton.LeftButton)
    assert "Right: 320" in count_row.verdict.text()
    assert _summary_row(window, "conv1")[2:4] == ("(32, 26, 26)", "320")    # revealed everywhere
    assert not scene.nodes["conv1"]._hides("shape") and out_edge.label == "(32, 26, 26)"

    # the teacher's toggles are ordinary undo steps
    doc.undo()
    assert "locked" not in doc.graph("model").node("conv1").extra
    assert doc.edit(editing.remove, "model", ["conv1"])              # unlocked: deleting works again


def test_a_locked_parameter_list_refuses_only_those(window, qtbot, tmp_path):
    write_lesson(tmp_path)
    assert window.open_project(str(tmp_path / "start.nsproj"))
    doc = window.document
    window.lessons.exercise.actions["teacher"].trigger()
    window.current_scene().select_nodes(["conv1"])
    row = window.inspector.exercise
    assert row.param_lock.isVisibleTo(window.inspector)           # teacher mode: the parameter-lock field
    row.param_lock.setText("kernel_size")
    row.param_lock.editingFinished.emit()
    assert doc.graph("model").node("conv1").extra["locked"] == ["kernel_size"]
    editors = window.inspector.editors
    assert not editors["kernel_size"].widget.isEnabled() and editors["out_channels"].widget.isEnabled()
    assert not doc.edit(editing.set_param, "model", "conv1", "kernel_size", 5)
    assert "conv1.kernel_size is locked" in window.statusBar().currentMessage()
    assert doc.edit(editing.set_param, "model", "conv1", "out_channels", 8)
    doc.undo()
    doc.undo()                                                       # the lock is an undo step too
    assert "locked" not in doc.graph("model").node("conv1").extra
    qtbot.waitUntil(lambda: window.inspector.editors["kernel_size"].widget.isEnabled(), timeout=30000)

"""The inspector: forms generated from the specs, live re-inference, merged typing, validation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from netstudio.core.graph import Edge


def _select(window, node_id):
    window.current_scene().select_nodes([node_id])
    assert window.inspector.node_id == node_id
    return window.inspector


def test_form_has_the_right_widget_per_parameter_kind(cnn_window):
    insp = _select(cnn_window, "conv1")
    assert isinstance(insp.editors["out_channels"].widget, QSpinBox)
    assert insp.editors["out_channels"].widget.minimum() >= 1
    assert isinstance(insp.editors["kernel_size"].widget, QLineEdit)
    assert isinstance(insp.editors["bias"].widget, QCheckBox)
    assert isinstance(insp.editors["padding_mode"].widget, QComboBox)
    inferred = insp.editors["in_channels"].widget
    assert inferred.text() == "" and inferred.placeholderText().startswith("1")  # the inferred value, greyed
    assert "nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3)" in insp.help.text()


def test_editing_a_parameter_changes_the_edge_label(cnn_window, qtbot):
    doc, scene = cnn_window.document, cnn_window.current_scene()
    insp = _select(cnn_window, "conv1")
    spin = insp.editors["out_channels"].widget
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "16")
    assert doc.graph("model").node("conv1").params["out_channels"] == 16
    with qtbot.waitSignal(doc.shapes_ready, timeout=60000):   # from the caches or the shape worker
        pass
    assert scene.edges[Edge("conv1", "relu1").key].label == "(16, 26, 26)"
    assert scene.edges[Edge("flatten", "fc").key].label == "(2704,)"
    # typing "1" then "16" merged into one undo step that restores 32
    doc.undo_stack.undo()
    doc.infer_now()
    assert doc.graph("model").node("conv1").params["out_channels"] == 32
    assert scene.edges[Edge("conv1", "relu1").key].label == "(32, 26, 26)"


def test_shape_field_validates_while_typing(cnn_window, qtbot):
    doc = cnn_window.document
    insp = _select(cnn_window, "image")
    field = insp.editors["shape"].widget
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "1, 28, 2a")
    assert "not a valid value" in insp.editors["shape"].problem
    assert "border" in field.styleSheet()
    assert doc.graph("model").node("image").params["shape"] == [1, 28, 2]  # the last valid text, not "2a"
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "32")
    assert insp.editors["shape"].problem is None
    assert doc.graph("model").node("image").params["shape"] == [1, 28, 32]
    doc.infer_now()
    assert doc.infos("model")["conv1"].out_shapes == [(32, 26, 30)]
    doc.undo_stack.undo()  # the whole typing burst is one step
    assert doc.graph("model").node("image").params["shape"] == [1, 28, 28]


def test_kernel_size_accepts_a_pair_and_overriding_an_inferred_param(cnn_window, qtbot):
    doc = cnn_window.document
    insp = _select(cnn_window, "conv1")
    k = insp.editors["kernel_size"].widget
    k.setFocus()
    k.selectAll()
    qtbot.keyClicks(k, "3, 5")
    assert doc.graph("model").node("conv1").params["kernel_size"] == [3, 5]
    doc.infer_now()
    assert doc.infos("model")["conv1"].out_shapes == [(32, 26, 24)]
    inferred = insp.editors["in_channels"].widget
    inferred.setFocus()
    qtbot.keyClicks(inferred, "3")  # a wrong override: the node says why
    doc.infer_now()
    assert "in_channels" in doc.infos("model")["conv1"].error
    inferred.clear()
    insp.editors["in_channels"]._text_edited("")  # empty means "infer it" again
    doc.infer_now()
    assert doc.infos("model")["conv1"].ok


def test_choice_and_checkbox_edits_are_undoable(cnn_window):
    doc = cnn_window.document
    insp = _select(cnn_window, "conv1")
    insp.editors["bias"].widget.setChecked(False)
    assert doc.graph("model").node("conv1").params["bias"] is False
    doc.infer_now()
    assert doc.infos("model")["conv1"].param_count == 288
    combo = insp.editors["padding_mode"].widget
    combo.setCurrentIndex(combo.findData("reflect"))
    assert doc.graph("model").node("conv1").params["padding_mode"] == "reflect"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    params = doc.graph("model").node("conv1").params
    assert "bias" not in params and "padding_mode" not in params
    doc.infer_now()
    assert insp.editors["bias"].widget.isChecked()  # the form follows undo

"""Regression tests for the editor defects of issue 10 ("Defects found while trying it")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def _focus_field(qtbot, window, node_id, param):
    window.current_scene().select_nodes([node_id])
    field = window.inspector.editors[param].widget
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: window.inspector.editors[param].has_focus(), timeout=5000)
    return window.inspector.editors[param], field


def test_ctrl_z_in_an_inspector_field_undoes_the_document(cnn_window, qtbot):
    """A field edit is a document command (typing merges into one), so Ctrl+Z there undoes it, and the
    field shows the restored value; Ctrl+Shift+Z / Ctrl+Y brings it back."""
    doc = cnn_window.document
    conv = doc.graph("model").node("conv1")
    editor, spin = _focus_field(qtbot, cnn_window, "conv1", "out_channels")
    spin.selectAll()
    qtbot.keyClicks(spin, "16")
    assert conv.params["out_channels"] == 16
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["out_channels"] == 32
    qtbot.waitUntil(lambda: spin.value() == 32, timeout=5000)   # the form follows the document
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert conv.params["out_channels"] == 16

    editor, field = _focus_field(qtbot, cnn_window, "conv1", "kernel_size")   # a text field
    field.selectAll()
    qtbot.keyClicks(field, "5")
    assert conv.params["kernel_size"] == 5
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["kernel_size"] == 3
    qtbot.waitUntil(lambda: field.text() == "3", timeout=5000)
    # an earlier edit of another field is next on the stack: Ctrl+Z keeps undoing the document
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["out_channels"] == 32


def test_ctrl_z_after_invalid_typing_restores_the_field_only(cnn_window, qtbot):
    """Text that is not a value was never committed: Ctrl+Z puts back the stored value, the document
    keeps its history."""
    doc = cnn_window.document
    conv = doc.graph("model").node("conv1")
    editor, field = _focus_field(qtbot, cnn_window, "conv1", "kernel_size")
    field.selectAll()
    qtbot.keyClicks(field, "x")
    assert editor.problem is not None and conv.params["kernel_size"] == 3
    index = doc.undo_stack.index()
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "3" and editor.problem is None
    assert doc.undo_stack.index() == index and conv.params["kernel_size"] == 3

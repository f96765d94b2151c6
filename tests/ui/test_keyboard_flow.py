"""The whole build-and-train flow with the keyboard alone: keys go to the focused widget, as a user's would.

New project (its dialog driven by keys), select all and delete, quick-add Input, set its shape in the
inspector, quick-add Flatten and Linear (each wired after the selected layer), set Linear's outputs,
add an unwired Output and wire it with Connect to…, walk the layers with arrows and their ports with P,
then Train (F5) until steps are reported and Stop (Shift+F5).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netstudio.core.graph import Edge

from .test_accessibility import accessible_name

K = Qt.Key
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


def key(qtbot, k, mods=Qt.KeyboardModifier.NoModifier):
    """A key to whatever has the keyboard focus (a popup's search field, the canvas, a field)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, k, mods)


def type_text(qtbot, text):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def quick_add(qtbot, window, search):
    key(qtbot, K.Key_Tab)
    popup = window.current_view().quick_add
    assert popup.isVisible() and QApplication.focusWidget() is popup.search
    type_text(qtbot, search)
    key(qtbot, K.Key_Return)
    assert not popup.isVisible()


def set_field(qtbot, window, text):
    """F2 to the inspector's first field (selected), type, Enter, F2 back to the canvas."""
    key(qtbot, K.Key_F2)
    qtbot.waitUntil(lambda: window.inspector.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    type_text(qtbot, text)
    key(qtbot, K.Key_Return)
    key(qtbot, K.Key_F2)
    assert QApplication.focusWidget() is window.current_view()


def test_build_and_train_with_the_keyboard_alone(window, qtbot, tmp_path, one_torch_thread):
    del window.ask_template            # the real New project dialog, driven by keys below
    window.training.run_root = tmp_path / "runs"      # where runs go (setup, not the flow)
    window.activateWindow()
    window.setFocus()

    def pick_template():
        dialog = QApplication.activeModalWidget()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.list, timeout=5_000)
        type_text(qtbot, "Points")                     # type-ahead: the points template (spirals, no download)
        key(qtbot, K.Key_Return)

    QTimer.singleShot(0, pick_template)
    key(qtbot, K.Key_N, CTRL)
    doc = window.document
    assert doc is not None and doc.project.data.get("dataset") == "spirals"
    graph = doc.graph("model")
    # the desktop gives the window back its activation when the dialog closes; the offscreen platform does not
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)

    key(qtbot, K.Key_1, ALT)                           # Alt+1: the canvas
    view = window.current_view()
    assert QApplication.focusWidget() is view
    key(qtbot, K.Key_A, CTRL)
    key(qtbot, K.Key_Delete)
    assert len(graph) == 0

    quick_add(qtbot, window, "input")
    assert [n.type for n in graph.nodes] == ["Input"]
    set_field(qtbot, window, "2")                      # shape: (2,) points
    assert graph.node("input1").params["shape"] == [2]

    quick_add(qtbot, window, "flatten")
    quick_add(qtbot, window, "dense")                  # "dense" finds Linear
    assert [n.type for n in graph.nodes] == ["Input", "Flatten", "Linear"]
    assert graph.edge_into("flatten1", 0) == Edge("input1", "flatten1")
    assert graph.edge_into("linear1", 0) == Edge("flatten1", "linear1")
    set_field(qtbot, window, "2")                      # two classes (F2 skips in_features: it is inferred)
    assert graph.node("linear1").params["out_features"] == 2

    key(qtbot, K.Key_Escape)                           # nothing selected: the next layer comes unwired
    assert window.current_scene().selected_node_ids() == []
    quick_add(qtbot, window, "output")
    assert graph.in_edges("output1") == []
    key(qtbot, K.Key_E, CTRL)                          # Connect to…: Output's input from a layer's output
    chooser = window.keys.chooser
    assert chooser.isVisible() and QApplication.focusWidget() is chooser.search
    type_text(qtbot, "linear")
    key(qtbot, K.Key_Return)
    assert graph.edge_into("output1", 0) == Edge("linear1", "output1")

    key(qtbot, K.Key_L, CTRL)                          # auto-layout: a left-to-right chain
    for expected in ("linear1", "flatten1", "input1"):
        key(qtbot, K.Key_Left)
        assert window.current_scene().selected_node_ids() == [expected]
    key(qtbot, K.Key_Right)
    assert window.current_scene().selected_node_ids() == ["flatten1"]
    doc.infer_now()
    key(qtbot, K.Key_Left)
    key(qtbot, K.Key_Right)
    name = accessible_name(view)                      # what a screen reader says for the layer reached
    assert name.startswith("Graph canvas: flatten1, Flatten, output (2,)"), name
    key(qtbot, K.Key_P)
    assert window.keys.port[view] == ("in", 0)
    key(qtbot, K.Key_P)
    assert window.keys.port[view] == ("out", 0)
    assert "flatten1" in window.statusBar().currentMessage()
    assert "flatten1 · output 1" in accessible_name(view)

    doc.infer_now()
    assert doc.problems("model") == []
    c = window.training
    key(qtbot, K.Key_F5)                               # Train
    qtbot.waitUntil(lambda: c.state == "running" and "step" in c.controls.detail.text(), timeout=120_000)
    assert c.controls.detail.text().split("step ")[1].split("/")[0] != "0"     # steps reported
    key(qtbot, K.Key_F5, SHIFT)                        # Stop
    qtbot.waitUntil(lambda: c.state == "idle", timeout=120_000)
    assert c.last_end is not None and c.last_end.kind in ("stopped", "finished")

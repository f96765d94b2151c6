"""Every control a keyboard or screen-reader user can reach has a name assistive technology can read.

"Has a name" means what Qt itself exposes: ``QAccessible.queryAccessibleInterface(w).text(Name)``. That is
the accessible name when one is set, else what Qt derives: a button's own text (a tool button's action
text), a window's title, or the text of a QLabel whose buddy is the widget (a QFormLayout row made from a
string makes one). A placeholder or a tooltip is not a name, nor is the title of the group box around a
field (Qt's fallback, which gives every field of a group the same name). A part of
a compound control (a spin box's line edit, a combo box's popup list) is named by that control.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QGraphicsView, QGroupBox, QLineEdit, QPlainTextEdit, QTabBar, QTextEdit, QWidget)
from PySide6.QtCore import Qt

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QGraphicsView,
               QAbstractSlider, QTextEdit, QPlainTextEdit, QTabBar)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = (iface.text(QAccessible.Text.Name) if iface is not None else "").strip()
    parent = widget.parentWidget()
    if (name and not widget.accessibleName() and isinstance(parent, QGroupBox)
            and name == parent.title().replace("&", "").strip()):
        return ""      # Qt's last resort, the group's title, would name every field of the group alike
    return name


def named_by_ancestor(widget: QWidget) -> bool:
    """A part of a compound control (a spin box's line edit, a combo box's popup list) is named by it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return bool(accessible_name(parent))
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    """Focusable interactive widgets under ``root`` that expose no accessible name. Focusable: it takes
    focus (a focus policy), is enabled and shown (a hidden or disabled widget cannot take the focus)."""
    missing = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if not w.isVisible() or not w.isEnabled():
            continue
        if accessible_name(w) or named_by_ancestor(w):
            continue
        path, p = [], w
        while p is not None and p is not root:
            path.append(p.objectName() or type(p).__name__)
            p = p.parentWidget()
        missing.append(" < ".join(path))
    return missing


def test_every_focusable_control_of_the_window_has_an_accessible_name(cnn_window, qtbot):
    w = cnn_window
    w.current_scene().select_nodes(["conv1"])          # the inspector shows a layer's fields
    missing = unnamed(w)
    for key, dock in w.docks.items():                  # each dock on screen in turn (tabbed ones too)
        dock.show()
        dock.raise_()
        qtbot.waitUntil(dock.widget().isVisible, timeout=5_000)
        missing += [f"{m}" for m in unnamed(dock) if m not in missing]
    popup = w.keys.quick_add()                         # the popups' fields count too
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    missing += unnamed(popup)
    popup.hide()
    w.current_scene().select_nodes(["conv1"])
    chooser = w.keys.connect_to()
    qtbot.waitUntil(chooser.isVisible, timeout=5_000)
    missing += unnamed(chooser)
    chooser.hide()
    assert missing == [], f"{len(missing)} controls without an accessible name:\n" + "\n".join(missing)


def test_the_canvas_and_docks_describe_themselves(cnn_window):
    w = cnn_window
    view = w.current_view()
    assert accessible_name(view) and view.accessibleDescription()
    for key, dock in w.docks.items():
        assert accessible_name(dock), key                  # a dock's window title is its name


def test_dialogs_main_controls_have_names(cnn_window, qtbot):
    from netstudio.ui.export_dialog import ExportWeightsDialog
    from netstudio.ui.new_project import NewProjectDialog
    from netstudio.ui.project_properties import ProjectPropertiesDialog
    from netstudio.ui.reference import LayerReference
    from netstudio.ui.sweep.dialog import SweepDialog

    w = cnn_window
    dialogs = [NewProjectDialog(w), ProjectPropertiesDialog(w.document, w), LayerReference(w),
               ExportWeightsDialog("Python", python=True, parent=w), SweepDialog(w, w.training)]
    missing = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        missing += [f"{type(dialog).__name__}: {m}" for m in unnamed(dialog)]
        dialog.hide()
    assert missing == [], "\n".join(missing)

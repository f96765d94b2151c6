"""Accessible names and descriptions: what a screen reader says for each control of the main window.

Two kinds of naming, both re-applied when the language changes:

- form rows: every ``QFormLayout`` row whose label is a QLabel names its field. A plain field becomes the
  label's buddy, so Qt reads the label's current text as the field's name; a check box (Qt does not
  read buddies for buttons) and the controls inside a compound field (two spin boxes for Adam's betas,
  a path and its "…" button) get the label's text as their accessible name.
- panels: the canvas, the layer list, the summary and problems lists, the code view, the runs table,
  the recent files list and the docks get names and descriptions here, so those files stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QFormLayout, QGraphicsView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit,
                               QWidget)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QGraphicsView,
               QAbstractSlider, QTextEdit, QPlainTextEdit)

DOCK_DESCRIPTIONS = {
    "palette": QT_TRANSLATE_NOOP("Accessibility", "Every layer type by category; Enter adds the highlighted one "
                                                  "after the selected layer."),
    "inspector": QT_TRANSLATE_NOOP("Accessibility", "The selected layer's parameters, its explanation and formulas."),
    "summary": QT_TRANSLATE_NOOP("Accessibility", "Each layer's output shape and parameter count, and the "
                                                  "graph's problems."),
    "code": QT_TRANSLATE_NOOP("Accessibility", "The PyTorch code of the graph, read-only."),
    "training": QT_TRANSLATE_NOOP("Accessibility", "Task, data and training settings, and the Train and Stop "
                                                   "buttons."),
    "live": QT_TRANSLATE_NOOP("Accessibility", "Live plots of the training run: loss, accuracy and the "
                                               "task's views."),
    "runs": QT_TRANSLATE_NOOP("Accessibility", "Earlier training runs, to compare and reopen."),
    "lessons": QT_TRANSLATE_NOOP("Accessibility", "Lessons: pick one, follow its steps; each check turns green "
                                                  "when done."),
}
CANVAS_NAME = QT_TRANSLATE_NOOP("Accessibility", "Graph canvas")
CANVAS_DESCRIPTION = QT_TRANSLATE_NOOP(
    "Accessibility", "Arrow keys select the nearest layer in that direction; Tab adds a layer after the selected "
                     "one; P steps through its ports; Ctrl+E connects it; Enter or F2 edits its parameters; "
                     "Delete removes it.")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def announce(view, detail: str) -> None:
    """Say what the keyboard just reached on the canvas: the canvas's name carries it ("Graph canvas: fc1,
    Linear, output (32,)"), and Qt tells assistive technology that the focused widget's name changed."""
    view.setAccessibleName(_tr(CANVAS_NAME) + (f": {detail}" if detail else ""))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":*").strip()   # "out_features*": required


def name_form_rows(root: QWidget) -> int:
    """Name the fields of every form under ``root`` after their row labels; returns how many were named."""
    count = 0
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if not isinstance(label, QLabel) or field is None:
                continue
            count += _name_field(label, field)
    return count


def _name_field(label: QLabel, field: QWidget) -> int:
    text = _plain(label.text())
    if isinstance(field, INTERACTIVE) and not isinstance(field, QAbstractButton):
        if label.buddy() is None:
            label.setBuddy(field)                    # the name follows the label's text (translations)
        return 1
    if not text:
        return 0
    if isinstance(field, QAbstractButton):
        if not field.text():
            field.setAccessibleName(text)            # buttons ignore buddies: a check box without text
        return 1
    parts = [w for w in field.findChildren(QWidget) if isinstance(w, INTERACTIVE)
             and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))]
    for i, part in enumerate(parts):
        if part.property("named_by_form") is None and part.accessibleName():
            continue                                  # named by its own code: keep that
        part.setProperty("named_by_form", True)
        if isinstance(part, QAbstractButton) and part.text() and part.text().strip("…. ") and not part.icon():
            continue                                  # a button with words names itself
        suffix = f" ({i + 1})" if len(parts) > 1 and not isinstance(part, QAbstractButton) else ""
        if isinstance(part, QAbstractButton) and not part.text().strip("…. "):
            suffix = " · " + QCoreApplication.translate("Accessibility", "choose…")
        part.setAccessibleName(text + suffix)
    return len(parts)


class AccessibleNames(QObject):
    """Keeps the window's names current: at start, on a language change, a new project and a new selection
    (the inspector rebuilds its form for another layer type)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        window.language_changed.connect(self.apply)
        window.document_changed.connect(self._document_changed)
        window.selection_changed.connect(self._selection_changed)
        self.apply()

    @Slot()
    def apply(self) -> None:
        w = self.w
        for view in w.views.values():
            view.setAccessibleName(_tr(CANVAS_NAME) + (f": {view.graph_scene.graph_name}" if len(w.views) > 1 else ""))
            view.setAccessibleDescription(_tr(CANVAS_DESCRIPTION))
        for key, dock in w.docks.items():
            if key in DOCK_DESCRIPTIONS:
                dock.setAccessibleDescription(_tr(DOCK_DESCRIPTIONS[key]))
        named = [
            (getattr(w.palette, "search", None), QT_TRANSLATE_NOOP("Accessibility", "Search layers"), None),
            (getattr(w.palette, "tree", None), QT_TRANSLATE_NOOP("Accessibility", "Layer types"),
             QT_TRANSLATE_NOOP("Accessibility", "Enter adds the highlighted layer after the selected one; "
                                                "drag one onto the canvas to place it.")),
            (getattr(w.summary, "table", None), QT_TRANSLATE_NOOP("Accessibility", "Layer summary"),
             QT_TRANSLATE_NOOP("Accessibility", "One row per layer: id, type, output shape, parameters.")),
            (getattr(w.summary, "problems", None), QT_TRANSLATE_NOOP("Accessibility", "Problems"),
             QT_TRANSLATE_NOOP("Accessibility", "Shape errors and warnings; Enter shows the layer.")),
            (w.code, QT_TRANSLATE_NOOP("Accessibility", "Generated PyTorch code"), None),
            (getattr(w.welcome, "recent", None), QT_TRANSLATE_NOOP("Accessibility", "Recent projects"), None),
        ]
        runs = w.findChild(QWidget, "runs_panel")
        if runs is not None and getattr(runs, "table", None) is not None:
            named.append((runs.table, QT_TRANSLATE_NOOP("Accessibility", "Training runs"), None))
        training = getattr(w, "training", None)
        preview = getattr(getattr(getattr(training, "panel", None), "data", None), "preview", None)
        if preview is not None and getattr(preview, "text", None) is not None:
            named.append((preview.text, QT_TRANSLATE_NOOP("Accessibility", "Dataset preview"), None))
        for widget, name, description in named:
            if widget is None:
                continue
            widget.setAccessibleName(_tr(name))
            if description:
                widget.setAccessibleDescription(_tr(description))
        name_form_rows(w)

    @Slot(object)
    def _document_changed(self, _doc) -> None:
        self.apply()

    @Slot(list)
    def _selection_changed(self, _ids) -> None:
        name_form_rows(self.w.inspector)

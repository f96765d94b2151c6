"""One widget bound to one engine setting: where it lives (section and key path), its default (read from
``netstudio.training.config`` by the caller, never written here), when its row shows, and how an edit
becomes one undoable ``SetSection`` through the panel.

The panel's sections declare their rows as ``Bound`` objects; ``TrainingPanel.fields`` maps each
setting's dotted name (``training.optimizer.momentum``) to its ``Bound``, which is also what the
coverage test walks against the config's keys.
"""

from __future__ import annotations

import copy
import math
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSpinBox, QWidget)

from .labels import LABELS, NONE_TEXTS, TIPS

CONTEXT = "TrainingPanel"


def panel_tr(text: str) -> str:
    """A text of labels.py (marked in the "TrainingPanel" context), in the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def select(box: QComboBox, value: Any) -> None:
    """Show ``value`` in ``box``; a value the project holds that the list lacks stays visible."""
    i = box.findData(value)
    if i < 0 and value is not None:
        box.addItem(str(value), value)
        i = box.count() - 1
    box.setCurrentIndex(max(i, 0))


def fit_narrow(root: QWidget) -> None:
    """Let a form shrink to a narrow dock: long labels go above their field, and a combo box no longer
    insists on the width of its longest entry (it elides instead)."""
    for form in root.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    for box in root.findChildren(QComboBox):
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)


def combo(parent, values) -> QComboBox:
    box = QComboBox(parent)
    for value in values:
        box.addItem(str(value), value)
    return box


class SciSpinBox(QDoubleSpinBox):
    """A number box that shows 0.001 and 1e-08 as such (a plain QDoubleSpinBox shows 0.00000001 or 0.000)."""

    def __init__(self, parent=None, lo: float = 0.0, hi: float = 1e6) -> None:
        super().__init__(parent)
        self.setDecimals(15)
        self.setRange(lo, hi)
        self.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(self.suffix(), "").strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        body = text.replace(self.suffix(), "").strip()
        if body == self.specialValueText() and body:
            return QValidator.State.Acceptable, text, pos
        try:
            value = float(body)
        except ValueError:
            # "1e-", "." and "" are on the way to a number
            ok = all(c in "0123456789.eE+-" for c in body)
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos
        inside = math.isfinite(value) and self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if inside else QValidator.State.Intermediate), text, pos


class PairEdit(QWidget):
    """Two numbers edited as one list setting (Adam's ``betas``)."""

    valueChanged = Signal(object)

    def __init__(self, parent=None, lo: float = 0.0, hi: float = 0.9999) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for _ in range(2):
            box = QDoubleSpinBox(self)
            box.setDecimals(4)
            box.setRange(lo, hi)
            box.setSingleStep(0.01)
            box.valueChanged.connect(lambda _v: self.valueChanged.emit(self.value()))
            row.addWidget(box, 1)
            self.boxes.append(box)

    def value(self) -> list[float]:
        return [round(b.value(), 6) for b in self.boxes]

    def setValue(self, value) -> None:
        for box, v in zip(self.boxes, value):
            box.setValue(float(v))


def get_path(section: dict, path: tuple[str, ...], default: Any) -> Any:
    node: Any = section or {}
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return default
        node = node[key]
    return node


def with_setting(section: dict, path: tuple[str, ...], value: Any, remove: bool) -> dict:
    """A copy of ``section`` with ``path`` set to ``value`` (``None`` kept as JSON null unless ``remove``)."""
    out = copy.deepcopy(section or {})
    node = out
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    if value is None and remove:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out


class Bound:
    """``widget`` shows and edits ``section``/``path``.

    ``default`` is the engine's value when the key is absent; ``when(ctx)`` says whether the row shows
    for the current task/optimizer/schedule. The label, tooltip and, for a setting whose null the
    widget's minimum stands for, the minimum's text ("automatic", "off") come from labels.py.
    """

    def __init__(self, panel, form: QFormLayout, widget: QWidget, section: str, path: tuple[str, ...],
                 default: Any, *, when: Callable[[dict], bool] | None = None) -> None:
        self.panel, self.form, self.widget = panel, form, widget
        self.section, self.path, self.default, self.when = section, path, default, when
        key = self.key
        self.label_source, self.tip_source, self.none_text = LABELS[key], TIPS.get(key), NONE_TEXTS.get(key)
        self.label = QLabel(widget.parentWidget())
        form.addRow(self.label, widget)
        self._connect()

    @property
    def key(self) -> str:
        return ".".join((self.section, *self.path))

    def _connect(self) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.toggled.connect(self.changed)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(self.changed)
        elif isinstance(w, QLineEdit):
            w.textEdited.connect(self.changed)
        else:
            w.valueChanged.connect(self.changed)

    def retranslate(self) -> None:
        self.label.setText(panel_tr(self.label_source))
        if self.none_text is not None:
            self.widget.setSpecialValueText(panel_tr(self.none_text))
        shown = self.default
        if isinstance(shown, float):
            shown = f"{shown:g}"
        elif shown is None:
            shown = panel_tr(self.none_text) if self.none_text else "—"
        tip = panel_tr(self.tip_source) + "\n" if self.tip_source else ""
        default = QCoreApplication.translate("TrainingPanel", "Default: %1 (%2)")
        self.widget.setToolTip(tip + default.replace("%1", str(shown)).replace("%2", self.key))

    # ----- model -> widget -----
    def show(self, section: dict) -> None:
        value = get_path(section, self.path, self.default)
        w = self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            select(w, value)
        elif isinstance(w, QLineEdit):
            if w.text() != str(value):
                w.setText(str(value))
        elif isinstance(w, PairEdit):
            if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
                w.setValue(value)
        elif value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            w.setValue(w.minimum())    # None (or a value the engine refuses, named on the problem line)
        else:
            w.setValue(int(value) if isinstance(w, QSpinBox) else float(value))

    def set_visible(self, ctx: dict) -> None:
        if self.when is not None:
            self.form.setRowVisible(self.widget, bool(self.when(ctx)))

    # ----- widget -> model -----
    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, PairEdit):
            return w.value()
        if self.none_text is not None and w.value() == w.minimum():
            return None
        if isinstance(w, QSpinBox):
            return int(w.value())
        return float(f"{w.value():.12g}")   # what was typed, without binary noise

    def changed(self, *_args) -> None:
        panel = self.panel
        if panel.loading or panel.project is None:
            return
        value = self.value()
        current = panel.project.section(self.section) or {}
        new = with_setting(current, self.path, value, remove=value is None and self.default is None)
        text = QCoreApplication.translate("TrainingPanel", "Set %1").replace("%1", panel_tr(self.label_source).lower())
        panel.push(self.section, new, text, self.key)

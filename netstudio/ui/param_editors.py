"""One editor widget per layer parameter kind, generated from the spec's ``Param``.

Each editor reports ``changed(name, value)`` only for values the spec accepts; while the text is
not acceptable it shows why (red frame, tooltip) and reports nothing.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from netstudio.layers.spec import BOOL, CHOICE, DIMS, FLOAT, INT, INTS, PADDING, STR, Param
from .engine_text import engine_text

INT_LIMIT = 2**31 - 1
_SPLIT = re.compile(r"[,\s×x]+")


def value_text(value: Any) -> str:
    """[1, 28, 28] -> "1, 28, 28"; None -> ""."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_value(param: Param, text: str) -> Any:
    """Text typed in a field -> the JSON value; raises ValueError with a sentence when it is not a value."""
    t = text.strip()
    if not t:
        return None
    kind = param.kind
    if kind == STR:
        return t
    if kind == PADDING and t.lower() in ("same", "valid"):
        return t.lower()
    try:
        if kind == INT:
            return int(t)
        if kind == FLOAT:
            return float(t)
        if kind == CHOICE:
            for c in param.choices:
                if str(c) == t:
                    return c
            raise ValueError
        parts = [p for p in _SPLIT.split(t.strip("[]() ")) if p]
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"{param.name}: '{t}' is not a valid value") from None
    if kind in (INTS, PADDING, DIMS) and len(numbers) == 1:
        return numbers[0]
    return numbers


def problem_for(param: Param, value: Any) -> str | None:
    """Why ``value`` cannot be stored, or None. Empty means PyTorch's default unless the param is required."""
    if value is None:
        return f"{param.name} is required" if param.required else None
    return param.check(value)


class ParamEditor(QObject):
    """Holds the widget for one param and converts between it and the stored value."""

    changed = Signal(str, object)
    finished = Signal()

    def __init__(self, param: Param, parent: QWidget) -> None:
        super().__init__(parent)
        self.param = param
        self.problem: str | None = None
        self.widget = self._make(parent)

    def _make(self, parent: QWidget) -> QWidget:
        p = self.param
        if p.kind == BOOL and not p.optional:
            w = QCheckBox(parent)
            w.toggled.connect(lambda v: self.changed.emit(p.name, bool(v)))
            w.toggled.connect(lambda _v: self.finished.emit())
            return w
        if (p.kind == CHOICE and not p.optional) or (p.kind == BOOL and p.optional):
            w = QComboBox(parent)
            if p.kind == BOOL:  # "not set" lets PyTorch decide (Upsample's align_corners)
                for text, value in (("—", None), ("true", True), ("false", False)):
                    w.addItem(text, value)
            for c in p.choices:
                w.addItem(str(c), c)
            w.currentIndexChanged.connect(lambda i: self.changed.emit(p.name, w.itemData(i)))
            w.activated.connect(lambda _i: self.finished.emit())
            return w
        if p.kind == INT and not (p.optional or p.inferred):
            w = QSpinBox(parent)
            w.setRange(int(p.min) if p.min is not None else -INT_LIMIT, int(p.max) if p.max is not None else INT_LIMIT)
            w.setKeyboardTracking(True)
            w.valueChanged.connect(lambda v: self.changed.emit(p.name, int(v)))
            w.editingFinished.connect(self.finished.emit)
            return w
        if p.kind == FLOAT and not (p.optional or p.inferred):
            w = QDoubleSpinBox(parent)
            w.setDecimals(6)
            w.setRange(p.min if p.min is not None else -1e9, p.max if p.max is not None else 1e9)
            w.setSingleStep(0.1 if (p.max or 10) > 1 else 0.05)
            w.valueChanged.connect(lambda v: self.changed.emit(p.name, float(v)))
            w.editingFinished.connect(self.finished.emit)
            return w
        w = QLineEdit(parent)
        w.textEdited.connect(self._text_edited)
        w.editingFinished.connect(self.finished.emit)
        return w

    def _text_edited(self, text: str) -> None:
        try:
            value = parse_value(self.param, text)
            problem = problem_for(self.param, value)
        except ValueError as exc:
            value, problem = None, str(exc)
        self.show_problem(problem)
        if problem is None:
            self.changed.emit(self.param.name, value)

    def show_problem(self, problem: str | None) -> None:
        self.problem = problem
        w = self.widget
        w.setStyleSheet("border: 2px solid #d3302f;" if problem else "")
        w.setToolTip(engine_text(problem) if problem else "")

    def set_value(self, value: Any, placeholder: str = "") -> None:
        """Show the stored value (or PyTorch's default) without reporting a change."""
        p, w = self.param, self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(p.default if value is None else value))
            elif isinstance(w, QComboBox):
                target = p.default if value is None else value
                matches = [i for i in range(w.count()) if w.itemData(i) == target and
                           type(w.itemData(i)) is type(target)]
                w.setCurrentIndex(matches[0] if matches else 0)
            elif isinstance(w, QSpinBox):
                w.setValue(int(p.default if value is None and p.default is not None else (value or 0)))
            elif isinstance(w, QDoubleSpinBox):
                w.setValue(float(p.default if value is None and p.default is not None else (value or 0.0)))
            else:
                w.setText(value_text(value))
                w.setPlaceholderText(placeholder)
                self.show_problem(None)
        finally:
            w.blockSignals(False)

    def has_focus(self) -> bool:
        return self.widget.hasFocus() or any(c.hasFocus() for c in self.widget.findChildren(QWidget))

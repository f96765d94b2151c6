"""The inspector's exercise rows: for each hidden value of the node, an answer field and Reveal; after the
reveal, the true value with the prediction marked right (green) or wrong (red). A locked node says so."""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from netstudio.layers import shape_text
from netstudio.lessons.exercise import LOCKED, hidden_values, locked_params
from netstudio.lessons.model import Check

from ..app import current_language
from . import reveals
from .exercise_ui import TEACHER_SETTING
from .panel import GREEN, RED


class _Prediction(QWidget):
    revealed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        self.answer = QLineEdit(self)
        self.answer.returnPressed.connect(self.revealed)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.revealed)
        row.addWidget(self.answer, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)


class ExerciseRow(QWidget):
    """Shown under the inspector's form for a node with hidden values or a lock; hidden otherwise."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.lock_label = QLabel(self)
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet("QLabel { color: #37474f; font-weight: bold; }")
        layout.addWidget(self.lock_label)
        # teacher mode: which parameters are locked, as a list of names (the Exercise menu locks whole layers)
        self.param_lock = QLineEdit(self)
        self.param_lock.editingFinished.connect(self._param_lock_edited)
        layout.addWidget(self.param_lock)
        self.rows: dict[str, _Prediction] = {}
        for what in ("shape", "params"):
            row = _Prediction(self)
            row.revealed.connect(lambda w=what: self.reveal(w))
            self.rows[what] = row
            layout.addWidget(row)
        self.document = self.graph_name = self.node = self.info = None
        self.hide()

    def show_node(self, document, graph_name, node, info) -> None:
        self.document, self.graph_name, self.node, self.info = document, graph_name, node, info
        if node is None:
            self.hide()
            return
        hidden = hidden_values(node)
        locked = locked_params(node)
        teacher = QSettings().value(TEACHER_SETTING, False, type=bool)
        self.param_lock.setVisible(teacher)
        self.param_lock.setPlaceholderText(self.tr("Lock parameters (names, comma-separated)"))
        self.param_lock.setAccessibleName(self.tr("Locked parameters"))
        if not self.param_lock.hasFocus():
            self.param_lock.setText(", ".join(sorted(locked - {"*"})))
        self.param_lock.setEnabled(teacher and "*" not in locked)
        self.lock_label.setVisible(bool(locked))
        if locked:
            text = (self.tr("Locked for this exercise.") if "*" in locked else
                    self.tr("Locked for this exercise: %1.").replace("%1", ", ".join(sorted(locked))))
            self.lock_label.setText(text)
        for what, row in self.rows.items():
            row.setVisible(what in hidden)
            if what not in hidden:
                continue
            row.question.setText("<b>%s</b>" % html.escape(
                self.tr("Predict the output shape:") if what == "shape" else self.tr("Predict the parameter count:")))
            row.button.setText(self.tr("Reveal"))
            row.answer.setPlaceholderText("32x13x13" if what == "shape" else "320")
            done = reveals.result(node.id, what)
            row.answer.setEnabled(done is None)
            row.button.setEnabled(done is None)
            if done is None:
                row.verdict.setText("")
                continue
            typed, right, truth = done
            row.answer.setText(typed)
            colour = GREEN if right else RED
            word = self.tr("Right: %1") if right else self.tr("Not quite: the answer is %1")
            row.verdict.setText(f"<span style='color:{colour}; font-weight:bold'>"
                                f"{html.escape(word.replace('%1', truth))}</span>")
        self.setVisible(bool(hidden) or bool(locked) or teacher)

    def lock_editors(self, editors: dict, node) -> None:
        """Grey out the inspector's fields of locked parameters (every field of a locked layer)."""
        locked = locked_params(node) if node is not None else set()
        for name, editor in editors.items():
            editor.widget.setEnabled("*" not in locked and name not in locked)

    def _param_lock_edited(self) -> None:
        """The teacher typed the locked parameters: one undoable edit of the node's "locked" list."""
        from netstudio.core import commands as cmd

        if self.node is None or self.document is None or self.graph_name is None:
            return
        names = sorted({n.strip() for n in self.param_lock.text().replace("，", ",").split(",") if n.strip()})
        graph = self.document.graph(self.graph_name)
        if self.node.id not in graph:
            return
        current = graph.node(self.node.id).extra.get(LOCKED)
        value = names or None
        if current is True or current == value:
            return
        self.document.push(cmd.SetAttribute(graph, self.node.id, LOCKED, value,
                                            text=self.tr("Lock parameters of %1").replace("%1", self.node.id)))
        self._refresh_window()

    def _refresh_window(self) -> None:
        tools = getattr(getattr(self.window(), "lessons", None), "exercise", None)
        if tools is not None:
            tools._refresh_views()     # canvas, summary, status bar and the inspector

    def truth(self, what: str):
        info = self.info
        if info is None or not info.ok:
            return None
        if what == "shape":
            return tuple(info.out_shapes[0]) if info.out_shapes else None
        return info.param_count

    def reveal(self, what: str) -> bool:
        """Check the typed prediction of ``what`` against the true value and reveal it everywhere."""
        if self.node is None:
            return False
        row = self.rows[what]
        truth = self.truth(what)
        if truth is None:
            row.verdict.setText(html.escape(self.tr("The value is not known yet: connect the layer first.")))
            return False
        typed = row.answer.text().strip()
        from netstudio.lessons.checks import check_prediction, parse_number, parse_shape   # on first Reveal

        result = check_prediction(Check("prediction", {"tolerance": 0}), typed, truth, current_language())
        parsed = parse_shape(typed) if isinstance(truth, tuple) else parse_number(typed)
        if parsed is None:   # nothing typed, or not a number/shape: the student types again before revealing
            row.verdict.setText(f"<span style='color:{RED}'>{html.escape(result.detail)}</span>")
            return False
        shown = shape_text(truth) if isinstance(truth, tuple) else f"{truth:,}"
        reveals.reveal(self.node.id, what, typed, result.passed, shown)
        self._refresh_window()
        return True

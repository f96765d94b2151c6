"""The Lessons dock's widgets: the list of lessons, and one step (text, action, checks with marks, hints, Back/Next).

The widgets only show; ``controller.LessonController`` decides what (which lesson, step, results).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

GREEN, RED, GREY = "#2e7d32", "#c62828", "#9e9e9e"


class Mark(QLabel):
    """A round mark: grey while a check does not pass, green with a tick once it does."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFixedSize(20, 20)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passed = False
        self.set_passed(False)

    def set_passed(self, on: bool) -> None:
        self.passed = on
        colour = GREEN if on else GREY
        self.setText("✓" if on else "")
        self.setAccessibleDescription(self.tr("passed") if on else self.tr("not yet"))
        self.setStyleSheet(f"QLabel {{ background: {colour if on else 'transparent'}; color: white; font-weight: bold;"
                           f" border: 2px solid {colour}; border-radius: 10px; }}")


class CheckRow(QWidget):
    """One check: its mark and label, what it saw (small), and for a prediction an answer field and Check."""

    answered = Signal(str, str)    # check key, the typed text

    def __init__(self, key: str, prediction: bool, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        outer.setSpacing(2)
        top = QHBoxLayout()
        self.mark = Mark(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        top.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.label, 1)
        outer.addLayout(top)
        self.answer: QLineEdit | None = None
        self.check_button: QPushButton | None = None
        if prediction:
            row = QHBoxLayout()
            row.setContentsMargins(26, 0, 0, 0)
            self.answer = QLineEdit(self)
            self.answer.returnPressed.connect(self._answer)
            self.check_button = QPushButton(self)
            self.check_button.clicked.connect(self._answer)
            row.addWidget(self.answer, 1)
            row.addWidget(self.check_button)
            outer.addLayout(row)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setContentsMargins(26, 0, 0, 0)
        outer.addWidget(self.detail)

    def _answer(self) -> None:
        self.answered.emit(self.key, self.answer.text() if self.answer is not None else "")

    def set_result(self, passed: bool, detail: str, tried: bool = True) -> None:
        """``tried``: a prediction was checked, so its detail is a verdict (red when wrong)."""
        self.mark.set_passed(passed)
        colour = GREEN if passed else (RED if (self.answer is not None and tried) else GREY)
        self.detail.setText(f"<span style='color:{colour}; font-size:small'>{html.escape(detail)}</span>")


class LessonsPanel(QWidget):
    """Page 0: the lessons; page 1: the current step. Signals carry what the student asked for."""

    start_requested = Signal(int)        # the row in the list
    open_file_requested = Signal()
    back_requested = Signal()
    next_requested = Signal()
    list_requested = Signal()
    hint_requested = Signal()
    reload_requested = Signal()
    solution_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("LessonsPanel")
        self.setMinimumWidth(300)
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        self.stack.addWidget(self._list_page())
        self.stack.addWidget(self._step_page())
        self.rows: dict[str, CheckRow] = {}

    # ----- the list -----
    def _list_page(self) -> QWidget:
        page = QWidget(self)
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        self.list_heading = QLabel(page)
        self.list_heading.setWordWrap(True)
        v.addWidget(self.list_heading)
        self.list = QListWidget(page)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(220)      # a few lessons readable even where the dock starts small
        self.list.setSpacing(2)
        self.list.itemActivated.connect(lambda item: self.start_requested.emit(self.list.row(item)))
        v.addWidget(self.list, 1)
        self.list_error = QLabel(page)
        self.list_error.setWordWrap(True)
        self.list_error.setStyleSheet(f"color: {RED}")
        self.list_error.hide()
        v.addWidget(self.list_error)
        row = QHBoxLayout()
        self.start_button = QPushButton(page)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start_clicked)
        self.open_button = QPushButton(page)
        self.open_button.clicked.connect(self.open_file_requested)
        row.addWidget(self.start_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        v.addLayout(row)
        return page

    def _start_clicked(self) -> None:
        if self.list.currentRow() >= 0:
            self.start_requested.emit(self.list.currentRow())

    def set_lessons(self, entries: list[tuple[str, str, int]]) -> None:
        """(title, summary, minutes) per lesson, in the interface language."""
        current = max(self.list.currentRow(), 0)
        self.list.clear()
        for title, summary, minutes in entries:
            item = QListWidgetItem(f"{title}  ·  {self.tr('%1 min').replace('%1', str(minutes))}\n{summary}")
            item.setToolTip(summary)
            self.list.addItem(item)
        if entries:
            self.list.setCurrentRow(min(current, len(entries) - 1))
        self.start_button.setEnabled(bool(entries))

    def show_list_error(self, message: str | None) -> None:
        self.list_error.setText(message or "")
        self.list_error.setVisible(bool(message))

    # ----- one step -----
    def _step_page(self) -> QWidget:
        page = QWidget(self)
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        self.lesson_title = QLabel(page)
        self.lesson_title.setWordWrap(True)
        v.addWidget(self.lesson_title)
        self.progress = QLabel(page)
        v.addWidget(self.progress)
        # one scroll area for the step (text, action, checks, hints): a short dock scrolls the step as a whole
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        b = QVBoxLayout(body)
        b.setContentsMargins(0, 0, 4, 0)
        self.text = QLabel(body)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        b.addWidget(self.text)
        self.action = QLabel(body)
        self.action.setWordWrap(True)
        self.action.setTextFormat(Qt.TextFormat.RichText)
        self.action.setStyleSheet("QLabel { background: rgba(33, 150, 243, 0.12); border-left: 4px solid #1e88e5;"
                                  " padding: 6px; }")
        b.addWidget(self.action)
        self.checks_box = QGroupBox(body)
        self.checks_layout = QVBoxLayout(self.checks_box)
        b.addWidget(self.checks_box)
        self.done_label = QLabel(body)
        self.done_label.setStyleSheet(f"color: {GREEN}; font-weight: bold")
        b.addWidget(self.done_label)
        self.hints = QLabel(body)
        self.hints.setWordWrap(True)
        self.hints.setTextFormat(Qt.TextFormat.RichText)
        b.addWidget(self.hints)
        b.addStretch(1)
        scroll.setWidget(body)
        self.step_scroll = scroll
        v.addWidget(scroll, 1)
        tools = QHBoxLayout()
        self.hint_button = QPushButton(page)
        self.hint_button.clicked.connect(self.hint_requested)
        self.reload_button = QPushButton(page)
        self.reload_button.clicked.connect(self.reload_requested)
        self.solution_button = QPushButton(page)
        self.solution_button.clicked.connect(self.solution_requested)
        tools.addWidget(self.hint_button)
        tools.addStretch(1)
        tools.addWidget(self.reload_button)
        tools.addWidget(self.solution_button)
        v.addLayout(tools)
        nav = QHBoxLayout()
        self.list_button = QPushButton(page)
        self.list_button.clicked.connect(self.list_requested)
        self.back_button = QPushButton(page)
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = QPushButton(page)
        self.next_button.clicked.connect(self.next_requested)
        nav.addWidget(self.list_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        v.addLayout(nav)
        return page

    def set_checks(self, checks: list[tuple[str, bool, str]]) -> None:
        """(key, is a prediction, label) per check of the step; rows start grey."""
        while self.checks_layout.count():
            item = self.checks_layout.takeAt(0)
            if item.widget() is not None:   # gone at once: deleteLater waits for the event loop
                item.widget().hide()
                item.widget().setParent(None)
                item.widget().deleteLater()
        self.rows = {}
        for key, prediction, label in checks:
            row = CheckRow(key, prediction, self.checks_box)
            row.label.setText(label)
            if row.check_button is not None:
                row.check_button.setText(self.tr("Check"))
                row.answer.setPlaceholderText(self.tr("Your answer"))
                row.answer.setAccessibleName(self.tr("Your answer"))
                row.answer.setAccessibleDescription(re.sub(r"<[^>]+>", " ", label))   # the question, as text
            row.mark.setAccessibleName(self.tr("Check mark"))
            self.rows[key] = row
            self.checks_layout.addWidget(row)
        self.checks_box.setVisible(bool(checks))

    def retranslate(self) -> None:
        self.list.setAccessibleName(self.tr("Lessons"))
        self.text.setAccessibleName(self.tr("Step text"))
        self.action.setAccessibleName(self.tr("What to do"))
        self.list_heading.setText(self.tr("Pick a lesson and press Start. Each step says what to do; its checks "
                                          "turn green as you work."))
        self.start_button.setText(self.tr("Start"))
        self.open_button.setText(self.tr("Open lesson file…"))
        self.checks_box.setTitle(self.tr("Checks"))
        self.reload_button.setText(self.tr("Reload step project"))
        self.reload_button.setToolTip(self.tr("Open this step's project again (a copy; your changes are lost)"))
        self.solution_button.setText(self.tr("Show solution"))
        self.list_button.setText(self.tr("All lessons"))
        self.back_button.setText(self.tr("Back"))
        for row in self.rows.values():
            if row.check_button is not None:
                row.check_button.setText(self.tr("Check"))
                row.answer.setPlaceholderText(self.tr("Your answer"))

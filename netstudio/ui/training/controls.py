"""Train / Continue / Pause / Resume / Stop / Step buttons and the progress line (epoch, step, samples/s, ETA)."""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget
from ..engine_text import engine_text

PROGRESS_INTERVAL = 0.25     # seconds between progress line updates
IDLE, STARTING, RUNNING, PAUSED, STOPPING = "idle", "starting", "running", "paused", "stopping"


def format_duration(seconds: float | None) -> str:
    """``1:02:03`` or ``02:03``; ``--:--`` when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "--:--"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class TrainingControls(QWidget):
    """The buttons only emit intents; the controller decides and calls ``set_state``."""

    train_clicked = Signal()
    continue_clicked = Signal()
    pause_clicked = Signal()
    resume_clicked = Signal()
    stop_clicked = Signal()
    step_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = IDLE
        self.can_continue = False
        self._last_progress = 0.0
        self.train_button = QPushButton(self)
        self.continue_button = QPushButton(self)
        self.pause_button = QPushButton(self)
        self.resume_button = QPushButton(self)
        self.stop_button = QPushButton(self)
        self.step_button = QPushButton(self)
        self.train_button.clicked.connect(self.train_clicked)
        self.continue_button.clicked.connect(self.continue_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.resume_button.clicked.connect(self.resume_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.train_button, 0, 0)
        grid.addWidget(self.continue_button, 0, 1)
        grid.addWidget(self.pause_button, 0, 2)
        grid.addWidget(self.resume_button, 0, 2)
        grid.addWidget(self.stop_button, 1, 0)
        grid.addWidget(self.step_button, 1, 1, 1, 2)
        grid.addWidget(self.progress, 2, 0, 1, 3)
        grid.addWidget(self.detail, 3, 0, 1, 3)
        grid.addWidget(self.message, 4, 0, 1, 3)
        self.retranslate()
        self.set_state(IDLE)

    def retranslate(self) -> None:
        self.train_button.setText(self.tr("Train"))
        self.train_button.setToolTip(self.tr("Train from scratch with the current graph and settings"))
        self.continue_button.setText(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Continue from the last checkpoint (the graph must still fit it)"))
        self.pause_button.setText(self.tr("Pause"))
        self.resume_button.setText(self.tr("Resume"))
        self.stop_button.setText(self.tr("Stop"))
        self.step_button.setText(self.tr("Step one batch"))

    def set_state(self, state: str) -> None:
        self.state = state
        idle = state == IDLE
        self.train_button.setEnabled(idle)
        self.continue_button.setEnabled(idle and self.can_continue)
        self.pause_button.setVisible(state != PAUSED)
        self.pause_button.setEnabled(state == RUNNING)
        self.resume_button.setVisible(state == PAUSED)
        self.resume_button.setEnabled(state == PAUSED)
        self.stop_button.setEnabled(state in (STARTING, RUNNING, PAUSED))
        self.step_button.setEnabled(state == PAUSED)

    def set_can_continue(self, on: bool) -> None:
        self.can_continue = on
        self.set_state(self.state)

    def show_progress(self, epoch: int, epochs: int, step: int, total: int, samples_per_sec: float,
                      eta: float | None, fraction: float) -> None:
        now = time.perf_counter()
        if now - self._last_progress < PROGRESS_INTERVAL and step < total:
            return                 # a label relayout per step event costs the training thread time
        self._last_progress = now
        value = int(max(0.0, min(1.0, fraction)) * 100)
        if value != self.progress.value():      # QProgressBar repaints at once on every new value
            self.progress.setValue(value)
        self.detail.setText(self.tr("epoch %1/%2 · step %3/%4 · %5 samples/s · ETA %6")
                            .replace("%1", str(epoch)).replace("%2", str(epochs))
                            .replace("%3", f"{step:,}").replace("%4", f"{total:,}")
                            .replace("%5", f"{samples_per_sec:,.0f}").replace("%6", format_duration(eta)))

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(engine_text(text))
        self.message.setStyleSheet("color: #c62828;" if error else "")

    def reset_progress(self) -> None:
        self.progress.setValue(0)
        self.detail.setText("")
        self._last_progress = 0.0

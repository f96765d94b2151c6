"""Sequence models: text the model generates, newest first, as training goes."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .common import LiveView

KEEP = 12


class TextView(LiveView):
    tasks = ("next_char",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("text_view")
        self.samples: list[tuple[int, str]] = []
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setReadOnly(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.edit.setFont(mono)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.edit, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Generated text")

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Text the model writes one character at a time (newest first)."))

    def reset(self) -> None:
        self.samples = []
        self.edit.clear()
        super().reset()

    def on_snapshot(self, event) -> None:
        text = event.data.get("text")
        if isinstance(text, str) and text:
            self.samples.insert(0, (event.step, text))
            del self.samples[KEEP:]
            self.dirty = True

    def refresh(self) -> None:
        step_word = self.tr("step %1")
        blocks = [f"── {step_word.replace('%1', str(step))} ──\n{text}" for step, text in self.samples]
        self.edit.setPlainText("\n\n".join(blocks))
        super().refresh()

""""Show code": the PyTorch code the graph compiles to, refreshed shortly after each edit."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit

from netstudio.core.errors import NetStudioError

REFRESH_MS = 250  # generating code imports torch and traces the graph: wait until typing pauses


def graph_code(document, graph_name: str) -> str:
    """The standalone PyTorch module for the graph, or a sentence saying why there is none yet."""
    problems = [p for p in document.problems(graph_name) if p.severity == "error"]
    if problems:
        lines = [f"# {p.node_id + ': ' if p.node_id else ''}{p.message}" for p in problems[:20]]
        return "\n".join(["# The graph has errors, so it does not compile yet:", *lines])
    try:
        from netstudio.export.python_code import generate_python
    except ImportError:
        generate_python = None
    try:
        if generate_python is not None:
            return generate_python(document.project, graph_name, inference=document.inference)
        from netstudio.compiler import build_module

        return build_module(document.graph(graph_name), inference=document.inference).code
    except NetStudioError as exc:
        return f"# The graph does not compile: {exc}"


class CodeView(QPlainTextEdit):
    """Read-only code panel; refreshes only while visible."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.document_ = None
        self.graph_name: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def set_target(self, document, graph_name: str | None) -> None:
        if document is not self.document_:
            if self.document_ is not None:
                self.document_.inferred.disconnect(self._schedule)
            self.document_ = document
            if document is not None:
                document.inferred.connect(self._schedule)
        self.graph_name = graph_name
        self._schedule(graph_name)

    def _schedule(self, name: str | None = None) -> None:
        if name == self.graph_name:
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._timer.start()

    def refresh(self) -> None:
        if self.document_ is None or self.graph_name is None or not self.isVisible():
            return
        text = graph_code(self.document_, self.graph_name)
        if text != self.toPlainText():
            bar = self.verticalScrollBar().value()
            self.setPlainText(text)
            self.verticalScrollBar().setValue(bar)

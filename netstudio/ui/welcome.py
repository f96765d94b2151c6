"""The welcome view: New, Open, recent projects, and the sample projects as cards with a picture."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QToolButton, QVBoxLayout, QWidget)
from .engine_text import engine_text

THUMB = QSize(240, 110)
CARD_WIDTH = 260
COLUMNS = 3


def samples_dir() -> Path | None:
    """The sample projects: inside the package when installed, else the repository's folder."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "samples", here.parent / "sample_projects"):
        if candidate.is_dir() and any(candidate.glob("*.nsproj")):
            return candidate
    return None


def sample_files() -> list[Path]:
    folder = samples_dir()
    return sorted(folder.glob("*.nsproj")) if folder else []


def sample_info(path: Path) -> tuple[str, str]:
    """(name, one-line description) read straight from the JSON, without loading layers."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name, about = str(data.get("name", path.stem)), str(data.get("description", "")).split(". ")[0]
        return engine_text(name), engine_text(about)   # the catalog has every sample's and template's words
    except (OSError, ValueError, RecursionError, AttributeError):  # deep nesting; not a JSON object
        return path.stem, ""


def thumbnail(path: Path) -> QPixmap:
    """A picture of the sample's first graph, drawn by the editor's scene (no shape inference)."""
    from netstudio import load_project
    from netstudio.core.errors import NetStudioError

    from .render import render_image

    try:
        project = load_project(path)
        image = render_image(project, next(iter(project.graphs)), infer=False, max_size=THUMB)
    except NetStudioError:
        return QPixmap()
    return QPixmap.fromImage(image)


class WelcomePage(QWidget):
    """Signals: ``new_requested``, ``open_requested``, ``open_path(str)`` for recent files and samples."""

    new_requested = Signal()
    open_requested = Signal()
    open_path = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.new_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.recent_label = QLabel(self)
        self.recent = QListWidget(self)
        self.recent.setMaximumWidth(340)
        self.recent.itemActivated.connect(lambda item: self.open_path.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.samples_label = QLabel(self)
        self.cards: list[QToolButton] = []
        cards_host = QWidget(self)
        grid = QGridLayout(cards_host)
        for i, path in enumerate(sample_files()):
            card = QToolButton(cards_host)
            card.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            card.setIconSize(THUMB)   # the picture comes after the first paint (``fill_thumbnails``)
            name, line = sample_info(path)
            card.setText(f"{name}\n{_wrap(line, 40)}")
            card.setToolTip(line)
            card.setFixedWidth(CARD_WIDTH)
            card.setProperty("sample_path", str(path))
            card.setAutoRaise(True)
            card.clicked.connect(lambda _=False, p=str(path): self.open_path.emit(p))
            grid.addWidget(card, i // COLUMNS, i % COLUMNS)
            self.cards.append(card)
        grid.setColumnStretch(COLUMNS, 1)  # cards stay together at the left, spare width goes right
        grid.setRowStretch(len(self.cards) // COLUMNS + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(cards_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        left.addSpacing(12)
        left.addWidget(self.recent_label)
        left.addWidget(self.recent)
        right = QVBoxLayout()
        right.addWidget(self.samples_label)
        right.addWidget(scroll)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addLayout(left, 1)
        layout.addSpacing(24)
        layout.addLayout(right, 3)
        self.retranslate()
        # drawing the ten pictures took ~0.2 s of the window's first paint: one per event-loop turn after it
        self._thumbnails_paused = False   # set while the page is hidden (a project opened first)
        QTimer.singleShot(0, self, self._next_thumbnail)

    def _next_thumbnail(self) -> None:
        if not self.isVisible():   # a project opened first: draw the rest when the page is shown again
            self._thumbnails_paused = True
            return
        if self._draw_one():
            QTimer.singleShot(0, self, self._next_thumbnail)

    def _draw_one(self) -> bool:
        """Draw the next card's picture; False when none is left."""
        card = next((c for c in self.cards if c.icon().isNull() and not c.property("thumbnail_tried")), None)
        if card is None:
            return False
        card.setProperty("thumbnail_tried", True)
        card.setIcon(QIcon(thumbnail(Path(card.property("sample_path")))))
        return True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._thumbnails_paused:
            self._thumbnails_paused = False
            QTimer.singleShot(0, self, self._next_thumbnail)

    def fill_thumbnails(self) -> None:
        """Draw every card's picture now (they are otherwise drawn one at a time after the first paint)."""
        while self._draw_one():
            pass

    def retranslate(self) -> None:
        self.title.setText("<span style='font-size:20pt; font-weight:600'>NetStudio</span>")
        self.subtitle.setText(self.tr("Design neural networks as graphs, see every tensor shape, train and "
                                      "export PyTorch code."))
        self.new_button.setText(self.tr("New project"))
        self.open_button.setText(self.tr("Open…"))
        self.recent_label.setText("<b>%s</b>" % self.tr("Recent projects"))
        self.samples_label.setText("<b>%s</b>" % self.tr("Sample projects"))
        self.set_recent(getattr(self, "_recent_paths", []))

    def set_recent(self, paths: list[str]) -> None:
        self._recent_paths = list(paths)
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).stem}\n{p}", self.recent)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
        if not paths:
            item = QListWidgetItem(self.tr("No recent projects yet."), self.recent)
            item.setFlags(Qt.ItemFlag.NoItemFlags)


def _wrap(text: str, width: int) -> str:
    """Break a description into at most three short lines under a card."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)

"""File > New: start from a template chosen by task (each trains as it is), or from an empty graph.

Templates are ``.nsproj`` files in ``netstudio/templates`` (package data). A project made from one
is untitled and unsaved: Save asks where, and the template itself is never written to.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListView, QListWidget, QListWidgetItem,
                               QVBoxLayout)
from .engine_text import engine_text

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
EMPTY = ""        # the choice that makes an empty project
THUMB = QSize(200, 90)


def template_files() -> list[Path]:
    """The templates in the order of the dialog (their ``template.order``)."""
    def order(path: Path) -> tuple[int, str]:
        try:
            return int(json.loads(path.read_text(encoding="utf-8")).get("template", {}).get("order", 99)), path.name
        except (OSError, ValueError, AttributeError, TypeError, RecursionError):
            return 99, path.name
    return sorted(TEMPLATES_DIR.glob("*.nsproj"), key=order)


def load_template(path: str | Path):
    """The template as a new, untitled project (no file name: Save asks where)."""
    from netstudio import load_project

    project = load_project(path)
    project.path = None
    project.extra.pop("template", None)     # the new project is the user's, not a template
    return project


def _description(path: Path) -> str:
    try:
        return engine_text(str(json.loads(path.read_text(encoding="utf-8")).get("description", "")))
    except (OSError, ValueError, AttributeError, RecursionError):
        return ""


def _framed(picture: QPixmap, mark: str = "") -> QPixmap:
    """``picture`` centred on a THUMB-sized card (graphs are wide strips), or a card showing ``mark``."""
    card = QPixmap(THUMB)
    card.fill(Qt.GlobalColor.transparent)
    painter = QPainter(card)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(150, 150, 150, 140), 1, Qt.PenStyle.DashLine))
    painter.drawRoundedRect(card.rect().adjusted(1, 1, -2, -2), 8, 8)
    if not picture.isNull():
        scaled = picture.scaled(THUMB - QSize(16, 16), Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
        painter.drawPixmap((THUMB.width() - scaled.width()) // 2, (THUMB.height() - scaled.height()) // 2, scaled)
    if mark:
        font = QFont(painter.font())
        font.setPointSize(28)
        painter.setFont(font)
        painter.setPen(QColor(120, 120, 120))
        painter.drawText(card.rect(), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return card


class NewProjectDialog(QDialog):
    """A list of templates (picture, name, one line) and "Empty"; ``choice()`` is the chosen path or EMPTY."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New project"))
        self.intro = QLabel(self.tr("Choose what the network should learn. Every template trains as it is; "
                                    "change its layers and data afterwards."), self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Templates"))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 30, THUMB.height() + 44))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSpacing(6)
        from .welcome import sample_info, thumbnail

        for path in template_files():
            name, _ = sample_info(path)
            item = QListWidgetItem(QIcon(_framed(thumbnail(path))), name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(_description(path))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        item = QListWidgetItem(QIcon(_framed(QPixmap(), "+")), self.tr("Empty"), self.list)
        item.setData(Qt.ItemDataRole.UserRole, EMPTY)
        item.setToolTip(self.tr("An empty graph and no dataset: build everything yourself."))
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(40)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(self._describe)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.resize(4 * (THUMB.width() + 30) + 60, 2 * (THUMB.height() + 44) + 150)

    def _describe(self, item, _previous=None) -> None:
        self.description.setText(item.toolTip() if item is not None else "")

    def select(self, path_or_empty: str) -> bool:
        """Make the item of a template path (or EMPTY) current; False when there is none."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == path_or_empty:
                self.list.setCurrentRow(i)
                return True
        return False

    def choice(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else EMPTY

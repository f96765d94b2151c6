"""The layer palette: categories from the catalog, a search field, drag to the canvas or double-click."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from netstudio.layers import CATEGORIES, explanations, specs_in
from netstudio.layers.search import search_specs

from .app import current_language
from .editor.scene import MIME_LAYER
from .editor.theme import CATEGORY_COLOURS

TYPE_ROLE = Qt.ItemDataRole.UserRole
BLOCK_NAME_ROLE = Qt.ItemDataRole.UserRole + 2   # a block's name (block entries only)
BLOCK_HINT_ROLE = Qt.ItemDataRole.UserRole + 3


def category_icon(category: str) -> QIcon:
    """A small swatch in the category's node colour, so palette and canvas match."""
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(CATEGORY_COLOURS.get(category, "#607080")))
    p.drawRoundedRect(0, 0, 12, 12, 3, 3)
    p.end()
    return QIcon(pix)


class LayerTree(QTreeWidget):
    """Drags carry the layer type under MIME_LAYER; the scene accepts them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIndentation(12)

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        types = [i.data(0, TYPE_ROLE) for i in items if i.data(0, TYPE_ROLE)]
        if types:
            data.setData(MIME_LAYER, types[0].encode("utf-8"))
            data.setText(types[0])
        return data

    def mimeTypes(self) -> list[str]:
        return [MIME_LAYER]


class Palette(QWidget):
    """``add_requested(type_name)`` on double-click or Enter (the window adds at the view centre)."""

    add_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.tree = LayerTree(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._filter)
        self.tree.itemActivated.connect(self._activated)
        self._blocks: tuple[list[str], list] = ([], [])   # the project's block names, My blocks entries
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search layers (e.g. conv, pool, norm)"))
        self._populate()

    def _populate(self) -> None:
        self.tree.clear()
        for category in CATEGORIES:
            head = QTreeWidgetItem(self.tree, [explanations.category_name(category, current_language())])
            head.setIcon(0, category_icon(category))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData(0, Qt.ItemDataRole.UserRole + 1, category)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for spec in specs_in(category):
                item = QTreeWidgetItem(head, [spec.type])
                item.setData(0, TYPE_ROLE, spec.type)
                item.setToolTip(0, explanations.explanation(spec.type, current_language()))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        self._add_block_sections()
        self.tree.expandAll()
        self._filter(self.search.text())

    # ----- blocks: this project's, and the user's library ("My blocks") -----
    def set_blocks(self, project_blocks: list[str], library: list) -> None:
        """Show ``project_blocks`` (names) and ``library`` (blocks.library.LibraryEntry) as two sections."""
        self._blocks = (list(project_blocks), list(library))
        self._populate()

    def _add_block_sections(self) -> None:
        from .blocks.insert import file_token, project_token

        names, library = self._blocks
        sections = [(self.tr("My blocks"), [(e.name, file_token(e.path), str(e.path) if e.usable else e.problem,
                                             e.usable) for e in library]),
                    (self.tr("Blocks in this project"), [(n, project_token(n), self.tr("A block of this project: "
                     "drag it onto the canvas to use it again"), True) for n in names])]
        for title, rows in sections:
            if not rows and title != self.tr("My blocks"):
                continue
            head = QTreeWidgetItem(self.tree, [title])
            head.setIcon(0, category_icon("Blocks"))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData(0, Qt.ItemDataRole.UserRole + 1, "Blocks")
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            if not rows:   # say where the library is and how to fill it
                hint = QTreeWidgetItem(head, [self.tr("(none yet: right-click a block > Save to My blocks)")])
                hint.setFlags(Qt.ItemFlag.NoItemFlags)
                hint.setData(0, BLOCK_HINT_ROLE, True)
            for name, token, tip, usable in rows:
                item = QTreeWidgetItem(head, [name])
                item.setData(0, TYPE_ROLE, token if usable else None)
                item.setData(0, BLOCK_NAME_ROLE, name)
                item.setToolTip(0, tip or "")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                              if usable else Qt.ItemFlag.NoItemFlags)

    def _filter(self, text: str) -> None:
        matches = {s.type for s in search_specs(text)}
        want = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            visible = 0
            for j in range(head.childCount()):
                child = head.child(j)
                name = child.data(0, BLOCK_NAME_ROLE)
                if child.data(0, BLOCK_HINT_ROLE):
                    hidden = bool(want)
                elif name is not None:   # a block: any part of its name
                    hidden = want not in name.lower()
                else:
                    hidden = child.data(0, TYPE_ROLE) not in matches
                child.setHidden(hidden)
                visible += not hidden
            head.setHidden(visible == 0)

    def item_for(self, type_name: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                if head.child(j).data(0, TYPE_ROLE) == type_name:
                    return head.child(j)
        return None

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.add_requested.emit(type_name)

"""The quick-add popup: type to search the layer catalog, Enter inserts the highlighted layer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from netstudio.layers import explanations
from netstudio.layers.search import search_specs
from netstudio.ui.app import current_language


class QuickAddPopup(QFrame):
    """A small popup window; ``chosen(type_name)`` fires on Enter or a click."""

    chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.context = None  # set by the view: where to add and what to wire to
        self.block_entries = None  # set by the view: text -> [(label, token, tooltip)] of blocks to offer
        self._needs = (False, False)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search layers…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setMinimumSize(260, 280)
        self.search.setAccessibleName(self.tr("Search layers to add"))
        self.list.setAccessibleName(self.tr("Layers to add"))
        self.list.setAccessibleDescription(self.tr("Enter adds the highlighted layer."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)

    def popup(self, global_pos: QPoint, needs_input: bool = False, needs_output: bool = False) -> None:
        self._needs = (needs_input, needs_output)
        self.search.clear()
        self._filter("")
        self.adjustSize()
        self.move(global_pos)
        self.show()
        self.raise_()
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.list.clear()
        for spec in search_specs(text, *self._needs):
            item = QListWidgetItem(spec.type, self.list)
            item.setData(Qt.ItemDataRole.UserRole, spec.type)
            item.setToolTip(explanations.explanation(spec.type, current_language()))
        if self.block_entries is not None:   # blocks of the project and of My blocks, after the layers
            for label, token, tip in self.block_entries(text):
                item = QListWidgetItem(label, self.list)
                item.setData(Qt.ItemDataRole.UserRole, token)
                item.setToolTip(tip)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, obj, event) -> bool:
        # Arrow keys move through the list while the cursor stays in the search field.
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)

    def accept_current(self) -> str | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._activate(item)

    def _activate(self, item: QListWidgetItem) -> str:
        type_name = item.data(Qt.ItemDataRole.UserRole)
        self.hide()
        self.chosen.emit(type_name)
        return type_name

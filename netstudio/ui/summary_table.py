"""The summary's layer table: a model/view table filled in one batch per inference, and its totals row.

A ``QTableWidget`` resizing its columns to their contents on every ``setItem`` took 5.8 s per edit at
500 nodes and 64 s to open a 3,000-node chain. Columns get fixed starting widths the user can drag; rows
have one fixed height. The totals row is a second one-row view under the table that follows its column
widths and scrolling, so ``rowCount`` stays the number of layers.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

NODE_ROLE = Qt.ItemDataRole.UserRole
ERROR_COLOUR = "#d3302f"
# starting widths of every column but the output shape (which takes the rest); the user may drag them
COLUMN_WIDTHS = {0: 86, 1: 96, 3: 70, 4: 92, 5: 106, 6: 84}
COLUMNS = 7
NUMBER_COLUMNS = frozenset({3, 4, 5, 6})
ERROR = COLUMNS   # the error message follows the cells of a row
ROW_HEIGHT = 22

# one row: (node id, type, output shape, parameters, FLOPs, parameter memory, activations, error message or None)
Row = tuple[str, str, str, str, str, str, str, "str | None"]


class SummaryModel(QAbstractTableModel):
    """The rows of the summary table; ``set_rows`` replaces them all at once."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.headers = [""] * COLUMNS
        self.header_tips: dict[int, str] = {}
        self.bold = False   # the totals row
        self._error_brush = QBrush(QColor(ERROR_COLOUR))
        self._right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == NODE_ROLE:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return self._right
        if role == Qt.ItemDataRole.FontRole and self.bold:
            font = QFont()
            font.setBold(True)
            return font
        if row[ERROR]:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._error_brush
            if role == Qt.ItemDataRole.ToolTipRole:
                return row[ERROR]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section)
        return None

    def set_headers(self, labels: list[str], tips: dict[int, str] | None = None) -> None:
        """Column titles, and tooltips saying what a column counts (by column)."""
        self.headers = list(labels)
        self.header_tips = dict(tips or {})
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    def set_rows(self, rows: list[Row]) -> None:
        """Show ``rows``: one ``dataChanged`` over the changed span when the same nodes keep their
        order (an edit), a model reset otherwise (a node added, removed or reordered, another graph)."""
        old = self.rows
        if len(rows) == len(old) and all(a[0] == b[0] for a, b in zip(rows, old)):
            changed = [i for i, (a, b) in enumerate(zip(rows, old)) if a != b]
            self.rows = rows
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], COLUMNS - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class _Cell:
    """What ``SummaryTable.item`` returns: the text and node id of one cell, read-only."""

    def __init__(self, text: str, node_id: str | None) -> None:
        self._text, self._node_id = text, node_id

    def text(self) -> str:
        return self._text

    def data(self, role: int):
        return self._node_id if role == NODE_ROLE else (self._text if role == Qt.ItemDataRole.DisplayRole else None)


class SummaryTable(QTableView):
    """A read-only view of a ``SummaryModel`` that also answers the ``QTableWidget`` questions the rest
    of the window and its tests ask (``rowCount``, ``item``, ``horizontalHeaderItem``, ``cellClicked``)."""

    cellClicked = Signal(int, int)  # noqa: N815 - QTableWidget's name

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary_model = SummaryModel(self)
        self.setModel(self.summary_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures rows
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures contents
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            self.setColumnWidth(column, width)
        self.clicked.connect(self._cell_clicked)

    def _cell_clicked(self, index: QModelIndex) -> None:
        self.cellClicked.emit(index.row(), index.column())

    def rowCount(self) -> int:  # noqa: N802
        return self.summary_model.rowCount()

    def item(self, row: int, column: int) -> _Cell | None:
        rows = self.summary_model.rows
        if not (0 <= row < len(rows) and 0 <= column < COLUMNS):
            return None
        return _Cell(rows[row][column], rows[row][0])

    def horizontalHeaderItem(self, column: int) -> _Cell | None:  # noqa: N802
        text = self.summary_model.headerData(column, Qt.Orientation.Horizontal)
        return None if text is None else _Cell(text, None)


class TotalsTable(QTableView):
    """One bold row of totals under ``table``, with its column widths and horizontal scroll position."""

    def __init__(self, table: SummaryTable, parent=None) -> None:
        super().__init__(parent)
        self.totals_model = SummaryModel(self)
        self.totals_model.bold = True
        self.setModel(self.totals_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(ROW_HEIGHT + 2 * self.frameWidth())
        source = table.horizontalHeader()
        for column in range(COLUMNS):
            self.setColumnWidth(column, source.sectionSize(column))
        source.sectionResized.connect(lambda column, old, new: self.setColumnWidth(column, new))
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def fit(self, table: SummaryTable) -> None:
        """Widen ``table``'s columns (never narrow them) so that every total shows whole: "11,679,912" and
        "75.0 MFLOPs" were cut to "11,679,..." in the default widths. The stretching column is left alone."""
        font = self.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        for column in range(COLUMNS):
            if column == 2:
                continue
            needed = metrics.horizontalAdvance(self.cell(column)) + 16   # the cell's margins
            if needed > table.columnWidth(column):
                table.setColumnWidth(column, needed)   # the totals follow through sectionResized

    def cell(self, column: int) -> str:
        rows = self.totals_model.rows
        return rows[0][column] if rows and 0 <= column < COLUMNS else ""

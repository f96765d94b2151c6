"""The summary dock: the layer table of ``netstudio summary`` and the list of problems.

The table is a model/view table filled in one batch per inference: a ``QTableWidget`` resizing its
columns to their contents on every ``setItem`` took 5.8 s per edit at 500 nodes and 64 s to open a
3,000-node chain. Columns get fixed starting widths the user can drag; rows have one fixed height.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QSplitter, QStyle,
                               QTableView, QVBoxLayout, QWidget)

from netstudio.compiler.shapes import graph_problems
from netstudio.layers import shape_text

NODE_ROLE = Qt.ItemDataRole.UserRole
ERROR_COLOUR = "#d3302f"
# starting widths of the id, type and params columns (output shape takes the rest); the user may drag them
COLUMN_WIDTHS = {0: 140, 1: 120, 3: 96}
ROW_HEIGHT = 22

# one row: (node id, type, output shape, parameter count as text, error message or None)
Row = tuple[str, str, str, str, "str | None"]


class SummaryModel(QAbstractTableModel):
    """The rows of the summary table; ``set_rows`` replaces them all at once."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.headers = ["", "", "", ""]
        self._error_brush = QBrush(QColor(ERROR_COLOUR))
        self._right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == NODE_ROLE:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return self._right
        if row[4]:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._error_brush
            if role == Qt.ItemDataRole.ToolTipRole:
                return row[4]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return self.headers[section]
        return None

    def set_headers(self, labels: list[str]) -> None:
        self.headers = list(labels)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)

    def set_rows(self, rows: list[Row]) -> None:
        """Show ``rows``: one ``dataChanged`` over the changed span when the same nodes keep their
        order (an edit), a model reset otherwise (a node added, removed or reordered, another graph)."""
        old = self.rows
        if len(rows) == len(old) and all(a[0] == b[0] for a, b in zip(rows, old)):
            changed = [i for i, (a, b) in enumerate(zip(rows, old)) if a != b]
            self.rows = rows
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], 3))
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
        if not (0 <= row < len(rows) and 0 <= column < 4):
            return None
        return _Cell(rows[row][column], rows[row][0])

    def horizontalHeaderItem(self, column: int) -> _Cell | None:  # noqa: N802
        text = self.summary_model.headerData(column, Qt.Orientation.Horizontal)
        return None if text is None else _Cell(text, None)


class SummaryPanel(QWidget):
    """``node_clicked(node_id)`` when a row or a problem is clicked (the window selects and centres it)."""

    node_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document = None
        self.graph_name: str | None = None
        self.table = SummaryTable(self)
        self._shown_problems: list | None = None
        self.total = QLabel(self)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Horizontal, self)  # the dock is wide and short
        top = QWidget(split)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.total)
        split.addWidget(top)
        self.problems_label = QLabel(self)
        bottom = QWidget(split)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.problems_label)
        bottom_layout.addWidget(self.problems)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        split.setSizes([520, 480])
        self.table.cellClicked.connect(self._row_clicked)
        self.problems.itemClicked.connect(self._problem_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.summary_model.set_headers([self.tr("id"), self.tr("type"), self.tr("output shape"),
                                              self.tr("params")])
        self._shown_problems = None  # the "no problems" line is translated
        self.refresh()

    def set_target(self, document, graph_name: str | None) -> None:
        if document is not self.document:
            if self.document is not None:
                self.document.inferred.disconnect(self._on_inferred)
            self.document = document
            if document is not None:
                document.inferred.connect(self._on_inferred)
        self.graph_name = graph_name
        self.refresh()

    def _on_inferred(self, name: str) -> None:
        if name == self.graph_name:
            self.refresh()

    def refresh(self) -> None:
        doc = self.document
        if doc is None or self.graph_name not in (doc.project.graphs if doc else {}):
            self.table.summary_model.set_rows([])
            self._show_problems(None)
            self.total.setText("")
            return
        graph = doc.graph(self.graph_name)
        infos = doc.cached_infos(self.graph_name)
        try:
            order = graph.topological_order()
        except Exception:  # a cycle: the problems list names it
            order = [n.id for n in graph]
        rows: list[Row] = []
        total = 0
        error_text, waiting = self.tr("error"), "…"
        for nid in order:
            node, info = graph.node(nid), infos.get(nid)
            if info is None:
                shape = waiting
            elif info.error:
                shape = error_text
            elif info.blocked:
                shape = "-"
            else:
                shape = " | ".join(shape_text(s) for s in info.out_shapes) or "-"
            count = info.param_count if info is not None else 0
            total += count
            rows.append((nid, node.type, shape, f"{count:,}", info.error if info is not None else None))
        self.table.summary_model.set_rows(rows)
        self.total.setText(self.tr("Total parameters: %1").replace("%1", f"{total:,}"))
        self._show_problems(graph_problems(graph, infos) if infos else [], bool(infos))

    def _show_problems(self, found: list | None, inferred: bool = False) -> None:
        """Refill the problems list, only when what it would show changed (most edits change nothing)."""
        key = None if found is None else ([(p.node_id, p.severity, p.message) for p in found], inferred)
        if key == self._shown_problems and key is not None:
            return
        self._shown_problems = key
        self.problems.setUpdatesEnabled(False)
        self.problems.clear()
        if found is None:
            self.problems_label.setText(self.tr("Problems"))
            self.problems.setUpdatesEnabled(True)
            return
        for problem in found:
            where = f"{problem.node_id}: " if problem.node_id else ""
            item = QListWidgetItem(self._icon(problem.severity), where + problem.message)
            item.setData(NODE_ROLE, problem.node_id)
            item.setForeground(QBrush(QColor(ERROR_COLOUR if problem.severity == "error" else "#b07800")))
            self.problems.addItem(item)
        if not found and inferred:
            self.problems.addItem(QListWidgetItem(self._icon("ok"), self.tr("No problems: the graph compiles.")))
        self.problems.setUpdatesEnabled(True)
        self.problems_label.setText(self.tr("Problems (%1)").replace("%1", str(len(found))))

    def _icon(self, kind: str):
        """Standard icons: emoji glyphs are missing from many fonts (and offscreen renders)."""
        pix = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
               "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}.get(kind, QStyle.StandardPixmap.SP_DialogApplyButton)
        return self.style().standardIcon(pix)

    def _row_clicked(self, row: int, col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.node_clicked.emit(item.data(NODE_ROLE))

    def _problem_clicked(self, item: QListWidgetItem) -> None:
        nid = item.data(NODE_ROLE)
        if nid:
            self.node_clicked.emit(nid)

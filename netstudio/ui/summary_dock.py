"""The summary dock: the layer table of ``netstudio summary`` and the list of problems."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QSplitter, QStyle,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from netstudio.compiler.shapes import graph_problems
from netstudio.layers import shape_text

NODE_ROLE = Qt.ItemDataRole.UserRole


class SummaryPanel(QWidget):
    """``node_clicked(node_id)`` when a row or a problem is clicked (the window selects and centres it)."""

    node_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document = None
        self.graph_name: str | None = None
        self.table = QTableWidget(0, 4, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
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
        self.table.setHorizontalHeaderLabels([self.tr("id"), self.tr("type"), self.tr("output shape"),
                                              self.tr("params")])
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
            self.table.setRowCount(0)
            self.problems.clear()
            self.total.setText("")
            self.problems_label.setText(self.tr("Problems"))
            return
        graph = doc.graph(self.graph_name)
        infos = doc.cached_infos(self.graph_name)
        try:
            order = graph.topological_order()
        except Exception:  # a cycle: the problems list names it
            order = [n.id for n in graph]
        self.table.setRowCount(len(order))
        total = 0
        for row, nid in enumerate(order):
            node, info = graph.node(nid), infos.get(nid)
            if info is None:
                shape = "…"
            elif info.error:
                shape = self.tr("error")
            elif info.blocked:
                shape = "-"
            else:
                shape = " | ".join(shape_text(s) for s in info.out_shapes) or "-"
            count = info.param_count if info is not None else 0
            total += count
            cells = [nid, node.type, shape, f"{count:,}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(NODE_ROLE, nid)
                if col == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if info is not None and info.error:
                    item.setForeground(QBrush(QColor("#d3302f")))
                    item.setToolTip(info.error)
                self.table.setItem(row, col, item)
        self.total.setText(self.tr("Total parameters: %1").replace("%1", f"{total:,}"))
        self.problems.clear()
        found = graph_problems(graph, infos) if infos else []
        for problem in found:
            where = f"{problem.node_id}: " if problem.node_id else ""
            item = QListWidgetItem(self._icon(problem.severity), where + problem.message)
            item.setData(NODE_ROLE, problem.node_id)
            item.setForeground(QBrush(QColor("#d3302f" if problem.severity == "error" else "#b07800")))
            self.problems.addItem(item)
        if not found and infos:
            self.problems.addItem(QListWidgetItem(self._icon("ok"), self.tr("No problems: the graph compiles.")))
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

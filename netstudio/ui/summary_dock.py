"""The summary dock: the layer table of ``netstudio summary`` with each layer's cost, and the list of problems.

Costs (``netstudio.compiler.cost``): FLOPs per sample, parameter memory, and the activations of one
batch of the project's ``training.batch_size``; a totals row under the table, and a line estimating the
training memory for the project's optimizer (red when it exceeds this computer's memory). The table
itself (model/view, filled in one batch) lives in ``summary_table.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QStyle, QVBoxLayout, QWidget

from netstudio.compiler.cost import bytes_text, flops_text, graph_cost
from netstudio.compiler.shapes import graph_problems
from netstudio.layers import formulas, shape_text
from netstudio.training.memory import OPTIMIZER_NAMES, cost_settings, machine_memory

from .summary_table import ERROR_COLOUR, NODE_ROLE, Row, SummaryTable, TotalsTable
from .engine_text import engine_text


class SummaryPanel(QWidget):
    """``node_clicked(node_id)`` when a row or a problem is clicked (the window selects and centres it);
    ``formula_clicked(node_id)`` after it when the problem shows a worked formula (the inspector scrolls to it)."""

    node_clicked = Signal(str)
    formula_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document = None
        self.graph_name: str | None = None
        self.table = SummaryTable(self)
        self.totals = TotalsTable(self.table, self)
        self._shown_problems: list | None = None
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.memory_too_big = False   # the training estimate exceeds this computer's memory
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Horizontal, self)  # the dock is wide and short
        top = QWidget(split)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.totals)
        top_layout.addSpacing(2)
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
        split.setStretchFactor(0, 3)   # the table has seven columns; problems wrap their lines
        split.setStretchFactor(1, 1)
        split.setSizes([660, 220])
        self.table.cellClicked.connect(self._row_clicked)
        self.problems.itemClicked.connect(self._problem_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.summary_model.set_headers([self.tr("id"), self.tr("type"), self.tr("output shape"),
                                              self.tr("params"), self.tr("FLOPs"), self.tr("params memory"),
                                              self.tr("activations")], {
            4: self.tr("Floating-point operations of one sample's forward pass: 2 per multiply-add of the matrix "
                       "products and convolutions (as PyTorch's FlopCounterMode counts them); activations, "
                       "pooling and norms count 0"),
            5: self.tr("Memory of the layer's parameters (float32: 4 bytes each)"),
            6: self.tr("Memory of the layer's output for one batch of training.batch_size (float32: 4 bytes "
                       "per value); Flatten and Reshape show their input's memory again")})
        self._shown_problems = None  # the "no problems" line is translated
        self.refresh()

    def set_target(self, document, graph_name: str | None) -> None:
        if document is not self.document:
            if self.document is not None:
                self.document.inferred.disconnect(self._on_inferred)
                self.document.sections_changed.disconnect(self._on_section_changed)
            self.document = document
            if document is not None:
                document.inferred.connect(self._on_inferred)
                document.sections_changed.connect(self._on_section_changed)
        self.graph_name = graph_name
        self.refresh()

    def _on_inferred(self, name: str) -> None:
        if name == self.graph_name:
            self.refresh()

    def _on_section_changed(self, section: str) -> None:
        if section == "training":   # the batch size and the optimizer change the memory columns
            self.refresh()

    def refresh(self) -> None:
        doc = self.document
        if doc is None or not doc.has_graph(self.graph_name):   # a project graph or a block's inside
            self.table.summary_model.set_rows([])
            self.totals.totals_model.set_rows([])
            self._show_problems(None)
            self.total.setText("")
            return
        from .lessons.reveals import hidden, hides_total

        graph = doc.graph(self.graph_name)
        infos = doc.cached_infos(self.graph_name)
        settings = cost_settings(doc.project.training)
        costs = graph_cost(graph, infos, settings.batch_size, settings.optimizer)
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
            if hidden(node, "shape"):        # exercise mode: "?" until the student reveals it
                shape = "?"
            cost = costs.nodes.get(nid)
            cells = ((flops_text(cost.flops), bytes_text(cost.param_memory), bytes_text(cost.activation_bytes))
                     if cost is not None else ("-", "-", "-"))
            if hidden(node, "shape") or hidden(node, "params"):   # the costs would give the value away
                cells = ("?", "?", "?")
            rows.append((nid, node.type, shape, "?" if hidden(node, "params") else f"{count:,}", *cells, engine_text(info.error) if info is not None and info.error else None))
        self.table.summary_model.set_rows(rows)
        self.totals.totals_model.set_rows([(self.tr("Total"), "", "", "?" if hides_total(graph) else f"{total:,}",
                                            flops_text(costs.flops),
                                            bytes_text(costs.param_memory), bytes_text(costs.activation_bytes), None)])
        self.totals.fit(self.table)
        self._show_training_memory(costs, total)
        self._show_problems(graph_problems(graph, infos) if infos else [], bool(infos), _why(graph, infos))

    def _show_training_memory(self, costs, params: int) -> None:
        """One line: the training estimate for the batch size and optimizer, red when it does not fit."""
        from .lessons.reveals import hides_total

        optimizer = OPTIMIZER_NAMES.get(costs.optimizer, costs.optimizer)
        text = (self.tr("Training memory about %1 (batch %2, %3)").replace("%1", bytes_text(costs.training_bytes))
                .replace("%2", str(costs.batch_size)).replace("%3", optimizer))
        have = machine_memory("cpu")
        self.memory_too_big = have is not None and costs.training_bytes > have
        if self.memory_too_big:
            text += " " + self.tr("- too big for this computer (%1)").replace("%1", bytes_text(have))
        self.total.setStyleSheet(f"color: {ERROR_COLOUR};" if self.memory_too_big else "")
        weights = costs.param_memory
        self.total.setToolTip(
            self.tr("weights %1, gradients %2, optimizer state %3, activations kept for backward %4. FLOPs are per "
                    "sample, 2 per multiply-add of matrix products and convolutions; activations are one batch "
                    "(training.batch_size) of float32 outputs.")
            .replace("%1", bytes_text(weights)).replace("%2", bytes_text(weights))
            .replace("%3", bytes_text(weights * costs.state_copies)).replace("%4", bytes_text(costs.saved_bytes)))
        shown = "?" if self.document is not None and hides_total(self.document.graph(self.graph_name)) else f"{params:,}"
        self.total.setText(text + " · " + self.tr("Total parameters: %1").replace("%1", shown))

    def _show_problems(self, found: list | None, inferred: bool = False, why: dict | None = None) -> None:
        """Refill the problems list, only when what it would show changed (most edits change nothing).

        ``why`` maps a node id to the worked formula whose size is not positive: it follows the error.
        """
        why = why or {}
        key = None if found is None else ([(p.node_id, p.severity, p.message) for p in found], inferred, why)
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
            formula = why.get(problem.node_id) if problem.severity == "error" else None
            item = QListWidgetItem(self._icon(problem.severity), where + engine_text(problem.message)
                                   + (f"\n{formula}" if formula else ""))
            item.setData(NODE_ROLE, problem.node_id)
            item.setData(FORMULA_ROLE, bool(formula))
            if formula:
                item.setToolTip(self.tr("Click to see how this size is computed"))
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
            if item.data(FORMULA_ROLE):
                self.formula_clicked.emit(nid)


FORMULA_ROLE = NODE_ROLE + 1


def _why(graph, infos: dict) -> dict[str, str]:
    """{node id: the worked formula that comes out zero or negative} for the nodes with an error."""
    found = {}
    for nid, info in infos.items():
        if info.error and info.in_shapes and nid in graph:
            node = graph.node(nid)
            worked = formulas.failing(node.type, node.params, info.in_shapes)
            if worked is not None:
                found[nid] = worked.filled
    return found

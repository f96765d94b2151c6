"""The Sweep dialog's results: a table of trials (trial, parameters, objective, state) and the two plots."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from .plan import value_text
from .plots import ImportancePlot, ParallelPlot

STATE_TEXT = {"complete": QT_TRANSLATE_NOOP("SweepResults", "complete"),
              "pruned": QT_TRANSLATE_NOOP("SweepResults", "pruned"),
              "failed": QT_TRANSLATE_NOOP("SweepResults", "failed"),
              "stopped": QT_TRANSLATE_NOOP("SweepResults", "stopped"),
              "running": QT_TRANSLATE_NOOP("SweepResults", "running")}


class SweepResults(QWidget):
    """``table`` (one row per trial, in trial order) above ``tabs`` holding ``importance`` and ``parallel``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName(self.tr("Sweep trials"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.importance = ImportancePlot()
        self.parallel = ParallelPlot()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.importance.widget, "")
        self.tabs.addTab(self.parallel.widget, "")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.metric_name = "val_loss"
        self.rows: dict[int, dict] = {}

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Trial"), self.tr("Parameters"), self.metric_name,
                                              self.tr("State")])
        self.tabs.setTabText(0, self.tr("Importance"))
        self.tabs.setTabText(1, self.tr("Parallel coordinates"))

    def reset(self, metric: str) -> None:
        self.metric_name = metric
        self.rows = {}
        self.table.setRowCount(0)
        self.importance.clear()
        self.parallel.clear()
        self.retranslate()

    def set_row(self, number: int, params: dict, value: float | None, state: str, message: str = "") -> None:
        """Add or update trial ``number``'s row."""
        self.rows[number] = {"number": number, "params": params, "value": value, "state": state, "message": message}
        order = sorted(self.rows)
        row = order.index(number)
        if self.table.rowCount() < len(order):
            self.table.insertRow(row)
        texts = [str(number), ", ".join(f"{k} {value_text(v)}" for k, v in params.items()),
                 "" if value is None else f"{value:.4f}",
                 QCoreApplication.translate("SweepResults", STATE_TEXT.get(state, state))]
        for col, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if col in (0, 2):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if message:
                item.setToolTip(message)
            self.table.setItem(row, col, item)

    def show_study(self, rows: list[dict], importances: dict[str, float], maximize: bool) -> None:
        """The finished study: every row as the storage has it, then the plots."""
        for r in rows:
            self.set_row(r["number"], r["params"], r["value"], r["state"], r.get("message", ""))
        done = [(r["params"], r["value"]) for r in rows if r["state"] == "complete" and r["value"] is not None]
        params = list(dict.fromkeys(k for r in rows for k in r["params"]))
        varying = [k for k in params if len({repr(p.get(k)) for p, _v in done}) > 1]
        if importances:
            self.importance.show_importances(importances)
        elif varying:
            key = varying[0]
            self.importance.show_values(key, self.metric_name, [(p[key], v) for p, v in done])
        self.parallel.show(varying or params, self.metric_name, done, maximize)

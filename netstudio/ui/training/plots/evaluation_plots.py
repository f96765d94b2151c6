"""The Evaluation view's pictures: the metrics table, the confusion matrix heat map, ROC and
precision-recall curves, and the predicted-vs-true scatter. Each draws one result dict from
``netstudio.training.evaluation.evaluate``; none of them computes a metric.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from .common import PALETTE, make_plot, plot_colours

MAX_CELL_TEXT = 20      # classes up to which each cell shows its count (more would not fit)
MAX_TICKS = 40          # classes up to which the axes name every class

# a pale-to-blue ramp: counts stay readable in dark text on the pale end and white text on the dark end
HEAT_LOW, HEAT_HIGH = np.array([247, 251, 255]), np.array([8, 69, 148])


class MetricsTable(QTableWidget):
    """Per-class precision, recall, F1 and support with the macro and weighted rows; or name/value rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def fit_width(self) -> None:
        """As wide as the columns need, so that the plots beside it get the rest of the row."""
        self.resizeColumnsToContents()
        scroll = self.verticalScrollBar().sizeHint().width()
        self.setMaximumWidth(self.horizontalHeader().length() + 2 * self.frameWidth() + scroll + 4)

    def show_classes(self, result: dict) -> None:
        rows = [(c["name"], c) for c in result["classes"]]
        rows += [(self.tr("macro average"), result["macro_avg"]),
                 (self.tr("weighted average"), result["weighted_avg"])]
        self.setColumnCount(5)
        self.setHorizontalHeaderLabels([self.tr("class"), self.tr("precision"), self.tr("recall"), self.tr("F1"),
                                        self.tr("support")])
        self.setRowCount(len(rows))
        for r, (name, values) in enumerate(rows):
            cells = [name] + [f"{values[k]:.3f}" for k in ("precision", "recall", "f1")] + [str(values["support"])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r >= len(result["classes"]):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, col, item)
        self.fit_width()

    def show_values(self, rows: list[tuple[str, str]]) -> None:
        self.setColumnCount(2)
        self.setHorizontalHeaderLabels([self.tr("metric"), self.tr("value")])
        self.setRowCount(len(rows))
        for r, (name, text) in enumerate(rows):
            self.setItem(r, 0, QTableWidgetItem(name))
            value = QTableWidgetItem(text)
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(r, 1, value)
        self.fit_width()

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""


def heat_colours(confusion: np.ndarray) -> np.ndarray:
    """(rows, cols, 3) uint8 colours: each cell by its share of its true class (so a small class shows too)."""
    cm = np.asarray(confusion, np.float64)
    share = cm / np.maximum(cm.sum(1, keepdims=True), 1)
    return (HEAT_LOW + (HEAT_HIGH - HEAT_LOW) * share[..., None]).round().astype(np.uint8)


class ConfusionHeatmap(QWidget):
    """The confusion matrix as an image, true class down the left, predicted class along the bottom,
    with each cell's count written on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.plot = make_plot(self)
        self.item = self.plot.getPlotItem()
        self.item.invertY(True)
        self.item.setAspectLocked(False)
        self.plot.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        self.texts: list[pg.TextItem] = []
        self.counts = np.zeros((0, 0), np.int64)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_confusion(self, confusion, names: list[str]) -> None:
        cm = np.asarray(confusion, np.int64)
        self.counts = cm
        n = len(cm)
        colours = heat_colours(cm)
        self.image.setImage(colours, levels=(0, 255))
        self.image.setRect(0, 0, n, n)
        for text in self.texts:
            self.item.removeItem(text)
        self.texts = []
        if n <= MAX_CELL_TEXT:
            share = cm / np.maximum(cm.sum(1, keepdims=True), 1)
            for i in range(n):
                for j in range(n):
                    colour = "#ffffff" if share[i, j] > 0.55 else "#202020"
                    text = pg.TextItem(str(cm[i, j]), color=colour, anchor=(0.5, 0.5))
                    text.setPos(j + 0.5, i + 0.5)
                    self.item.addItem(text)
                    self.texts.append(text)
        ticks = [[(i + 0.5, names[i] if i < len(names) else str(i)) for i in range(n)]] if n <= MAX_TICKS else None
        self.item.getAxis("left").setTicks(ticks)
        # pyqtgraph drops tick labels wider than the axis: make room for the longest class name (within reason)
        widest = max((self.fontMetrics().horizontalAdvance(label) for _, label in ticks[0]), default=0) if ticks else 0
        self.item.getAxis("left").setWidth(min(max(widest + 30, 40), 160))
        self.item.getAxis("bottom").setTicks(ticks)
        fg = plot_colours()[1]
        self.item.setLabel("left", self.tr("true class"), color=fg)
        self.item.setLabel("bottom", self.tr("predicted class"), color=fg)
        # a long title would widen the plot past its view (pyqtgraph sizes the layout to the title's text)
        self.item.setTitle(self.tr("Confusion matrix"), color=fg, size="9pt")
        self.setToolTip(self.tr("Counts of samples by true class (rows) and predicted class (columns); the colour "
                                "is the share of the row, so the diagonal is the recall of each class."))
        self.item.setRange(xRange=(0, n), yRange=(0, n), padding=0)


class CurvePlot(QWidget):
    """One curve (ROC or precision-recall) with its AUC in the legend, and the chance line for ROC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.plot = make_plot(self)
        item = self.plot.getPlotItem()
        item.setXRange(0, 1, padding=0.02)
        item.setYRange(0, 1.02, padding=0.02)
        self.plot.setMouseEnabled(False, False)
        self.legend = item.addLegend(offset=(-10, -10), labelTextColor=plot_colours()[1])
        self.chance = item.plot([0, 1], [0, 1], pen=pg.mkPen("#999999", width=1, style=Qt.PenStyle.DashLine))
        self.curve = item.plot([], [], pen=pg.mkPen(PALETTE[0], width=2), name=" ")
        self.auc: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def legend_text(self) -> str:
        return self.legend.items[0][1].text if self.legend.items else ""

    def show_curve(self, title: str, x_label: str, y_label: str, xs, ys, label: str, auc: float | None,
                   chance: bool, steps: bool = False) -> None:
        """``steps``: draw y_n over (x_(n-1), x_n] as a flat step, whose area is the average precision."""
        item = self.plot.getPlotItem()
        fg = plot_colours()[1]
        item.setTitle(title, color=fg, size="9pt")
        item.setLabel("bottom", x_label, color=fg)
        item.setLabel("left", y_label, color=fg)
        self.chance.setVisible(chance)
        self.auc = auc
        xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
        if steps and len(xs) > 1:
            xs, ys = np.repeat(xs, 2)[1:-1], np.repeat(ys[1:], 2)
        self.curve.setData(xs, ys)
        self.legend.clear()
        self.legend.addItem(self.curve, label)


class ScatterPlot(QWidget):
    """Predicted against true values with the y = x line a perfect model would sit on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.plot = make_plot(self)
        item = self.plot.getPlotItem()
        colour = QColor(PALETTE[0])
        colour.setAlpha(140)
        self.points = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(colour))
        item.addItem(self.points)
        self.identity = item.plot([], [], pen=pg.mkPen(PALETTE[3], width=1.5, style=Qt.PenStyle.DashLine))
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_pairs(self, true, pred) -> None:
        t, p = np.asarray(true, np.float64), np.asarray(pred, np.float64)
        finite = np.isfinite(t) & np.isfinite(p)
        t, p = t[finite], p[finite]
        self.points.setData(t, p)
        lo = float(min(t.min(), p.min())) if len(t) else 0.0
        hi = float(max(t.max(), p.max())) if len(t) else 1.0
        self.identity.setData([lo, hi], [lo, hi])
        item = self.plot.getPlotItem()
        fg = plot_colours()[1]
        item.setTitle(self.tr("Predicted against true"), color=fg, size="9pt")
        self.setToolTip(self.tr("Each point is one predicted value; a perfect model puts every point on the "
                                "dashed line y = x."))
        item.setLabel("bottom", self.tr("true value"), color=fg)
        item.setLabel("left", self.tr("predicted value"), color=fg)
        item.setRange(xRange=(lo, hi), yRange=(lo, hi))

"""A study's results drawn with pyqtgraph, as Optuna's own plots show them.

``ImportancePlot``: horizontal bars of parameter importance (``optuna.importance``), or, when only one
parameter varies, one bar per value with its trial's objective. ``ParallelPlot``: one vertical axis per
parameter and one for the objective, one line per complete trial, coloured from best to worst.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFontMetrics

from .plan import value_text

BAR = "#4c72b0"


def _plot(title_text: str) -> pg.PlotWidget:
    w = pg.PlotWidget(background="w")
    w.setMenuEnabled(False)
    w.setMouseEnabled(False, False)
    w.hideButtons()
    w.setMinimumSize(240, 180)
    w.getPlotItem().setTitle(title_text, color="#333", size="10pt")
    w.setAccessibleName(title_text)
    for name in ("left", "bottom"):
        w.getAxis(name).setTextPen("#333")
        w.getAxis(name).setPen("#888")
    return w


class ImportancePlot:
    """Bars; ``bars`` is the pyqtgraph item (None before a result)."""

    def __init__(self) -> None:
        self.widget = _plot(QCoreApplication.translate("SweepPlots", "Parameter importance"))
        self.bars: pg.BarGraphItem | None = None
        self.labels: list[pg.TextItem] = []

    def clear(self) -> None:
        self.widget.getPlotItem().clear()
        self.bars, self.labels = None, []

    def show_importances(self, values: dict[str, float]) -> None:
        """Optuna's importances, largest on top."""
        self.clear()
        names = sorted(values, key=values.get)
        widths = [values[n] for n in names]
        title = QCoreApplication.translate("SweepPlots", "Parameter importance (fANOVA)")
        self.widget.getPlotItem().setTitle(title, color="#333", size="10pt")
        self.bars = pg.BarGraphItem(x0=0, y=list(range(len(names))), height=0.6, width=widths, brush=BAR, pen=None)
        self.widget.addItem(self.bars)
        left = self.widget.getAxis("left")
        left.setTicks([[(i, n) for i, n in enumerate(names)]])
        # the axis does not widen for long names by itself: it would hide them
        left.setWidth(max(QFontMetrics(left.font()).horizontalAdvance(n) for n in names) + 16)
        self.widget.getAxis("bottom").setTicks(None)
        self.widget.setXRange(0, max(widths + [1e-9]) * 1.15, padding=0)
        self.widget.setYRange(-0.6, len(names) - 0.4, padding=0)
        for i, w in enumerate(widths):
            label = pg.TextItem(f"{w:.2f}", color="#333", anchor=(0, 0.5))
            label.setPos(w, i)
            self.widget.addItem(label)
            self.labels.append(label)

    def show_values(self, param: str, metric: str, pairs: list[tuple[object, float]]) -> None:
        """One parameter varies: one bar per value, its height the objective it reached."""
        self.clear()
        title = QCoreApplication.translate("SweepPlots", "%1 by %2").replace("%1", metric).replace("%2", param)
        self.widget.getPlotItem().setTitle(title, color="#333", size="10pt")
        if not pairs:
            return
        heights = [v for _label, v in pairs]
        self.bars = pg.BarGraphItem(x=list(range(len(pairs))), height=heights, width=0.6, brush=BAR, pen=None)
        self.widget.addItem(self.bars)
        self.widget.getAxis("bottom").setTicks([[(i, value_text(k)) for i, (k, _v) in enumerate(pairs)]])
        self.widget.getAxis("left").setTicks(None)
        self.widget.getAxis("left").setWidth(None)
        top = max(heights)
        self.widget.setXRange(-0.6, len(pairs) - 0.4, padding=0)
        self.widget.setYRange(min(0.0, min(heights)), top * 1.15 if top > 0 else 1.0, padding=0)
        for i, h in enumerate(heights):
            label = pg.TextItem(f"{h:.4g}", color="#333", anchor=(0.5, 1))
            label.setPos(i, h)
            self.widget.addItem(label)
            self.labels.append(label)


def _axis_positions(values: list) -> tuple[list[float], list[tuple[float, str]]]:
    """Values placed on a 0..1 axis, and the axis's labels: categories evenly, numbers linearly (log when
    they span more than a factor of 10 and are all positive, as learning rates do)."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        nums = [float(v) for v in values]
        log = min(nums) > 0 and max(nums) / min(nums) > 10
        t = [math.log10(v) for v in nums] if log else nums
        lo, hi = min(t), max(t)
        span = hi - lo or 1.0
        pos = [(x - lo) / span for x in t]
        return pos, [(0.0, f"{min(nums):.3g}"), (1.0, f"{max(nums):.3g}")] if hi > lo else [(0.5, f"{nums[0]:.3g}")]
    cats = list(dict.fromkeys(value_text(v) for v in values))
    step = 1.0 / (len(cats) - 1) if len(cats) > 1 else 0.0
    where = {c: (i * step if len(cats) > 1 else 0.5) for i, c in enumerate(cats)}
    return [where[value_text(v)] for v in values], [(where[c], c) for c in cats]


class ParallelPlot:
    """One line per complete trial across the parameters' axes and the objective's (Optuna's parallel
    coordinate plot); ``lines`` holds the curve items."""

    def __init__(self) -> None:
        self.widget = _plot(QCoreApplication.translate("SweepPlots", "Parallel coordinates"))
        self.lines: list[pg.PlotDataItem] = []

    def clear(self) -> None:
        self.widget.getPlotItem().clear()
        self.lines = []

    def show(self, params: list[str], metric: str, trials: list[tuple[dict, float]], maximize: bool) -> None:
        self.clear()
        trials = [(p, v) for p, v in trials if v is not None and all(k in p for k in params)]
        if not trials:
            return
        columns = [[p[k] for p, _v in trials] for k in params] + [[v for _p, v in trials]]
        names = params + [metric]
        placed = [_axis_positions(col) for col in columns]
        plot = self.widget
        for i in range(len(names)):
            plot.addItem(pg.InfiniteLine(pos=i, angle=90, pen=pg.mkPen("#999", width=1)))
            for y, text in placed[i][1]:
                label = pg.TextItem(text, color="#333", anchor=(0, 0.5), fill=pg.mkBrush(255, 255, 255, 210))
                label.setPos(i + 0.03, y)
                label.setZValue(10)           # above the trials' lines
                plot.addItem(label)
        objective = np.array([v for _p, v in trials], dtype=float)
        lo, hi = float(objective.min()), float(objective.max())
        cmap = pg.colormap.get("viridis")
        for j in range(len(trials)):
            share = (objective[j] - lo) / (hi - lo) if hi > lo else 1.0
            good = share if maximize else 1.0 - share          # bright yellow: the best trial
            color = QColor(cmap.map(0.15 + 0.8 * good, mode="qcolor"))
            ys = [placed[i][0][j] for i in range(len(names))]
            line = plot.plot(list(range(len(names))), ys, pen=pg.mkPen(color, width=2.5))
            self.lines.append(line)
        plot.getAxis("bottom").setTicks([[(i, n) for i, n in enumerate(names)]])
        plot.getAxis("left").setTicks([[]])
        plot.setXRange(-0.35, len(names) - 0.55, padding=0)   # room for the first axis's name
        plot.setYRange(-0.08, 1.08, padding=0)


__all__ = ["ImportancePlot", "ParallelPlot"]

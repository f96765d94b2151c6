"""Loss view: training loss per step (raw and smoothed), validation loss per epoch, the task's metric, the LR.

Earlier runs (the Runs view's selection) are drawn over the live curves, each in its own colour:
their smoothed training loss and validation loss above, their metric below. A new run resets the
live curves only, so the runs being compared stay in view.
"""

from __future__ import annotations

import csv
import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netstudio.training.run_history import SMOOTHING, smooth_debiased, smoothing_weight

from .common import PALETTE, LiveView, StableRange, curve_pen, legend_html, make_legend, make_plot, plot_colours

LR_INTERVAL = 1.0         # seconds between redraws of the learning-rate plot
METRIC_KEYS = ("val_acc", "val_reconstruction_error", "val_mae", "val_rmse", "val_perplexity", "val_d_acc")
# colours of overlaid runs: the palette minus those of the live curves (0, 1, 2) and the LR (4)
OVERLAY_COLOURS = ("#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79")


def overlay_colour(index: int) -> str:
    return OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]


class Series:
    """A growing pair of float arrays with amortised appends (the plots never copy per point)."""

    def __init__(self, capacity: int = 1024) -> None:
        self.x = np.empty(capacity, np.float64)
        self.y = np.empty(capacity, np.float64)
        self.n = 0
        self.version = 0      # bumped by every change, so a view redraws only the curves that changed

    def append(self, xs, ys) -> None:
        xs = np.asarray(xs, np.float64).ravel()
        ys = np.asarray(ys, np.float64).ravel()
        need = self.n + len(xs)
        if need > len(self.x):
            size = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:need] = xs
        self.y[self.n:need] = ys
        self.n = need
        self.version += 1

    def clear(self) -> None:
        self.n = 0
        self.version += 1

    @property
    def xs(self) -> np.ndarray:
        return self.x[:self.n]

    @property
    def ys(self) -> np.ndarray:
        return self.y[:self.n]

    def __len__(self) -> int:
        return self.n


def metric_key(keys) -> str | None:
    """The metric to show beside the loss: accuracy when there is one, else the task's own."""
    for key in METRIC_KEYS:
        if key in keys:
            return key
    return None


def metric_label(key: str) -> str:
    from ...metric_names import metric_name

    return metric_name(key)


class LossView(LiveView):
    """Loss (top), metric and learning rate (below); log-scale toggle, hover readout, PNG/CSV export."""

    # 5 redraws a second still look live and leave the training thread the interpreter most of the time
    min_interval = 0.2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loss_view")
        self.raw = Series()
        self.smooth = Series()
        self.val = Series()
        # not "metric": a Python attribute of that name shadows QWidget::metric(), which Qt calls for the DPI
        # when fonts propagate (PySide6 then calls the Series and fails, or crashes)
        self.metric_series = Series()
        self.lr = Series()
        self.epoch_rows: list[dict] = []       # for CSV: step, epoch, val_loss, metric
        self.metric_name: str | None = None
        self._drawn: dict[int, int] = {}      # id(series) -> version on screen
        self._lr_drawn = 0.0
        self._ema = 0.0           # the biased running average; divided by (1 - weight**n) when shown
        self._ema_n = 0
        self.smoothing = SMOOTHING
        self._live_extent: float | None = None    # the live run's last step (the x axis without overlays)
        self.overlays: list[dict] = []
        self.live_label = ""      # the live curves' run, named in the legend beside overlaid runs     # {"label", "colour", "items": [plot items], "curves"}

        self.log_box = QCheckBox(self)
        self.log_box.toggled.connect(self.set_log_scale)
        self.readout = QLabel(self)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.png_button = QPushButton(self)
        self.png_button.clicked.connect(self._ask_png)
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(self._ask_csv)
        bar = QHBoxLayout()
        bar.addWidget(self.log_box)
        bar.addWidget(self.readout, 1)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)

        self.plots = QWidget(self)
        self.loss_plot = make_plot(self.plots)
        self.metric_plot = make_plot(self.plots)
        self.lr_plot = make_plot(self.plots)
        # not x-linked: pyqtgraph links views by screen position, which misaligns plots of different widths
        self.metric_plot.setMinimumHeight(90)
        self.lr_plot.setMinimumHeight(90)
        fg = plot_colours()[1]
        li = self.loss_plot.getPlotItem()
        self.loss_range = StableRange(self.loss_plot, floor_zero=True)
        self.metric_range = StableRange(self.metric_plot)
        self.lr_range = StableRange(self.lr_plot, floor_zero=True)
        self.legend = make_legend(self)
        self.raw_curve = li.plot(pen=pg.mkPen("#9ecae1", width=1.0))
        self.smooth_curve = li.plot(pen=curve_pen(0, 2.2), name="")
        self.val_curve = li.plot(pen=curve_pen(1, 2.0), symbol="o", symbolSize=7, symbolBrush=pg.mkBrush("#ff7f0e"),
                                 name="")
        self.metric_curve = self.metric_plot.getPlotItem().plot(pen=curve_pen(2, 2.0), symbol="o", symbolSize=6,
                                                                symbolBrush=pg.mkBrush("#2ca02c"))
        self.lr_curve = self.lr_plot.getPlotItem().plot(pen=curve_pen(4, 1.5))
        for curve in (self.raw_curve, self.smooth_curve, self.lr_curve):
            curve.setSkipFiniteCheck(True)      # NaN/inf end a run anyway; the check costs a pass per redraw
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(fg, width=0.8,
                                                                                  style=Qt.PenStyle.DashLine))
        self.cursor_line.setVisible(False)
        li.addItem(self.cursor_line, ignoreBounds=True)
        self._mouse_proxy = pg.SignalProxy(self.loss_plot.scene().sigMouseMoved, rateLimit=30,
                                           slot=self._mouse_moved)

        below = QHBoxLayout()
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.metric_plot)
        below.addWidget(self.lr_plot)
        grid = QVBoxLayout(self.plots)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.loss_plot, 3)
        grid.addLayout(below, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.legend)
        layout.addWidget(self.plots, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Loss")

    def retranslate(self) -> None:
        self.log_box.setText(self.tr("Log scale"))
        self.png_button.setText(self.tr("Export PNG…"))
        self.csv_button.setText(self.tr("Export CSV…"))
        fg = plot_colours()[1]
        self.loss_plot.getPlotItem().setTitle(self.tr("Loss"), color=fg, size="10pt")
        self.loss_plot.getPlotItem().setLabel("bottom", self.tr("step"), color=fg)
        self.lr_plot.getPlotItem().setTitle(self.tr("Learning rate"), color=fg, size="9pt")
        self._set_metric_title()
        self._set_legend()

    def _set_legend(self) -> None:
        entries = [("#9ecae1", "━", self.tr("training (per step)")),
                   (PALETTE[0], "━", self.tr("training (smoothed)")),
                   (PALETTE[1], "●", self.tr("validation (per epoch)"))]
        if self.overlays:
            live = self.tr("%1 (live)").replace("%1", self.live_label) if self.live_label else self.tr("live run")
            entries = [(PALETTE[0], "━", live), (PALETTE[1], "●", self.tr("its validation"))] if len(self.raw) else []
            entries += [(o["colour"], "━", o["label"]) for o in self.overlays]
        self.legend.setText(legend_html(entries))

    def _set_metric_title(self) -> None:
        key = self.metric_name or next((o["curves"].metric_name for o in self.overlays if o["curves"].metric_name),
                                       None)
        name = metric_label(key) if key else self.tr("metric")
        self.metric_plot.getPlotItem().setTitle(self.tr("Validation %1").replace("%1", name),
                                                color=plot_colours()[1], size="9pt")

    # ----- data -----
    def reset(self) -> None:
        for s in (self.raw, self.smooth, self.val, self.metric_series, self.lr):
            s.clear()
        self.epoch_rows = []
        self.metric_name = None
        self._ema, self._ema_n = 0.0, 0
        self.smoothing = SMOOTHING
        self._live_extent = None
        self._set_metric_title()
        self.readout.setText("")
        self._drawn.clear()
        for r in (self.loss_range, self.metric_range, self.lr_range):
            r.reset()
        if self.overlays:      # the runs being compared stay in view, and in the axes
            self._fit_overlays()
        super().reset()

    def set_x_extent(self, last_step: int) -> None:
        """The run ends at this global step: the loss plot's x axis spans it from the start."""
        self.smoothing = smoothing_weight(last_step)
        self._live_extent = float(last_step)
        for r in (self.loss_range, self.metric_range, self.lr_range):
            r.set_x_extent(max([last_step] + [o["last_step"] for o in self.overlays]))

    def on_step(self, event) -> None:
        losses = event.values.get("loss")
        if not losses:
            return
        steps = np.arange(event.first_step, event.first_step + len(losses))
        self.raw.append(steps, losses)
        smoothed = np.empty(len(losses))
        ema, n, w = self._ema, self._ema_n, self.smoothing
        for i, v in enumerate(losses):   # tens of values per event: a Python loop is cheap here
            if not math.isfinite(v):
                smoothed[i] = v
                continue
            # TensorBoard's debiased average: starting at 0 and dividing by (1 - w**n) weighs the first
            # values no more than later ones (starting at the first value made short runs lag far behind)
            n += 1
            ema = w * ema + (1 - w) * v
            smoothed[i] = ema / (1 - w ** n)
        self._ema, self._ema_n = ema, n
        self.smooth.append(steps, smoothed)
        self.lr.append([event.step], [event.lr])
        self.dirty = True

    def on_epoch(self, event) -> None:
        if event.val_loss is not None:
            self.val.append([event.step], [event.val_loss])
        values = dict(event.metrics)
        if event.val_acc is not None:
            values["val_acc"] = event.val_acc
        key = self.metric_name or metric_key(values)
        if key is not None and key != self.metric_name:
            self.metric_name = key
            self._set_metric_title()
        if key is not None and values.get(key) is not None:
            self.metric_series.append([event.step], [values[key]])
        self.epoch_rows.append({"step": event.step, "epoch": event.epoch, "val_loss": event.val_loss,
                                "metric": values.get(key) if key else None})
        self.dirty = True

    def refresh(self) -> None:
        # only curves whose data changed: every setData repaints that plot, axes included
        lr_waiting = False
        for curve, series in ((self.raw_curve, self.raw), (self.smooth_curve, self.smooth), (self.val_curve, self.val),
                              (self.metric_curve, self.metric_series), (self.lr_curve, self.lr)):
            if self._drawn.get(id(series)) != series.version:
                if series is self.lr and time.perf_counter() - self._lr_drawn < LR_INTERVAL and \
                        len(series) > 1 and self._drawn.get(id(series)) is not None:
                    lr_waiting = True  # the learning rate moves slowly: its plot redraws once a second
                    continue
                if series is self.lr:
                    self._lr_drawn = time.perf_counter()
                self._drawn[id(series)] = series.version
                curve.setData(series.xs, series.ys)
                if series is self.raw:
                    self.loss_range.update(series.ys[-512:] if self.loss_range.y is not None else series.ys)
                elif series is self.lr:
                    self.lr_range.update(series.ys[-64:] if self.lr_range.y is not None else series.ys)
                elif series is self.metric_series:
                    self.metric_range.update(series.ys)
        super().refresh()
        # still dirty: the clock comes back, so the last learning rates of a run are drawn too
        self.dirty = lr_waiting

    # ----- earlier runs drawn over the live curves -----
    def set_overlays(self, runs: list[tuple[str, object]], live_label: str = "") -> None:
        """Draw these runs over the live curves: ``(label, run_history.RunCurves)`` each, in its own colour.

        An empty list removes them. The live curves are untouched; ``live_label`` names their run.
        """
        self.live_label = live_label
        loss_item, metric_item = self.loss_plot.getPlotItem(), self.metric_plot.getPlotItem()
        for overlay in self.overlays:
            for plot, item in zip((loss_item, loss_item, metric_item), overlay["items"]):
                plot.removeItem(item)
        self.overlays = []
        for i, (label, curves) in enumerate(runs):
            colour = overlay_colour(i)
            pen = pg.mkPen(colour, width=2.0)
            dashed = pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DashLine)
            weight = smoothing_weight(len(curves.steps))
            items = [loss_item.plot(curves.steps, smooth_debiased(curves.loss, weight), pen=pen),
                     loss_item.plot(curves.val_steps, curves.val_loss, pen=dashed, symbol="o", symbolSize=6,
                                    symbolBrush=pg.mkBrush(colour)),
                     metric_item.plot(curves.metric_steps, curves.metric, pen=pen, symbol="o", symbolSize=5,
                                      symbolBrush=pg.mkBrush(colour))]
            last = max([0.0] + [float(a.max()) for a in (curves.steps, curves.val_steps) if len(a)])
            self.overlays.append({"label": label, "colour": colour, "items": items, "curves": curves,
                                  "last_step": last})
        self._fit_overlays()
        self._set_legend()
        self._set_metric_title()

    def _fit_overlays(self) -> None:
        """Axes that show the live run and every overlaid run whole."""
        live_last = self._live_extent or (float(self.raw.xs[-1]) if len(self.raw) else 0.0)
        last = max([live_last] + [o["last_step"] for o in self.overlays])
        if last > 0:
            for r in (self.loss_range, self.metric_range, self.lr_range):
                r.set_x_extent(last)
        self.loss_range.y = self.metric_range.y = None
        losses = [self.raw.ys] + [o["items"][0].yData for o in self.overlays] + \
            [o["curves"].val_loss for o in self.overlays]
        metrics = [self.metric_series.ys] + [o["curves"].metric for o in self.overlays]
        for r, parts in ((self.loss_range, losses), (self.metric_range, metrics)):
            parts = [np.asarray(p, np.float64) for p in parts if p is not None and len(p)]
            if parts:
                r.update(np.concatenate(parts))

    # ----- interaction -----
    @Slot(bool)
    def set_log_scale(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=on)
        self.loss_range.y = None
        if not on:
            self.loss_range.update(self.raw.ys)
        if self.log_box.isChecked() != on:
            self.log_box.setChecked(on)

    def readout_at(self, x: float) -> str:
        """The text for the step nearest to ``x``: step, raw and smoothed loss, learning rate."""
        if not len(self.raw):
            return ""
        i = int(np.clip(np.searchsorted(self.raw.xs, x), 0, len(self.raw) - 1))
        if i > 0 and abs(self.raw.xs[i - 1] - x) < abs(self.raw.xs[i] - x):
            i -= 1
        step = int(self.raw.xs[i])
        parts = [self.tr("step %1").replace("%1", str(step)),
                 self.tr("loss %1").replace("%1", f"{self.raw.ys[i]:.4g}"),
                 self.tr("smoothed %1").replace("%1", f"{self.smooth.ys[i]:.4g}")]
        if len(self.lr):
            j = int(np.clip(np.searchsorted(self.lr.xs, step), 0, len(self.lr) - 1))
            parts.append(self.tr("lr %1").replace("%1", f"{self.lr.ys[j]:.3g}"))
        return " · ".join(parts)

    def _mouse_moved(self, args) -> None:
        pos = args[0]
        item = self.loss_plot.getPlotItem()
        if not item.sceneBoundingRect().contains(pos):
            return
        x = item.vb.mapSceneToView(pos).x()
        text = self.readout_at(x)
        if text:
            self.cursor_line.setPos(x)
            self.cursor_line.setVisible(True)
            self.readout.setText(text)

    def export_png(self, path: str) -> bool:
        """The three plots as one PNG."""
        return self.plots.grab().save(path, "PNG")

    def export_csv(self, path: str) -> None:
        """One row per step: step, loss, smoothed loss, learning rate, and at epoch ends val loss and metric."""
        lr_steps, lr_values = self.lr.xs, self.lr.ys
        by_step = {int(r["step"]): r for r in self.epoch_rows}
        with open(path, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["step", "loss", "smoothed_loss", "lr", "epoch", "val_loss", self.metric_name or "metric"])
            for x, y, s in zip(self.raw.xs, self.raw.ys, self.smooth.ys):
                step = int(x)
                j = int(np.clip(np.searchsorted(lr_steps, step), 0, max(len(lr_steps) - 1, 0)))
                lr = f"{lr_values[j]:.6g}" if len(lr_values) else ""
                row = by_step.get(step)
                out.writerow([step, f"{y:.6g}", f"{s:.6g}", lr,
                              row["epoch"] if row else "",
                              "" if not row or row["val_loss"] is None else f"{row['val_loss']:.6g}",
                              "" if not row or row["metric"] is None else f"{row['metric']:.6g}"])

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the loss plots"), "loss.png", "PNG (*.png)")
        if path:
            self.export_png(path)

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the loss values"), "loss.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)

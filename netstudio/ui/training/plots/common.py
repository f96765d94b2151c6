"""What every live view shares: the base class, the 30 Hz redraw clock, plot styling and image mosaics.

Views receive the engine's events as plain method calls from the controller (in the GUI thread),
store what they need in buffers and set ``dirty``; the clock redraws dirty views about 30 times a
second. pyqtgraph items are created once and only ever get ``setData``/``setImage``.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

REFRESH_MS = 33

# Tableau-10: distinguishable, readable on white and on dark grey
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def dark_ui() -> bool:
    """True when the application palette is dark (the offscreen platform reports light)."""
    app = QApplication.instance()
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 110


def plot_colours() -> tuple[str, str]:
    """(background, foreground) for plots that match the window."""
    return ("#202124", "#e8eaed") if dark_ui() else ("#ffffff", "#303030")


def make_plot(parent: QWidget | None = None, *, left: str = "", bottom: str = "") -> pg.PlotWidget:
    """A PlotWidget styled like the window, with peak downsampling and clip-to-view on its PlotItem.

    pyqtgraph's ``addItem`` overwrites per-curve downsampling options, so they are set on the
    PlotItem, where they apply to every curve added later.
    """
    bg, fg = plot_colours()
    widget = pg.PlotWidget(parent, background=bg)
    item = widget.getPlotItem()
    item.setDownsampling(auto=True, mode="peak")
    item.setClipToView(True)
    # No grid: grid lines make each axis cover the whole plot, so every curve update would repaint
    # (replay) both axes; without it a curve update repaints only the data area.
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
    if left:
        item.setLabel("left", left, color=fg)
    if bottom:
        item.setLabel("bottom", bottom, color=fg)
    widget.setMenuEnabled(False)
    widget.setMinimumHeight(120)
    return widget


def make_image_view(parent: QWidget | None = None) -> tuple[pg.GraphicsLayoutWidget, pg.ViewBox, pg.ImageItem]:
    """A bare view (no axes) holding one row-major ImageItem, aspect locked, y pointing down."""
    bg, _ = plot_colours()
    widget = pg.GraphicsLayoutWidget(parent)
    widget.setBackground(bg)
    box = widget.addViewBox(lockAspect=True, invertY=True, enableMenu=False)
    box.setMouseEnabled(False, False)
    image = pg.ImageItem(axisOrder="row-major")
    box.addItem(image)
    widget.setMinimumSize(120, 120)
    return widget, box, image


class StableRange:
    """Axis ranges that change rarely: x spans the whole run (known at start), y only grows.

    pyqtgraph's auto-range moves the axes with every new point, and each move regenerates the
    tick labels (several ms each, in the GUI thread, which the training thread then waits for).
    """

    def __init__(self, plot: pg.PlotWidget, floor_zero: bool = False) -> None:
        self.item = plot.getPlotItem()
        self.floor_zero = floor_zero
        self.x_extent: float | None = None
        self.y: tuple[float, float] | None = None

    def reset(self) -> None:
        self.y = None
        self.x_extent = None
        self.item.enableAutoRange()

    def set_x_extent(self, last_step: float) -> None:
        self.x_extent = float(max(last_step, 1))
        self.item.setXRange(0, self.x_extent, padding=0.01)

    def update(self, ys: np.ndarray) -> None:
        """Widen the y range when the data leave it (with 10% room); never narrow it while training."""
        if self.item.getAxis("left").logMode:
            self.item.enableAutoRange(axis="y")
            return
        finite = ys[np.isfinite(ys)]
        if not len(finite):
            return
        lo, hi = float(finite.min()), float(finite.max())
        if self.floor_zero and lo >= 0:
            lo = 0.0
        if self.y is not None and self.y[0] <= lo and hi <= self.y[1]:
            return
        if self.y is not None:
            lo, hi = min(lo, self.y[0]), max(hi, self.y[1])
        room = (hi - lo) * 0.1 or max(abs(hi) * 0.1, 1e-3)
        self.y = (lo if self.floor_zero and lo == 0 else lo - room, hi + room)
        self.item.setYRange(*self.y, padding=0)


def legend_html(entries: list[tuple[str, str, str]]) -> str:
    """Rich text for a legend above a plot: ``(colour, symbol, text)`` per entry. Outside the plot it
    never hides data, as a legend inside the plot does when a curve runs through its corner."""
    return "&nbsp;&nbsp;&nbsp;".join(f"<span style='color:{colour}; font-weight:bold'>{symbol}</span>&nbsp;{text}"
                                     for colour, symbol, text in entries)


def make_legend(parent: QWidget | None = None):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def curve_pen(index: int, width: float = 1.5, alpha: int = 255):
    colour = QColor(PALETTE[index % len(PALETTE)])
    colour.setAlpha(alpha)
    return pg.mkPen(colour, width=width)


def to_uint8(images: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Scale to 0..255 with fixed bounds (so the picture does not flicker with the data's range)."""
    x = np.asarray(images, dtype=np.float32)
    lo = float(np.nanmin(x)) if lo is None else lo
    hi = float(np.nanmax(x)) if hi is None else hi
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    return np.clip(np.nan_to_num((x - lo) * scale), 0, 255).astype(np.uint8)


def mosaic(images: np.ndarray, ncol: int | None = None, pad: int = 1, pad_value: int = 0) -> np.ndarray:
    """(N, C, H, W) uint8 images (C = 1 or 3) -> one (rows, cols) or (rows, cols, 3) uint8 picture.

    Tiles go left to right, top to bottom, ``pad`` pixels apart; ``ncol`` defaults to a near-square grid.
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[:, None]
    n, c, h, w = images.shape
    if n == 0:
        return np.zeros((h or 1, w or 1), np.uint8)
    ncol = ncol or int(np.ceil(np.sqrt(n)))
    nrow = int(np.ceil(n / ncol))
    out = np.full((nrow * (h + pad) + pad, ncol * (w + pad) + pad, c), pad_value, np.uint8)
    for i in range(n):
        r, q = divmod(i, ncol)
        y, x = pad + r * (h + pad), pad + q * (w + pad)
        out[y:y + h, x:x + w] = images[i].transpose(1, 2, 0)
    return out[..., 0] if c == 1 else out


def tile_at(x: float, y: float, n: int, ncol: int, h: int, w: int, pad: int = 1) -> int | None:
    """The index of the mosaic tile under image pixel (x, y), or None (padding, outside)."""
    q, rx = divmod(int(x) - pad, w + pad)
    r, ry = divmod(int(y) - pad, h + pad)
    if x < pad or y < pad or rx >= w or ry >= h or q >= ncol:
        return None
    index = r * ncol + q
    return index if 0 <= index < n else None


def images_for_display(images: np.ndarray) -> np.ndarray:
    """(N, C, H, W) images in [0, 1]; C other than 1 and 3 shows the first channel."""
    x = np.asarray(images, dtype=np.float32)
    if x.ndim == 3:
        x = x[:, None]
    if x.shape[1] not in (1, 3):
        x = x[:, :1]
    return to_uint8(x, 0.0, 1.0)


class LiveView(QWidget):
    """Base of every live view. The controller calls the ``on_*`` methods; the clock calls ``refresh``.

    ``title`` is the tab's (translated) name; ``tasks`` lists the task kinds the view is for
    (empty: all tasks). Views that draw a picture of the model set ``shown_step`` to the global
    step of the snapshot whose pixels are on screen (None: nothing drawn yet), so a caller can
    tell which model state a picture shows; ``dirty`` only says new data has not been drawn yet.
    """

    tasks: tuple[str, ...] = ()
    min_interval = 0.0        # seconds between redraws at most (the clock skips a dirty view until then)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self.redraws = 0          # how many times the view repainted its items (tests, benchmark)
        self.last_redraw = 0.0
        self.shown_step: int | None = None   # the training step of the picture on screen

    def title(self) -> str:
        return self.objectName()

    def applies_to(self, task_kind: str) -> bool:
        return not self.tasks or task_kind in self.tasks

    def reset(self) -> None:
        """Forget everything (a new run from scratch)."""
        self.shown_step = None
        self.dirty = True

    def on_started(self, event) -> None: ...

    def on_step(self, event) -> None: ...

    def on_epoch(self, event) -> None: ...

    def on_snapshot(self, event) -> None: ...

    def on_test(self, event) -> None: ...

    def on_ended(self, event, trainer) -> None: ...

    def refresh(self) -> None:
        """Redraw from the buffers (only called when ``dirty``)."""
        self.dirty = False
        self.redraws += 1


class RefreshClock(QObject):
    """One ~30 Hz timer for all views: redraws those with new data, so a burst of events costs one redraw."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.views: list[LiveView] = []
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def add(self, view: LiveView) -> None:
        self.views.append(view)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def tick(self) -> None:
        now = time.perf_counter()
        for view in self.views:
            # a view in a hidden tab keeps its buffers up to date and redraws when it is shown
            if view.dirty and now - view.last_redraw >= view.min_interval and view.isVisible():
                view.last_redraw = now
                view.refresh()

"""Decision boundary for 2-D point datasets: the class regions as a heatmap and the training points on top."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .common import PALETTE, LiveView, make_plot

_RGB = np.array([[QColor(c).red(), QColor(c).green(), QColor(c).blue()] for c in PALETTE], np.float32) / 255.0


def region_image(probs: np.ndarray) -> np.ndarray:
    """(G, G, C) class probabilities -> (G, G, 3) uint8: each class's colour, paler where the model is unsure."""
    cls = probs.argmax(-1)
    conf = probs.max(-1)[..., None]
    c = probs.shape[-1]
    sure = (conf - 1.0 / c) / (1.0 - 1.0 / c + 1e-9)          # 0 at chance, 1 when certain
    strength = 0.15 + 0.45 * np.clip(sure, 0, 1)
    rgb = _RGB[cls % len(_RGB)] * strength + (1 - strength)
    return (rgb * 255).astype(np.uint8)


class BoundaryView(LiveView):
    tasks = ("classify",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundary_view")
        self.boundary: dict | None = None
        self.step = 0
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)   # a one-line caption would make the dock 760 px wide
        self.plot = make_plot(self)
        pi = self.plot.getPlotItem()
        pi.setAspectLocked(True)
        self.heat = pg.ImageItem(axisOrder="row-major")
        pi.addItem(self.heat)
        self.points = pg.ScatterPlotItem(size=5, pen=pg.mkPen("#ffffff", width=0.6))
        pi.addItem(self.points)
        self._labels_drawn: np.ndarray | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Decision boundary")

    def retranslate(self) -> None:
        if self.boundary is None:
            self.caption.setText(self.tr("For 2-D point datasets: the class the model picks at every point of the "
                                         "plane (pale where it is unsure), with the training points."))
        else:
            self.caption.setText(self.tr("Class regions at step %1; points are the training data")
                                 .replace("%1", str(self.step)))

    def reset(self) -> None:
        self.boundary = None
        self._labels_drawn = None
        self.heat.clear()
        self.points.clear()
        self.retranslate()
        super().reset()

    def on_snapshot(self, event) -> None:
        b = event.data.get("boundary")
        if b:
            self.boundary = b
            self.step = event.step
            self.dirty = True

    def refresh(self) -> None:
        b = self.boundary
        if b is not None:
            probs = np.asarray(b["probs"])
            (x0, x1), (y0, y1) = b["x_range"], b["y_range"]
            self.heat.setImage(region_image(probs), levels=(0, 255), autoLevels=False)
            self.heat.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))   # row 0 is y0: the plot's y grows upwards
            self.shown_step = self.step
            labels = np.asarray(b["labels"]).astype(int)
            if self._labels_drawn is None or not np.array_equal(labels, self._labels_drawn):
                pts = np.asarray(b["points"])
                brushes = [pg.mkBrush(PALETTE[i % len(PALETTE)]) for i in range(len(PALETTE))]
                self.points.setData(pts[:, 0], pts[:, 1], brush=[brushes[v % len(brushes)] for v in labels])
                self._labels_drawn = labels
                self.plot.getPlotItem().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.retranslate()
        super().refresh()

"""The inputs of "Try it": a drawing pad for images and a clickable plane for 2-D points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .boundary import region_image
from .common import PALETTE, make_plot

PAD_SIZE = 224
STROKE = 18          # at 224 px this becomes about 2 px at 28 px, like MNIST's pen
REGION_GRID = 96     # decision regions: 96 x 96 model evaluations, a few ms for a small MLP


def qimage_to_array(image: QImage) -> np.ndarray:
    """A QImage as (H, W) uint8 grey values."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = grey.width(), grey.height()
    buf = np.frombuffer(grey.constBits(), np.uint8, count=grey.bytesPerLine() * h)
    return buf.reshape(h, grey.bytesPerLine())[:, :w].copy()


def fit_drawing(grey: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A drawing (white on black) cropped to its ink, scaled into the middle 70% and centred, as MNIST is."""
    h, w = size
    ys, xs = np.nonzero(grey > 20)
    if len(xs) == 0:
        return np.zeros((h, w), np.uint8)
    crop = np.ascontiguousarray(grey[ys.min():ys.max() + 1, xs.min():xs.max() + 1])
    ch, cw = crop.shape
    box = 0.7 * min(h, w)
    scale = box / max(ch, cw)
    nh, nw = max(1, int(round(ch * scale))), max(1, int(round(cw * scale)))
    image = QImage(crop.data, cw, ch, cw, QImage.Format.Format_Grayscale8)
    small = qimage_to_array(image.scaled(nw, nh, Qt.AspectRatioMode.IgnoreAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
    out = np.zeros((h, w), np.uint8)
    top, left = (h - nh) // 2, (w - nw) // 2
    out[top:top + nh, left:left + nw] = small
    return out


class DrawPad(QWidget):
    """White ink on black. ``drawn`` after each stroke; ``file_dropped(path)`` for a dropped image."""

    drawn = Signal()
    file_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(PAD_SIZE, PAD_SIZE)
        self.setAcceptDrops(True)
        self.image = QImage(PAD_SIZE, PAD_SIZE, QImage.Format.Format_Grayscale8)
        self.image.fill(0)
        self._last: QPointF | None = None

    def clear(self) -> None:
        self.image.fill(0)
        self.update()

    def stroke(self, points: list[tuple[float, float]]) -> None:
        """Draw a polyline (pad coordinates); what a mouse drag does, callable from tests."""
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255), STROKE, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for a, b in zip(points, points[1:] or points):
            painter.drawLine(QPointF(*a), QPointF(*b))
        painter.end()
        self.update()

    def array(self) -> np.ndarray:
        return qimage_to_array(self.image)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = event.position()
            self.stroke([(self._last.x(), self._last.y())])

    def mouseMoveEvent(self, event) -> None:
        if self._last is not None:
            p = event.position()
            self.stroke([(self._last.x(), self._last.y()), (p.x(), p.y())])
            self._last = p

    def mouseReleaseEvent(self, _event) -> None:
        if self._last is not None:
            self._last = None
            self.drawn.emit()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.file_dropped.emit(urls[0].toLocalFile())
            event.acceptProposedAction()


class PointPlane(QWidget):
    """The data's plane: the class regions the model draws, the training points, and the point clicked.

    ``clicked(x, y)`` gives data coordinates.
    """

    clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.plot = make_plot(self)
        self.plot.setMinimumSize(220, 220)
        pi = self.plot.getPlotItem()
        pi.setAspectLocked(False)
        pi.setMouseEnabled(False, False)    # a click picks a point; dragging would only move the view
        pi.hideButtons()
        self.regions = pg.ImageItem(axisOrder="row-major")
        pi.addItem(self.regions)
        self.points = pg.ScatterPlotItem(size=4, pen=pg.mkPen("#ffffff", width=0.4))
        pi.addItem(self.points)
        self.marker = pg.ScatterPlotItem(size=16, symbol="star", pen=pg.mkPen("#000000", width=1.2))
        pi.addItem(self.marker)
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_data(self, extent, probs: np.ndarray | None, points=None, labels=None) -> None:
        """``probs`` (G, G, C) over ``extent`` [[x0, x1], [y0, y1]], row 0 at y0."""
        (x0, x1), (y0, y1) = extent
        if probs is not None:
            self.regions.setImage(region_image(probs), levels=(0, 255), autoLevels=False)
            self.regions.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        if points is not None and len(points):
            pts = np.asarray(points, np.float32)
            brushes = [pg.mkBrush(c) for c in PALETTE]
            self.points.setData(pts[:, 0], pts[:, 1],
                                brush=[brushes[int(v) % len(brushes)] for v in (labels or [0] * len(pts))])
        self.plot.getPlotItem().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def mark(self, x: float, y: float, cls: int) -> None:
        self.marker.setData([x], [y], brush=pg.mkBrush(PALETTE[cls % len(PALETTE)]))

    def clear(self) -> None:
        self.regions.clear()
        self.points.clear()
        self.marker.clear()

    def view_pos(self, x: float, y: float):
        """The plot viewport's pixel (QPoint) showing a data point (tests click there)."""
        vb = self.plot.getPlotItem().getViewBox()
        return self.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))

    def _scene_clicked(self, event) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if event.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        self.clicked.emit(float(p.x()), float(p.y()))

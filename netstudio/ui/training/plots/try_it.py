"""Try it: draw a digit with the mouse (or drop an image file) and see what the trained classifier says."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .common import LiveView, make_plot

PAD_SIZE = 224
STROKE = 18          # at 224 px this becomes about 2 px at 28 px, like MNIST's pen


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


class TryItView(LiveView):
    """Enabled after training an image classifier; uses the trained model in memory."""

    tasks = ("classify",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("try_it_view")
        self.model = None
        self.meta: dict = {}
        self.probs: np.ndarray | None = None
        self.pad = DrawPad(self)
        self.pad.drawn.connect(self.predict_drawing)
        self.pad.file_dropped.connect(self.predict_file)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        font = self.result.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.result.setFont(font)
        self.plot = make_plot(self)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush("#1f77b4"))
        self.plot.getPlotItem().addItem(self.bars)
        self.plot.getPlotItem().setYRange(0, 1)
        left = QVBoxLayout()
        left.addWidget(self.pad)
        left.addWidget(self.clear_button)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.hint)
        right.addWidget(self.result)
        right.addWidget(self.plot, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.retranslate()
        self.set_model(None, {})

    def title(self) -> str:
        return self.tr("Try it")

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        if self.model is None:
            self.hint.setText(self.tr("After training an image classifier, draw a digit here with the mouse or "
                                      "drop an image file on the pad to see what the model predicts."))
        else:
            self.hint.setText(self.tr("Draw with the mouse (white on black) or drop an image file on the pad."))

    def set_model(self, model, meta: dict) -> None:
        """``meta``: class_names, mean, std and sample_shape (C, H, W) of the training data."""
        self.model = model
        self.meta = dict(meta or {})
        self.pad.setEnabled(model is not None)
        self.clear_button.setEnabled(model is not None)
        self.retranslate()

    def clear(self) -> None:
        self.pad.clear()
        self.probs = None
        self.result.setText("")
        self.dirty = True

    def predict_drawing(self) -> np.ndarray | None:
        if self.model is None:
            return None
        c, h, w = self.meta["sample_shape"]
        grey = fit_drawing(self.pad.array(), (h, w))
        return self.predict(np.repeat(grey[None], c, 0))

    def predict_file(self, path: str) -> np.ndarray | None:
        if self.model is None:
            return None
        from netstudio.core.errors import NetStudioError
        from netstudio.training.datasets.image_folder import load_image

        c, h, w = self.meta["sample_shape"]
        try:
            image = load_image(path, c, (h, w))
        except NetStudioError as exc:
            self.result.setText(str(exc))
            return None
        # show the file on the pad so the user sees what was classified
        grey = image.mean(0).astype(np.uint8)
        pic = QImage(np.ascontiguousarray(grey).data, w, h, w, QImage.Format.Format_Grayscale8)
        self.pad.image = pic.scaled(PAD_SIZE, PAD_SIZE).convertToFormat(QImage.Format.Format_Grayscale8)
        self.pad.update()
        return self.predict(image)

    def predict(self, image: np.ndarray) -> np.ndarray:
        """Class probabilities for one (C, H, W) uint8 image, normalised as the training data was."""
        import torch

        x = torch.from_numpy(np.array(image, dtype=np.uint8)).float().div_(255)[None]   # a writable copy
        mean, std = self.meta.get("mean"), self.meta.get("std")
        if mean is not None and std is not None:
            x = (x - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
        model = self.model
        device = next(model.parameters()).device
        model.eval()
        with torch.no_grad():
            out = model(x.to(device)).float().cpu()
        if out.dim() == 1 or out.shape[-1] == 1:
            p1 = torch.sigmoid(out.reshape(-1))
            probs = torch.stack([1 - p1, p1], 1)[0]
        else:
            probs = out.softmax(1)[0]
        self.probs = probs.numpy()
        names = self.meta.get("class_names") or [str(i) for i in range(len(self.probs))]
        best = int(self.probs.argmax())
        self.result.setText(self.tr("Prediction: %1 (%2)").replace("%1", names[best])
                            .replace("%2", f"{self.probs[best]:.0%}"))
        self.dirty = True
        return self.probs

    def refresh(self) -> None:
        if self.probs is None:
            self.bars.setOpts(x=[], height=[])
        else:
            names = self.meta.get("class_names") or [str(i) for i in range(len(self.probs))]
            self.bars.setOpts(x=np.arange(len(self.probs)), height=self.probs, width=0.7)
            if len(names) <= 30:
                self.plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        super().refresh()

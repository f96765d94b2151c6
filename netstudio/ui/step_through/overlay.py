"""What the step-through draws on the canvas: a card under each node reached so far (its tensor as feature-map
tiles, bars or a heat map, with min/mean/max, and after backward its gradient norms), and a ring around the
current node.

Separate scene items, not part of the editor's node items: the editor's files stay untouched and the cards
sit above every node (z 60), so a card never hides under the node below it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPen
from PySide6.QtWidgets import QGraphicsItem

from netstudio.ui.editor.theme import NODE_WIDTH

if TYPE_CHECKING:   # annotations only: numpy is imported where arrays are drawn
    import numpy as np

CARD_WIDTH = 192.0
TILE = 38.0          # feature-map tiles, in scene units (4 to a row)
BARS_HEIGHT = 40.0
PAD = 6.0
LINE = 13.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepThrough", text)


def _num(v: float | None) -> str:
    if v is None:
        return "–"
    if not math.isfinite(v):
        return str(v)
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e4 or v == 0 else f"{v:.2e}"


def grey_image(a: np.ndarray) -> QImage:
    """A (H, W) array in [0, 1] as an 8-bit grey QImage that owns its pixels."""
    import numpy as np   # here: this module is imported with the window, numpy is not needed before the paint

    u8 = np.ascontiguousarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
    h, w = u8.shape
    return QImage(u8.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


_FONT: list[QFont] = []


def _font() -> QFont:
    if not _FONT:
        f = QFont()
        f.setPointSizeF(7.5)
        _FONT.append(f)
    return _FONT[0]


def _fitting_font(text: str, width: float) -> QFont:
    """The card's font, made smaller (down to 70%) when ``text`` would not fit ``width``."""
    from PySide6.QtGui import QFontMetricsF

    font = _font()
    wide = QFontMetricsF(font).horizontalAdvance(text)
    if wide <= width:
        return font
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * max(0.7, width / wide))
    return small


class TensorCard(QGraphicsItem):
    """One node's output on the batch, under the node; ``set_grad`` adds the backward pass's norms."""

    def __init__(self, tensor) -> None:
        super().__init__()
        self.tensor = tensor
        self.grad = None
        self.images: list[QImage] = []
        self.setZValue(60)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if tensor.picture is not None and tensor.kind in ("maps", "sequence"):
            self.images = [grey_image(p) for p in tensor.picture]
        self._height = self._layout_height()

    # ----- layout -----
    def _picture_height(self) -> float:
        t = self.tensor
        if t.kind == "maps" and self.images:
            rows = math.ceil(len(self.images) / 4)
            return rows * (self._tile_size()[1] + 2)
        if t.kind == "sequence" and self.images:
            return min(60.0, max(20.0, self._seq_size()[1]))
        if t.kind == "vector" and t.picture is not None:
            return BARS_HEIGHT
        return 0.0

    def _tile_size(self) -> tuple[float, float]:
        img = self.images[0]
        scale = TILE / max(img.width(), img.height())
        return img.width() * scale, img.height() * scale

    def _seq_size(self) -> tuple[float, float]:
        img = self.images[0]
        w = CARD_WIDTH - 2 * PAD
        return w, min(60.0, img.height() * w / max(img.width(), 1))

    def _layout_height(self) -> float:
        lines = 2 + (1 if self.grad is not None else 0)
        pic = self._picture_height()
        return PAD + lines * LINE + (pic + 4 if pic else 0) + PAD

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, self._height)

    def place_under(self, node_item) -> None:
        """Under the node (below the live indicator's place), centred."""
        height = float(getattr(node_item, "height", 60.0))
        p = node_item.scenePos()
        self.setPos(QPointF(p.x() + (NODE_WIDTH - CARD_WIDTH) / 2, p.y() + height + 22.0))

    def set_grad(self, grad) -> None:
        self.prepareGeometryChange()
        self.grad = grad
        self._height = self._layout_height()
        self.update()

    # ----- text shown (and tested) -----
    def lines(self) -> list[str]:
        t = self.tensor
        shape = "×".join(str(s) for s in t.shape) or QCoreApplication.translate("StepThrough", "one number")
        if t.kind == "maps" and t.channels > len(self.images):
            shape += " " + QCoreApplication.translate("StepThrough", "(first %1 maps)").replace("%1", str(len(self.images)))
        elif t.kind == "vector" and t.shape[0] > len(t.picture):
            shape += " " + QCoreApplication.translate("StepThrough", "(first %1 values)").replace("%1", str(len(t.picture)))
        out = [shape]
        if t.kind != "other":
            out.append(QCoreApplication.translate("StepThrough", "min %1  mean %2  max %3").replace("%1", _num(t.minimum)).replace("%2", _num(t.mean))
                       .replace("%3", _num(t.maximum)))
        else:
            out.append(QCoreApplication.translate("StepThrough", "not numbers to picture"))
        if self.grad is not None:
            g = self.grad
            text = "∇out " + _num(g.output_norm)
            if g.weight_grad_norm is not None:
                text += "   ∇w " + _num(g.weight_grad_norm)
            out.append(text)
        return out

    # ----- painting -----
    def paint(self, painter, option, widget=None) -> None:
        rect = self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#ef6c00"), 1.2))
        painter.setBrush(QBrush(QColor(255, 255, 255, 240)))
        painter.drawRoundedRect(rect, 5, 5)
        painter.setFont(_font())
        lines = self.lines()
        y = PAD
        painter.setPen(QColor("#202020"))
        for text in lines[:2]:
            painter.setFont(_fitting_font(text, CARD_WIDTH - 2 * PAD - 6))   # a margin: hinting draws wider
            painter.drawText(QRectF(PAD, y, CARD_WIDTH - 2 * PAD, LINE), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, text)
            y += LINE
        painter.setFont(_font())
        pic = self._picture_height()
        if pic:
            self._paint_picture(painter, y + 2)
            y += pic + 4
        if self.grad is not None:
            self._paint_grad(painter, QRectF(PAD, y, CARD_WIDTH - 2 * PAD, LINE), lines[2])

    def _paint_picture(self, painter, top: float) -> None:
        t = self.tensor
        if t.kind == "maps":
            w, h = self._tile_size()
            for i, img in enumerate(self.images):
                r, c = divmod(i, 4)
                painter.drawImage(QRectF(PAD + c * (w + 2), top + r * (h + 2), w, h), img)
        elif t.kind == "sequence":
            w, h = self._seq_size()
            painter.drawImage(QRectF(PAD, top, w, h), self.images[0])
        elif t.kind == "vector":
            self._paint_bars(painter, QRectF(PAD, top, CARD_WIDTH - 2 * PAD, BARS_HEIGHT))

    def _paint_bars(self, painter, area: QRectF) -> None:
        import numpy as np

        values = self.tensor.picture
        peak = float(np.abs(values).max()) or 1.0
        lo = float(values.min())
        zero = area.bottom() if lo >= 0 else area.center().y()
        half = area.height() if lo >= 0 else area.height() / 2
        width = area.width() / len(values)
        painter.setPen(QPen(QColor("#9e9e9e"), 0.5))
        painter.drawLine(QPointF(area.left(), zero), QPointF(area.right(), zero))
        painter.setPen(Qt.PenStyle.NoPen)
        for i, v in enumerate(values):
            h = float(v) / peak * half
            painter.setBrush(QBrush(QColor("#1565c0" if v >= 0 else "#c62828")))
            painter.drawRect(QRectF(area.left() + i * width + 0.5, zero - max(h, 0), max(width - 1, 1), abs(h)))

    def _paint_grad(self, painter, rect: QRectF, text: str) -> None:
        norm = self.grad.output_norm
        # log scale from 1e-8 (empty) to 1e1 (full): a vanishing gradient shows as an almost empty bar
        frac = 0.0 if not norm or not math.isfinite(norm) else min(1.0, max(0.0, (math.log10(norm) + 8) / 9))
        colour = QColor("#6a1b9a")
        colour.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawRect(QRectF(rect.left(), rect.top() + 1, rect.width() * frac, rect.height() - 2))
        painter.setPen(QColor("#4a148c"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class CurrentRing(QGraphicsItem):
    """A thick ring around the node the step-through has reached."""

    def __init__(self) -> None:
        super().__init__()
        self.size = QRectF(0, 0, NODE_WIDTH, 60)
        self.setZValue(59)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def around(self, node_item) -> None:
        self.prepareGeometryChange()
        self.size = QRectF(0, 0, NODE_WIDTH, float(getattr(node_item, "height", 60.0)))
        self.setPos(node_item.scenePos())
        self.update()

    def boundingRect(self) -> QRectF:
        return self.size.adjusted(-7, -7, 7, 7)

    def paint(self, painter, option, widget=None) -> None:
        painter.setPen(QPen(QColor("#ef6c00"), 3.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.size.adjusted(-4, -4, 4, 4), 8, 8)

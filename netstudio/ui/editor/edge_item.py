"""Curved edges labelled with the tensor shape they carry, and the rubber wire of a connection drag."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyle

from netstudio.core.graph import Edge

from .node_item import NodeItem, font
from .theme import LIGHT, LOD_DETAIL, CanvasTheme


RETURN_REACH = 30.0   # how far a return wire swings out beside its two ports


def wire_path(p0: QPointF, p1: QPointF) -> QPainterPath:
    """A horizontal S-curve from an output port to an input port.

    A wire back to a node further left on another row (auto-layout wraps long networks into rows)
    is drawn as a return line instead: out to the right, back along the middle between the rows,
    in from the left, as a line of text wraps, rather than an S as wide as the drawing.
    """
    if p1.x() < p0.x() and abs(p1.y() - p0.y()) > 2 * RETURN_REACH:
        r, mid = RETURN_REACH, (p0.y() + p1.y()) / 2
        path = QPainterPath(p0)
        path.cubicTo(QPointF(p0.x() + 2 * r, p0.y()), QPointF(p0.x() + 2 * r, mid), QPointF(p0.x(), mid))
        path.lineTo(QPointF(p1.x(), mid))
        path.cubicTo(QPointF(p1.x() - 2 * r, mid), QPointF(p1.x() - 2 * r, p1.y()), p1)
        return path
    dx = max(40.0, abs(p1.x() - p0.x()) * 0.5)
    path = QPainterPath(p0)
    path.cubicTo(QPointF(p0.x() + dx, p0.y()), QPointF(p1.x() - dx, p1.y()), p1)
    return path


class EdgeItem(QGraphicsItem):
    """An edge between two node items. Uncached: edges change whenever a node moves."""

    def __init__(self, edge: Edge, src: NodeItem, dst: NodeItem, theme: CanvasTheme = LIGHT) -> None:
        super().__init__()
        self.edge = edge
        self.src, self.dst = src, dst
        self.theme = theme
        self.label = ""
        self.error = False
        self.path = QPainterPath()
        self._label_rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0.0)
        self.label_item = EdgeLabel(self)  # the scene adds it above the nodes, so close nodes do not hide it
        self.update_path()

    def set_state(self, label: str, error: bool, tooltip: str = "") -> None:
        if label != self.label or error != self.error:
            self.label, self.error = label, error
            self.update_path()
        self.setToolTip(tooltip)
        self.label_item.setToolTip(tooltip)

    def update_path(self) -> None:
        self.prepareGeometryChange()
        self.label_item.prepareGeometryChange()
        p0 = self.src.scene_port_pos("out", self.edge.src_port)
        p1 = self.dst.scene_port_pos("in", self.edge.dst_port)
        self.path = wire_path(p0, p1)
        if self.label:
            fm = QFontMetricsF(font("small"))
            w, h = fm.horizontalAdvance(self.label) + 10, fm.height() + 4
            mid = self.path.pointAtPercent(0.5)
            # above the wire, so a short edge between close nodes still shows its shape
            self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h - 3, w, h)
        else:
            self._label_rect = QRectF()
        self.label_item.update()
        self.update()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.label_item.update()
        return super().itemChange(change, value)

    def boundingRect(self) -> QRectF:
        return self.path.boundingRect().adjusted(-4, -4, 4, 4)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path)

    def paint(self, painter, option, widget=None) -> None:
        t = self.theme
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = t.node_selected if selected else (t.edge_error if self.error else t.edge)
        painter.setPen(QPen(colour, 2.6 if (selected or self.error) else 1.8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)


class EdgeLabel(QGraphicsItem):
    """The shape an edge carries, drawn above the nodes; part of its edge (clicks select the edge)."""

    def __init__(self, edge: EdgeItem) -> None:
        super().__init__()
        self.edge = edge
        self.setZValue(1.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.edge._label_rect

    def paint(self, painter, option, widget=None) -> None:
        e, t = self.edge, self.edge.theme
        if not e.label or option.levelOfDetailFromTransform(painter.worldTransform()) < LOD_DETAIL:
            return
        colour = t.node_selected if e.isSelected() else (t.edge_error if e.error else t.edge)
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(t.label_bg)
        painter.drawRoundedRect(e._label_rect, 4, 4)
        painter.setFont(font("small"))
        painter.setPen(t.edge_error if e.error else t.label_text)
        painter.drawText(e._label_rect, Qt.AlignmentFlag.AlignCenter, e.label)


class WireItem(QGraphicsPathItem):
    """The temporary wire that follows the cursor while the user drags from a port."""

    def __init__(self, anchor: QPointF, from_output: bool, theme: CanvasTheme = LIGHT) -> None:
        super().__init__()
        self.anchor = anchor
        self.from_output = from_output
        pen = QPen(theme.node_selected, 2.0, Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(3.0)
        self.follow(anchor)

    def follow(self, point: QPointF) -> None:
        if self.from_output:
            self.setPath(wire_path(self.anchor, point))
        else:
            self.setPath(wire_path(point, self.anchor))

"""A node on the canvas: paints the layer, hit-tests its ports, and reports moves to the scene.

It never changes the model: the scene turns a finished drag into one MoveNodes command.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle

from netstudio.compiler.shapes import NodeInfo
from netstudio.core.graph import Node, is_trainable
from netstudio.layers import formulas, get_spec, shape_text

from .theme import (HEADER_HEIGHT, LIGHT, LOD_DETAIL, MIN_BODY_HEIGHT, NODE_WIDTH, PORT_HIT_RADIUS, PORT_RADIUS,
                    PORT_SPACING, CanvasTheme, count_text)
from ..engine_text import engine_text

_FONTS: dict[str, QFont] = {}
# comparison marks (a run diff): outline and badge colour, badge text
MARKS = {"added": ("#2e7d32", "+"), "changed": ("#e65100", "Δ"), "removed": ("#c62828", "−")}
FROZEN = QColor("#1e88e5")            # a frozen layer's lock badge
FROZEN_HATCH = QColor(30, 136, 229, 70)   # and the hatching of its body
EXERCISE_LOCK = QColor("#37474f")       # a layer the teacher locked for an exercise



def font(kind: str) -> QFont:
    """Shared fonts (creating a QFont per paint is measurable at 500 nodes)."""
    if kind not in _FONTS:
        f = QFont()
        scale = _FONT_SCALE[0]
        if kind == "title":
            f.setPointSizeF(9.5 * scale)
            f.setBold(True)
        elif kind == "small":
            f.setPointSizeF(7.5 * scale)
        else:
            f.setPointSizeF(8.5 * scale)
        _FONTS[kind] = f
    return _FONTS[kind]


_FONT_SCALE = [1.0]


def set_font_scale(scale: float) -> None:
    """Node text ``scale`` times its usual size (presentation mode); nodes keep their size, long text elides.
    Items repaint on their next ``update()``."""
    _FONT_SCALE[0] = scale
    _FONTS.clear()


class NodeItem(QGraphicsItem):
    """One layer. ``pos()`` is only a view of ``node.pos`` while the user drags."""

    def __init__(self, node: Node, theme: CanvasTheme = LIGHT) -> None:
        super().__init__()
        self.node_id = node.id
        self.theme = theme
        self.type_name = node.type
        self.spec = get_spec(node.type)
        self.label = ""
        self.in_names: list[str] = []
        self.out_names: list[str] = []
        self.info: NodeInfo | None = None
        self.height = MIN_BODY_HEIGHT + HEADER_HEIGHT
        self.mark: str | None = None      # "added" / "changed" / "removed" while two runs are compared
        self.mark_tip = ""
        self.frozen = False               # "trainable": false: a lock badge and a hatched body
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        # Text and rounded shapes are costly; cache the painted node in device pixels.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1.0)
        self.setAcceptHoverEvents(True)
        self.set_model(node, [])
        self.setPos(QPointF(*node.pos))

    # ----- model -> item -----
    def set_model(self, node: Node, connected_inputs: list[int]) -> None:
        """Refresh label and ports from the node's params and the input ports in use."""
        spec = self.spec
        self.params = dict(node.params)   # for the worked formula in an error's tooltip
        self.frozen = not is_trainable(node)
        # exercise mode: values shown as "?" until the student reveals them, and the teacher's lock
        self.exercise_hidden = list(node.extra.get("hidden") or []) if isinstance(node.extra.get("hidden"), list) else []
        self.exercise_locked = bool(node.extra.get("locked"))
        if spec is None:
            self.label, self.in_names, self.out_names = "", ["in"], ["out"]
        else:
            self.label = spec.short_label(node.params)
            if spec.variadic:
                used = max(connected_inputs) + 2 if connected_inputs else 0
                self.in_names = [""] * max(len(spec.inputs), used)
            else:
                self.in_names = [p.name for p in spec.inputs] if len(spec.inputs) > 1 else [""] * len(spec.inputs)
            outs = spec.ports_out(node.params)
            self.out_names = [p.name for p in outs] if len(outs) > 1 else [""] * len(outs)
        self.prepareGeometryChange()
        self.height = self._height()
        self.update()

    def set_info(self, info: NodeInfo | None) -> None:
        self.info = info
        tip = None
        if info is not None and info.error:
            why = formulas.failing(self.type_name, self.params, info.in_shapes)   # the size that came out <= 0
            tip = engine_text(info.error) + (f"\n{why.filled}" if why is not None else "")
        elif info is not None and info.warnings:
            tip = "\n".join(engine_text(w) for w in info.warnings)
        self.setToolTip("\n".join(t for t in (tip, self.mark_tip if self.mark else "") if t))
        self.update()

    def set_mark(self, kind: str | None, tip: str = "") -> None:
        """Mark the node for a comparison (``"added"``, ``"changed"``, ``"removed"``; None clears it): a coloured
        outline and a badge; ``tip`` (what changed) joins the tooltip."""
        self.mark = kind if kind in MARKS else None
        self.mark_tip = tip if self.mark else ""
        self.set_info(self.info)

    @property
    def port_rows(self) -> bool:
        """Several ports or named ones get their own rows; a plain layer has one port each side."""
        return len(self.in_names) > 1 or len(self.out_names) > 1

    def _height(self) -> float:
        if self.port_rows:
            rows = max(len(self.in_names), len(self.out_names))
            return HEADER_HEIGHT + 8 + rows * PORT_SPACING + 20 + 6
        return HEADER_HEIGHT + MIN_BODY_HEIGHT

    # ----- geometry -----
    def boundingRect(self) -> QRectF:
        # room for the port circles outside the body and the badge over the corner
        return QRectF(-PORT_RADIUS - 1, -9, NODE_WIDTH + 2 * PORT_RADIUS + 11, self.height + 10)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(-PORT_RADIUS - 1, 0, NODE_WIDTH + 2 * PORT_RADIUS + 2, self.height))
        return path

    def port_pos(self, kind: str, index: int) -> QPointF:
        """Centre of an input ("in") or output ("out") port, in item coordinates."""
        x = 0.0 if kind == "in" else NODE_WIDTH
        if self.port_rows:
            return QPointF(x, HEADER_HEIGHT + 8 + PORT_SPACING * (index + 0.5))
        return QPointF(x, HEADER_HEIGHT + MIN_BODY_HEIGHT / 2)

    def scene_port_pos(self, kind: str, index: int) -> QPointF:
        return self.mapToScene(self.port_pos(kind, index))

    def port_at(self, local: QPointF, radius: float = PORT_HIT_RADIUS) -> tuple[str, int] | None:
        """The port under ``local`` (item coordinates), or None."""
        best, best_d = None, radius * radius
        for kind, names in (("in", self.in_names), ("out", self.out_names)):
            for i in range(len(names)):
                p = self.port_pos(kind, i)
                d = (p.x() - local.x()) ** 2 + (p.y() - local.y()) ** 2
                if d <= best_d:
                    best, best_d = (kind, i), d
        return best

    def hoverMoveEvent(self, event) -> None:
        # a cross over a port says "drag from here to connect"; elsewhere the node moves
        on_port = self.port_at(event.pos()) is not None
        self.setCursor(Qt.CursorShape.CrossCursor if on_port else Qt.CursorShape.SizeAllCursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.unsetCursor()
        super().hoverLeaveEvent(event)

    def itemChange(self, change, value):
        scene = self.scene()
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and scene is not None:
            return scene.snapped(value, self)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and scene is not None:
            scene.node_item_moved(self)
        return super().itemChange(change, value)

    # ----- painting -----
    def paint(self, painter, option, widget=None) -> None:
        t = self.theme
        body = QRectF(0, 0, NODE_WIDTH, self.height)
        info = self.info
        error = info is not None and info.error is not None
        warning = info is not None and not error and bool(info.warnings)
        head = t.category(self.spec.category if self.spec else "")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_DETAIL:  # overview: a coloured box, red when broken
            painter.setPen(QPen(t.error if error else (t.node_selected if selected else head.darker(130)), 3))
            painter.setBrush(head)
            painter.drawRect(body)
            if self.frozen:
                painter.fillRect(body, QBrush(FROZEN, Qt.BrushStyle.BDiagPattern))
            if self.mark:
                self._paint_mark(painter, body)
            return

        painter.setPen(QPen(t.node_selected if selected else (t.error if error else t.node_border),
                            2.2 if (selected or error) else 1.0))
        painter.setBrush(t.node_body)
        painter.drawRoundedRect(body, 6, 6)
        header = QPainterPath()
        header.addRoundedRect(QRectF(0.5, 0.5, NODE_WIDTH - 1, HEADER_HEIGHT), 5.5, 5.5)
        square = QPainterPath()
        square.addRect(QRectF(0.5, HEADER_HEIGHT - 6, NODE_WIDTH - 1, 6.5))
        painter.fillPath(header.united(square), head)

        # type in bold, key params after it; only the params are shortened when space runs out
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font("title"))
        room = NODE_WIDTH - 24 - (16 if self.frozen else 0) - (20 if self.exercise_locked else 0)
        type_text = QFontMetricsF(font("title")).elidedText(self.type_name, Qt.TextElideMode.ElideRight, room)
        type_width = QFontMetricsF(font("title")).horizontalAdvance(type_text)
        painter.drawText(QRectF(8, 0, room, HEADER_HEIGHT), Qt.AlignmentFlag.AlignVCenter, type_text)
        left = room - type_width - 6
        if self.label and left > 14:
            painter.setFont(font("body"))
            label = QFontMetricsF(font("body")).elidedText(self.label, Qt.TextElideMode.ElideRight, left)
            painter.drawText(QRectF(8 + type_width + 6, 0, left, HEADER_HEIGHT), Qt.AlignmentFlag.AlignVCenter, label)

        if self.frozen:   # hatched under the text: the layer's weights do not train
            hatch = QPainterPath()
            hatch.addRoundedRect(body.adjusted(1, HEADER_HEIGHT, -1, -1), 5, 5)
            painter.fillPath(hatch, QBrush(FROZEN_HATCH, Qt.BrushStyle.BDiagPattern))
        self._paint_ports(painter)
        self._paint_info(painter, error)
        if self.frozen:
            self._paint_lock(painter)
        if self.exercise_locked:    # the teacher's lock: a dark padlock left of the frozen one
            self._paint_lock(painter, EXERCISE_LOCK, NODE_WIDTH - 42)
        if error or warning:
            self._paint_badge(painter, t.error if error else t.warning)
        if self.mark:
            self._paint_mark(painter, body)

    def _paint_mark(self, painter, body: QRectF) -> None:
        colour, text = MARKS[self.mark]
        painter.setPen(QPen(QColor(colour), 3.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(body.adjusted(1, 1, -1, -1), 6, 6)   # inside the bounding rect
        centre = QPointF(4, -1)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QBrush(QColor(colour)))
        painter.drawEllipse(centre, 8, 8)
        painter.setFont(font("title"))
        painter.drawText(QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_ports(self, painter) -> None:
        t = self.theme
        small = font("small")
        fm = QFontMetricsF(small)
        painter.setFont(small)
        shapes = self.info.out_shapes if self.info is not None else []
        for kind, names, colour in (("in", self.in_names, t.port_in), ("out", self.out_names, t.port_out)):
            for i, name in enumerate(names):
                c = self.port_pos(kind, i)
                painter.setPen(QPen(t.node_body, 1.5))
                painter.setBrush(colour)
                painter.drawEllipse(c, PORT_RADIUS, PORT_RADIUS)
                if not name:
                    continue
                painter.setPen(t.text_dim)
                if kind == "in":
                    painter.drawText(QRectF(c.x() + 9, c.y() - 8, NODE_WIDTH / 2, 16),
                                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
                else:
                    shown = "?" if self._hides("shape") else (shape_text(shapes[i]) if i < len(shapes) else "")
                    text = name + (f" {shown}" if shown else "")
                    width = NODE_WIDTH * 0.72
                    painter.drawText(QRectF(c.x() - 9 - width, c.y() - 8, width, 16),
                                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                                     fm.elidedText(text, Qt.TextElideMode.ElideLeft, width))

    def _paint_info(self, painter, error: bool) -> None:
        t = self.theme
        info = self.info
        painter.setFont(font("body"))
        fm = QFontMetricsF(font("body"))
        top = self.height - 40 if self.port_rows else HEADER_HEIGHT + 4
        if self.port_rows:
            top = self.height - 24
        if info is None:
            shape_line = "…"
        elif error:
            shape_line = QCoreApplication.translate("NodeItem", "error")
        elif info.blocked:
            shape_line = QCoreApplication.translate("NodeItem", "waiting for input")
        elif self._hides("shape"):
            shape_line = "→ ?" if self.out_names else "← ?"
        elif len(self.out_names) == 1:
            shape_line = "→ " + shape_text(info.shape)
        elif not self.out_names:
            shape_line = ("← " + shape_text(info.in_shapes[0])) if info.in_shapes else ""
        else:
            shape_line = ""
        params = QCoreApplication.translate("NodeItem", "%1 params").replace("%1", count_text(info.param_count)) if info is not None and info.param_count else ""
        if self._hides("params"):
            params = QCoreApplication.translate("NodeItem", "%1 params").replace("%1", "?")
        width = NODE_WIDTH - 20
        if not self.port_rows:
            painter.setPen(t.error if error else t.text)
            painter.drawText(QRectF(12, top, width, 18), Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(shape_line, Qt.TextElideMode.ElideRight, width))
            painter.setPen(t.text_dim)
            painter.setFont(font("small"))
            small = QFontMetricsF(font("small"))
            room = width - 2 - (small.horizontalAdvance(params) + 8 if params else 0)
            painter.drawText(QRectF(12, top + 19, room, 16), Qt.AlignmentFlag.AlignVCenter,
                             small.elidedText(self.node_id, Qt.TextElideMode.ElideMiddle, room))
            painter.drawText(QRectF(12, top + 19, width - 2, 16),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, params)
        else:
            painter.setPen(t.error if error else t.text_dim)
            painter.setFont(font("small"))
            left = shape_line if (error or shape_line) else self.node_id
            painter.drawText(QRectF(12, top, width, 16), Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(left, Qt.TextElideMode.ElideRight, width * 0.6))
            painter.drawText(QRectF(12, top, width - 2, 16),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, params)

    def _hides(self, what: str) -> bool:
        """Exercise mode: ``what`` ("shape", "params") shows as "?" until the student reveals it."""
        if what not in self.exercise_hidden:
            return False
        from netstudio.ui.lessons.reveals import still_hidden

        return still_hidden(self.node_id, self.exercise_hidden, what)

    def _paint_lock(self, painter, colour: QColor | None = None, x: float = NODE_WIDTH - 22) -> None:
        """A padlock badge over the header's right end: the layer is frozen (or, darker, locked by the teacher)."""
        centre = QPointF(x, -1)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QBrush(colour or FROZEN))
        painter.drawEllipse(centre, 8, 8)
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(QRectF(centre.x() - 3.5, centre.y() - 0.5, 7, 5))
        painter.setPen(QPen(QColor("#ffffff"), 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(centre.x() - 2.5, centre.y() - 5, 5, 7), 0, 180 * 16)

    def _paint_badge(self, painter, colour: QColor) -> None:
        centre = QPointF(NODE_WIDTH - 2, -1)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(centre, 8, 8)
        painter.setFont(font("title"))
        painter.drawText(QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, "!")

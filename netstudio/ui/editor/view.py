"""The canvas view: zoom around the cursor, pan (middle button or space-drag), fit, rubber-band, quick-add."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView

from .node_item import NodeItem
from .quick_add import QuickAddPopup
from .scene import GraphScene

MIN_SCALE, MAX_SCALE = 0.08, 3.0


class GraphView(QGraphicsView):
    """A view of one GraphScene. The scene does the editing; the view does navigation."""

    zoom_changed = Signal(float)

    def __init__(self, scene: GraphScene, parent=None) -> None:
        super().__init__(scene, parent)
        self._scene = scene  # QGraphicsView does not own its scene; keep it alive with the view
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPointF | None = None
        self._space = False
        self.quick_add: QuickAddPopup | None = None
        self.presentation_scale = 1.0   # netstudio.ui.presentation magnifies the canvas for a projector
        scene.quick_add_requested.connect(self.open_quick_add)

    @property
    def graph_scene(self) -> GraphScene:
        return self._scene

    # ----- zoom -----
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        """Scale by ``factor`` keeping the scene point under viewport position ``around`` in place."""
        target = min(MAX_SCALE, max(MIN_SCALE, self.zoom * factor))
        factor = target / self.zoom
        if abs(factor - 1.0) <= 1e-6:
            return
        if around is None:
            self.scale(factor, factor)
        else:
            # AnchorUnderMouse follows the last mouse *move*; anchor on the event's own position instead
            fixed = self.mapToScene(around.toPoint())
            anchor = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            self.scale(factor, factor)
            self.setTransformationAnchor(anchor)
            drift = self.mapFromScene(fixed) - around.toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + drift.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + drift.y())
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def fit_all(self, min_zoom: float = 0.0) -> None:
        """Show every node; never magnify a small graph beyond 1:1.

        With ``min_zoom`` (used when a project opens) a long graph stays readable: the view keeps
        that zoom and shows the graph's start, where its inputs are.
        """
        items = [i for i in self._scene.nodes.values()]
        if not items:
            self.resetTransform()
            self.scale(self.presentation_scale, self.presentation_scale)
            return
        rect = items[0].sceneBoundingRect()
        for item in items[1:]:
            rect = rect.united(item.sceneBoundingRect())
        rect.adjust(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        largest = self.presentation_scale   # presentation mode magnifies the 1:1 limit and the readable zoom
        min_zoom *= largest
        if self.zoom > largest:
            self.resetTransform()
            self.scale(largest, largest)
            self.centerOn(rect.center())
        elif self.zoom < min_zoom:
            self.resetTransform()
            self.scale(min_zoom, min_zoom)
            half_width = self.viewport().width() / (2 * min_zoom)
            self.centerOn(QPointF(rect.left() + half_width, rect.center().y()))
        self.zoom_changed.emit(self.zoom)

    def centre_on_node(self, node_id: str) -> None:
        item = self._scene.nodes.get(node_id)
        if item is not None:
            self._scene.select_nodes([node_id])
            self.centerOn(item.sceneBoundingRect().center())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # shift+wheel scrolls, as in most editors
            return
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015 ** delta, event.position())
        event.accept()

    # ----- panning -----
    def _pan_start(self, pos: QPointF) -> None:
        self._pan_from = QPointF(pos)
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _pan_to(self, pos: QPointF) -> None:
        delta = pos - self._pan_from
        self._pan_from = QPointF(pos)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan_start(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_to(event.position())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and not any(
                isinstance(i, NodeItem) for i in self._scene.items(pos)):
            self.open_quick_add(pos, None)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def event(self, event) -> bool:
        # Tab would move the focus to the next widget; on the canvas it opens quick-add.
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.open_quick_add(self.cursor_scene_pos(), None)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if event.key() == Qt.Key.Key_Escape and self._scene.wiring:
            self._scene.cancel_wire()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    def drawForeground(self, painter, rect) -> None:
        """On an empty canvas, say how to start (no manual needed)."""
        if self._scene.nodes:
            return
        painter.save()
        painter.resetTransform()  # viewport pixels, whatever the zoom
        painter.setPen(self._scene.theme.text_dim)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.drawText(self.viewport().rect().adjusted(40, 40, -40, -40),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_hint())
        painter.restore()

    def empty_hint(self) -> str:
        return self.tr("Drag a layer here from the Layers panel, double-click one there, or press Tab to search.\n"
                       "Start with an Input; each double-click adds the next layer after the selected one.")

    # ----- quick-add -----
    def cursor_scene_pos(self) -> QPointF:
        local = self.viewport().mapFromGlobal(self.cursor().pos())
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
        return self.mapToScene(local)

    def centre_scene_pos(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def open_quick_add(self, scene_pos: QPointF, pending=None) -> QuickAddPopup | None:
        """The type-to-search popup; Enter adds the layer at ``scene_pos`` (wired to ``pending``).

        None while the graph is read-only (training): there is nothing to add to.
        """
        if not self._scene.editable:
            return None
        if self.quick_add is None:
            self.quick_add = QuickAddPopup(self)
            self.quick_add.chosen.connect(self._quick_add_chosen)
            from ..blocks.insert import block_entries

            self.quick_add.block_entries = lambda text: block_entries(self._scene, text)
        self.quick_add.context = (QPointF(scene_pos), pending)
        want_input = pending is not None and pending[0] == "out"
        want_output = pending is not None and pending[0] == "in"
        global_pos = self.viewport().mapToGlobal(self.mapFromScene(scene_pos))
        self.quick_add.popup(global_pos, needs_input=want_input, needs_output=want_output)
        return self.quick_add

    def _quick_add_chosen(self, type_name: str) -> None:
        scene_pos, pending = self.quick_add.context
        self._scene.add_layer_at(type_name, scene_pos, pending)

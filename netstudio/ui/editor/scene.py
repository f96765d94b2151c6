"""The scene of one graph: mirrors the core Graph's events as items and turns gestures into commands."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from netstudio.core import editing
from netstudio.core.graph import Edge, Node
from netstudio.layers import get_spec, shape_text

from .block_item import BlockNodeItem, make_node_item
from .edge_item import EdgeItem, WireItem
from .node_item import NodeItem
from .theme import GRID, HEADER_HEIGHT, LIGHT, NODE_WIDTH, PORT_HIT_RADIUS, CanvasTheme
from ..engine_text import engine_text

MIME_LAYER = "application/x-netstudio-layer"
SCENE_MARGIN = 1200.0


class GraphScene(QGraphicsScene):
    """Items for every node and edge of ``document.graph(graph_name)``.

    Signals
    -------
    quick_add_requested(QPointF, object)
        the user dropped a wire on empty canvas (object: ("out"|"in", node_id, port)) or asked
        for quick-add without one (object: None)
    open_block_requested(str)
        a Block node was double-clicked: open its block in a tab (netstudio.ui.blocks)
    context_menu_requested(object, QPoint)
        right-click on a node (its id) or on empty canvas (None), at a screen position
    """

    quick_add_requested = Signal(QPointF, object)
    open_block_requested = Signal(str)
    context_menu_requested = Signal(object, QPoint)

    def __init__(self, document, graph_name: str, parent=None, theme: CanvasTheme = LIGHT) -> None:
        super().__init__(parent)
        self.document = document
        self.graph_name = graph_name
        self.graph = document.graph(graph_name)
        self.theme = theme
        self.snap_to_grid = True
        self.show_grid = True  # off for exported pictures
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple, EdgeItem] = {}
        self._edges_of: dict[str, set[tuple]] = {}
        self._syncing = False
        self._wire: WireItem | None = None
        self._rect_pending = False
        self._pending: tuple[str, str, int] | None = None
        self._detach: Edge | None = None
        for node in self.graph.nodes:
            self._node_added(node)
        for edge in self.graph.edges:
            self._edge_added(edge)
        self._hooks = [(self.graph.node_added, self._node_added), (self.graph.node_removed, self._node_removed),
                       (self.graph.edge_added, self._edge_added), (self.graph.edge_removed, self._edge_removed),
                       (self.graph.params_changed, self._params_changed), (self.graph.node_moved, self._node_moved)]
        for event, callback in self._hooks:
            event.connect(callback)
        document.inferred.connect(self._on_inferred)
        document.read_only_changed.connect(self._read_only_changed)
        self.refresh_infos()
        self._do_fit_scene_rect()

    @property
    def editable(self) -> bool:
        """False while the document is read-only (training): no gesture starts an edit."""
        return not self.document.read_only

    def _read_only_changed(self, on: bool) -> None:
        self.cancel_wire()
        for item in self.nodes.values():   # selecting stays possible; dragging a node does not
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not on)

    def detach(self) -> None:
        """Stop listening to the graph (before the scene is deleted)."""
        for event, callback in self._hooks:
            event.disconnect(callback)
        self._hooks = []

    # ----- model events -> items -----
    def _node_added(self, node: Node) -> None:
        item = make_node_item(node, self.graph.blocks, self.theme)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not self.document.read_only)
        self.addItem(item)
        self.nodes[node.id] = item
        self._edges_of.setdefault(node.id, set())
        item.set_info(self.document.cached_infos(self.graph_name).get(node.id))
        if getattr(self, "_hooks", None):  # not while building the initial items
            self._fit_scene_rect()

    def _node_removed(self, node: Node) -> None:
        item = self.nodes.pop(node.id, None)
        if item is not None:
            self.removeItem(item)
        self._edges_of.pop(node.id, None)

    def _edge_added(self, edge: Edge) -> None:
        src, dst = self.nodes.get(edge.src), self.nodes.get(edge.dst)
        if src is None or dst is None:
            return
        self._refresh_ports(edge.dst)
        item = EdgeItem(edge, src, dst, self.theme)
        self.addItem(item)
        self.addItem(item.label_item)
        self.edges[edge.key] = item
        self._edges_of[edge.src].add(edge.key)
        self._edges_of[edge.dst].add(edge.key)
        self._edge_state(item, self.document.cached_infos(self.graph_name))

    def _edge_removed(self, edge: Edge) -> None:
        item = self.edges.pop(edge.key, None)
        if item is not None:
            self.removeItem(item.label_item)
            self.removeItem(item)
        for end in (edge.src, edge.dst):
            self._edges_of.get(end, set()).discard(edge.key)
        if edge.dst in self.nodes:
            self._refresh_ports(edge.dst)

    def _refresh_ports(self, node_id: str) -> None:
        item = self.nodes[node_id]
        if item.spec is not None and item.spec.variadic:
            item.set_model(self.graph.node(node_id), [e.dst_port for e in self.graph.in_edges(node_id)])
            self.node_item_moved(item)

    def _params_changed(self, node_id: str) -> None:
        item = self.nodes.get(node_id)
        if item is not None:
            item.set_model(self.graph.node(node_id), [e.dst_port for e in self.graph.in_edges(node_id)])
            self.node_item_moved(item)

    def _node_moved(self, node_id: str, pos) -> None:
        item = self.nodes.get(node_id)
        if item is not None and (item.x(), item.y()) != tuple(pos):
            self._syncing = True
            try:
                item.setPos(QPointF(*pos))
            finally:
                self._syncing = False
        self._fit_scene_rect()

    def _on_inferred(self, name: str) -> None:
        if name == self.graph_name:
            self.refresh_infos()

    def refresh_infos(self) -> None:
        """Show the latest shapes and problems; only items whose result changed repaint."""
        infos = self.document.cached_infos(self.graph_name)
        changed = []
        self.refresh_block_ports()
        for node_id, item in self.nodes.items():
            info = infos.get(node_id)
            if info is not item.info:  # the inference cache hands back the same object when nothing changed
                item.set_info(info)
                changed.append(node_id)
        keys = {k for nid in changed for k in self._edges_of.get(nid, ())}
        for key in keys:  # only edges whose ends changed (a few, after a typical edit)
            self._edge_state(self.edges[key], infos)

    def refresh_block_ports(self) -> None:
        """Block nodes whose block gained or lost a port (its definition was made, merged or edited)."""
        for node_id, item in self.nodes.items():
            if isinstance(item, BlockNodeItem):
                item.blocks = self.graph.blocks
                if getattr(item, "_ports_seen", None) != item.ports_signature():
                    item._ports_seen = item.ports_signature()
                    item.set_model(self.graph.node(node_id), [])
                    self.node_item_moved(item)

    def _edge_state(self, item: EdgeItem, infos: dict) -> None:
        src, dst = infos.get(item.edge.src), infos.get(item.edge.dst)
        label = ""
        if src is not None and item.edge.src_port < len(src.out_shapes):
            label = shape_text(src.out_shapes[item.edge.src_port])
            from netstudio.ui.lessons.reveals import hidden   # exercise mode: the edge would tell the hidden shape

            if item.edge.src in self.graph and hidden(self.graph.node(item.edge.src), "shape"):
                label = "?"
        error = dst is not None and dst.error is not None
        item.set_state(label, error, engine_text(dst.error) if error else "")

    # ----- items -> edges while dragging, snapping -----
    def node_item_moved(self, item: NodeItem) -> None:
        for key in self._edges_of.get(item.node_id, ()):
            edge = self.edges.get(key)
            if edge is not None:
                edge.update_path()

    def snapped(self, value: QPointF, item: NodeItem) -> QPointF:
        if self._syncing or not self.snap_to_grid:
            return value
        return QPointF(round(value.x() / GRID) * GRID, round(value.y() / GRID) * GRID)

    def commit_moves(self) -> bool:
        """Turn the positions left by a finished drag into one MoveNodes command."""
        new, old = {}, {}
        for node_id, item in self.nodes.items():
            model = self.graph.node(node_id).pos
            here = (item.x(), item.y())
            if here != tuple(model):
                new[node_id], old[node_id] = here, model
        if not new:
            return False
        text = "Move" if len(new) == 1 else f"Move {len(new)} layers"
        return self.document.edit(editing.move, self.graph_name, new, old, text=text)

    def _fit_scene_rect(self) -> None:
        """Grow the scrollable area around the nodes, once per event-loop pass (auto-layout moves 500)."""
        if not self._rect_pending:
            self._rect_pending = True
            QTimer.singleShot(0, self._do_fit_scene_rect)

    def _do_fit_scene_rect(self) -> None:
        self._rect_pending = False
        rect = self.itemsBoundingRect() if self.nodes else QRectF(0, 0, 800, 500)
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    # ----- selection -----
    def set_marks(self, marks: dict[str, tuple[str, str]]) -> None:
        """Comparison marks on the canvas: node id -> (``"added"``/``"changed"``/``"removed"``, tooltip text).
        Nodes not named lose theirs; ``set_marks({})`` clears all."""
        for node_id, item in self.nodes.items():
            kind, tip = marks.get(node_id, (None, ""))
            item.set_mark(kind, tip)

    def marked_nodes(self) -> dict[str, str]:
        """node id -> mark kind, for the nodes marked now."""
        return {nid: item.mark for nid, item in self.nodes.items() if item.mark}

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_nodes(self, node_ids) -> None:
        self.clearSelection()
        for nid in node_ids:
            if nid in self.nodes:
                self.nodes[nid].setSelected(True)

    def delete_selection(self) -> bool:
        nodes, edges = self.selected_node_ids(), self.selected_edges()
        if not nodes and not edges:
            return False
        return self.document.edit(editing.remove, self.graph_name, nodes, edges)

    # ----- connecting ports -----
    def port_hit(self, pos: QPointF) -> tuple[NodeItem, str, int] | None:
        r = PORT_HIT_RADIUS
        for item in self.items(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r)):
            if isinstance(item, NodeItem):
                port = item.port_at(item.mapFromScene(pos))
                if port is not None:
                    return item, port[0], port[1]
        return None

    def node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def begin_wire(self, pos: QPointF) -> bool:
        """Start dragging a wire when ``pos`` is on a port; True when one started."""
        hit = self.port_hit(pos) if self.editable else None
        if hit is None:
            return False
        item, kind, index = hit
        self._detach = None
        if kind == "out":
            self._pending = ("out", item.node_id, index)
            anchor = item.scene_port_pos("out", index)
        else:
            existing = self.graph.edge_into(item.node_id, index)
            if existing is not None:  # pick the wire up from this input: re-plug it or drop it
                self._detach = existing
                self._pending = ("out", existing.src, existing.src_port)
                anchor = self.nodes[existing.src].scene_port_pos("out", existing.src_port)
            else:
                self._pending = ("in", item.node_id, index)
                anchor = item.scene_port_pos("in", index)
        self._wire = WireItem(anchor, self._pending[0] == "out", self.theme)
        self._wire.follow(pos)
        self.addItem(self._wire)
        return True

    def move_wire(self, pos: QPointF) -> None:
        if self._wire is not None:
            self._wire.follow(pos)

    def finish_wire(self, pos: QPointF) -> bool:
        """Connect to the port (or node) under ``pos``; on empty canvas ask for quick-add."""
        if self._wire is None:
            return False
        self.removeItem(self._wire)
        self._wire = None
        pending, detach = self._pending, self._detach
        self._pending = self._detach = None
        kind, node_id, port = pending
        target = self._target(pos, "in" if kind == "out" else "out")
        if target is not None:
            t_id, t_port = target
            if t_id == node_id:
                return False
            if kind == "out":
                return self.document.edit(editing.connect, self.graph_name, node_id, port, t_id, t_port,
                                          detach=detach)
            return self.document.edit(editing.connect, self.graph_name, t_id, t_port, node_id, port)
        if detach is not None:
            return self.document.edit(editing.disconnect, self.graph_name, [detach])
        self.quick_add_requested.emit(pos, pending)
        return False

    def cancel_wire(self) -> None:
        if self._wire is not None:
            self.removeItem(self._wire)
        self._wire = None
        self._pending = self._detach = None

    @property
    def wiring(self) -> bool:
        return self._wire is not None

    def _target(self, pos: QPointF, want: str) -> tuple[str, int] | None:
        hit = self.port_hit(pos)
        if hit is not None and hit[1] == want:
            return hit[0].node_id, hit[2]
        item = self.node_at(pos)
        if item is None:
            return None
        if want == "out":
            return (item.node_id, 0) if item.out_names else None
        if not item.in_names:
            return None
        used = {e.dst_port for e in self.graph.in_edges(item.node_id)}
        free = [i for i in range(len(item.in_names)) if i not in used]
        return item.node_id, (free[0] if free else 0)

    # ----- Qt event overrides: thin, the logic lives in the methods above -----
    def mousePressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton and self.begin_wire(event.scenePos()):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._wire is not None:
            self.move_wire(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._wire is not None:
            self.finish_wire(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.commit_moves()

    def contextMenuEvent(self, event) -> None:
        item = self.node_at(event.scenePos())
        if item is not None and not item.isSelected():
            self.select_nodes([item.node_id])
        self.context_menu_requested.emit(item.node_id if item is not None else None, event.screenPos())
        event.accept()

    def dragEnterEvent(self, event) -> None:
        # The default implementation refuses drops unless an item accepts them: accept layers here.
        if not self.editable:
            event.ignore()
        elif event.mimeData().hasFormat(MIME_LAYER):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if not self.editable:
            event.ignore()
        elif event.mimeData().hasFormat(MIME_LAYER):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if not self.editable:
            event.ignore()
        elif event.mimeData().hasFormat(MIME_LAYER):
            type_name = bytes(event.mimeData().data(MIME_LAYER)).decode("utf-8")
            self.add_layer_at(type_name, event.scenePos())
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def add_layer_at(self, type_name: str, pos: QPointF, pending=None) -> str | None:
        """Add a layer centred under ``pos``; ``pending`` wires it to the port a drag started from.

        ``type_name`` may also name a block (``"block:Name"``, of this project) or a block library file
        (``"blockfile:/path"``, copied into the project first): a Block node is added.
        """
        x, y = pos.x() - NODE_WIDTH / 2, pos.y() - HEADER_HEIGHT
        if self.snap_to_grid:
            x, y = round(x / GRID) * GRID, round(y / GRID) * GRID
        connect_from = connect_to = None
        if pending is not None:
            kind, node_id, port = pending
            if kind == "out":
                connect_from = (node_id, port)
            else:
                connect_to = (node_id, port)
        from ..blocks.insert import block_node_for, is_block_token

        if is_block_token(type_name):
            node = block_node_for(self, type_name, (float(x), float(y)))
            if node is None:
                return None
            spec = get_spec(node.type)
        else:
            spec = get_spec(type_name)
        if spec is None:
            self.document.error.emit(self.tr("Unknown layer type '%1'.").replace("%1", type_name))
            return None
        if not is_block_token(type_name):
            node = Node(self.graph.unique_id(type_name), type_name, spec.initial_params(), (float(x), float(y)))
        if not spec.inputs and not is_block_token(type_name):
            connect_from = None
        if not spec.ports_out(node.params):
            connect_to = None
        if not self.document.edit(editing.add_node, self.graph_name, node, connect_from, connect_to):
            return None
        self.select_nodes([node.id])
        return node.id

    def drawBackground(self, painter, rect: QRectF) -> None:
        painter.fillRect(rect, self.theme.background)
        scale = painter.worldTransform().m11()
        if scale < 0.45 or not self.show_grid:
            return
        step = GRID * (1 if scale >= 0.9 else 2)
        left, top = math.floor(rect.left() / step) * step, math.floor(rect.top() / step) * step
        lines = []
        x = left
        while x < rect.right():
            lines.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = top
        while y < rect.bottom():
            lines.append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        painter.setPen(QPen(self.theme.grid, 0))
        painter.drawLines(lines)

    def set_theme(self, theme: CanvasTheme) -> None:
        self.theme = theme
        for item in list(self.nodes.values()) + list(self.edges.values()):
            item.theme = theme
            item.update()
        for edge in self.edges.values():
            edge.label_item.update()
        self.update()

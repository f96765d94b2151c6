"""Building and training with the keyboard alone.

On the canvas (keys read by an event filter on each ``GraphView``):

- arrows select the nearest layer in that direction (the first arrow picks the one nearest the centre);
- Tab (or Ctrl+K) opens quick-add; with one layer selected, the new layer comes after it, wired to it;
- P / Shift+P step through the selected layer's ports (a ring marks the port, the status bar names it);
- Ctrl+E, "Connect to…": a list of the other layers' free ports; Enter wires the selected layer's
  output (or the port P picked) to the chosen one;
- Enter (or F2) moves the focus to the inspector's first field; F2 there comes back to the canvas;
- Escape drops the port ring, then the selection.

Window-wide: Alt+1 canvas, Alt+2 layers, Alt+3 inspector, Alt+4 training settings. Delete, undo, Train
(F5) and Stop (Shift+F5) are the window's own actions.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal,
                            Slot)
from PySide6.QtGui import QAction, QKeySequence, QPen
from PySide6.QtWidgets import (QApplication, QFrame, QGraphicsEllipseItem, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from netstudio.core import editing
from netstudio.layers import shape_text

from .accessibility import announce
from .editor.theme import HEADER_HEIGHT, NODE_WIDTH, PORT_RADIUS

# key, menu text, shortcut
ACTIONS = (
    ("connect_to", QT_TRANSLATE_NOOP("Keyboard", "Co&nnect to…"), "Ctrl+E"),
    ("edit_params", QT_TRANSLATE_NOOP("Keyboard", "Edit &parameters / back to the canvas"), "F2"),
    ("focus_canvas", QT_TRANSLATE_NOOP("Keyboard", "Focus the &canvas"), "Alt+1"),
    ("focus_palette", QT_TRANSLATE_NOOP("Keyboard", "Focus the &layers"), "Alt+2"),
    ("focus_inspector", QT_TRANSLATE_NOOP("Keyboard", "Focus the &inspector"), "Alt+3"),
    ("focus_training", QT_TRANSLATE_NOOP("Keyboard", "Focus the &training settings"), "Alt+4"),
)
DIRECTIONS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keyboard", text)


def neighbour(scene, from_id: str | None, direction: tuple[int, int], centre: QPointF) -> str | None:
    """The layer nearest ``from_id`` in ``direction`` (ahead counts, sideways costs double); without a
    start, the one nearest ``centre``."""
    if not scene.nodes:
        return None
    if from_id is None or from_id not in scene.nodes:
        return min(scene.nodes, key=lambda nid: _dist(scene.nodes[nid].sceneBoundingRect().center(), centre))
    here = scene.nodes[from_id].sceneBoundingRect().center()
    best, best_score = None, math.inf
    for nid, item in scene.nodes.items():
        if nid == from_id:
            continue
        v = item.sceneBoundingRect().center() - here
        along = v.x() * direction[0] + v.y() * direction[1]
        across = abs(v.x() * direction[1] - v.y() * direction[0])
        if along <= 1e-6:
            continue
        score = along + 2 * across
        if score < best_score:
            best, best_score = nid, score
    return best


def _dist(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def ports_of(item) -> list[tuple[str, int]]:
    return [("in", i) for i in range(len(item.in_names))] + [("out", i) for i in range(len(item.out_names))]


def port_text(item, kind: str, index: int) -> str:
    names = item.in_names if kind == "in" else item.out_names
    name = names[index] if index < len(names) and names[index] else ""
    side = QCoreApplication.translate("Keyboard", "input") if kind == "in" else QCoreApplication.translate("Keyboard", "output")
    return f"{item.node_id} · {side} {index + 1}" + (f" ({name})" if name else "")


def node_text(item) -> str:
    """"fc1, Linear, output (32,)": what a screen reader says for a layer reached with the keyboard."""
    parts = [item.node_id, item.type_name]
    info = item.info
    if info is not None and info.error:
        parts.append(QCoreApplication.translate("Keyboard", "error: %1").replace("%1", info.error))
    elif info is not None and info.out_shapes:
        parts.append(QCoreApplication.translate("Keyboard", "output %1").replace("%1", ", ".join(shape_text(s) for s in info.out_shapes)))
    return ", ".join(parts)


class ConnectChooser(QFrame):
    """A popup like quick-add: type to filter the ports listed, Enter connects. ``chosen(object)`` gives
    the item's data: (node id, port index)."""

    chosen = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.search = QLineEdit(self)
        self.list = QListWidget(self)
        self.list.setMinimumSize(280, 220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.setPlaceholderText(QCoreApplication.translate("Keyboard", "Type a layer's name…"))
        self.search.setAccessibleName(QCoreApplication.translate("Keyboard", "Filter the layers to connect to"))
        self.list.setAccessibleName(QCoreApplication.translate("Keyboard", "Layers to connect to"))
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(self._activate)

    def offer(self, entries: list[tuple[str, object]], global_pos) -> None:
        self.list.clear()
        for text, data in entries:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, data)
        self.search.clear()
        self._filter("")
        self.adjustSize()
        self.move(global_pos)
        self.show()
        self.raise_()
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = bool(text) and text not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None and not item.isHidden():
                    self._activate(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)

    def _step(self, delta: int) -> None:
        row = self.list.currentRow()
        for _ in range(self.list.count()):
            row += delta
            if not 0 <= row < self.list.count():
                return
            if not self.list.item(row).isHidden():
                self.list.setCurrentRow(row)
                return

    def _activate(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        self.hide()
        self.chosen.emit(data)


class KeyboardNav(QObject):
    """The keyboard layer of a ``MainWindow``: its actions (Edit and View menus) and canvas keys."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.actions: dict[str, QAction] = {}
        for key, _text, shortcut in ACTIONS:
            action = QAction(window)
            action.setShortcut(QKeySequence(shortcut))
            action.setObjectName(key)
            window.addAction(action)       # active wherever the focus is in the window
            self.actions[key] = action
        a = self.actions
        a["connect_to"].triggered.connect(self.connect_to)
        a["edit_params"].triggered.connect(self.toggle_inspector_focus)
        a["focus_canvas"].triggered.connect(self.focus_canvas)
        a["focus_palette"].triggered.connect(self.focus_palette)
        a["focus_inspector"].triggered.connect(self.focus_inspector)
        a["focus_training"].triggered.connect(self.focus_training)
        edit = window.menus["edit"]
        edit.addSeparator()
        edit.addActions([a["connect_to"], a["edit_params"]])
        view = window.menus["view"]
        anchor = next((x for x in view.actions() if x.menu() is window.menus["theme"]), None)
        for key in ("focus_canvas", "focus_palette", "focus_inspector", "focus_training"):
            view.insertAction(anchor, a[key])
        view.insertSeparator(anchor)
        self.chooser: ConnectChooser | None = None
        self._source: tuple[str, str, int] | None = None     # (node, "out"/"in", port) of a Connect to…
        self.port: dict[object, tuple[str, int]] = {}        # view -> the port P picked on its selection
        self.rings: dict[object, QGraphicsEllipseItem] = {}
        self._watched: set = set()
        window.document_changed.connect(self._document_changed)
        window.selection_changed.connect(self._selection_changed)
        window.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        for key, text, _shortcut in ACTIONS:
            self.actions[key].setText(_tr(text))

    # ----- canvases -----
    @Slot(object)
    def _document_changed(self, _doc) -> None:
        self.port.clear()
        self.rings.clear()
        for view in self.w.views.values():
            if view not in self._watched:
                view.installEventFilter(self)
                self._watched.add(view)
                view.destroyed.connect(self._forget)

    @Slot(QObject)
    def _forget(self, obj) -> None:
        self._watched = {v for v in self._watched if v is not obj}

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or obj is not self.w.current_view():
            return False
        return self.canvas_key(obj, event.key(), event.modifiers())

    def canvas_key(self, view, key, modifiers) -> bool:
        """One key on the canvas; True when it was used here."""
        mods = modifiers & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        scene = view.graph_scene
        if key in DIRECTIONS and plain and scene.nodes:
            ids = scene.selected_node_ids()
            target = neighbour(scene, ids[-1] if ids else None, DIRECTIONS[key], view.centre_scene_pos())
            if target is not None:
                self.select(view, target)
            return True
        if key == Qt.Key.Key_Tab and plain:
            self.quick_add(view)
            return True
        if key == Qt.Key.Key_P and mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return self.cycle_port(view, -1 if mods else 1)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and scene.selected_node_ids():
            self.focus_inspector()
            return True
        if key == Qt.Key.Key_Escape and plain and not scene.wiring:
            if view in self.port:
                self._drop_ring(view)
            else:
                scene.clearSelection()
            return True
        return False

    def select(self, view, node_id: str) -> None:
        view.graph_scene.select_nodes([node_id])
        item = view.graph_scene.nodes[node_id]
        view.ensureVisible(item.sceneBoundingRect(), 40, 40)
        self.w.statusBar().showMessage(QCoreApplication.translate("Keyboard", "Selected %1 (%2)").replace("%1", node_id).replace("%2", item.type_name),
                                       4000)
        announce(view, node_text(item))

    # ----- quick-add after the selection -----
    def quick_add(self, view=None):
        """Quick-add; with one layer selected the new one comes after it (to its right), wired to it."""
        view = view or self.w.current_view()
        if view is None:
            return None
        scene = view.graph_scene
        ids = scene.selected_node_ids()
        if len(ids) == 1 and scene.nodes[ids[0]].out_names:
            prev = scene.graph.node(ids[0])
            kind, port = self.port.get(view, ("out", 0))
            port = port if kind == "out" else 0
            taken = {e.src_port for e in scene.graph.out_edges(prev.id)}
            where = QPointF(prev.pos[0] + 240 + NODE_WIDTH / 2, prev.pos[1] + 120 * len(taken) + HEADER_HEIGHT)
            view.ensureVisible(QRectF(where.x() - NODE_WIDTH / 2, where.y() - HEADER_HEIGHT, NODE_WIDTH, 80), 40, 40)
            popup = view.open_quick_add(where, ("out", prev.id, port))   # the popup opens where the layer goes
        else:
            popup = view.open_quick_add(view.cursor_scene_pos(), None)
        if popup is not None and not popup.property("keyboard_nav"):
            popup.setProperty("keyboard_nav", True)
            popup.chosen.connect(self._added)
        return popup

    @Slot(str)
    def _added(self, _type: str) -> None:
        view = self.w.current_view()
        if view is None:
            return
        ids = view.graph_scene.selected_node_ids()
        if len(ids) == 1:
            item = view.graph_scene.nodes[ids[0]]
            view.ensureVisible(item.sceneBoundingRect(), 40, 40)
            announce(view, node_text(item))
        self._back_to(view)

    def _back_to(self, view) -> None:
        """After a popup: the window active again (some platforms leave the closed popup active) and the
        canvas focused, so the next key goes on building."""
        self.w.activateWindow()
        view.setFocus(Qt.FocusReason.PopupFocusReason)

    # ----- ports -----
    def cycle_port(self, view, step: int) -> bool:
        scene = view.graph_scene
        ids = scene.selected_node_ids()
        if len(ids) != 1:
            return False
        item = scene.nodes[ids[0]]
        ports = ports_of(item)
        if not ports:
            return False
        current = self.port.get(view)
        i = ports.index(current) + step if current in ports else (0 if step > 0 else len(ports) - 1)
        kind, index = ports[i % len(ports)]
        self.port[view] = (kind, index)
        ring = self.rings.get(view)
        if ring is None or ring.scene() is not scene:
            ring = QGraphicsEllipseItem()
            ring.setZValue(10)
            scene.addItem(ring)
            self.rings[view] = ring
        r = PORT_RADIUS + 5
        centre = item.scene_port_pos(kind, index)
        ring.setRect(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
        ring.setPen(QPen(scene.theme.node_selected, 3))
        self.w.statusBar().showMessage(QCoreApplication.translate("Keyboard", "Port: %1").replace("%1", port_text(item, kind, index)), 4000)
        announce(view, port_text(item, kind, index))
        return True

    def _drop_ring(self, view) -> None:
        self.port.pop(view, None)
        ring = self.rings.pop(view, None)
        if ring is not None and ring.scene() is not None:
            ring.scene().removeItem(ring)

    @Slot(list)
    def _selection_changed(self, _ids) -> None:
        view = self.w.current_view()
        if view is not None and view in self.port:
            self._drop_ring(view)

    # ----- connect to… -----
    def targets(self, scene, node_id: str, kind: str) -> list[tuple[str, tuple[str, int]]]:
        """(text, (node, port)) for every port of another layer that the ``kind`` port of ``node_id`` can
        be wired to; free inputs first."""
        graph = scene.graph
        rows = []
        for nid, item in scene.nodes.items():
            if nid == node_id:
                continue
            if kind == "out":
                for i in range(len(item.in_names)):
                    used = graph.edge_into(nid, i) is not None
                    text = f"{nid} ({item.type_name})" + (f" · {QCoreApplication.translate('Keyboard', 'input')} {i + 1}" if len(item.in_names) > 1
                                                          else "")
                    if used:     # connecting replaces the wire there (undoable): say so before Enter
                        text += " · " + QCoreApplication.translate("Keyboard", "replaces its wire")
                    rows.append((used, text, (nid, i)))
            else:
                for i in range(len(item.out_names)):
                    text = f"{nid} ({item.type_name})" + (f" · {QCoreApplication.translate('Keyboard', 'output')} {i + 1}" if len(item.out_names) > 1
                                                          else "")
                    rows.append((False, text, (nid, i)))
        rows.sort(key=lambda r: r[0])
        return [(text, data) for _used, text, data in rows]

    def connect_to(self):
        """Edit > Connect to…: choose where the selected layer's output (or P's port) goes."""
        view = self.w.current_view()
        if view is None or not view.graph_scene.editable:
            return None
        scene = view.graph_scene
        ids = scene.selected_node_ids()
        if len(ids) != 1:
            self.w.statusBar().showMessage(QCoreApplication.translate("Keyboard", "Select one layer to connect from."), 6000)
            return None
        item = scene.nodes[ids[0]]
        kind, port = self.port.get(view, ("out", 0) if item.out_names else ("in", 0))
        if (kind == "out" and not item.out_names) or (kind == "in" and not item.in_names):
            return None
        self._source = (ids[0], kind, port)
        if self.chooser is None:
            self.chooser = ConnectChooser(self.w)
            self.chooser.chosen.connect(self._connect_chosen)
        anchor = view.viewport().mapToGlobal(view.mapFromScene(item.scene_port_pos(kind, port)))
        self.chooser.offer(self.targets(scene, ids[0], kind), anchor)
        return self.chooser

    @Slot(object)
    def _connect_chosen(self, data) -> None:
        view, source = self.w.current_view(), self._source
        self._source = None
        if view is None or source is None or data is None:
            return
        node_id, kind, port = source
        other, other_port = data
        scene = view.graph_scene
        if kind == "out":
            done = self.w.document.edit(editing.connect, scene.graph_name, node_id, port, other, other_port)
        else:
            done = self.w.document.edit(editing.connect, scene.graph_name, other, other_port, node_id, port)
        self._back_to(view)
        if done:
            self.w.statusBar().showMessage(QCoreApplication.translate("Keyboard", "Connected %1 to %2.").replace(
                "%1", node_id if kind == "out" else other).replace("%2", other if kind == "out" else node_id), 4000)

    # ----- focus between panels -----
    def focus_canvas(self) -> None:
        view = self.w.current_view()
        if view is not None:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_inspector(self) -> None:
        dock = self.w.docks["inspector"]
        dock.show()
        dock.raise_()
        inspector = self.w.inspector
        # the first field one sets by hand: not one inferred from the input, not one under "Advanced"
        editors = sorted((e for e in inspector.editors.values() if not getattr(e.param, "advanced", False)),
                         key=lambda e: bool(getattr(e.param, "inferred", False)))
        for editor in editors:
            widget = editor.widget
            if widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                if widget.isVisible():
                    _focus_and_select(widget)
                else:    # a form rebuilt for a new selection shows its fields on the next event-loop pass
                    QTimer.singleShot(0, widget, lambda w=widget: _focus_and_select(w))
                return
        inspector.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_inspector_focus(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and _inside(focus, self.w.docks["inspector"]):
            self.focus_canvas()
        else:
            self.focus_inspector()

    def focus_palette(self) -> None:
        dock = self.w.docks["palette"]
        dock.show()
        dock.raise_()
        self.w.palette.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_training(self) -> None:
        dock = self.w.docks.get("training")
        if dock is None:
            return
        dock.show()
        dock.raise_()
        panel = self.w.training.panel
        first = next((c for c in panel.findChildren(QWidget) if c.isVisibleTo(panel) and c.isEnabled()
                      and c.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
        (first or panel).setFocus(Qt.FocusReason.ShortcutFocusReason)


def _focus_and_select(widget) -> None:
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if hasattr(widget, "selectAll"):     # typing replaces the value (line edits, spin boxes)
        widget.selectAll()


def _inside(widget, ancestor) -> bool:
    while widget is not None:
        if widget is ancestor:
            return True
        widget = widget.parentWidget()
    return False

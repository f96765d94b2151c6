"""The Exercise menu: teacher mode, lock layers, hide output shapes or parameter counts (undoable edits of the
selected nodes), and the guard that refuses edits of locked layers with a sentence in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from netstudio.core import commands as cmd
from netstudio.lessons.exercise import HIDDEN, LOCKED, hidden_after, hides, is_locked, refusal

from . import reveals

TEACHER_SETTING = "exercise/teacher_mode"


class ExerciseTools(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.menu = QMenu(window)
        self.actions: dict[str, QAction] = {}
        for key in ("teacher", "lock", "hide_shape", "hide_params"):
            action = QAction(window)
            action.setCheckable(True)
            self.actions[key] = action
        a = self.actions
        self.menu.addAction(a["teacher"])
        self.menu.addSeparator()
        self.menu.addActions([a["lock"], a["hide_shape"], a["hide_params"]])
        self.reveal_all = self.menu.addAction("")
        self.reveal_all.triggered.connect(self.hide_again)
        window.menuBar().insertMenu(window.menus["help"].menuAction(), self.menu)
        a["teacher"].setChecked(QSettings().value(TEACHER_SETTING, False, type=bool))
        a["teacher"].toggled.connect(self._teacher_toggled)
        a["lock"].triggered.connect(self.toggle_lock)
        a["hide_shape"].triggered.connect(lambda on: self.toggle_hidden("shape", on))
        a["hide_params"].triggered.connect(lambda on: self.toggle_hidden("params", on))
        window.selection_changed.connect(self._sync)
        window.document_changed.connect(self._document_changed)
        window.language_changed.connect(self.retranslate)
        self.retranslate()
        self._sync()

    @Slot()
    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("E&xercise"))
        a = self.actions
        a["teacher"].setText(self.tr("&Teacher mode"))
        a["teacher"].setToolTip(self.tr("Lock layers and hide values for students to predict"))
        a["lock"].setText(self.tr("&Lock selected layers"))
        a["hide_shape"].setText(self.tr("Hide output &shape"))
        a["hide_params"].setText(self.tr("Hide &parameter count"))
        self.reveal_all.setText(self.tr("Hide revealed values again"))

    # ----- state -----
    @property
    def teacher(self) -> bool:
        return self.actions["teacher"].isChecked()

    def _selected(self):
        scene, doc = self.window.current_scene(), self.window.document
        if scene is None or doc is None or not doc.has_graph(scene.graph_name):   # a block tab about to close
            return None, []
        graph = doc.graph(scene.graph_name)
        return graph, [graph.node(n) for n in scene.selected_node_ids() if n in graph]

    @Slot()
    def _sync(self, *_args) -> None:
        graph, nodes = self._selected()
        on = self.teacher and bool(nodes) and not (self.window.document and self.window.document.read_only)
        a = self.actions
        for key in ("lock", "hide_shape", "hide_params"):
            a[key].setEnabled(on)
        a["lock"].setChecked(bool(nodes) and all(is_locked(n) for n in nodes))
        a["hide_shape"].setChecked(bool(nodes) and all(hides(n, "shape") for n in nodes))
        a["hide_params"].setChecked(bool(nodes) and all(hides(n, "params") for n in nodes))

    @Slot(bool)
    def _teacher_toggled(self, on: bool) -> None:
        QSettings().setValue(TEACHER_SETTING, on)
        self._sync()
        self.window.inspector.refresh()     # the inspector's parameter-lock field comes and goes

    @Slot(object)
    def _document_changed(self, doc) -> None:
        reveals.clear()          # a new project: its hidden values start hidden
        if doc is not None:
            doc.guard = self.guard
            doc.undo_stack.indexChanged.connect(self._sync)
        self._sync()

    # ----- the guard -----
    def guard(self, command) -> str | None:
        why = refusal(command)
        if why is None:
            return None
        sentences = {
            "changed": self.tr("%1 is locked for this exercise; it cannot be changed."),
            "params": self.tr("%1 is locked for this exercise; its parameters cannot be changed."),
            "param": self.tr("%1 is locked for this exercise; it cannot be changed."),
            "connections": self.tr("%1 is locked for this exercise; its connections cannot be changed."),
            "deleted": self.tr("%1 is locked for this exercise; it cannot be deleted or moved into a block."),
        }
        return sentences[why.what].replace("%1", why.name)

    # ----- the teacher's toggles (undoable) -----
    def _push(self, graph, changes: list[tuple[str, str, object]], text: str) -> bool:
        commands = [cmd.SetAttribute(graph, nid, key, value, text=text) for nid, key, value in changes
                    if graph.node(nid).extra.get(key) != value]
        if not commands:
            return False
        ok = self.window.document.push(commands[0] if len(commands) == 1 else cmd.Macro(commands, text))
        self._refresh_views()
        return ok

    @Slot(bool)
    def toggle_lock(self, on: bool | None = None) -> bool:
        graph, nodes = self._selected()
        if graph is None or not nodes:
            return False
        if on is None:
            on = not all(is_locked(n) for n in nodes)
        return self._push(graph, [(n.id, LOCKED, True if on else None) for n in nodes],
                          "Lock layers" if on else "Unlock layers")

    def toggle_hidden(self, what: str, on: bool | None = None) -> bool:
        graph, nodes = self._selected()
        if graph is None or not nodes:
            return False
        if on is None:
            on = not all(hides(n, what) for n in nodes)
        return self._push(graph, [(n.id, HIDDEN, hidden_after(n, what, on)) for n in nodes],
                          f"{'Hide' if on else 'Show'} {what}")

    @Slot()
    def hide_again(self) -> None:
        reveals.clear()
        self._refresh_views()

    def _refresh_views(self) -> None:
        """Canvas items, summary, status and inspector show "?" or the value again."""
        w = self.window
        for view in w.views.values():
            scene = view.graph_scene
            infos = w.document.cached_infos(scene.graph_name) if w.document is not None else {}
            for edge in scene.edges.values():     # edge labels carry shapes too
                scene._edge_state(edge, infos)
            for item in view.graph_scene.nodes.values():
                item.update()
        w.summary.refresh()
        w._update_status()
        w.inspector.refresh()
        self._sync()

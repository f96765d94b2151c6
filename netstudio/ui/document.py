"""The Qt adapter around a core Project: undo stack, live shape inference, unsaved state, autosave.

The project stays the truth. Every edit builds a Qt-free command from ``netstudio.core.commands``
and pushes it here; the views listen to the graph's events and to ``inferred``.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from netstudio.compiler.shapes import NodeInfo, ShapeInference, graph_problems
from netstudio.core import commands as cmd
from netstudio.core.errors import GraphError, NetStudioError
from netstudio.core.graph import Edge, Graph, Node
from netstudio.core.project import Project
from netstudio.layers import get_spec

INFER_DEBOUNCE_MS = 15  # coalesces the several graph events of one command (a paste) into one pass
AUTOSAVE_MS = 30_000


class CommandAdapter(QUndoCommand):
    """Wraps one core command for QUndoStack; ``merge_id`` (from its merge_key) lets typing merge."""

    def __init__(self, command: cmd.Command, merge_id: int = -1, applied: bool = False) -> None:
        super().__init__(command.text)
        self.command = command
        self._merge_id = merge_id
        self._skip_first_redo = applied  # Document.push already ran it, to catch errors outside Qt

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.command.redo()

    def undo(self) -> None:
        self.command.undo()

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CommandAdapter) or other.id() != self._merge_id:
            return False
        merged = self.command.merge_with(other.command)
        if merged and isinstance(self.command, cmd.SetParams) and self.command.new == self.command.old:
            self.setObsolete(True)  # typed back to the original value: nothing left to undo
        return merged


class Document(QObject):
    """One open project.

    Signals
    -------
    inferred(str)        shapes of graph ``name`` were re-inferred (after any edit that can change them)
    dirty_changed(bool)  the unsaved-changes state flipped
    path_changed(str)    the project got a new file name (Save As)
    error(str)           an edit was refused; the sentence says why
    """

    inferred = Signal(str)
    dirty_changed = Signal(bool)
    path_changed = Signal(str)
    error = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None, *, auto_infer: bool = True,
                 inference: ShapeInference | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.inference = inference or ShapeInference()
        self.auto_infer = auto_infer
        self._infos: dict[str, dict[str, NodeInfo]] = {}
        self._stale: set[str] = set(project.graphs)
        self._merge_ids: dict[tuple, int] = {}
        self._merge_session = 0
        self._forced_dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(INFER_DEBOUNCE_MS)
        self._timer.timeout.connect(self.infer_now)
        self._listeners = []
        for name, graph in project.graphs.items():
            listener = (lambda n=name: self._graph_changed(n))
            graph.changed.connect(listener)
            self._listeners.append((graph, listener))
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.recovery = None  # a recovery.RecoveryFile, set by the main window
        if auto_infer:
            self._timer.start()

    # ----- graphs and shapes -----
    def graph(self, name: str) -> Graph:
        return self.project.graph(name)

    @property
    def graph_names(self) -> list[str]:
        return list(self.project.graphs)

    def _graph_changed(self, name: str) -> None:
        self._stale.add(name)
        if self.auto_infer:
            self._timer.start()

    def infer_now(self) -> None:
        """Re-infer every stale graph now and emit ``inferred`` for each (cache makes it cheap)."""
        self._timer.stop()
        stale, self._stale = sorted(self._stale), set()
        for name in stale:
            if name in self.project.graphs:
                self._infos[name] = self.inference.infer(self.project.graphs[name])
                self.inferred.emit(name)

    def infos(self, name: str) -> dict[str, NodeInfo]:
        """Up-to-date inference results of graph ``name`` (infers first when an edit is pending)."""
        if name in self._stale or name not in self._infos:
            self._stale.add(name)
            self.infer_now()
        return self._infos.get(name, {})

    def cached_infos(self, name: str) -> dict[str, NodeInfo]:
        """The last results without inferring (painting must not trigger torch)."""
        return self._infos.get(name, {})

    def problems(self, name: str) -> list[GraphError]:
        return graph_problems(self.graph(name), self.infos(name))

    # ----- pushing commands -----
    def push(self, command: cmd.Command) -> bool:
        """Apply ``command`` and put it on the undo stack; False (and ``error``) when the model refuses."""
        try:
            command.redo()
        except NetStudioError as exc:
            self.error.emit(str(exc))
            return False
        merge_id = -1
        if command.merge_key is not None:
            key = (self._merge_session, command.merge_key)
            merge_id = self._merge_ids.setdefault(key, len(self._merge_ids) + 1)
        self.undo_stack.push(CommandAdapter(command, merge_id, applied=True))
        return True

    def break_merge(self) -> None:
        """End the current typing burst: the next parameter edit starts a new undo step."""
        self._merge_session += 1

    def add_node(self, graph_name: str, type_name: str, pos: tuple[float, float],
                 connect_from: tuple[str, int] | None = None,
                 connect_to: tuple[str, int] | None = None) -> str | None:
        """Add a layer from the palette; optionally wire it to a port in the same undo step."""
        spec = get_spec(type_name)
        if spec is None:
            self.error.emit(self.tr("Unknown layer type '%1'.").replace("%1", type_name))
            return None
        graph = self.graph(graph_name)
        node = Node(graph.unique_id(type_name), type_name, spec.initial_params(), (float(pos[0]), float(pos[1])))
        edges = []
        if connect_from is not None and spec.inputs:
            edges.append(Edge(connect_from[0], node.id, connect_from[1], 0))
        if connect_to is not None and spec.ports_out(node.params):
            replaced = graph.edge_into(connect_to[0], connect_to[1])
            edge = Edge(node.id, connect_to[0], 0, connect_to[1])
            if replaced is not None:
                return node.id if self.push(cmd.Macro(
                    [cmd.Disconnect(graph, replaced), cmd.AddSubgraph(graph, [node], [edge])],
                    f"Add {type_name}")) else None
            edges.append(edge)
        command = cmd.AddSubgraph(graph, [node], edges, text=f"Add {type_name}") if edges else cmd.AddNode(graph, node)
        return node.id if self.push(command) else None

    def connect(self, graph_name: str, src: str, src_port: int, dst: str, dst_port: int,
                detach: Edge | None = None) -> bool:
        """Connect an output port to an input port (replacing what the input had); refuse cycles."""
        graph = self.graph(graph_name)
        if src == dst:
            self.error.emit(self.tr("A layer cannot be connected to itself."))
            return False
        if src in graph.downstream([dst]):
            self.error.emit(self.tr("Connecting %1 to %2 would make a loop; the data must flow one way.")
                            .replace("%1", src).replace("%2", dst))
            return False
        edge = Edge(src, dst, src_port, dst_port)
        existing = graph.edge_into(dst, dst_port)
        if existing is not None and existing.key == edge.key:
            return False
        commands: list[cmd.Command] = []
        if detach is not None and detach.key != edge.key:
            commands.append(cmd.Disconnect(graph, detach))
        commands.append(cmd.Connect(graph, edge))
        return self.push(commands[0] if len(commands) == 1 else cmd.Macro(commands, commands[-1].text))

    def disconnect(self, graph_name: str, edges: Iterable[Edge]) -> bool:
        graph = self.graph(graph_name)
        commands = [cmd.Disconnect(graph, e) for e in edges]
        if not commands:
            return False
        return self.push(commands[0] if len(commands) == 1 else cmd.Macro(commands, f"Disconnect {len(commands)} edges"))

    def remove(self, graph_name: str, node_ids: Iterable[str], edges: Iterable[Edge] = ()) -> bool:
        node_ids, edges = list(node_ids), list(edges)
        if not node_ids:
            return self.disconnect(graph_name, edges)
        return self.push(cmd.RemoveNodes(self.graph(graph_name), node_ids, edges))

    def set_param(self, graph_name: str, node_id: str, name: str, value: Any) -> bool:
        graph = self.graph(graph_name)
        if graph.node(node_id).params.get(name) == value and (value is not None or name not in graph.node(node_id).params):
            return False
        return self.push(cmd.set_param(graph, node_id, name, copy.deepcopy(value)))

    def move(self, graph_name: str, new_positions: dict[str, tuple[float, float]],
             old_positions: dict[str, tuple[float, float]] | None = None, text: str = "Move") -> bool:
        graph = self.graph(graph_name)
        old = old_positions or {k: graph.node(k).pos for k in new_positions}
        changed = {k: v for k, v in new_positions.items() if tuple(map(float, v)) != tuple(map(float, old[k]))}
        if not changed:
            return False
        return self.push(cmd.MoveNodes(graph, changed, {k: old[k] for k in changed}, text=text))

    def add_subgraph(self, graph_name: str, nodes: list[Node], edges: list[Edge], text: str = "Paste") -> bool:
        return self.push(cmd.AddSubgraph(self.graph(graph_name), nodes, edges, text=text))

    # ----- unsaved state and files -----
    @property
    def dirty(self) -> bool:
        return self._forced_dirty or not self.undo_stack.isClean()

    def mark_dirty(self) -> None:
        """For a project restored from a recovery file: it differs from what is on disk."""
        if not self._forced_dirty:
            was = self.dirty
            self._forced_dirty = True
            if not was:
                self.dirty_changed.emit(True)

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(self.dirty)

    def save(self, path: str | None = None) -> None:
        """Atomic save (core); raises ProjectError with a sentence for the dialog."""
        old_path = self.project.path
        self.project.save(path)
        self._forced_dirty = False
        self.undo_stack.setClean()
        self.dirty_changed.emit(False)
        if self.recovery is not None:
            self.recovery.discard()
        if self.project.path != old_path:
            self.path_changed.emit(self.project.path or "")

    def autosave(self) -> bool:
        """Write the recovery file when there are unsaved changes; True when written."""
        if self.recovery is None or not self.dirty:
            return False
        try:
            self.recovery.write(self.project)
        except OSError as exc:
            self.error.emit(self.tr("Autosave failed: %1").replace("%1", exc.strerror or str(exc)))
            return False
        return True

    def close(self) -> None:
        """Stop listening to the project (the scenes detach themselves)."""
        self._timer.stop()
        self.autosave_timer.stop()
        for graph, listener in self._listeners:
            graph.changed.disconnect(listener)
        self._listeners.clear()

"""The Qt adapter around a core Project: undo stack, live shape inference, unsaved state, autosave.

The project stays the truth. Every edit is a Qt-free verb of ``netstudio.core.editing`` (or a command
of ``netstudio.core.commands``) pushed here; the views listen to the graph's events, to ``inferred``
and to ``read_only_changed``.

Shapes never block the GUI thread after an edit: the debounced pass asks only the caches (memory and
the persistent ``compiler.shape_cache``; no torch) and shows what they know; the rest is inferred on the
shape worker (``shape_worker.py``) and posted back, newest generation only. ``infos`` and ``infer_now``
stay synchronous for callers that need the complete answer at once (export, training, tests).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from netstudio.compiler.shape_cache import shared_cache
from netstudio.compiler.shapes import NodeInfo, ShapeInference, graph_problems
from netstudio.core import commands as cmd
from netstudio.core.errors import CycleError, GraphError, NetStudioError, SelfLoopError
from netstudio.core.graph import Graph
from netstudio.core.project import Project
from .engine_text import engine_text

INFER_DEBOUNCE_MS = 15  # coalesces the several graph events of one command (a paste) into one pass
AUTOSAVE_MS = 30_000
BLOCK_KEY = "block:"  # a "graph name" that stands for the inside of a block: "block:BasicBlock" (block tabs)


def block_key(block: str) -> str:
    return BLOCK_KEY + block


def block_of_key(name: str | None) -> str | None:
    """The block name a graph key stands for ("block:Basic" -> "Basic"), None for a project graph."""
    return name[len(BLOCK_KEY):] if isinstance(name, str) and name.startswith(BLOCK_KEY) else None


def _detached_copy(graph: Graph) -> Graph:
    """A copy the worker thread can read while the GUI edits on: the block definitions copied too."""
    copy = graph.copy()
    if copy.blocks:
        from netstudio.core.blocks import retarget

        copy.blocks = {n: b.copy() for n, b in graph.blocks.items()}
        retarget(copy.blocks)
    return copy


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
    inferred(str)        shapes of graph ``name`` were re-inferred (after any edit that can change them);
                         some may still be missing (shown as "…") while the worker computes them
    shapes_ready(str)    every shape of graph ``name`` is known (after ``inferred``)
    dirty_changed(bool)  the unsaved-changes state flipped
    path_changed(str)    the project got a new file name (Save As)
    error(str)           an edit was refused; the sentence says why
    read_only_changed(bool)  training started (True) or ended (False); views stop offering edits
    sections_changed(str)    the task, data or training section changed (an edit, undo or redo)
    """

    inferred = Signal(str)
    shapes_ready = Signal(str)
    dirty_changed = Signal(bool)
    path_changed = Signal(str)
    error = Signal(str)
    read_only_changed = Signal(bool)
    sections_changed = Signal(str)

    def __init__(self, project: Project, parent: QObject | None = None, *, auto_infer: bool = True,
                 inference: ShapeInference | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.inference = inference or ShapeInference(store=shared_cache())
        self.auto_infer = auto_infer
        self._infos: dict[str, dict[str, NodeInfo]] = {}
        self._stale: set[str] = set(project.graphs)
        self._pending: set[str] = set()      # graphs whose shapes the worker is still computing
        self._generation: dict[str, int] = {}
        self._poster = None                  # a shape_worker.ShapePoster, made on the first request
        self._merge_ids: dict[tuple, int] = {}
        self._merge_session = 0
        self._forced_dirty = False
        self._read_only = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(INFER_DEBOUNCE_MS)
        self._timer.timeout.connect(self._infer_soon)
        self._listeners = []
        for name, graph in project.graphs.items():
            listener = (lambda n=name: self._graph_changed(n))
            graph.changed.connect(listener)
            self._listeners.append((graph, listener))
        self.watch_blocks()
        project.sections_changed.connect(self._section_changed)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.recovery = None  # a recovery.RecoveryFile, set by the main window
        # guard(command) -> a sentence refusing the edit, or None (exercise mode: locked layers)
        self.guard: Callable[[cmd.Command], str | None] | None = None
        if auto_infer:
            # the caches and the torch-free shape rules answer now, so the first paint already shows the
            # shapes they know; the worker gets the rest (never blocks)
            self._infer_soon()

    # ----- graphs and shapes -----
    def graph(self, name: str) -> Graph:
        block = block_of_key(name)
        if block is not None:   # the inside of a block, edited in its own tab
            return self.project.blocks[block].graph
        return self.project.graph(name)

    def has_graph(self, name: str | None) -> bool:
        """A project graph or a block's inside ("block:Name") that exists now."""
        block = block_of_key(name)
        return block in self.project.blocks if block is not None else name in self.project.graphs

    def request_shapes(self, name: str) -> None:
        """Infer graph ``name`` soon (a block tab just opened: its inside has no shapes yet)."""
        self._graph_changed(name)

    def owner_graph(self, name: str | None) -> str | None:
        """The project graph to export or load weights into when graph key ``name`` is on screen: itself,
        or for a block's inside the project's first graph (the model that uses the block)."""
        if block_of_key(name) is not None:
            return next(iter(self.project.graphs), None)
        return name

    def graph_block_name(self, name: str | None) -> str | None:
        """The block whose inside graph key ``name`` is, or None for a project graph."""
        return block_of_key(name)

    def watch_blocks(self) -> None:
        """Listen to the insides of every block (call after blocks were added): an edit inside a block
        re-infers every graph, since any of them may use it."""
        watched = {id(g) for g, _ in self._listeners}
        for name, block in self.project.blocks.items():
            if id(block.graph) not in watched:
                listener = (lambda n=block_key(name): self._block_changed(n))
                block.graph.changed.connect(listener)
                self._listeners.append((block.graph, listener))

    def _block_changed(self, key: str) -> None:
        self._stale |= set(self.project.graphs) | {key} | {k for k in self._infos if block_of_key(k)}
        if self.auto_infer:
            self._timer.start()

    def _graph_changed(self, name: str) -> None:
        self._stale.add(name)
        if self.auto_infer:
            self._timer.start()

    def _section_changed(self, section: str) -> None:
        self.sections_changed.emit(section)

    def _next_generation(self, name: str) -> int:
        self._generation[name] = self._generation.get(name, 0) + 1
        return self._generation[name]

    def infer_now(self) -> None:
        """Re-infer every stale (or still pending) graph now, on this thread, and emit ``inferred`` and
        ``shapes_ready`` for each. Imports torch when the caches miss: the GUI itself uses the worker."""
        self._timer.stop()
        stale, self._stale = sorted(self._stale | self._pending), set()
        for name in stale:
            if self.has_graph(name):
                self._next_generation(name)  # a worker result still on its way is now stale
                self._pending.discard(name)
                self._infos[name] = self.inference.infer(self.graph(name))
                self.inferred.emit(name)
                self.shapes_ready.emit(name)

    def _infer_soon(self) -> None:
        """The debounced pass after edits: the caches answer now, the worker the rest (never blocks)."""
        self._timer.stop()
        stale, self._stale = sorted(self._stale), set()
        for name in stale:
            if not self.has_graph(name):
                continue
            graph = self.graph(name)
            generation = self._next_generation(name)
            self.inference.offline = True
            try:
                infos = self.inference.infer(graph)
            finally:
                self.inference.offline = False
            if self.inference.pending:
                self._pending.add(name)
                self._infos[name] = {nid: i for nid, i in infos.items() if not i.pending}
                self.inferred.emit(name)
                self._ask_worker(name, generation, _detached_copy(graph))
            else:
                self._pending.discard(name)
                self._infos[name] = infos
                self.inferred.emit(name)
                self.shapes_ready.emit(name)

    def _ask_worker(self, name: str, generation: int, graph: Graph) -> None:
        from .shape_worker import ShapePoster, service

        if self._poster is None:
            self._poster = ShapePoster(self)
            self._poster.done.connect(self._on_worker_result)
        service().request(self._poster, name, generation, graph,
                          lambda: self._generation.get(name) == generation)

    @Slot(object)
    def _on_worker_result(self, result: tuple) -> None:
        name, generation, infos = result
        if self._generation.get(name) != generation or name in self._stale or not self.has_graph(name):
            return  # an edit came after this request: its own result follows
        self._pending.discard(name)
        self._infos[name] = infos
        self.inference.learn(self.graph(name), infos)  # the next edit finds these in the caches
        self.inferred.emit(name)
        self.shapes_ready.emit(name)

    def shapes_pending(self, name: str) -> bool:
        """True while some shape of graph ``name`` is not known yet (an edit waits or the worker runs)."""
        return name in self._stale or name in self._pending or name not in self._infos

    def infos(self, name: str) -> dict[str, NodeInfo]:
        """Up-to-date, complete inference results of graph ``name`` (infers first, on this thread, when an
        edit is pending or the worker has not answered yet)."""
        if name in self._stale or name in self._pending or name not in self._infos:
            self._stale.add(name)
            self.infer_now()
        return self._infos.get(name, {})

    def cached_infos(self, name: str) -> dict[str, NodeInfo]:
        """The last results without inferring (painting must not trigger torch)."""
        return self._infos.get(name, {})

    def problems(self, name: str) -> list[GraphError]:
        return graph_problems(self.graph(name), self.infos(name))

    # ----- pushing commands -----
    @property
    def read_only(self) -> bool:
        """True while training runs: ``push``, undo and redo refuse, so no view can edit the graph."""
        return self._read_only

    def set_read_only(self, on: bool) -> None:
        if on != self._read_only:
            self._read_only = on
            self.read_only_changed.emit(on)

    def push(self, command: cmd.Command | None) -> bool:
        """Apply ``command`` and put it on the undo stack; False (and ``error``) when the model refuses.

        ``None`` (a verb that found nothing to change) and a read-only document push nothing.
        """
        if command is None:
            return False
        if self._read_only:
            self.error.emit(self.tr("Training — the graph is read-only. Stop training to edit it."))
            return False
        why = self.guard(command) if self.guard is not None else None
        if why:
            self.error.emit(why)   # the guard words it in the interface language
            return False
        try:
            command.redo()
        except NetStudioError as exc:
            self.error.emit(self._refusal(exc))
            return False
        merge_id = -1
        if command.merge_key is not None:
            key = (self._merge_session, command.merge_key)
            merge_id = self._merge_ids.setdefault(key, len(self._merge_ids) + 1)
        self.undo_stack.push(CommandAdapter(command, merge_id, applied=True))
        return True

    def edit(self, verb: Callable[..., cmd.Command | None], graph_name: str, *args: Any, **kwargs: Any) -> bool:
        """Run an edit verb of ``netstudio.core.editing`` on graph ``graph_name`` and push its command.

        ``doc.edit(editing.connect, "model", "conv1", 0, "pool1", 0)``. True when the graph changed;
        False when there was nothing to change or the model refused (``error`` says why).
        """
        try:
            command = verb(self.graph(graph_name), *args, **kwargs)
        except NetStudioError as exc:
            self.error.emit(self._refusal(exc))
            return False
        return self.push(command)

    def _refusal(self, exc: NetStudioError) -> str:
        """The model's refusal as a sentence in the interface language."""
        if isinstance(exc, SelfLoopError):
            return self.tr("A layer cannot be connected to itself.")
        if isinstance(exc, CycleError) and exc.edge is not None:
            return (self.tr("Connecting %1 to %2 would make a loop; the data must flow one way.")
                    .replace("%1", exc.edge.src).replace("%2", exc.edge.dst))
        return engine_text(str(exc))

    def undo(self) -> None:
        if not self._read_only:
            self.break_merge()
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self._read_only:
            self.undo_stack.redo()

    def break_merge(self) -> None:
        """End the current typing burst: the next parameter edit starts a new undo step."""
        self._merge_session += 1

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

    def _clean_changed(self, _clean: bool) -> None:
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
        for name in list(self._generation):
            self._next_generation(name)  # late worker results are dropped
        for graph, listener in self._listeners:
            graph.changed.disconnect(listener)
        self._listeners.clear()
        self.project.sections_changed.disconnect(self._section_changed)

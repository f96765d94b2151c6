"""Shape inference off the GUI thread: one worker thread per process, results posted back as signals.

Why a worker: inferring shapes runs real PyTorch layers on the meta device. That needs torch imported
(about 2 s) and the first use of each layer type costs 0.5-1.5 s more, which froze the window when a
project opened or a new layer type was dropped. The design:

- ``Document`` first walks the graph on the GUI thread *offline* (memory and persistent caches only,
  ``compiler.shape_cache``; microseconds per node, no torch). What the caches know is shown at once.
- Whatever they do not know goes here as a request ``(poster, graph name, generation, graph copy)``. The
  worker infers the copy with torch and emits ``poster.done`` with the results; the signal is queued to
  the GUI thread (the poster lives there, and its slot is a ``@Slot`` of a GUI-thread QObject, as the
  design notes require). A request whose generation is no longer the document's newest is skipped before
  it runs, and a result that arrives after a newer edit is dropped by the document.
- After the first paint, ``warm_up`` imports torch here and runs every catalog layer type (and the
  samples' graphs) once, so the first use of a type costs nothing later and the persistent cache holds
  the samples' shapes for the next start.

A plain Python daemon thread rather than a QThread: it needs no event loop (a priority queue feeds it),
and a daemon thread cannot abort the process at exit the way a running QThread that gets deleted does.
"""

from __future__ import annotations

import itertools
import queue
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from netstudio.compiler.shape_cache import shared_cache

URGENT, WARM = 0, 1  # requests for an open document go before warming


class ShapePoster(QObject):
    """Lives in the GUI thread; the worker emits ``done((name, generation, infos))`` on it."""

    done = Signal(object)


class ShapeService(QObject):
    """The process-wide worker. ``torch_ready`` is emitted (queued to the GUI thread) once torch is in."""

    torch_ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._inference = None  # the worker thread's own ShapeInference (its memory cache is not shared)
        self.store = shared_cache()
        self.warmed = threading.Event()
        self._warming = False

    warmed_torch = threading.Event()  # set once a worker job has torch imported

    def _submit(self, priority: int, job: Callable[[], None]) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="shape-worker", daemon=True)
                self._thread.start()
        self._queue.put((priority, next(self._seq), job))

    def _loop(self) -> None:
        while True:
            _priority, _seq, job = self._queue.get()
            try:
                job()
            except Exception:  # noqa: BLE001 - one failed job must not stop the worker
                traceback.print_exc(file=sys.stderr)

    def request(self, poster: ShapePoster, name: str, generation: int, graph, current: Callable[[], bool]) -> None:
        """Infer ``graph`` (a copy the GUI no longer touches) and post the results to ``poster``."""
        def job() -> None:
            if not current():
                return  # a newer edit already asked again
            try:
                infos = self._infer(graph)
            except Exception:  # noqa: BLE001 - a bug must not kill the worker; the shapes stay "…"
                traceback.print_exc(file=sys.stderr)
                return
            try:
                poster.done.emit((name, generation, infos))
            except RuntimeError:  # the document was closed and its poster deleted
                pass
        self._submit(URGENT, job)

    def _infer(self, graph):
        if self._inference is None:
            from netstudio.compiler.shapes import ShapeInference

            self._inference = ShapeInference()
        self.store = self._inference.store = shared_cache()  # follows $NETSTUDIO_CACHE_DIR (tests, benchmarks)
        infos = self._inference.infer(graph)
        self._torch_in()
        self.store.flush()
        return infos

    def _torch_in(self) -> None:
        if not ShapeService.warmed_torch.is_set() and "torch" in sys.modules:
            ShapeService.warmed_torch.set()
            try:
                self.torch_ready.emit()
            except RuntimeError:
                pass

    def warm_up(self) -> None:
        """Import torch and run every layer type once, in the background (call after the first paint)."""
        if self._warming:
            return
        self._warming = True
        self._submit(WARM, self._import_torch)
        for path in _sample_files():
            self._submit(WARM, lambda p=path: _quietly(self._warm_project, p))
        from netstudio.layers import all_specs

        for spec in all_specs():
            self._submit(WARM, lambda s=spec: _quietly(_warm_type, s))
        self._submit(WARM, self._warm_done)

    def _import_torch(self) -> None:
        import importlib

        importlib.import_module("torch")
        from netstudio.compiler.shapes import reserved_names

        self.store.put_extra("reserved_names", sorted(reserved_names()))
        self._torch_in()

    def _warm_project(self, path: Path) -> None:
        from netstudio import load_project

        try:
            project = load_project(str(path))
        except Exception:  # noqa: BLE001 - a damaged sample only warms less
            return
        for graph in project.graphs.values():
            self._infer(graph)

    def _warm_done(self) -> None:
        self.store.flush()
        self.warmed.set()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """For tests and benchmarks (never the GUI thread in the program): True once the queue is empty."""
        done = threading.Event()
        self._submit(WARM + 1, done.set)
        return done.wait(timeout)


def _sample_files() -> list[Path]:
    """The templates (in the package) and the sample projects (beside it in a checkout)."""
    package = Path(__file__).resolve().parents[1]
    return sorted(package.joinpath("templates").glob("*.nsproj")) + sorted(
        package.parent.joinpath("sample_projects").glob("*.nsproj"))


def _quietly(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - warming is best effort
        pass


_TRY_SHAPES = [((1, 8, 8), "float32"), ((8,), "float32"), ((4, 8), "float32"), ((1, 4, 8, 8), "float32"),
               ((1, 16), "float32"), ((6,), "int64"), ((1, 16, 16), "float32")]


def _warm_type(spec) -> None:
    """Run one layer type on the meta device with its defaults (the first use is the slow one)."""
    import torch

    from netstudio.compiler.shapes import META_BATCH
    from netstudio.layers.build import apply, make_module

    if not spec.inputs and not spec.variadic:
        return
    params = spec.resolved({})
    count = max(len([p for p in spec.inputs if not p.optional]), spec.min_inputs if spec.variadic else 0, 1)
    for shape, dtype in _TRY_SHAPES:
        shapes = [shape] * count
        try:
            with torch.device("meta"):
                module = make_module(spec, params, shapes)
                inputs = [torch.empty((META_BATCH, *s), dtype=getattr(torch, dtype)) for s in shapes]
                apply(spec, module, inputs, params)
            return
        except Exception:  # noqa: BLE001 - not this shape: try the next
            continue


_SERVICE: ShapeService | None = None


def service() -> ShapeService:
    """The process-wide shape worker (created in the GUI thread on first use)."""
    global _SERVICE
    if _SERVICE is None:
        _SERVICE = ShapeService()
    return _SERVICE

"""Shape inference off the GUI thread and out of the GUI process: a worker thread talks to the shape server.

Why: inferring shapes runs real PyTorch layers on the meta device. That needs torch imported (about
2 s) and the first use of each layer type costs 0.5-1.5 s more; done on the GUI thread it froze the
window when a project opened or a new layer type was dropped. Done on a thread of the GUI process it
still froze it (1.4 s measured): importing torch and first uses hold the GIL. So:

- ``Document`` first walks the graph on the GUI thread *offline* (memory and persistent caches only,
  ``compiler.shape_cache``; microseconds per node, no torch). What the caches know is shown at once.
- What they do not know goes to this module's worker thread as a request ``(poster, graph name,
  generation, graph copy)``. The thread sends the graph to the shape server (``shape_server.py``, a child
  process with torch) and waits on the pipe, which releases the GIL. The answer is emitted on
  ``poster.done``; the poster lives in the GUI thread, so the signal is queued there and its slot is a
  ``@Slot`` of a GUI-thread QObject, as the design notes require. A request whose generation is no
  longer the document's newest is skipped before it is sent; a late answer is dropped by the document.
- After the first paint, ``warm_up`` starts the server, which imports torch and runs every sample graph
  and catalog layer type once: the first use of a type costs nothing later, and the persistent cache holds
  the samples' shapes for the next start (a warm start shows them without torch at all).
- Should the server not start or die, the worker thread infers in this process instead (correct, only
  less smooth); one failed request never stops the thread.

A plain daemon thread rather than a QThread: it needs no event loop (a priority queue feeds it), and it
cannot abort the process at exit the way a running QThread that gets deleted does.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import traceback
from typing import Callable

from PySide6.QtCore import QObject, Signal

URGENT, WARM = 0, 1  # requests for an open document go before warming


class ShapePoster(QObject):
    """Lives in the GUI thread; the worker emits ``done(result tuple)`` on it."""

    done = Signal(object)


class ShapeService(QObject):
    """The process-wide worker. ``devices_ready`` (queued to the GUI thread) once the server knows them."""

    devices_ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._server: subprocess.Popen | None = None
        self._server_failed = False
        self._local = None              # in-process ShapeInference, only when the server cannot run
        self.devices: list[tuple[str, str]] | None = None
        self.requests_sent = 0
        self._warming = False

    # ----- the worker thread -----
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

    def _ask(self, request: dict) -> dict | None:
        """One request to the server (worker thread); None when the server is not available."""
        if self._server_failed:
            return None
        for _attempt in range(2):  # a server that died is restarted once
            if self._server is None or self._server.poll() is not None:
                self._spawn()
                if self._server is None:
                    break
            self.requests_sent += 1
            request = {**request, "id": self.requests_sent}
            try:
                self._server.stdin.write(json.dumps(request) + "\n")
                self._server.stdin.flush()
                while True:  # the answer to this request (an older one's, left unread by an error, is skipped)
                    line = self._server.stdout.readline()   # waiting here releases the GIL
                    if not line:
                        break
                    answer = json.loads(line)
                    if isinstance(answer, dict) and answer.get("id") == request["id"]:
                        return answer
            except (OSError, ValueError):
                pass
            self._kill()
        self._server_failed = True
        return None

    # ----- requests -----
    def request(self, poster: ShapePoster, name: str, generation: int, graph, current: Callable[[], bool]) -> None:
        """Infer ``graph`` (a copy the GUI no longer touches) and post ``(name, generation, infos)``."""
        def job() -> None:
            if not current():
                return  # a newer edit already asked again
            infos = self._infer(name, graph)
            if infos is not None:
                _post(poster, (name, generation, infos))
        self._submit(URGENT, job)

    def _infer(self, name: str, graph):
        from netstudio.compiler.shapes import NodeInfo

        request = {"op": "infer", "name": name, "graph": graph.to_dict()}
        if graph.blocks:   # the graph's Block nodes expand with these (core.blocks)
            request["blocks"] = {n: b.to_dict() for n, b in graph.blocks.items()}
        answer = self._ask(request)
        if answer is not None and "infos" in answer:
            return {nid: NodeInfo.from_record(r) for nid, r in answer["infos"].items()}
        return self._local_inference().infer(graph)

    def _local_inference(self):
        from netstudio.compiler.shape_cache import shared_cache
        from netstudio.compiler.shapes import ShapeInference

        if self._local is None:
            self._local = ShapeInference()
        self._local.store = shared_cache()
        return self._local

    def code(self, poster: ShapePoster, token, project_dict: dict, graph_name: str,
             current: Callable[[], bool] = lambda: True) -> None:
        """The code view's module source, generated by the server; posts ``(token, text)``."""
        def job() -> None:
            if not current():
                return
            answer = self._ask({"op": "code", "project": project_dict, "graph": graph_name})
            if answer is None or "text" not in answer:
                text = "# " + (answer or {}).get("error", "the code could not be generated")
            else:
                text = answer["text"]
            _post(poster, (token, text))
        self._submit(URGENT, job)

    def prestart(self) -> bool:
        """Start the server now (at program start) where its torch import overlaps building the window:
        on two or more cores. On one core the two processes would share it and the window would paint
        later (measured here: 2.8-4.4 s instead of 2.2 s) for no gain, since the shapes need the same core
        time either way; there the first request after the paint starts the server. True if started."""
        if usable_cores() < 2:
            return False

        def start() -> None:
            if self._server is None and not self._server_failed:
                self._spawn()
        self._submit(URGENT, start)
        return True

    def _spawn(self) -> None:
        try:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "netstudio.ui.shape_server"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "NETSTUDIO_SHAPE_SERVER_PRELOAD": "1",
                     "NETSTUDIO_SHAPE_SERVER_PARENT": str(os.getpid())})
        except OSError:
            self._server = None

    def warm_up(self) -> None:
        """Start the server, warm every layer type and learn the devices (call after the first paint)."""
        if self._warming:
            return
        self._warming = True

        def devices() -> None:
            answer = self._ask({"op": "devices"})
            if answer is not None and "devices" in answer:
                self.devices = [tuple(d) for d in answer["devices"]]
                _post(self, None, self.devices_ready)
        self._submit(WARM, devices)
        from .shape_server import warm_requests

        for request in warm_requests():
            self._submit(WARM, lambda r=request: self._ask(r))

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """For tests and benchmarks: True once every queued job has run."""
        done = threading.Event()
        self._submit(WARM + 1, done.set)
        return done.wait(timeout)

    def _kill(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:
                server.kill()
            except OSError:
                pass

    def shutdown(self) -> None:
        server, self._server = self._server, None
        if server is not None and server.poll() is None:
            try:
                server.stdin.close()
                server.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                server.kill()


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the platform says, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # macOS, Windows
        return os.cpu_count() or 1


def _post(target: QObject, payload, signal=None) -> None:
    try:
        (signal or target.done).emit(*(() if payload is None else (payload,)))
    except RuntimeError:  # the receiver was deleted (a closed document)
        pass


_SERVICE: ShapeService | None = None


def service() -> ShapeService:
    """The process-wide shape worker (created in the GUI thread on first use)."""
    global _SERVICE
    if _SERVICE is None:
        import atexit

        _SERVICE = ShapeService()
        atexit.register(_SERVICE.shutdown)
    return _SERVICE

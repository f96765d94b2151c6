"""The bridge between the training engine and the GUI: one engine run on a QThread, events as queued signals.

The engine (``netstudio.training.engine.Trainer``) is plain Python and calls its listeners in the
training thread. ``TrainingWorker`` is such a listener: it re-emits every event as a Qt signal.
Because the worker lives in the training thread and the receivers are ``@Slot`` methods of
QObjects living in the GUI thread, Qt queues each emission into the GUI's event loop. Never
connect these signals to a lambda or a plain function: that would run in the training thread.

Payloads are the engine's own event objects. A snapshot's arrays are copied here, in the training
thread, before it goes on: ``Tensor.numpy()`` on a CPU tensor shares its memory, so an array taken
straight from a parameter (conv filters) would keep changing under the GUI as the optimizer
updates the weights in place, and the picture labelled "step N" would show some later step.
"""

from __future__ import annotations

import dataclasses
import os

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


def owned_arrays(value):
    """``value`` with every numpy array in it (through dicts, lists and tuples) replaced by its own copy."""
    import numpy as np   # here, not at the top: the window paints before numpy is imported

    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: owned_arrays(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(owned_arrays(v) for v in value)
    return value


def gui_friendly_threads() -> int:
    """Torch intra-op threads that leave one core to the GUI (at least one thread)."""
    return max(1, (os.cpu_count() or 2) - 1)


class RunSignals(QObject):
    """A run's events as signals, all carrying the engine's event object: started_run, step, epoch, snapshot,
    test, control (paused/resumed), ended (finished/stopped/failed). Emitted by ``TrainingWorker`` (a run on a
    thread) and by ``process_run.ProcessRun`` (a run in other processes) alike."""

    started_run = Signal(object)
    step = Signal(object)
    epoch = Signal(object)
    snapshot = Signal(object)
    test = Signal(object)
    control = Signal(object)
    ended = Signal(object)


class TrainingWorker(RunSignals):
    """Runs ``trainer.run()`` in its thread and turns the engine's events into signals (``RunSignals``), then
    ``done()``, emitted last, after ``run`` returned (the thread may quit then)."""

    done = Signal()

    def __init__(self, trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self.result = None
        self.home = self.thread()        # the GUI thread: the worker goes back there when the run is over
        trainer.subscribe(self._on_event)
        self._routes = {"started": self.started_run, "step": self.step, "epoch": self.epoch,
                        "snapshot": self.snapshot, "test": self.test, "paused": self.control,
                        "resumed": self.control, "finished": self.ended, "stopped": self.ended,
                        "failed": self.ended}

    def _on_event(self, event) -> None:
        """Engine listener (training thread): one signal emission per event; snapshots travel as copies."""
        signal = self._routes.get(event.kind)
        if signal is None:
            return
        if event.kind == "snapshot":
            # copied before the engine takes its next step: the GUI keeps these arrays while training goes on
            event = dataclasses.replace(event, data=owned_arrays(event.data))
        signal.emit(event)

    @Slot()
    def run(self) -> None:
        """Train to the end; the engine turns user faults into a ``failed`` event, so this never raises."""
        try:
            self.result = self.trainer.run()
        finally:
            self.moveToThread(self.home)   # only the object's own thread may push it; the GUI deletes it
            self.done.emit()


class TrainingThread(QObject):
    """Owns one QThread and its worker; keeps strong references until the thread has finished, then
    deletes the worker's QObject with ``deleteLater``.

    Not leaving that to Python matters: the trainer (kept for "try it") and the worker refer to each
    other, and frames of the training thread can end up in reference cycles (``inspect.currentframe``
    inside torch.fx does that), so only the cyclic GC would free the worker, at whatever moment it
    runs. Inside a Qt call that holds a signal-slot lock (seen: ``QObject::disconnect`` while a
    pyqtgraph item was built) ``~QObject`` then waits for that lock forever: the GUI thread hangs.

    ``start()`` launches, ``request_stop()`` asks the engine to stop after the current batch and
    ``shutdown()`` stops and waits (for window close and application exit).
    """

    finished = Signal()
    worker_class: type = TrainingWorker   # a subclass runs another job the same way (ui/sweep: a study)
    thread_name = "netstudio-training"

    def __init__(self, trainer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.trainer = trainer               # the job: anything with run() (through the worker) and stop()
        self.thread = QThread()
        self.thread.setObjectName(self.thread_name)
        self.worker = self.worker_class(trainer)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which may be
        # blocked in shutdown()'s wait() (window closing): a deadlock.
        self.worker.done.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.thread.finished.connect(self._thread_finished)

    def start(self) -> None:
        self.thread.start()

    @property
    def running(self) -> bool:
        return self.thread.isRunning()

    def request_stop(self) -> None:
        self.trainer.stop()

    def shutdown(self, timeout_ms: int | None = None) -> bool:
        """Stop training and wait for the thread; True when it has ended (it always does without a timeout)."""
        if not self.thread.isRunning():
            return True
        self.trainer.stop()
        ended = self.thread.wait() if timeout_ms is None else self.thread.wait(timeout_ms)
        if ended:
            self._delete_worker()
        return ended

    @Slot()
    def _thread_finished(self) -> None:
        # QThread.finished is emitted just before the thread really ends: wait for that (instantly), so
        # nothing deletes a QThread that still runs (which aborts the process)
        self.thread.wait()
        self._delete_worker()
        self.finished.emit()

    def _delete_worker(self) -> None:
        """Delete the worker's QObject from the event loop (the Python wrapper may live on, empty)."""
        if self.worker is not None:
            self.worker.deleteLater()
            self.worker = None

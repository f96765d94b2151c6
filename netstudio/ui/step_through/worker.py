"""The step-through's computation on its own thread: setting a run up loads data and builds the model, which
would freeze the window for seconds.

The GUI asks through queued signals and hears back through signals connected only to ``@Slot`` methods of
GUI-thread QObjects (a lambda would run in this thread).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from netstudio.core.errors import NetStudioError


class StepWorker(QObject):
    """Holds one ``StepThrough``; ``forward(project)`` then ``backward()``."""

    forward_done = Signal(object)    # (list of NodeTensor, loss, batch size, weights: "trained"/"misfit"/"initial")
    backward_done = Signal(object)   # {node: NodeGrad}
    failed = Signal(str, str)        # message, the node at fault ("" when none)

    def __init__(self) -> None:
        super().__init__()
        self.stepper = None

    @Slot(object)
    def forward(self, request) -> None:
        """``request``: (project, checkpoint or None): the last run's weights when they still fit the graph."""
        project, checkpoint = request
        try:
            from netstudio.core.errors import ProjectError
            from netstudio.training.step_through import StepThrough

            weights = "trained" if checkpoint else "initial"
            try:
                self.stepper = StepThrough(project, checkpoint=checkpoint)
                self.stepper.prepare()
            except ProjectError:
                if not checkpoint:
                    raise
                weights = "misfit"       # the graph changed since that run: its initial weights instead
                self.stepper = StepThrough(project)
                self.stepper.prepare()
            tensors = self.stepper.forward()
            self.forward_done.emit((tensors, self.stepper.loss, len(self.stepper.batch[0]), weights))
        except NetStudioError as exc:
            self.failed.emit(str(exc), getattr(exc, "node_id", None) or "")
        except Exception as exc:  # noqa: BLE001 - a failed look must never take the window down
            self.failed.emit(f"the batch could not run: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                             if str(exc) else f"the batch could not run: {type(exc).__name__}", "")

    @Slot()
    def backward(self) -> None:
        try:
            self.backward_done.emit(self.stepper.backward())
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(f"the backward pass failed: {str(exc).splitlines()[0][:200] if str(exc) else exc!r}", "")


class StepThread(QObject):
    """A QThread with its worker; ``close`` stops the thread and waits for it (never delete a running one)."""

    ask_forward = Signal(object)
    ask_backward = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.thread.setObjectName("step-through")
        self.worker = StepWorker()
        self.worker.moveToThread(self.thread)
        self.ask_forward.connect(self.worker.forward)
        self.ask_backward.connect(self.worker.backward)
        self.thread.finished.connect(self.worker.deleteLater)
        self.thread.start()

    def close(self) -> None:
        self.thread.quit()
        self.thread.wait()

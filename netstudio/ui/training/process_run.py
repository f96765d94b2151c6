"""A run on several local processes: ``netstudio train --nproc N`` as a QProcess, shown like an in-window run.

The workers (torchrun, DDP) write the run folder from rank 0; this object follows its
``metrics.jsonl`` on a timer and turns each new line back into the engine's event objects, which it
emits through the same signals as ``TrainingWorker`` (``worker.py``). The controller wires it up
exactly like a ``TrainingThread``, so the live plots, the progress line and the Runs dock see no
difference. Everything happens in the GUI thread: reading a few new lines every 200 ms is cheap
and never blocks (the process runs on its own).

Stop sends SIGTERM to torchrun's launcher, which ends its workers; a launcher that does not end
within ``KILL_AFTER_MS`` is killed. A worker that dies makes the launcher print one line naming the
rank ("distributed training stopped: worker rank 1 ..."); that line becomes the run's ``failed``
message.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, QTimer, Signal, Slot

from netstudio.core.fileio import atomic_write_text
from netstudio.training.events import (ControlEvent, EndEvent, EpochEvent, StartedEvent, StepEvent, TestEvent,
                                       TrainingEvent)

from .worker import RunSignals

POLL_MS = 200
KILL_AFTER_MS = 15_000
_EVENTS = {"started": StartedEvent, "step": StepEvent, "epoch": EpochEvent, "test": TestEvent,
           "finished": EndEvent, "stopped": EndEvent, "failed": EndEvent, "paused": ControlEvent,
           "resumed": ControlEvent}


def event_from_record(record: dict) -> TrainingEvent | None:
    """One ``metrics.jsonl`` line as the engine's event (epoch and test metrics were written flat)."""
    kind = record.get("event")
    cls = _EVENTS.get(kind)
    if cls is None:
        return None
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in record.items() if k in names and k != "kind"}
    if cls in (EpochEvent, TestEvent):
        kwargs["metrics"] = {k: v for k, v in record.items() if k not in names and k != "event"}
    try:
        return cls(kind=kind, **kwargs)
    except TypeError:
        return None


class ProcessTrainer:
    """What the controller and the Runs dock ask of ``controller.trainer``, for a run in other processes."""

    def __init__(self, cfg, run_dir: str) -> None:
        self.cfg = cfg
        self.run_folder = SimpleNamespace(path=Path(run_dir))
        self.task = None           # the model lives in the workers: no activations, no "try it"
        self.data = None
        self.snapshot_nodes: set[str] = set()
        self.paused = False
        self.global_step = 0
        self.process_run: "ProcessRun | None" = None
        self.say = None            # shows a sentence in the panel (set by the controller)

    def pause(self) -> None:       # DDP workers wait for each other in every step: such a run does not pause
        if self.say is not None:
            self.say(QCoreApplication.translate(
                "TrainingController", "A run on several processes cannot pause: Stop ends it (the last checkpoint "
                                      "is kept) and Continue from checkpoint goes on from there."))

    resume = step_once = pause

    def stop(self) -> None:
        if self.process_run is not None:
            self.process_run.request_stop()


class ProcessRun(QObject):
    """``netstudio train PROJECT --nproc N --run-dir DIR`` in a QProcess; the same face as ``TrainingThread``."""

    finished = Signal()

    def __init__(self, project, workers: int, run_dir: str, *, threads: int | None = None,
                 resume: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project, self.workers, self.run_dir = project, workers, run_dir
        self.threads, self.resume = threads, resume
        self.worker = RunSignals(self)   # emitted from the GUI thread
        self.trainer: ProcessTrainer | None = None
        self.process = QProcess(self)
        self.process.finished.connect(self._process_finished)
        self.process.errorOccurred.connect(self._process_error)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self.process.kill)
        self._offset = 0
        self._partial = b""
        self._end: EndEvent | None = None
        self._failed: EndEvent | None = None
        self._stopping = False
        self._done = False
        self._launch_file: Path | None = None
        self._t0 = 0.0
        self._since = 0.0                 # wall-clock time of the launch: older log lines are skipped
        self._last_epoch = 0

    # ----- start -----
    def command(self) -> list[str]:
        """The launcher's argv (after the Python executable)."""
        args = ["-m", "netstudio", "train", str(self._launch_file), "--nproc", str(self.workers),
                "--run-dir", self.run_dir, "--quiet"]
        if self.threads:
            args += ["--threads", str(self.threads)]
        if self.resume:
            args += ["--resume", self.resume]
        return args

    def prepare(self) -> None:
        """Write the launch copy of the project. Raises OSError (a read-only folder, a full disk)."""
        self._launch_file = self._write_launch_copy()

    def start(self) -> None:
        if self._launch_file is None:
            self.prepare()
        env = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parents[3])     # this netstudio, even when not installed
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH", "")) if p))
        self.process.setProcessEnvironment(env)
        if self.project.path:   # relative data paths are relative to the project file, as in the window
            self.process.setWorkingDirectory(str(Path(self.project.path).resolve().parent))
        self._t0 = time.perf_counter()
        self._since = time.time() - 1.0
        self.process.start(sys.executable, self.command())
        self.timer.start()

    def _write_launch_copy(self) -> Path:
        """The project as it is now (edits need not be saved), beside its file so relative data paths hold."""
        if self.project.path:
            folder = Path(self.project.path).resolve().parent
            prefix = "." + Path(self.project.path).stem + ".launch-"
        else:
            folder, prefix = Path(tempfile.gettempdir()), "netstudio-launch-"
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".nsproj", dir=folder)
        os.close(fd)
        copy = self.project.copy()
        atomic_write_text(name, copy.to_json())
        return Path(name)

    # ----- follow the log -----
    @Slot()
    def poll(self) -> None:
        """Read the complete lines added to ``metrics.jsonl`` since the last look and emit their events."""
        log = Path(self.run_dir) / "metrics.jsonl"
        try:
            size = log.stat().st_size
            if size < self._offset:          # rewritten (a restarted worker trims it): read from the start
                self._offset, self._partial = 0, b""
            if size == self._offset:
                return
            with open(log, "rb") as f:
                f.seek(self._offset)
                chunk = f.read(size - self._offset)
        except OSError:
            return
        self._offset += len(chunk)
        lines = (self._partial + chunk).split(b"\n")
        self._partial = lines.pop()           # a line still being written
        for line in lines:
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict):
                self._emit(record)

    def _emit(self, record: dict) -> None:
        when = record.get("time")
        if isinstance(when, (int, float)) and when < self._since:
            return                        # a continued run's folder: the earlier run's records are not news
        event = event_from_record(record)
        if event is None:
            return
        if self.trainer is not None:
            self.trainer.global_step = event.step
        w = self.worker
        if isinstance(event, EndEvent) and event.kind == "failed":
            # rank 0 may only have lost its peer: the launcher's sentence, which names the rank at fault,
            # comes when the process ends (_finish)
            self._failed = event
        elif isinstance(event, EndEvent):
            self._end = event
            w.ended.emit(event)
        elif event.kind == "started":
            w.started_run.emit(event)
        elif event.kind == "step":
            w.step.emit(event)
        elif event.kind == "epoch":
            self._last_epoch = event.epoch
            w.epoch.emit(event)
        elif event.kind == "test":
            w.test.emit(event)
        else:
            w.control.emit(event)

    # ----- stop and end -----
    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def request_stop(self) -> None:
        if not self.running or self._stopping:
            return
        self._stopping = True
        self.process.terminate()              # SIGTERM: torchrun's launcher ends its workers
        self._kill_timer.start(KILL_AFTER_MS)

    def shutdown(self, timeout_ms: int | None = None) -> bool:
        """Stop the workers and wait for the launcher (window closing, application quitting)."""
        if self.running:
            self.request_stop()
            if not self.process.waitForFinished(timeout_ms if timeout_ms is not None else KILL_AFTER_MS):
                self.process.kill()
                self.process.waitForFinished(5000)
        self._finish()
        return not self.running

    @Slot(int, QProcess.ExitStatus)
    def _process_finished(self, _code: int, _status) -> None:
        self._finish()

    @Slot(QProcess.ProcessError)
    def _process_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self.timer.stop()
        self._kill_timer.stop()
        self.poll()
        if self._partial.strip():             # the launcher has ended: a last line without its newline is whole
            self._partial, last = b"", self._partial
            try:
                record = json.loads(last)
            except (ValueError, RecursionError):
                record = None
            if isinstance(record, dict):
                self._emit(record)
        if self._end is None and self._failed is not None:
            launcher = self.failure_text()
            message = launcher if "distributed training stopped" in launcher else self._failed.message
            self._emit_end(dataclasses.replace(self._failed, message=message))
        elif self._end is None:
            self._emit_end(self._ending())
        if self._launch_file is not None:
            self._launch_file.unlink(missing_ok=True)
        self.finished.emit()

    def _ending(self) -> EndEvent:
        """The end event the workers could not write: stopped by the user, or a failure named by rank."""
        seconds = time.perf_counter() - self._t0
        checkpoint = _last_checkpoint(self.run_dir)
        if self._stopping:
            kept = (" " + self.tr("The last checkpoint is %1.").replace("%1", str(checkpoint))) if checkpoint else ""
            return EndEvent(kind="stopped", step=self.trainer.global_step if self.trainer else 0,
                            epoch=self._last_epoch, seconds=seconds, checkpoint=checkpoint,
                            message=self.tr("Stopped: the worker processes were ended.") + kept)
        return EndEvent(kind="failed", step=self.trainer.global_step if self.trainer else 0, epoch=self._last_epoch,
                        seconds=seconds, checkpoint=checkpoint, message=self.failure_text())

    def failure_text(self) -> str:
        """The launcher's own sentence (it names the rank), else the last thing the workers said."""
        if self.process.error() == QProcess.ProcessError.FailedToStart:
            return self.tr("Could not start the worker processes: %1").replace("%1", self.process.errorString())
        text = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for wanted in ("distributed training stopped", "netstudio train:"):
            found = [ln for ln in lines if wanted in ln]
            if found:
                return found[-1].removeprefix("netstudio train: ")
        if lines:
            return lines[-1]
        return self.tr("The worker processes ended (exit code %1) without finishing the run.") \
            .replace("%1", str(self.process.exitCode()))

    def _emit_end(self, event: EndEvent) -> None:
        self._end = event
        self.worker.ended.emit(event)

    @property
    def result(self) -> EndEvent | None:
        return self._end


def _last_checkpoint(run_dir: str) -> str | None:
    try:
        from netstudio.training.runs import last_complete_checkpoint

        folder = Path(run_dir) / "checkpoints"
        found = last_complete_checkpoint(folder)
    except Exception:  # noqa: BLE001 - a missing or damaged folder: no checkpoint to offer
        return None
    return str(folder / found) if found else None


__all__ = ["ProcessRun", "ProcessTrainer", "event_from_record"]

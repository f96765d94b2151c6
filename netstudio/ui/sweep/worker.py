"""A sweep's study on a QThread: the window stays responsive, and Stop reaches the running trial.

Signals go to ``@Slot`` methods of objects in the GUI thread (never to lambdas: those would run in
the study's thread). Payloads are plain Python data: the study object itself stays in its thread.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Signal, Slot

from netstudio.core.errors import NetStudioError

from ..training.worker import TrainingThread


def study_rows(study) -> list[dict]:
    """Every trial of ``study`` that ran, as {number, params, value, state, run_dir, message} (after a Stop the
    queued trials that never started are left out)."""
    rows = []
    for t in study.get_trials(deepcopy=False):
        if t.state.name == "WAITING":
            continue
        message = t.user_attrs.get("message", "")
        state = "stopped" if message == "stopped by the user" else t.state.name.lower().replace("fail", "failed")
        value = t.value if t.value is not None and math.isfinite(t.value) else None
        rows.append({"number": t.number, "params": dict(t.params), "value": value, "state": state,
                     "run_dir": t.user_attrs.get("run_dir", ""), "message": message})
    return rows


def importances(study) -> dict[str, float]:
    """Optuna's parameter importances (fANOVA) when at least two parameters vary over two complete trials."""
    import optuna
    from optuna.trial import TrialState

    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    varying = [name for name in {k for t in complete for k in t.params}
               if len({repr(t.params.get(name)) for t in complete}) > 1]
    if len(varying) < 2 or len(complete) < 3:
        return {}
    try:
        return dict(optuna.importance.get_param_importances(study, params=sorted(varying)))
    except (RuntimeError, ValueError):   # too few distinct results to fit the forest
        return {}


class SweepWorker(QObject):
    """Runs ``tuner.run()`` in its thread.

    Signals
    -------
    trial_started(int, object, str)  trial number, its parameters, its run folder
    trial_progress(int, int, int)    trial number, epoch done, epochs in all
    trial_ended(object)              the Tuner's TrialResult
    done(object)                     {"rows": [...], "importances": {...}, "error": str}
    """

    trial_started = Signal(int, object, str)
    trial_progress = Signal(int, int, int)
    trial_ended = Signal(object)
    done = Signal(object)

    def __init__(self, tuner) -> None:
        super().__init__()
        self.tuner = tuner
        self.home = self.thread()
        self._number = -1
        self._epochs = 0
        tuner.on_trial_start = self._trial_started
        tuner.on_trial = self.trial_ended.emit
        tuner.on_event = self._event

    def _trial_started(self, number: int, params: dict, run_dir: str) -> None:
        self._number = number
        self.trial_started.emit(number, params, run_dir)

    def _event(self, event) -> None:      # the study's thread; one signal per epoch, not per step
        if event.kind == "started":
            self._epochs = event.epochs
        elif event.kind == "epoch":
            self.trial_progress.emit(self._number, event.epoch, self._epochs)

    @Slot()
    def run(self) -> None:
        summary = {"rows": [], "importances": {}, "error": ""}
        try:
            study = self.tuner.run()
            summary["rows"] = study_rows(study)
            summary["importances"] = importances(study)
        except NetStudioError as exc:
            summary["error"] = str(exc)
        except Exception as exc:  # noqa: BLE001 - a storage or Optuna error ends the sweep, not the window
            summary["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            self.moveToThread(self.home)
            self.done.emit(summary)


class SweepThread(TrainingThread):
    """Owns the QThread and its worker until the thread has ended, as ``TrainingThread`` does for a run."""

    worker_class = SweepWorker
    thread_name = "netstudio-sweep"

    @property
    def tuner(self):
        return self.trainer


__all__ = ["SweepThread", "SweepWorker", "importances", "study_rows"]

"""A sweep as an Optuna study, through the tune back end (``netstudio.training.tune.Tuner``). No Qt here.

``SweepTuner`` keeps the Tuner's storage and study creation and its way of recording trials (failed
ones are recorded and the study goes on). What differs from ``netstudio tune``:

- the trials are the plan's grid, queued in order (``enqueue_trial``), not drawn by a sampler, so a race
  of three optimizers is exactly three trials, one per optimizer (``run`` runs the queued ones);
- a trial's project comes from the plan (``SweepPlan.project_for``), which can also switch layers and
  the data's augmentation, not only the settings a ``tune`` section names;
- each trial's run folder is named like any run of the project (``<project>-<time>``) directly in the
  project's runs folder, so the Runs dock lists it with the others;
- ``stop()`` (from any thread) stops the running trial's trainer and the study after it.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Callable

from netstudio.core.errors import NetStudioError
from netstudio.training import runs
from netstudio.training.engine import Trainer
from netstudio.training.events import EpochEvent
from netstudio.training.tune import TrialFailed, Tuner
from netstudio.training.tune_config import TuneConfig, default_direction

from .plan import SweepPlan

STOPPED = "stopped by the user"


def sweep_storage(runs_root: str | Path, project_name: str) -> str:
    """One SQLite file per project for its sweeps, beside its run folders (not a run folder itself)."""
    return f"sqlite:///{Path(runs_root).resolve() / (runs.slug(project_name) + '-sweeps.optuna.db')}"


class SweepTuner(Tuner):
    """Run ``plan``'s trials as a study named ``study`` in ``storage``; trials go to ``runs_root``.

    Callbacks (called in the thread that runs ``run``): ``on_trial_start(number, params, run_dir)``,
    ``on_trial(TrialResult)`` (the Tuner's), ``on_event(event)`` for every engine event of a trial.
    """

    def __init__(self, plan: SweepPlan, *, runs_root: str | Path, storage: str | None = None,
                 study: str | None = None) -> None:
        # not Tuner.__init__: that one reads the project's tune section, and the plan is the search space here
        self.plan = plan
        self.project = plan.project
        trials = plan.combinations()
        self.cfg = TuneConfig(space=[], metric=plan.metric, direction=default_direction(plan.metric),
                              n_trials=len(trials), pruner="none", seed=0)
        self.runs_root = Path(runs_root)
        self.storage_url = storage or sweep_storage(self.runs_root, plan.project.name)
        self.study_name = study or f"sweep-{time.strftime('%Y%m%d-%H%M%S')}"
        self.on_trial = None
        self.on_trial_start: Callable[[int, dict, str], None] | None = None
        self.on_event: Callable[[object], None] | None = None
        self._trials = trials
        self._stop = False
        self._trainer: Trainer | None = None

    def study(self):
        self.runs_root.mkdir(parents=True, exist_ok=True)    # the SQLite file goes there
        study = super().study()
        if not study.trials:
            for params in self._trials:
                study.enqueue_trial(params)
        return study

    def run(self):
        """Run the queued trials (one per combination of the plan); returns the study."""
        study = self.study()
        waiting = sum(t.state.name == "WAITING" for t in study.get_trials(deepcopy=False))
        if waiting and not self._stop:
            study.optimize(self._objective, n_trials=waiting, catch=(TrialFailed,))
        return study

    def stop(self) -> None:
        """Stop the running trial (a checkpoint is kept) and start no other. Thread-safe."""
        self._stop = True
        trainer = self._trainer
        if trainer is not None:
            trainer.stop()

    @property
    def stopping(self) -> bool:
        return self._stop

    def _objective(self, trial) -> float:
        values = {a.name: trial.suggest_categorical(a.name, a.values) for a in self.plan.axes}
        if self._stop:
            trial.study.stop()
            raise TrialFailed(STOPPED)
        self.runs_root.mkdir(parents=True, exist_ok=True)
        run_dir = runs.default_run_dir(self.project.name, self.runs_root)
        trial.set_user_attr("run_dir", str(run_dir))
        try:
            trainer = Trainer(self.plan.project_for(values), run_dir=run_dir)
        except NetStudioError as exc:
            trial.set_user_attr("message", str(exc))
            self._report(trial.number, "failed", None, values, run_dir, str(exc))
            raise TrialFailed(str(exc)) from None
        metric, seen = self.cfg.metric, []

        def on_event(event) -> None:
            if self.on_event is not None:
                self.on_event(event)
            if isinstance(event, EpochEvent):
                numbers = {"train_loss": event.train_loss, "val_loss": event.val_loss, "val_acc": event.val_acc,
                           **{k: v for k, v in event.metrics.items() if isinstance(v, (int, float))}}
                value = numbers.get(metric)
                if isinstance(value, (int, float)):
                    seen.append(float(value))
                    if math.isfinite(value):
                        trial.report(float(value), event.epoch)

        trainer.subscribe(on_event)
        self._trainer = trainer
        if self.on_trial_start is not None:
            self.on_trial_start(trial.number, values, str(run_dir))
        try:
            end = trainer.run()
        finally:
            self._trainer = None
        if self._stop:
            trial.study.stop()
            trial.set_user_attr("message", STOPPED)
            self._report(trial.number, "stopped", seen[-1] if seen else None, values, run_dir, STOPPED)
            raise TrialFailed(STOPPED)
        if end.kind != "finished" or not seen or not math.isfinite(seen[-1]):
            message = end.message if end.kind != "finished" else f"the run reported no {metric}"
            trial.set_user_attr("message", message)
            self._report(trial.number, "failed", None, values, run_dir, message)
            raise TrialFailed(message)
        self._report(trial.number, "complete", seen[-1], values, run_dir)
        return seen[-1]


__all__ = ["STOPPED", "SweepTuner", "sweep_storage"]

"""Hyperparameter search with Optuna: each trial is an ordinary training run, its epochs feed the pruner.

The study lives in an Optuna storage (a SQLite file beside the project by default; a journal file,
or a PostgreSQL/MySQL URL shared by workers on several machines). Several ``netstudio tune``
processes given the same storage and study name work on one study together: each asks Optuna for
the next trial, and all stop once the study holds ``n_trials`` trials (each worker checks between
trials, so workers that start their last trials at the same moment can end up to workers-1 over).
"""

from __future__ import annotations

import math
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from netstudio.core.errors import NetStudioError, ProjectError
from netstudio.core.fileio import atomic_write_text

from . import runs
from .engine import Trainer
from .events import EpochEvent
from .tune_config import TuneConfig, apply_values, parse_tune


def default_storage(project_path: str | Path) -> str:
    """``sqlite:///<folder>/<project>.optuna.db``, beside the project file."""
    p = Path(project_path).resolve()
    return f"sqlite:///{p.with_name(p.stem + '.optuna.db')}"


def open_storage(url: str):
    """An Optuna storage: a database URL, or ``journal:PATH`` / a ``*.journal`` path for a journal file."""
    import optuna

    if url.startswith("journal:") or url.endswith(".journal"):
        from optuna.storages.journal import JournalFileBackend

        path = url[len("journal:"):] if url.startswith("journal:") else url
        return optuna.storages.JournalStorage(JournalFileBackend(path))
    if "://" not in url:
        raise NetStudioError(f"--storage must be a database URL (sqlite:///study.db, postgresql://...) or "
                             f"journal:FILE, not {url!r}")
    return url


@dataclass
class TrialResult:
    number: int
    state: str          # complete, pruned, failed
    value: float | None
    params: dict
    run_dir: str
    message: str = ""


class Tuner:
    """One worker of a study over a project's ``tune`` section.

    Parameters
    ----------
    project : Project
        The project with its tune section.
    storage : str, optional
        Optuna storage URL (default: SQLite beside the project).
    study : str, optional
        Study name (default: the project file's name).
    trials : int, optional
        The study's number of trials (default: ``tune.n_trials``).
    runs_root : path, optional
        Trials go to ``<runs_root>/trial-NNNN`` (default ``runs/<study>``).
    """

    def __init__(self, project, *, storage: str | None = None, study: str | None = None, trials: int | None = None,
                 runs_root: str | Path | None = None) -> None:
        self.project = project
        self.cfg: TuneConfig = parse_tune(project.extra.get("tune"), project)
        if trials is not None:
            self.cfg.n_trials = trials
        stem = Path(project.path).stem if project.path else runs.slug(project.name)
        self.storage_url = storage or (default_storage(project.path) if project.path else "sqlite:///study.optuna.db")
        self.study_name = study or stem
        self.runs_root = Path(runs_root) if runs_root else Path("runs") / runs.slug(self.study_name)
        self.on_trial: Callable[[TrialResult], None] | None = None

    def study(self):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        pruner = (optuna.pruners.MedianPruner(n_startup_trials=self.cfg.startup_trials,
                                              n_warmup_steps=self.cfg.warmup_epochs)
                  if self.cfg.pruner == "median" else optuna.pruners.NopPruner())
        for attempt in range(10):
            try:
                return optuna.create_study(storage=open_storage(self.storage_url), study_name=self.study_name,
                                           direction=self.cfg.direction, pruner=pruner, load_if_exists=True,
                                           sampler=optuna.samplers.TPESampler(seed=self.cfg.seed))
            except Exception as exc:  # noqa: BLE001 - sqlalchemy errors, without importing sqlalchemy
                # workers that start together race to create the tables of a new database: the loser tries again
                if type(exc).__name__ not in ("OperationalError", "IntegrityError") or attempt == 9:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def run(self):
        """Run trials until the study holds ``n_trials`` (counting those of other workers); returns the study."""
        from optuna.study import MaxTrialsCallback

        study = self.study()
        if study.direction.name.lower() != self.cfg.direction:
            raise ProjectError(f"study '{self.study_name}' in {self.storage_url} was made to "
                               f"{study.direction.name.lower()} its objective, but tune.objective asks to "
                               f"{self.cfg.direction}: use another --study name", field="tune.objective")
        left = self.cfg.n_trials - len(study.trials)
        if left > 0:
            # states=None counts the trials other workers are running too, so the study ends at n_trials
            study.optimize(self._objective, n_trials=left, catch=(TrialFailed,),
                           callbacks=[MaxTrialsCallback(self.cfg.n_trials, states=None)])
        return study

    def _suggest(self, trial) -> dict:
        values = {}
        for p in self.cfg.space:
            if p.kind == "choice":
                values[p.key] = trial.suggest_categorical(p.key, p.choices)
            elif p.kind == "int":
                values[p.key] = trial.suggest_int(p.key, p.low, p.high)
            else:
                values[p.key] = trial.suggest_float(p.key, p.low, p.high, log=p.kind == "log_uniform")
        return values

    def _objective(self, trial) -> float:
        import optuna

        values = self._suggest(trial)
        run_dir = self.runs_root / f"trial-{trial.number:04d}"
        trial.set_user_attr("run_dir", str(run_dir))
        trial.set_user_attr("worker", f"{socket.gethostname()}:{os.getpid()}")
        trainer = Trainer(apply_values(self.project, self.cfg, values), run_dir=run_dir)
        metric, seen, pruned = self.cfg.metric, [], []

        def on_event(event) -> None:
            if not isinstance(event, EpochEvent):
                return
            numbers = {"train_loss": event.train_loss, "val_loss": event.val_loss, "val_acc": event.val_acc,
                       **{k: v for k, v in event.metrics.items() if isinstance(v, (int, float))}}
            value = numbers.get(metric)
            if value is None:
                known = ", ".join(k for k, v in numbers.items() if v is not None)
                trainer.stop()
                seen.append(f"this task reports no {metric} (tune.objective.metric); it reports: {known}")
                return
            seen.append(float(value))
            if math.isfinite(value):
                trial.report(float(value), event.epoch)
            if trial.should_prune():
                pruned.append(event.epoch)
                trainer.stop()

        trainer.subscribe(on_event)
        end = trainer.run()
        numbers = [v for v in seen if isinstance(v, float)]
        problems = [v for v in seen if isinstance(v, str)]
        if problems:
            raise ProjectError(problems[0], field="tune.objective.metric")
        if pruned:
            self._report(trial.number, "pruned", numbers[-1], values, run_dir, f"at epoch {pruned[0]}")
            raise optuna.TrialPruned(f"pruned at epoch {pruned[0]}")
        if end.kind != "finished" or not numbers or not math.isfinite(numbers[-1]):
            trial.set_user_attr("message", end.message)
            self._report(trial.number, "failed", None, values, run_dir, end.message)
            raise TrialFailed(end.message)
        self._report(trial.number, "complete", numbers[-1], values, run_dir)
        return numbers[-1]

    def _report(self, number, state, value, values, run_dir, message="") -> None:
        if self.on_trial is not None:
            self.on_trial(TrialResult(number, state, value, values, str(run_dir), message))

    def write_best(self, study, path: str | Path | None = None) -> Path | None:
        """The project with the best complete trial's values, as ``<project>.best.nsproj``; None without one."""
        from optuna.trial import TrialState

        if not study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            return None
        best = study.best_trial
        values = {p.key: best.params[p.key] for p in self.cfg.space if p.key in best.params}
        project = apply_values(self.project, self.cfg, values)
        if path is None:
            base = Path(self.project.path) if self.project.path else Path(runs.slug(self.project.name) + ".nsproj")
            path = base.with_name(base.stem + ".best.nsproj")
        atomic_write_text(path, project.to_json())
        return Path(path)


class TrialFailed(NetStudioError):
    """A trial's training failed (diverged, out of memory, ...); the study records it and goes on."""


__all__ = ["TrialFailed", "TrialResult", "Tuner", "default_storage", "open_storage"]

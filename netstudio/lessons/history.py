"""A project's runs as the lesson checks read them: status, the settings trained with, the epoch lines.

Run folders are found as the Runs view finds them (``training.run_history``): ``<project dir>/runs`` and
the app-data runs folder, filtered to this project. Nothing here imports torch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netstudio.training.run_history import _records, list_runs, project_filter, run_roots
from netstudio.training.run_record import METRICS

DONE = ("finished", "stopped")      # a run the student stopped still trained; its epochs count
_MISSING = object()


@dataclass
class LessonRun:
    """One run: ``status`` (finished, stopped, failed, running...), ``settings`` (the project's task, data and
    training sections as trained) and ``epochs`` (the epoch records of metrics.jsonl, oldest first)."""

    status: str
    settings: dict[str, Any] = field(default_factory=dict)
    epochs: list[dict] = field(default_factory=list)
    path: Path | None = None
    started: float | None = None     # wall-clock seconds

    @property
    def done(self) -> bool:
        return self.status in DONE and bool(self.epochs)

    def setting(self, key: str):
        return lookup(self.settings, key)


def read_run(folder: str | Path, status: str | None = None, started: float | None = None) -> LessonRun:
    """One run folder: its epoch lines and the settings of the project it saved."""
    from netstudio.training.run_history import read_run as read_info

    folder = Path(folder)
    status = status or read_info(folder).status
    epochs = [r for r in _records(folder) if r.get("event") == "epoch"]
    try:
        data = json.loads((folder / "project.nsproj").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        data = {}
    settings = {k: data.get(k) for k in ("task", "data", "training") if isinstance(data, dict) and isinstance(data.get(k), dict)}
    return LessonRun(status, settings, epochs, folder, started)


def project_runs(project, app_data_runs: str | Path | None = None, extra=(), since: float | None = None
                 ) -> list[LessonRun]:
    """The runs of ``project`` (newest first), where the window's Runs view finds them; with ``since``, only
    those started at or after it (a lesson counts the runs made while it is followed, not last week's)."""
    roots = run_roots(project.path, app_data_runs, extra)
    infos = list_runs(roots, project_filter(project.name, project.path))
    return [read_run(info.path, info.status, info.started) for info in infos
            if since is None or (info.started is not None and info.started >= since - 1.0)]


def metric_value(runs: list[LessonRun], name: str, which: str = "latest") -> float | None:
    """``latest``: ``name`` in the last epoch of the newest finished run that logged it; ``best``: its best value
    over every epoch of every run (higher is better for accuracies, lower for losses and errors)."""
    values = []
    for run in runs:   # newest first
        if not run.done:
            continue
        got = [float(e[name]) for e in run.epochs if _number(e.get(name))]
        if not got:
            continue
        if which == "latest":
            return got[-1]
        values.extend(got)
    if not values:
        return None
    return max(values) if higher_is_better(name) else min(values)


def higher_is_better(name: str) -> bool:
    known = dict(METRICS)
    if name in known:
        return known[name]
    return "acc" in name or name.endswith(("_top5", "_f1", "_r2"))


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def lookup(data: dict, key: str):
    """``data["training"]["optimizer"]["type"]`` for ``"training.optimizer.type"``; None when absent."""
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def setting_value(project, key: str):
    """A project setting by dotted path, or the default NetStudio trains with when the file does not set it."""
    data = {"task": project.task, "data": project.data, "training": project.training, "name": project.name,
            **project.extra}
    value = lookup(data, key)
    if value is not None:
        return value
    return lookup(_defaults(project), key)


def _defaults(project) -> dict:
    from netstudio.training.config import optimizer_defaults, task_defaults, training_defaults

    training = training_defaults()
    kind = (project.training.get("optimizer") or {}).get("type") if isinstance(project.training.get("optimizer"), dict) else None
    try:
        training["optimizer"] = optimizer_defaults(kind) if kind else training["optimizer"]
    except KeyError:
        pass
    return {"task": task_defaults(), "training": training}

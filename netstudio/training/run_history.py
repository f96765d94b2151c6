"""Every run of a project, as the Runs view lists them: status, date, epochs, best metric, curves.

A run folder (``runs.RunFolder``) holds ``project.nsproj``, ``metrics.jsonl``, ``checkpoints/``
and, since run.json was added, a summary ``run.json`` (``run_record``). Older folders without
it are read from their log and checkpoints. Nothing here imports torch or Qt.
"""

from __future__ import annotations

import json
import os
import re
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .run_record import END_KINDS, better, epoch_metric, read_run_json

if TYPE_CHECKING:   # annotations only: numpy is imported where arrays are made
    import numpy as np

RUN_NAME = re.compile(r"^(?P<slug>.+)-(?P<date>\d{8}-\d{6})(?:-\d+)?$")
MAX_LOG_BYTES = 512 * 1024 * 1024


@dataclass
class RunInfo:
    """One run folder, summarised. ``started`` is wall-clock seconds (None when unknown)."""

    path: Path
    started: float | None = None
    status: str = "unknown"        # finished, stopped, failed, running, interrupted, unknown
    epochs: int = 0
    steps: int = 0
    best_metric: str | None = None
    best_value: float | None = None
    duration: float | None = None
    device: str = ""
    versions: dict = field(default_factory=dict)
    message: str = ""
    project_name: str = ""
    project_file: str | None = None
    has_record: bool = False       # False: an older folder, read from metrics.jsonl

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def project_path(self) -> Path:
        return self.path / "project.nsproj"

    @property
    def checkpoint(self) -> str | None:
        """The newest complete checkpoint's weights file (``checkpoints/last.json``), or None."""
        target = _read_json(self.path / "checkpoints" / "last.json")
        name = target.get("checkpoint") if isinstance(target, dict) else None
        if not isinstance(name, str) or "/" in name or "\\" in name:
            return None
        path = self.path / "checkpoints" / name
        return str(path) if path.is_file() else None


@dataclass
class RunCurves:
    """A run's curves from ``metrics.jsonl``: per-step training loss, per-epoch validation loss and metric."""

    steps: np.ndarray
    loss: np.ndarray
    val_steps: np.ndarray
    val_loss: np.ndarray
    metric_name: str | None
    metric_steps: np.ndarray
    metric: np.ndarray


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def is_run_folder(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and ((p / "metrics.jsonl").is_file() or (p / "run.json").is_file())


def _parse_time(text) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _name_time(name: str) -> float | None:
    m = RUN_NAME.match(name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group("date"), "%Y%m%d-%H%M%S").timestamp()
    except ValueError:
        return None


def _records(path: Path, skip_steps: bool = True):
    """The JSON records of ``metrics.jsonl`` (a torn last line, from a killed run, is skipped)."""
    log = path / "metrics.jsonl"
    try:
        if log.stat().st_size > MAX_LOG_BYTES:
            return
        fh = open(log, encoding="utf-8")
    except OSError:
        return
    with fh:
        for line in fh:
            if skip_steps and line.startswith('{"event": "step"'):
                continue
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict):
                yield record


def _process_alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # exists but belongs to someone else
        return True
    return True


def read_run(path: str | Path) -> RunInfo:
    """Summarise one run folder from its ``run.json``, or from its log when it has none."""
    path = Path(path)
    info = RunInfo(path=path)
    record = read_run_json(path)
    if record is not None:
        _from_record(info, record)
    else:
        _from_log(info)
    if info.started is None:
        info.started = _name_time(path.name)
    if info.started is None:
        try:
            info.started = path.stat().st_mtime
        except OSError:
            pass
    return info


def _number(value, kind=float):
    return kind(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _from_record(info: RunInfo, d: dict) -> None:
    info.has_record = True
    info.started = _parse_time(d.get("started"))
    info.status = d.get("status") if isinstance(d.get("status"), str) else "unknown"
    if info.status == "running" and d.get("host") == socket.gethostname() and not _process_alive(d.get("pid")):
        info.status = "interrupted"    # killed: the process that wrote "running" is gone
    info.epochs = _number(d.get("epochs"), int) or 0
    info.steps = _number(d.get("steps"), int) or 0
    best = d.get("best")
    if isinstance(best, dict) and isinstance(best.get("metric"), str):
        info.best_metric, info.best_value = best["metric"], _number(best.get("value"))
    info.duration = _number(d.get("duration"))
    info.device = str(d.get("device") or "")
    info.versions = d.get("versions") if isinstance(d.get("versions"), dict) else {}
    info.message = str(d.get("message") or "")
    info.project_name = str(d.get("project") or "")
    info.project_file = d.get("project_file") if isinstance(d.get("project_file"), str) else None


def _from_log(info: RunInfo) -> None:
    """An older run folder: the started, epoch and end events of ``metrics.jsonl``."""
    duration = 0.0
    ended = False
    for r in _records(info.path):
        kind = r.get("event")
        if kind == "started":
            if info.started is None:
                info.started = _number(r.get("time"))
            info.device = str(r.get("device") or info.device)
            info.project_name = str(r.get("project") or info.project_name)
            info.status, ended = "interrupted", False
        elif kind == "epoch":
            info.epochs = _number(r.get("epoch"), int) or info.epochs
            info.steps = _number(r.get("step"), int) or info.steps
            found = epoch_metric(r)
            if found is not None and (info.best_metric in (None, found[0])) and \
                    better(found[0], found[1], info.best_value):
                info.best_metric, info.best_value = found
        elif kind in END_KINDS:
            info.status, ended = kind, True
            info.message = str(r.get("message") or "")
            info.steps = _number(r.get("step"), int) or info.steps
            duration += _number(r.get("seconds")) or 0.0
    if ended or duration:
        info.duration = duration
    last = _read_json(info.path / "checkpoints" / "last.json")
    if isinstance(last, dict):          # a log cut short still leaves its newest checkpoint's position
        info.epochs = info.epochs or (_number(last.get("epoch"), int) or 0)
        info.steps = info.steps or (_number(last.get("step"), int) or 0)
        if info.status == "unknown":
            info.status = "interrupted"


def list_runs(roots, belongs=None) -> list[RunInfo]:
    """Every run folder directly under each root (missing roots are skipped), newest first.

    ``belongs(path)``: keep only the folders it accepts (e.g. ``project_filter``).
    """
    seen: set[Path] = set()
    runs: list[RunInfo] = []
    for root in roots:
        try:
            children = sorted(Path(root).iterdir())
        except OSError:
            continue
        for child in children:
            key = child.resolve()
            if key in seen or not is_run_folder(child) or (belongs is not None and not belongs(child)):
                continue
            seen.add(key)
            runs.append(read_run(child))
    runs.sort(key=lambda r: (r.started or 0.0, r.name), reverse=True)
    return runs


def run_slug(name: str) -> str:
    """``runs.slug`` (the project part of a run folder's name) without importing torch, which runs.py
    needs: the window lists runs long before anything trains."""
    from netstudio.core.fileio import safe_file_stem

    return safe_file_stem(re.sub(r"[^A-Za-z0-9]+", "_", name).lower(), max_length=40, fallback="project")


def project_filter(project_name: str, project_file: str | None):
    """A ``belongs`` test: the run was made from this project file, or is named after this project."""
    prefix = run_slug(project_name)
    wanted = str(Path(project_file).resolve()) if project_file else None

    def belongs(path: Path) -> bool:
        record = read_run_json(path)
        if record is not None and wanted and record.get("project_file") == wanted:
            return True
        m = RUN_NAME.match(path.name)
        return bool(m and m.group("slug") == prefix)
    return belongs


def run_roots(project_file: str | None, app_data_runs: str | Path | None, extra=()) -> list[Path]:
    """Where a project's runs are: ``<project dir>/runs`` (saved projects) and the app-data runs folder."""
    roots = [Path(p) for p in extra if p]
    if project_file:
        roots.append(Path(project_file).resolve().parent / "runs")
    if app_data_runs:
        roots.append(Path(app_data_runs))
    return roots


SMOOTHING = 0.97          # TensorBoard's default weight, for runs long enough to want it
SMOOTHING_WINDOWS = 10    # a short run's average spans at most a tenth of it, so it does not lag behind


def smoothing_weight(total_steps: int | None) -> float:
    """The moving average's weight: 0.97, less for a run shorter than ~330 steps (window <= run / 10)."""
    if not total_steps or total_steps <= 0:
        return SMOOTHING
    return max(0.0, min(SMOOTHING, 1.0 - SMOOTHING_WINDOWS / total_steps))


def smooth_debiased(values: np.ndarray, weight: float) -> np.ndarray:
    """TensorBoard's debiased exponential moving average (NaN/inf pass through, unsmoothed)."""
    import numpy as np   # here: the window imports this module before its first paint, numpy is not needed then

    values = np.asarray(values, np.float64)
    out = np.empty_like(values)
    ema, n = 0.0, 0
    for i, v in enumerate(values):
        if not np.isfinite(v):
            out[i] = v
            continue
        n += 1
        ema = weight * ema + (1 - weight) * v
        out[i] = ema / (1 - weight ** n)
    return out


def read_curves(path: str | Path) -> RunCurves:
    """The loss and metric curves of a run folder (empty arrays when it logged none)."""
    import numpy as np

    steps: list[float] = []
    loss: list[float] = []
    val: list[tuple[float, float]] = []
    metric: list[tuple[float, float]] = []
    metric_name: str | None = None
    for r in _records(Path(path), skip_steps=False):
        kind = r.get("event")
        if kind == "started":
            first = _number(r.get("step"), int) or 0
            if steps and steps[-1] >= first + 1:      # a resume after a kill logged steps again
                keep = int(np.searchsorted(steps, first + 1))
                del steps[keep:], loss[keep:]
        elif kind == "step":
            values = (r.get("values") or {}).get("loss")
            first = _number(r.get("first_step"), int)
            if isinstance(values, list) and first is not None:
                for i, v in enumerate(values):
                    steps.append(first + i)
                    loss.append(float(v) if isinstance(v, (int, float)) else np.nan)
        elif kind == "epoch":
            step = _number(r.get("step"))
            if step is None:
                continue
            if _number(r.get("val_loss")) is not None:
                val.append((step, float(r["val_loss"])))
            found = epoch_metric({k: v for k, v in r.items() if k != "val_loss"})
            if found is not None and metric_name in (None, found[0]):
                metric_name = found[0]
                metric.append((step, found[1]))

    def pairs(items):
        a = np.asarray(items, np.float64).reshape(-1, 2)
        return a[:, 0], a[:, 1]

    vs, vl = pairs(val)
    ms, mv = pairs(metric)
    return RunCurves(np.asarray(steps, np.float64), np.asarray(loss, np.float64), vs, vl, metric_name, ms, mv)


def load_run_project(path: str | Path):
    """The project as the run trained it (``project.nsproj`` in the run folder).

    Raises
    ------
    ProjectError
        when the run folder holds no readable project.
    """
    from netstudio import load_project
    from netstudio.core.errors import ProjectError

    file = Path(path) / "project.nsproj"
    if not file.is_file():
        raise ProjectError(f"the run folder {path} holds no project.nsproj")
    return load_project(file)

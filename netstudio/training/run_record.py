"""``run.json``: what a run folder is, at a glance (status, times, device, library versions, best metric).

The run folder feeds every event it logs to ``RunRecord.observe``, which rewrites ``run.json``
at the start, after each epoch and at the end of a run, so the Runs view lists a run without
reading its whole ``metrics.jsonl``. Writing it never stops training: it is a summary, and the
log stays the truth (``run_history`` reads older folders without ``run.json`` from the log).
No torch import here: the window lists runs without loading PyTorch.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

RUN_FILE = "run.json"
RUN_FORMAT = "netstudio-run"
END_KINDS = ("finished", "stopped", "failed")
MAX_RUN_JSON_BYTES = 1024 * 1024
# The validation metric a run is judged by, in order of preference, and whether higher is better.
METRICS: tuple[tuple[str, bool], ...] = (("val_acc", True), ("val_reconstruction_error", False), ("val_mae", False),
                                          ("val_rmse", False), ("val_perplexity", False), ("val_loss", False))


def iso_time(seconds: float) -> str:
    """Wall-clock seconds as a local ISO time with its offset (``2026-12-03T07:10:00.125+01:00``);
    milliseconds keep two quick runs in order."""
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="milliseconds")


def library_versions() -> dict[str, str | None]:
    """Python, NetStudio, PyTorch and torchvision versions (None when one is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    import netstudio

    out: dict[str, str | None] = {"python": platform.python_version(), "netstudio": netstudio.__version__}
    for name in ("torch", "torchvision"):
        module = sys.modules.get(name)     # the imported module's version carries the build (+cpu, +cu128)
        if module is not None and isinstance(getattr(module, "__version__", None), str):
            out[name] = str(module.__version__)
            continue
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def epoch_metric(record: dict) -> tuple[str, float] | None:
    """The metric an epoch record is judged by: ``(key, value)``, or None when it has none."""
    for key, _higher in METRICS:
        value = record.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            return key, float(value)
    return None


def better(key: str, value: float, best: float | None) -> bool:
    higher = dict(METRICS).get(key, False)
    return best is None or (value > best if higher else value < best)


def read_run_json(folder: str | Path) -> dict[str, Any] | None:
    """``run.json`` of a run folder as a dict, or None when it is missing or unreadable."""
    path = Path(folder) / RUN_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_RUN_JSON_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("format") == RUN_FORMAT else None


class RunRecord:
    """Keeps ``<run folder>/run.json`` in step with the run's events (a resumed run adds to it)."""

    def __init__(self, folder: str | Path, project=None, resume: bool = False) -> None:
        self.folder = Path(folder)
        previous = read_run_json(self.folder) if resume else None
        self.data: dict[str, Any] = dict(previous or {})
        self._done_seconds = float(self.data.get("duration") or 0.0) if previous else 0.0
        self.data.update({"format": RUN_FORMAT, "version": 1})
        if project is not None:
            self.data["project"] = project.name
            self.data["project_file"] = str(Path(project.path).resolve()) if project.path else None

    def observe(self, record: dict) -> None:
        """Take one logged event; rewrite ``run.json`` when the run starts, finishes an epoch or ends."""
        kind = record.get("event")
        when = record.get("time") if isinstance(record.get("time"), (int, float)) else None
        d = self.data
        if kind == "started":
            if when is not None:
                d.setdefault("started", iso_time(when))
                d["session_started"] = iso_time(when)
            d["resumed"] = int(d.get("resumed", -1)) + 1
            d.update(status="running", ended=None, device=record.get("device"), task=record.get("task"),
                     epochs_planned=record.get("epochs"), steps_per_epoch=record.get("steps_per_epoch"),
                     parameters=record.get("parameters"), samples=record.get("samples"),
                     versions=library_versions(), pid=os.getpid(), host=socket.gethostname())
        elif kind == "epoch":
            d["epochs"] = record.get("epoch")
            d["steps"] = record.get("step")
            found = epoch_metric(record)
            if found is not None:
                key, value = found
                best = d.get("best") if isinstance(d.get("best"), dict) and d["best"].get("metric") == key else None
                if better(key, value, best.get("value") if best else None):
                    d["best"] = {"metric": key, "value": value, "epoch": record.get("epoch"),
                                 "checkpoint": Path(record["checkpoint"]).name if record.get("checkpoint") else None}
        elif kind in END_KINDS:
            seconds = record.get("seconds") if isinstance(record.get("seconds"), (int, float)) else 0.0
            d.update(status=kind, message=record.get("message"), steps=record.get("step"),
                     duration=round(self._done_seconds + seconds, 3))
            if when is not None:
                d["ended"] = iso_time(when)
            if record.get("checkpoint"):
                d["checkpoint"] = Path(record["checkpoint"]).name
        else:
            return
        self.write()

    def write(self) -> None:
        from netstudio.core.fileio import atomic_write_text

        try:
            atomic_write_text(self.folder / RUN_FILE, json.dumps(self.data, indent=1, ensure_ascii=False) + "\n")
        except (OSError, TypeError, ValueError):
            pass   # a summary: a full disk is reported by the log and checkpoint writes, not here

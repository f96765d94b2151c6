"""Events the engine emits: plain dataclasses, one ``kind`` each, with ``to_json()`` for logs.

The CLI prints them, the run folder logs them (``metrics.jsonl``) and the GUI's worker turns
them into queued Qt signals. Arrays in snapshots are CPU numpy arrays; ``to_json`` leaves them
out (it records their shapes) so that the log stays small.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

def _jsonable(value: Any) -> Any:
    """Numbers, lists and dicts as JSON can hold them; NaN/inf become None; arrays become shapes."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (np.floating,)):
        return _jsonable(float(value))
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, np.ndarray):
        if value.size <= 16 and value.ndim <= 1:
            return [_jsonable(v) for v in value.tolist()]
        return {"array_shape": list(value.shape), "dtype": str(value.dtype)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@dataclass
class TrainingEvent:
    """Base: every event has a kind, a wall-clock time and the global step it happened at.

    Kinds: started, step, epoch, snapshot, test, finished, stopped, failed, paused, resumed.
    """

    kind: str = ""
    step: int = 0
    time: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        """The event as one JSON object (``{"event": kind, ...}``), arrays summarised by shape."""
        out: dict[str, Any] = {"event": self.kind}
        for f in fields(self):
            if f.name != "kind":
                out[f.name] = _jsonable(getattr(self, f.name))
        return out


@dataclass
class StartedEvent(TrainingEvent):
    kind: str = "started"
    project: str = ""
    task: str = ""
    device: str = ""
    run_dir: str = ""
    epochs: int = 0
    steps_per_epoch: int = 0
    start_epoch: int = 0
    samples: dict[str, int] = field(default_factory=dict)   # split name -> number of samples
    parameters: int = 0
    notes: list[str] = field(default_factory=list)          # things a user should know (AMP off on CPU, ...)
    data_mode: str = "memory"   # "memory": the dataset is held as tensors; "streaming": read per batch from its cache


@dataclass
class StepEvent(TrainingEvent):
    """Training losses since the previous step event (throttled to about 20 per second).

    ``values[name]`` holds one float per step from ``first_step`` to ``step`` inclusive, so a
    plot can draw every step although the event arrives in batches.
    """

    kind: str = "step"
    epoch: int = 0
    first_step: int = 0
    progress: float = 0.0          # fraction of the whole run done, 0..1
    values: dict[str, list[float]] = field(default_factory=dict)
    loss: float = float("nan")     # mean training loss over this event's steps
    lr: float = 0.0
    samples_per_sec: float = 0.0
    eta_seconds: float | None = None


@dataclass
class EpochEvent(TrainingEvent):
    kind: str = "epoch"
    epoch: int = 0
    train_loss: float = float("nan")
    val_loss: float | None = None
    val_acc: float | None = None
    metrics: dict[str, Any] = field(default_factory=dict)   # every train_/val_ metric, e.g. val_top5
    lr: float = 0.0
    seconds: float = 0.0
    checkpoint: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        metrics = out.pop("metrics")
        for k, v in metrics.items():  # flat, so `--log` lines read {"event": "epoch", "val_acc": ...}
            out.setdefault(k, v)
        return out


@dataclass
class SnapshotEvent(TrainingEvent):
    """What the model looks like now: ``data`` maps a snapshot name to numpy arrays or text.

    Names: ``filters`` {node: (out, in, kh, kw)}, ``activations`` {node: (N, ...)}, ``samples``
    (N, C, H, W) in [0, 1], ``reconstructions`` {"input", "output"} (N, C, H, W) in [0, 1],
    ``confusion`` (C, C) counts, ``wrong`` {"images", "true", "pred", "confidence"},
    ``boundary`` {"probs" (G, G, C), "x_range", "y_range", "points", "labels"}, ``text`` str,
    ``weight_stats`` {node: {"weight_mean", "weight_std", "grad_mean", "grad_std", ...}},
    ``activation_stats`` {node: {"mean", "std", "zeros", "dead", "saturated"}} of the step before the snapshot.
    """

    kind: str = "snapshot"
    epoch: int = 0
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class TestEvent(TrainingEvent):
    kind: str = "test"
    split: str = "test"
    metrics: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        for k, v in out.pop("metrics").items():
            out.setdefault(k, v)
        return out


@dataclass
class EndEvent(TrainingEvent):
    """finished / stopped / failed: ``message`` says why in one sentence."""

    kind: str = "finished"
    epoch: int = 0
    message: str = ""
    seconds: float = 0.0
    checkpoint: str | None = None
    node_id: str | None = None       # the graph node at fault, when there is one
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class ControlEvent(TrainingEvent):
    """paused / resumed."""

    kind: str = "paused"
    epoch: int = 0

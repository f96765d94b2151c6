"""What a sweep tries: the classic lessons as axes of a grid, each value a change to the same project.

No Qt here. An ``Axis`` names one study parameter (``optimizer``, ``lr``, ``dropout``, ...) and the
values it takes; ``SweepPlan`` holds the axes (a grid: every combination is a trial) and builds the
project of a trial. Everything else stays as the project says (the seed above all), so the trials
differ in the swept settings only.

- optimizers: SGD, SGD with momentum 0.9, Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW, each with
  its own default learning rate (Adadelta's is 1.0, Adam's 0.001: one shared rate would favour some);
- learning rates: ``count`` values spaced evenly on a log scale from ``low`` to ``high``;
- on/off: dropout (p 0 against the model's p), batch norm (BatchNorm layers replaced by Identity),
  L2 (weight decay 0 against the project's, or 5e-4), augmentation (none against the project's, or a
  small random crop and rotation).
"""

from __future__ import annotations

import copy
import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from netstudio.core.errors import ProjectError
from netstudio.core.project import project_from_dict
from netstudio.training.config import optimizer_defaults

# label -> optimizer section without lr (the lr is the type's default unless a learning-rate axis sets it)
OPTIMIZER_VARIANTS: dict[str, dict] = {
    "sgd": {"type": "sgd"},
    "sgd+momentum": {"type": "sgd", "momentum": 0.9},
    "nesterov": {"type": "sgd", "momentum": 0.9, "nesterov": True},
    "adagrad": {"type": "adagrad"},
    "adadelta": {"type": "adadelta"},
    "rmsprop": {"type": "rmsprop"},
    "adam": {"type": "adam"},
    "adamw": {"type": "adamw"},
}
TOGGLES = ("dropout", "batch_norm", "l2", "augmentation")
DEFAULT_L2 = 5e-4
DEFAULT_AUGMENT = {"random_crop": {"padding": 2}, "rotation": 10}


@dataclass
class Axis:
    """One swept setting: its study parameter name, its values, and how a value changes a project dict."""

    name: str
    values: list
    apply: Callable[[dict, Any], None] = field(repr=False, default=lambda d, v: None)


def _training(d: dict) -> dict:
    d["training"] = d.get("training") or {}
    return d["training"]


def optimizer_axis(labels: list[str]) -> Axis:
    unknown = [k for k in labels if k not in OPTIMIZER_VARIANTS]
    if unknown or not labels:
        raise ProjectError(f"choose optimizers among {', '.join(OPTIMIZER_VARIANTS)}, not {unknown or 'none'}")

    def apply(d: dict, label: str) -> None:
        section = dict(OPTIMIZER_VARIANTS[label])
        section["lr"] = optimizer_defaults(section["type"])["lr"]
        _training(d)["optimizer"] = section
    return Axis("optimizer", list(labels), apply)


def lr_values(low: float, high: float, count: int) -> list[float]:
    """``count`` learning rates from ``low`` to ``high``, evenly spaced on a log scale, to 3 significant digits."""
    if not (math.isfinite(low) and math.isfinite(high)) or low <= 0 or high <= low or count < 2:
        raise ProjectError(f"the learning-rate range needs 0 < lowest < highest and at least 2 values, not "
                           f"{low:g} to {high:g} with {count}")
    step = (math.log10(high) - math.log10(low)) / (count - 1)
    return [float(f"{10 ** (math.log10(low) + i * step):.3g}") for i in range(count)]


def lr_axis(values: list[float]) -> Axis:
    def apply(d: dict, lr: float) -> None:
        opt = _training(d).get("optimizer") or {"type": "adam"}
        _training(d)["optimizer"] = {**opt, "lr": lr}
        schedule = _training(d).get("schedule") or {}
        if schedule.get("max_lr") is not None:     # a one-cycle peak would override the swept rate
            _training(d)["schedule"] = {**schedule, "max_lr": lr}
    return Axis("lr", list(values), apply)


def _nodes(d: dict, prefix: str) -> list[dict]:
    return [n for g in (d.get("graphs") or {}).values() for n in g.get("nodes", [])
            if str(n.get("type", "")).startswith(prefix)]


def toggle_axis(what: str, project_dict: dict) -> Axis:
    """``what`` off and on. Raises ProjectError when the project has nothing to switch (no Dropout layer, ...)."""
    if what == "dropout":
        nodes = _nodes(project_dict, "Dropout")
        if not nodes:
            raise ProjectError("the model has no Dropout layer: add one to compare training with and without it")
        ps = {n["id"]: (n.get("params") or {}).get("p", 0.5) or 0.5 for n in nodes}

        def apply(d: dict, state: str) -> None:
            for n in _nodes(d, "Dropout"):
                n["params"] = {**(n.get("params") or {}), "p": ps.get(n["id"], 0.5) if state == "on" else 0.0}
    elif what == "batch_norm":
        if not _nodes(project_dict, "BatchNorm"):
            raise ProjectError("the model has no BatchNorm layer: add one to compare training with and without it")

        def apply(d: dict, state: str) -> None:
            if state == "off":                      # the same graph with each BatchNorm passing its input on
                for n in _nodes(d, "BatchNorm"):
                    n["type"], n["params"] = "Identity", {}
    elif what == "l2":
        l2 = (project_dict.get("training") or {}).get("weight_decay") or DEFAULT_L2

        def apply(d: dict, state: str) -> None:
            _training(d)["weight_decay"] = l2 if state == "on" else 0.0
    elif what == "augmentation":
        aug = (project_dict.get("data") or {}).get("augment") or DEFAULT_AUGMENT

        def apply(d: dict, state: str) -> None:
            d["data"] = d.get("data") or {}
            d["data"]["augment"] = copy.deepcopy(aug) if state == "on" else {}
    else:
        raise ProjectError(f"cannot switch {what!r} on and off (choose one of {', '.join(TOGGLES)})")
    return Axis(what, ["off", "on"], apply)


@dataclass
class SweepPlan:
    """A grid over ``axes`` (every combination is one trial) on ``project``; ``metric`` is what the study compares.

    ``settings``: training settings every trial takes (epochs, max_steps, threads), the same for all.
    """

    project: Any
    axes: list[Axis]
    metric: str = "val_loss"
    settings: dict = field(default_factory=dict)

    def combinations(self) -> list[dict]:
        """The trials' parameters in order: ``[{"optimizer": "sgd"}, {"optimizer": "adam"}, ...]``."""
        names = [a.name for a in self.axes]
        return [dict(zip(names, values)) for values in itertools.product(*(a.values for a in self.axes))]

    def project_for(self, values: dict):
        """The project one trial trains (a copy; the original is never changed)."""
        d = self.project.to_dict()
        for key, value in self.settings.items():
            if value is not None:
                _training(d)[key] = value
        _training(d).pop("workers", None)       # trials train one at a time in this process
        for axis in self.axes:
            if axis.name in values:
                axis.apply(d, values[axis.name])
        project = project_from_dict(d, path=self.project.path or "<sweep>")
        project.path = self.project.path
        return project

    def check(self) -> None:
        """Every trial's project is one the engine accepts (before any trial starts)."""
        from netstudio.training.config import parse_data, parse_training

        if not self.axes:
            raise ProjectError("choose at least one thing to compare (optimizers, learning rates or an on/off switch)")
        for values in self.combinations():
            p = self.project_for(values)
            parse_training(p.training)
            parse_data(p.data)


def value_text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


__all__ = ["Axis", "OPTIMIZER_VARIANTS", "SweepPlan", "TOGGLES", "lr_axis", "lr_values", "optimizer_axis",
           "toggle_axis", "value_text"]

"""The ``tune`` section of a project: a hyperparameter search space, an objective, trials and a pruner.

```json
"tune": {
  "space": {
    "training.optimizer.lr": {"log_uniform": [1e-4, 1e-1]},
    "training.optimizer.type": ["sgd", "adam"],
    "training.batch_size": [32, 64],
    "fc1.out_features": {"int": [8, 64]},
    "drop.p": {"uniform": [0.0, 0.5]}
  },
  "objective": {"metric": "val_acc", "direction": "maximize"},
  "n_trials": 20,
  "pruner": {"type": "median", "startup_trials": 5, "warmup_epochs": 0},
  "seed": 0
}
```

Keys name a training setting (``training.`` and its path) or a node parameter (``node.param``,
or ``graph/node.param`` when several graphs hold that node id). Each value is a list of choices
or one of ``log_uniform``, ``uniform`` (numbers) and ``int`` (whole numbers), all ``[low, high]``.
``objective`` may be just the metric's name; its direction then follows the name (accuracies are
maximised, losses and errors minimised). ``seed`` makes the sampler's choices repeatable (leave it
out when several workers share a study, or they would all try the same values). The core keeps the section as it is (``Project.extra``),
so projects with one open without torch; it is checked here, where it is used.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

from netstudio.core.errors import ProjectError

from .config import OPTIMIZER_DEFAULTS, SCHEDULE_DEFAULTS, TrainingConfig, _shown, parse_training

DISTRIBUTIONS = ("log_uniform", "uniform", "int")
PRUNERS = ("median", "none")
MAXIMISED = ("acc", "top", "d_x")   # metric names holding one of these grow when the model improves


def _fail(where: str, message: str):
    raise ProjectError(f"{where} {message}", field=where)


@dataclass
class SearchParam:
    """One searched setting: where it goes and what it may take."""

    key: str                       # as written in the project ("training.optimizer.lr", "fc1.out_features")
    kind: str                      # "choice" or one of DISTRIBUTIONS
    choices: list = field(default_factory=list)
    low: float = 0.0
    high: float = 0.0
    training_path: tuple[str, ...] = ()   # for training settings: the path inside the training section
    graph: str = ""                # for node parameters
    node: str = ""
    param: str = ""

    def probe_values(self) -> list:
        """Values that must each be valid for the search to be: every choice, or both ends of a range."""
        return list(self.choices) if self.kind == "choice" else [self.low, self.high]


@dataclass
class TuneConfig:
    space: list[SearchParam]
    metric: str = "val_loss"
    direction: str = "minimize"
    n_trials: int = 20
    pruner: str = "median"
    startup_trials: int = 5        # trials that run to the end before the median pruner judges any
    warmup_epochs: int = 0         # epochs of each trial that are never pruned
    seed: int | None = None        # the sampler's seed; None: a fresh one in each worker


def default_direction(metric: str) -> str:
    return "maximize" if any(word in metric for word in MAXIMISED) else "minimize"


def parse_tune(raw: Any, project) -> TuneConfig:
    """Check ``project``'s tune section (``raw``) and return it as a ``TuneConfig``.

    Raises
    ------
    ProjectError
        naming the field (``tune.space.fc1.out_features: ...``) and what is wrong with it.
    """
    if raw is None:
        raise ProjectError("the project has no \"tune\" section: add one with a search space "
                           "(see README, \"Hyperparameter search\")", field="tune")
    if not isinstance(raw, dict):
        _fail("tune", f"must be an object {{...}}, not {_shown(raw)}")
    unknown = sorted(set(raw) - {"space", "objective", "n_trials", "pruner", "seed"})
    if unknown:
        _fail(f"tune.{unknown[0]}", "is not a known setting (known: n_trials, objective, pruner, seed, space)")
    space = raw.get("space")
    if not isinstance(space, dict) or not space:
        _fail("tune.space", "must name at least one setting to search, such as "
                            "{\"training.optimizer.lr\": {\"log_uniform\": [0.0001, 0.1]}}")
    cfg = TuneConfig(space=[_parse_param(key, value, project) for key, value in space.items()])
    objective = raw.get("objective", "val_loss")
    if isinstance(objective, str):
        objective = {"metric": objective}
    if not isinstance(objective, dict) or not isinstance(objective.get("metric"), str):
        _fail("tune.objective", f"must be a metric name such as \"val_loss\" or {{\"metric\": ..., \"direction\": "
                                f"...}}, not {_shown(objective)}")
    metric = objective["metric"]
    if not (metric.startswith("val_") or metric == "train_loss"):
        _fail("tune.objective.metric", f"must be a validation metric (val_loss, val_acc, val_mae, ...) or "
                                       f"train_loss, not {metric!r}")
    cfg.metric = metric
    cfg.direction = objective.get("direction", default_direction(metric))
    if cfg.direction not in ("minimize", "maximize"):
        _fail("tune.objective.direction", f"must be minimize or maximize, not {_shown(cfg.direction)}")
    n = raw.get("n_trials", cfg.n_trials)
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 100000:
        _fail("tune.n_trials", f"must be a whole number from 1 to 100000, not {_shown(n)}")
    cfg.n_trials = n
    seed = raw.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2 ** 32):
        _fail("tune.seed", f"must be a whole number from 0 to 4294967295, or left out, not {_shown(seed)}")
    cfg.seed = seed
    pruner = raw.get("pruner", "median")
    if isinstance(pruner, str):
        pruner = {"type": pruner}
    if not isinstance(pruner, dict) or pruner.get("type", "median") not in PRUNERS:
        _fail("tune.pruner", f"must be \"median\", \"none\" or {{\"type\": \"median\", \"startup_trials\": ..., "
                             f"\"warmup_epochs\": ...}}, not {_shown(pruner)}")
    extra = sorted(set(pruner) - {"type", "startup_trials", "warmup_epochs"})
    if extra:
        _fail(f"tune.pruner.{extra[0]}", "is not a known setting (known: startup_trials, type, warmup_epochs)")
    cfg.pruner = pruner.get("type", "median")
    for key, attr in (("startup_trials", "startup_trials"), ("warmup_epochs", "warmup_epochs")):
        value = pruner.get(key, getattr(cfg, attr))
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            _fail(f"tune.pruner.{key}", f"must be a whole number >= 0, not {_shown(value)}")
        setattr(cfg, attr, value)
    return cfg


def _parse_param(key: Any, value: Any, project) -> SearchParam:
    where = f"tune.space.{key}"
    param = SearchParam(key=key, kind="choice")
    if isinstance(value, list):
        if not value or not all(isinstance(v, (str, int, float, bool)) or v is None for v in value):
            _fail(where, f"must list the values to try (texts, numbers, true/false), not {_shown(value)}")
        param.choices = list(value)
    elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in DISTRIBUTIONS:
        kind, bounds = next(iter(value.items()))
        integer = kind == "int"
        ok = (isinstance(bounds, list) and len(bounds) == 2
              and all(isinstance(b, int if integer else (int, float)) and not isinstance(b, bool)
                      and math.isfinite(b) for b in bounds))
        if not ok or bounds[0] >= bounds[1] or (kind == "log_uniform" and bounds[0] <= 0):
            need = "whole numbers" if integer else ("numbers > 0" if kind == "log_uniform" else "numbers")
            _fail(where, f"{kind} needs [low, high], two {need} with low < high, not {_shown(bounds)}")
        param.kind, param.low, param.high = kind, bounds[0], bounds[1]
    else:
        _fail(where, "must be a list of choices or one of {\"log_uniform\": [low, high]}, {\"uniform\": [low, high]}, "
                     f"{{\"int\": [low, high]}}, not {_shown(value)}")
    if not isinstance(key, str) or "." not in key:
        _fail(where, "must be training.<setting> or <node>.<parameter>")
    if key.startswith("training."):
        param.training_path = tuple(key.split(".")[1:])
        if param.training_path[0] not in TrainingConfig.__dataclass_fields__:
            _fail(where, f"names no training setting (known: {', '.join(sorted(TrainingConfig.__dataclass_fields__))})")
        for probe in param.probe_values():   # every value tried must make a valid training section
            try:
                parse_training(set_training(project.training, param.training_path, probe))
            except ProjectError as exc:
                _fail(where, f"would try {_shown(probe)}, which the training section refuses: {exc}")
        return param
    _locate_node(param, project, where)
    return param


def _locate_node(param: SearchParam, project, where: str) -> None:
    from netstudio.layers import require_spec

    target, param.param = param.key.rsplit(".", 1)
    graph_name, _, node_id = target.rpartition("/")
    graphs = [graph_name] if graph_name else [g for g, graph in project.graphs.items() if node_id in graph]
    if graph_name and graph_name not in project.graphs:
        _fail(where, f"names the graph '{graph_name}', which the project does not have")
    if not graphs or node_id not in project.graphs[graphs[0]]:
        _fail(where, f"names the node '{node_id}', which the project does not have (a training setting starts "
                     "with \"training.\")")
    if len(graphs) > 1:
        _fail(where, f"is ambiguous: the graphs {', '.join(graphs)} all hold a node '{node_id}'; write "
                     f"\"{graphs[0]}/{param.key}\"")
    param.graph, param.node = graphs[0], node_id
    spec = require_spec(project.graphs[param.graph].node(node_id).type)
    p = spec.param(param.param)
    if p is None or p.inferred:
        names = ", ".join(q.name for q in spec.params if not q.inferred)
        _fail(where, f"'{node_id}' is a {spec.type}, which has no parameter '{param.param}' to search "
                     f"(it has: {names or 'none'})")
    for probe in param.probe_values():
        problem = p.check(probe)
        if problem:
            _fail(where, f"would try {_shown(probe)}: {problem}")


def set_training(training: dict | None, path: tuple[str, ...], value: Any) -> dict:
    """A copy of the training section with ``path`` set to ``value``.

    Choosing another optimizer (or schedule) type keeps only the settings that type has, and the lr.
    """
    out = copy.deepcopy(training or {})
    node = out
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    last = path[-1]
    if path in (("optimizer", "type"), ("schedule", "type")) and value in (OPTIMIZER_DEFAULTS if path[0] ==
                                                                           "optimizer" else SCHEDULE_DEFAULTS):
        allowed = set(OPTIMIZER_DEFAULTS[value] if path[0] == "optimizer" else SCHEDULE_DEFAULTS[value])
        for key in list(node):
            if key not in allowed and key != "type":
                del node[key]
    node[last] = value
    return out


def apply_values(project, cfg: TuneConfig, values: dict[str, Any]):
    """A copy of ``project`` with one trial's values (keys as in ``cfg.space``) set."""
    out = project.copy()
    training = out.training
    # an optimizer/schedule type first: it decides which of their other settings stay
    for param in sorted(cfg.space, key=lambda p: (p.training_path[-1:] != ("type",), p.key)):
        if param.key not in values:
            continue
        if param.training_path:
            training = set_training(training, param.training_path, values[param.key])
        else:
            graph = out.graphs[param.graph]
            params = dict(graph.node(param.node).params)
            params[param.param] = values[param.key]
            graph.set_params(param.node, params)
    out.training = training
    return out


__all__ = ["SearchParam", "TuneConfig", "apply_values", "default_direction", "parse_tune", "set_training"]

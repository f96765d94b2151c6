"""The ``task``, ``data`` and ``training`` sections of a project (version 1) as checked dataclasses.

Every field has a default so that ``{}`` is a valid section; a wrong value raises
``ProjectError`` naming the section and field (``training.optimizer.lr must be a number > 0``).
docs/training.md documents the JSON.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from netstudio.core.errors import ProjectError

TASKS = ("classify", "regress", "autoencode", "gan", "sequence")
LOSSES = {
    "classify": ("cross_entropy", "bce"),
    "regress": ("mse", "l1", "smooth_l1"),
    "autoencode": ("mse", "bce"),
    "gan": ("bce",),
}
SEQUENCE_MODES = ("next_char", "classify", "regress")
OPTIMIZERS = ("sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamw")
SCHEDULES = ("none", "step", "cosine", "one_cycle", "plateau")
AUGMENTS = ("random_crop", "rotation", "affine_scale", "horizontal_flip", "color_jitter")


def _fail(where: str, message: str) -> None:
    raise ProjectError(f"{where} {message}", field=where)


def _number(sec: dict, where: str, key: str, default, *, lo=None, hi=None, integer=False, optional=False,
            lo_open=False):
    value = sec.get(key, default)
    name = f"{where}.{key}"
    if value is None and optional:
        return None
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if not ok or isinstance(value, bool):
        _fail(name, f"must be a {'whole number' if integer else 'number'}, not {value!r}")
    if lo is not None and (value <= lo if lo_open else value < lo):
        _fail(name, f"must be {'>' if lo_open else '>='} {lo}, not {value!r}")
    if hi is not None and value > hi:
        _fail(name, f"must be <= {hi}, not {value!r}")
    return value


def _choice(sec: dict, where: str, key: str, default, choices):
    value = sec.get(key, default)
    if value not in choices:
        _fail(f"{where}.{key}", f"must be one of {', '.join(map(str, choices))}, not {value!r}")
    return value


def _section(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(where, f"must be an object, not {type(value).__name__}")
    return value


def _unknown(sec: dict, where: str, known) -> None:
    extra = sorted(set(sec) - set(known))
    if extra:
        _fail(f"{where}.{extra[0]}", f"is not a known setting (known: {', '.join(sorted(known))})")


@dataclass
class TaskConfig:
    type: str = "classify"
    graph: str = "model"
    loss: str | None = None            # None: the task's first loss
    label_smoothing: float = 0.0       # classify: cross-entropy smoothing; gan: real label = 1 - this
    top_k: int = 5
    generator: str = "generator"       # gan
    discriminator: str = "discriminator"
    latent_size: int | None = None     # gan; None: the generator Input's size
    d_steps: int = 1                   # gan: discriminator steps per generator step
    mode: str = "next_char"            # sequence
    temperature: float = 0.8           # sequence next_char sampling
    generate_length: int = 200
    prompt: str = ""

    @property
    def kind(self) -> str:
        """The family of loss and metrics: a sequence task in classify mode is a classifier."""
        if self.type == "sequence":
            return {"next_char": "next_char", "classify": "classify", "regress": "regress"}[self.mode]
        return self.type


def parse_task(raw: Any) -> TaskConfig:
    sec = _section(raw, "task")
    _unknown(sec, "task", TaskConfig.__dataclass_fields__)
    t = _choice(sec, "task", "type", "classify", TASKS)
    cfg = TaskConfig(type=t)
    for key in ("graph", "generator", "discriminator", "prompt"):
        value = sec.get(key, getattr(cfg, key))
        if not isinstance(value, str):
            _fail(f"task.{key}", f"must be text, not {value!r}")
        setattr(cfg, key, value)
    cfg.mode = _choice(sec, "task", "mode", "next_char", SEQUENCE_MODES)
    family = cfg.kind if cfg.kind in LOSSES else None
    if family:
        cfg.loss = _choice(sec, "task", "loss", LOSSES[family][0], LOSSES[family])
    elif "loss" in sec and sec["loss"] not in (None, "cross_entropy"):
        _fail("task.loss", f"must be cross_entropy for next-character prediction, not {sec['loss']!r}")
    cfg.label_smoothing = _number(sec, "task", "label_smoothing", 0.0, lo=0, hi=0.5)
    cfg.top_k = _number(sec, "task", "top_k", 5, lo=1, integer=True)
    cfg.latent_size = _number(sec, "task", "latent_size", None, lo=1, integer=True, optional=True)
    cfg.d_steps = _number(sec, "task", "d_steps", 1, lo=1, hi=20, integer=True)
    cfg.temperature = _number(sec, "task", "temperature", 0.8, lo=0, lo_open=True, hi=10)
    cfg.generate_length = _number(sec, "task", "generate_length", 200, lo=1, hi=10000, integer=True)
    return cfg


@dataclass
class DataConfig:
    dataset: str = ""
    options: dict = field(default_factory=dict)
    split: dict | None = None          # None: the dataset's default (0.8/0.1/0.1, or val 1/12 of an official train set)
    normalize: Any = "auto"            # "auto" | "none" | {"mean": [...], "std": [...]}
    augment: dict = field(default_factory=dict)
    on_device: bool = True             # keep the tensors on the training device when they fit


def parse_data(raw: Any) -> DataConfig:
    sec = _section(raw, "data")
    _unknown(sec, "data", DataConfig.__dataclass_fields__)
    cfg = DataConfig()
    dataset = sec.get("dataset")
    if not isinstance(dataset, str) or not dataset:
        _fail("data.dataset", "is missing: name a dataset such as mnist10k, spirals or text "
              "(see docs/training.md for the list)")
    cfg.dataset = dataset
    cfg.options = copy.deepcopy(_section(sec.get("options"), "data.options"))
    split = _section(sec.get("split"), "data.split")
    if split:
        _unknown(split, "data.split", ("train", "val", "test"))
        merged = {"val": split.get("val", 0.1), "test": split.get("test", 0.1)}
        for key in ("val", "test"):
            _number(merged, "data.split", key, None, lo=0, hi=1)
        if "train" in split:
            merged["train"] = _number(split, "data.split", "train", None, lo=0, lo_open=True, hi=1)
            total = merged["train"] + merged["val"] + merged["test"]
            if abs(total - 1.0) > 1e-6:
                _fail("data.split", f"fractions must add up to 1 (train + val + test = {total:g})")
        else:
            merged["train"] = 1.0 - merged["val"] - merged["test"]
            if merged["train"] <= 0:
                _fail("data.split", "leaves nothing for training: lower val and test")
        cfg.split = merged
    norm = sec.get("normalize", "auto")
    if isinstance(norm, dict):
        _unknown(norm, "data.normalize", ("mean", "std"))
        for key in ("mean", "std"):
            v = norm.get(key)
            if not isinstance(v, list) or not v or not all(isinstance(x, (int, float)) for x in v):
                _fail(f"data.normalize.{key}", f"must be a list of numbers, one per channel, not {v!r}")
        if any(s <= 0 for s in norm["std"]):
            _fail("data.normalize.std", "values must be > 0")
    elif norm not in ("auto", "none", None):
        _fail("data.normalize", f"must be \"auto\", \"none\" or {{\"mean\": [...], \"std\": [...]}}, not {norm!r}")
    cfg.normalize = "none" if norm is None else norm
    aug = _section(sec.get("augment"), "data.augment")
    _unknown(aug, "data.augment", AUGMENTS)
    cfg.augment = copy.deepcopy(aug)
    on_device = sec.get("on_device", True)
    if not isinstance(on_device, bool):
        _fail("data.on_device", f"must be true or false, not {on_device!r}")
    cfg.on_device = on_device
    return cfg


@dataclass
class TrainingConfig:
    epochs: int = 5
    batch_size: int = 64
    optimizer: dict = field(default_factory=lambda: {"type": "adam", "lr": 0.001})
    weight_decay: float = 0.0
    l1: float = 0.0
    schedule: dict = field(default_factory=lambda: {"type": "none"})
    grad_clip: float | None = None
    seed: int = 0
    device: str = "auto"
    mixed_precision: bool = False
    early_stopping: dict | None = None
    snapshot_every: float | None = 2.0   # seconds between live snapshots; 0: only at epoch ends; None: never
    checkpoint_every: int = 1            # epochs
    max_steps: int | None = None         # stop after this many steps in all (quick looks, tests)
    threads: int | None = None           # CPU threads for torch; None: leave PyTorch's choice

    @property
    def lr(self) -> float:
        return float(self.optimizer["lr"])

    def to_dict(self) -> dict:
        return asdict(self)


_OPT_KEYS = {
    "sgd": {"lr", "momentum", "nesterov", "dampening"},
    "adagrad": {"lr", "lr_decay", "eps"},
    "adadelta": {"lr", "rho", "eps"},
    "rmsprop": {"lr", "alpha", "eps", "momentum", "centered"},
    "adam": {"lr", "betas", "eps", "amsgrad"},
    "adamw": {"lr", "betas", "eps", "amsgrad"},
}
_OPT_LR = {"sgd": 0.01, "adagrad": 0.01, "adadelta": 1.0, "rmsprop": 0.001, "adam": 0.001, "adamw": 0.001}
_SCHED_KEYS = {
    "none": set(), "step": {"step_size", "gamma"}, "cosine": {"min_lr"},
    "one_cycle": {"max_lr", "pct_start"}, "plateau": {"factor", "patience", "min_lr"},
}


def parse_training(raw: Any) -> TrainingConfig:
    sec = _section(raw, "training")
    _unknown(sec, "training", TrainingConfig.__dataclass_fields__)
    cfg = TrainingConfig()
    cfg.epochs = _number(sec, "training", "epochs", 5, lo=1, hi=100000, integer=True)
    cfg.batch_size = _number(sec, "training", "batch_size", 64, lo=1, hi=1 << 20, integer=True)
    opt = dict(_section(sec.get("optimizer"), "training.optimizer"))
    kind = _choice(opt, "training.optimizer", "type", "adam", OPTIMIZERS)
    _unknown(opt, "training.optimizer", _OPT_KEYS[kind] | {"type"})
    opt["type"] = kind
    opt["lr"] = _number(opt, "training.optimizer", "lr", _OPT_LR[kind], lo=0, lo_open=True, hi=100)
    for key in ("momentum", "dampening", "lr_decay", "rho", "alpha"):
        if key in opt:
            _number(opt, "training.optimizer", key, None, lo=0, hi=1)
    if "eps" in opt:
        _number(opt, "training.optimizer", "eps", None, lo=0, lo_open=True)
    for key in ("nesterov", "amsgrad", "centered"):
        if key in opt and not isinstance(opt[key], bool):
            _fail(f"training.optimizer.{key}", f"must be true or false, not {opt[key]!r}")
    if opt.get("nesterov") and not opt.get("momentum"):
        _fail("training.optimizer.nesterov", "needs a momentum above 0 (for example 0.9)")
    if "betas" in opt:
        b = opt["betas"]
        if not (isinstance(b, list) and len(b) == 2 and all(isinstance(x, (int, float)) and 0 <= x < 1 for x in b)):
            _fail("training.optimizer.betas", f"must be two numbers in [0, 1), such as [0.9, 0.999], not {b!r}")
    cfg.optimizer = opt
    cfg.weight_decay = _number(sec, "training", "weight_decay", 0.0, lo=0)
    cfg.l1 = _number(sec, "training", "l1", 0.0, lo=0)
    sched = dict(_section(sec.get("schedule"), "training.schedule"))
    stype = _choice(sched, "training.schedule", "type", "none", SCHEDULES)
    _unknown(sched, "training.schedule", _SCHED_KEYS[stype] | {"type"})
    sched["type"] = stype
    for key, (default, lo, integer) in {"step_size": (1, 1, True), "gamma": (0.1, 0, False),
                                        "min_lr": (0.0, 0, False), "max_lr": (None, 0, False),
                                        "pct_start": (0.3, 0, False), "factor": (0.1, 0, False),
                                        "patience": (2, 0, True)}.items():
        if key in _SCHED_KEYS[stype]:
            sched[key] = _number(sched, "training.schedule", key, default, lo=lo, integer=integer,
                                 optional=default is None)
    cfg.schedule = sched
    cfg.grad_clip = _number(sec, "training", "grad_clip", None, lo=0, lo_open=True, optional=True)
    cfg.seed = _number(sec, "training", "seed", 0, lo=0, integer=True)
    device = sec.get("device", "auto")
    if not isinstance(device, str) or not re.match(r"^(auto|cpu|mps|cuda(:\d+)?)$", device.strip().lower()):
        _fail("training.device", f"must be auto, cpu, cuda, cuda:N or mps, not {device!r}")
    cfg.device = device
    for key in ("mixed_precision",):
        value = sec.get(key, False)
        if not isinstance(value, bool):
            _fail(f"training.{key}", f"must be true or false, not {value!r}")
        setattr(cfg, key, value)
    es = sec.get("early_stopping")
    if es is not None and es is not False:
        es = dict(_section(es, "training.early_stopping"))
        _unknown(es, "training.early_stopping", ("patience", "monitor", "min_delta"))
        es["patience"] = _number(es, "training.early_stopping", "patience", 3, lo=1, integer=True)
        es["monitor"] = _choice(es, "training.early_stopping", "monitor", "val_loss", ("val_loss", "val_acc"))
        es["min_delta"] = _number(es, "training.early_stopping", "min_delta", 0.0, lo=0)
        cfg.early_stopping = es
    cfg.snapshot_every = _number(sec, "training", "snapshot_every", 2.0, lo=0, optional=True)
    cfg.checkpoint_every = _number(sec, "training", "checkpoint_every", 1, lo=1, integer=True)
    cfg.max_steps = _number(sec, "training", "max_steps", None, lo=1, integer=True, optional=True)
    cfg.threads = _number(sec, "training", "threads", None, lo=1, hi=1024, integer=True, optional=True)
    return cfg


def apply_overrides(training: dict, overrides: dict | None) -> dict:
    """The training section with command-line style overrides (epochs, batch_size, lr, device, ...).

    ``lr`` sets ``optimizer.lr``; ``None`` values are ignored; anything else replaces the key.
    """
    out = copy.deepcopy(training or {})
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "lr":
            out["optimizer"] = {**out.get("optimizer", {}), "lr": value}
        else:
            out[key] = value
    return out

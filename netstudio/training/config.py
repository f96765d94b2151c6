"""The ``task``, ``data`` and ``training`` sections of a project (version 1) as checked dataclasses.

Every field has a default so that ``{}`` is a valid section, and ``null`` for a sub-section
(``"optimizer": null``) means its defaults too; a wrong value raises ``ProjectError`` naming the
section and field (``training.optimizer.lr must be > 0``). The defaults live here only
(``training_defaults``, ``optimizer_defaults``, ``schedule_defaults``, ``SPLIT_DEFAULTS``): the
training panel shows these same values. docs/training.md documents the JSON.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from netstudio.core.errors import ProjectError
from netstudio.core.project import describe_json

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


def _bounds(lo, hi, lo_open: bool, hi_open: bool) -> str:
    """" >= 0 and < 1" for a message."""
    parts = []
    if lo is not None:
        parts.append(f"{'>' if lo_open else '>='} {lo}")
    if hi is not None:
        parts.append(f"{'<' if hi_open else '<='} {hi}")
    return (" " + " and ".join(parts)) if parts else ""


def _shown(value) -> str:
    """A value as a message shows it: nan and inf as such, long texts cut."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 30:
        return "a number of more than 30 digits"
    return repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."


def _number(sec: dict, where: str, key: str, default, *, lo=None, hi=None, integer=False, optional=False,
            lo_open=False, hi_open=False):
    """``sec[key]`` checked to be a finite number in range; NaN passes every comparison, so it is refused first."""
    value = sec.get(key, default)
    name = f"{where}.{key}"
    if value is None and optional:
        return None
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if not ok or isinstance(value, bool):
        if integer and isinstance(value, float) and math.isfinite(value) and value.is_integer():
            _fail(name, f"must be a whole number, not {_shown(value)} (write it without the decimal point)")
        _fail(name, f"must be a {'whole number' if integer else 'number'}, not "
                    f"{_shown(value) if isinstance(value, (int, float, str)) else describe_json(value)}")
    if not math.isfinite(value):
        _fail(name, f"must be a finite number{_bounds(lo, hi, lo_open, hi_open)}, found {_shown(value)}")
    if lo is not None and (value <= lo if lo_open else value < lo):
        _fail(name, f"must be {'>' if lo_open else '>='} {lo}, not {_shown(value)}")
    if hi is not None and (value >= hi if hi_open else value > hi):
        _fail(name, f"must be {'<' if hi_open else '<='} {hi}, not {_shown(value)}")
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
        _fail(where, f"must be an object {{...}}, not {describe_json(value)}")
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
    memory_budget_mb: float | None = None   # images above this (as float32) stream from the cache; None: a
    #                                         fraction (DEFAULT_MEMORY_BUDGET_FRACTION) of the computer's RAM


DEFAULT_MEMORY_BUDGET_FRACTION = 0.25   # of the RAM: the most a dataset may take in memory before it streams


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
        merged = {key: split.get(key, SPLIT_DEFAULTS[key]) for key in ("val", "test")}
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
            if (not isinstance(v, list) or not v
                    or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                               for x in v)):
                _fail(f"data.normalize.{key}", f"must be a list of finite numbers, one per channel, not {_shown(v)}")
        if any(s <= 0 for s in norm["std"]):
            _fail("data.normalize.std", "values must be > 0")
    elif norm not in ("auto", "none", None):
        _fail("data.normalize", f"must be \"auto\", \"none\" or {{\"mean\": [...], \"std\": [...]}}, not {norm!r}")
    cfg.normalize = "none" if norm is None else norm
    aug = _section(sec.get("augment"), "data.augment")
    _unknown(aug, "data.augment", AUGMENTS)
    _check_augment(aug)
    cfg.augment = copy.deepcopy(aug)
    on_device = sec.get("on_device", True)
    if not isinstance(on_device, bool):
        _fail("data.on_device", f"must be true or false, not {on_device!r}")
    cfg.on_device = on_device
    cfg.memory_budget_mb = _number(sec, "data", "memory_budget_mb", None, lo=0, lo_open=True, hi=2**30,
                                   optional=True)
    return cfg


MAX_CROP_PADDING = 256      # pixels of padding around an image before a random crop
MAX_AFFINE_SCALE = 10.0


def _check_augment(aug: dict) -> None:
    """Every number of ``data.augment`` finite and in the range torchvision's transforms accept."""
    where = "data.augment"
    if "random_crop" in aug:
        v = aug["random_crop"]
        if isinstance(v, dict):
            _unknown(v, f"{where}.random_crop", ("padding",))
            _number(v, f"{where}.random_crop", "padding", 4, lo=0, hi=MAX_CROP_PADDING, integer=True)
        else:
            _number(aug, where, "random_crop", None, lo=0, hi=MAX_CROP_PADDING, integer=True)
    if "rotation" in aug:
        _number(aug, where, "rotation", None, lo=0, hi=180)
    if "affine_scale" in aug:
        s = aug["affine_scale"]
        if not isinstance(s, list) or len(s) != 2:
            _fail(f"{where}.affine_scale", f"must be [min, max] scale factors such as [0.9, 1.1], not {_shown(s)}")
        for i, key in enumerate(("min", "max")):
            _number({key: s[i]}, f"{where}.affine_scale", key, None, lo=0, lo_open=True, hi=MAX_AFFINE_SCALE)
        if s[0] > s[1]:
            _fail(f"{where}.affine_scale", f"must list the smaller factor first, not {_shown(s)}")
    if "horizontal_flip" in aug and not isinstance(aug["horizontal_flip"], bool):
        _number(aug, where, "horizontal_flip", None, lo=0, hi=1)
    if "color_jitter" in aug:
        j = _section(aug["color_jitter"], f"{where}.color_jitter")
        _unknown(j, f"{where}.color_jitter", ("brightness", "contrast", "saturation", "hue"))
        for key in ("brightness", "contrast", "saturation"):
            if key in j:
                _number(j, f"{where}.color_jitter", key, None, lo=0, hi=10)
        if "hue" in j:
            _number(j, f"{where}.color_jitter", "hue", None, lo=0, hi=0.5)


# The defaults of each optimizer's settings; lr is NetStudio's choice, the others are PyTorch's own
# (a test compares them with torch.optim's signatures).
OPTIMIZER_DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": 0.01, "momentum": 0.0, "dampening": 0.0, "nesterov": False},
    "adagrad": {"lr": 0.01, "lr_decay": 0.0, "eps": 1e-10},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "rmsprop": {"lr": 0.001, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False},
    "adam": {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "amsgrad": False},
    "adamw": {"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "amsgrad": False},
}
DEFAULT_OPTIMIZER = "adam"
SCHEDULE_DEFAULTS: dict[str, dict[str, Any]] = {
    "none": {}, "step": {"step_size": 1, "gamma": 0.1}, "cosine": {"min_lr": 0.0},
    "one_cycle": {"max_lr": None, "pct_start": 0.3}, "plateau": {"factor": 0.1, "patience": 2, "min_lr": 0.0},
}
SPLIT_DEFAULTS = {"val": 0.1, "test": 0.1}   # when data.split names only some fractions
EARLY_STOPPING_MONITORS = ("val_loss", "val_acc")
# training.early_stopping given as {} (or with only some keys): these fill the rest
EARLY_STOPPING_DEFAULTS: dict[str, Any] = {"patience": 3, "monitor": "val_loss", "min_delta": 0.0}


def optimizer_defaults(kind: str = DEFAULT_OPTIMIZER) -> dict[str, Any]:
    """Every setting of optimizer ``kind`` at its default, with ``type`` (a fresh dict)."""
    return {"type": kind, **copy.deepcopy(OPTIMIZER_DEFAULTS[kind])}


def task_defaults() -> dict[str, Any]:
    """The task section with every setting at its default (what ``{}`` means; ``loss`` None: the task's first)."""
    return asdict(TaskConfig())


def schedule_defaults(kind: str = "none") -> dict[str, Any]:
    """Every setting of LR schedule ``kind`` at its default, with ``type`` (a fresh dict)."""
    return {"type": kind, **copy.deepcopy(SCHEDULE_DEFAULTS[kind])}


@dataclass
class TrainingConfig:
    epochs: int = 5
    batch_size: int = 64
    optimizer: dict = field(default_factory=lambda: {"type": DEFAULT_OPTIMIZER,
                                                     "lr": OPTIMIZER_DEFAULTS[DEFAULT_OPTIMIZER]["lr"]})
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
    workers: int = 1                     # the window's Train: worker processes through torchrun (DDP); 1: in the window

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
# The range of each optional optimizer setting: (lo, hi, lo_open, hi_open), as torch.optim accepts them
# (momentum, rho and alpha above 1 make the update grow without bound, so they are refused here too).
_OPT_RANGES = {
    "momentum": (0, 1, False, False), "dampening": (0, 1, False, False), "rho": (0, 1, False, False),
    "alpha": (0, 1, False, False), "lr_decay": (0, None, False, False), "eps": (0, None, True, False),
}
# Each schedule setting: (lo, hi, lo_open, hi_open, whole number); the defaults are SCHEDULE_DEFAULTS.
_SCHED_RANGES = {
    "step_size": (1, None, False, False, True), "gamma": (0, None, False, False, False),
    "min_lr": (0, None, False, False, False), "max_lr": (0, 100, True, False, False),
    "pct_start": (0, 1, False, False, False), "factor": (0, 1, False, True, False),
    "patience": (0, None, False, False, True),
}
_SCHED_KEYS = {kind: set(values) for kind, values in SCHEDULE_DEFAULTS.items()}
MAX_SEED = 2 ** 32 - 1   # numpy and torch generators accept it, and seed * 100003 + epoch fits in 64 bits


def training_defaults() -> dict[str, Any]:
    """The training section with every setting at its default (what ``{}`` trains with)."""
    return TrainingConfig().to_dict()


def _parse_optimizer(raw: Any) -> dict:
    opt = dict(_section(raw, "training.optimizer"))
    kind = _choice(opt, "training.optimizer", "type", DEFAULT_OPTIMIZER, OPTIMIZERS)
    _unknown(opt, "training.optimizer", _OPT_KEYS[kind] | {"type"})
    opt["type"] = kind
    opt["lr"] = _number(opt, "training.optimizer", "lr", OPTIMIZER_DEFAULTS[kind]["lr"], lo=0, lo_open=True, hi=100)
    for key, (lo, hi, lo_open, hi_open) in _OPT_RANGES.items():
        if key in opt:
            _number(opt, "training.optimizer", key, None, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
    for key in ("nesterov", "amsgrad", "centered"):
        if key in opt and not isinstance(opt[key], bool):
            _fail(f"training.optimizer.{key}", f"must be true or false, not {_shown(opt[key])}")
    if opt.get("nesterov") and not opt.get("momentum"):
        _fail("training.optimizer.nesterov", "needs a momentum above 0 (for example 0.9)")
    if opt.get("nesterov") and opt.get("dampening"):
        _fail("training.optimizer.nesterov", "needs a dampening of 0 (remove dampening or set it to 0)")
    if "betas" in opt:
        b = opt["betas"]
        if not (isinstance(b, list) and len(b) == 2
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x < 1 for x in b)):
            _fail("training.optimizer.betas", f"must be two finite numbers in [0, 1), such as [0.9, 0.999], "
                                              f"not {_shown(b)}")
    return opt


def _parse_schedule(raw: Any) -> dict:
    sched = dict(_section(raw, "training.schedule"))
    stype = _choice(sched, "training.schedule", "type", "none", SCHEDULES)
    _unknown(sched, "training.schedule", _SCHED_KEYS[stype] | {"type"})
    sched["type"] = stype
    for key, default in SCHEDULE_DEFAULTS[stype].items():
        lo, hi, lo_open, hi_open, integer = _SCHED_RANGES[key]
        value = _number(sched, "training.schedule", key, default, lo=lo, hi=hi, lo_open=lo_open,
                        hi_open=hi_open, integer=integer, optional=default is None)
        # OneCycleLR refuses an int pct_start (0 or 1 as JSON writes them): hand torch floats
        sched[key] = value if integer or value is None else float(value)
    return sched


def parse_training(raw: Any) -> TrainingConfig:
    sec = _section(raw, "training")
    _unknown(sec, "training", TrainingConfig.__dataclass_fields__)
    cfg = TrainingConfig()   # its field values are the defaults
    cfg.epochs = _number(sec, "training", "epochs", cfg.epochs, lo=1, hi=100000, integer=True)
    cfg.batch_size = _number(sec, "training", "batch_size", cfg.batch_size, lo=1, hi=1 << 20, integer=True)
    cfg.optimizer = _parse_optimizer(sec.get("optimizer"))
    cfg.weight_decay = _number(sec, "training", "weight_decay", cfg.weight_decay, lo=0)
    cfg.l1 = _number(sec, "training", "l1", cfg.l1, lo=0)
    cfg.schedule = _parse_schedule(sec.get("schedule"))
    cfg.grad_clip = _number(sec, "training", "grad_clip", cfg.grad_clip, lo=0, lo_open=True, optional=True)
    cfg.seed = _number(sec, "training", "seed", cfg.seed, lo=0, hi=MAX_SEED, integer=True)
    device = sec.get("device", cfg.device)
    if not isinstance(device, str) or not re.match(r"^(auto|cpu|mps|cuda(:\d+)?)$", device.strip().lower()):
        _fail("training.device", f"must be auto, cpu, cuda, cuda:N or mps, not {_shown(device)}")
    cfg.device = device
    for key in ("mixed_precision",):
        value = sec.get(key, getattr(cfg, key))
        if not isinstance(value, bool):
            _fail(f"training.{key}", f"must be true or false, not {_shown(value)}")
        setattr(cfg, key, value)
    es = sec.get("early_stopping")
    if es is not None and es is not False:
        es = dict(_section(es, "training.early_stopping"))
        _unknown(es, "training.early_stopping", EARLY_STOPPING_DEFAULTS)
        d = EARLY_STOPPING_DEFAULTS
        es["patience"] = _number(es, "training.early_stopping", "patience", d["patience"], lo=1, integer=True)
        es["monitor"] = _choice(es, "training.early_stopping", "monitor", d["monitor"], EARLY_STOPPING_MONITORS)
        es["min_delta"] = _number(es, "training.early_stopping", "min_delta", d["min_delta"], lo=0)
        cfg.early_stopping = es
    cfg.snapshot_every = _number(sec, "training", "snapshot_every", cfg.snapshot_every, lo=0, optional=True)
    cfg.checkpoint_every = _number(sec, "training", "checkpoint_every", cfg.checkpoint_every, lo=1, integer=True)
    cfg.max_steps = _number(sec, "training", "max_steps", cfg.max_steps, lo=1, integer=True, optional=True)
    cfg.threads = _number(sec, "training", "threads", cfg.threads, lo=1, hi=1024, integer=True, optional=True)
    cfg.workers = _number(sec, "training", "workers", cfg.workers, lo=1, hi=256, integer=True)
    return cfg


def apply_overrides(training: dict, overrides: dict | None) -> dict:
    """The training section with command-line style overrides (epochs, batch_size, lr, device, ...).

    ``lr`` sets ``optimizer.lr``, and a one-cycle schedule's ``max_lr`` when the project gives one (the
    schedule, not ``optimizer.lr``, sets the learning rate of such a run, so ``--lr`` alone would change
    nothing); ``None`` values are ignored; anything else replaces the key.
    """
    out = copy.deepcopy(training or {})
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "lr":
            optimizer = out.get("optimizer")
            if optimizer is None:   # null: the default optimizer, with this lr
                optimizer = {}
            if isinstance(optimizer, dict):
                out["optimizer"] = {**optimizer, "lr": value}
            schedule = out.get("schedule")
            if isinstance(schedule, dict) and schedule.get("type") == "one_cycle" and schedule.get("max_lr"):
                out["schedule"] = {**schedule, "max_lr": value}
            # anything else stays as it is, for parse_training to name the fault
        else:
            out[key] = value
    return out

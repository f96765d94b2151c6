"""Learning-rate schedules (``training.schedule``): one scheduler per optimizer, stepped per batch or per epoch."""

from __future__ import annotations

import math
import warnings

import torch
from torch.optim import lr_scheduler

from .config import TrainingConfig


def make_scheduler(cfg: TrainingConfig, opt: torch.optim.Optimizer, steps_per_epoch: int):
    """The scheduler ``cfg.schedule`` names for ``opt``, or None for ``{"type": "none"}``."""
    s = cfg.schedule
    kind = s["type"]
    if kind == "step":
        return lr_scheduler.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    if kind == "cosine":
        return lr_scheduler.CosineAnnealingLR(opt, T_max=cfg.epochs, eta_min=s["min_lr"])
    if kind == "one_cycle":
        return lr_scheduler.OneCycleLR(opt, max_lr=s.get("max_lr") or cfg.lr, total_steps=cfg.epochs * steps_per_epoch,
                                       pct_start=s["pct_start"])
    if kind == "plateau":
        return lr_scheduler.ReduceLROnPlateau(opt, factor=s["factor"], patience=s["patience"], min_lr=s["min_lr"])
    return None


def current_lr(task) -> float:
    """The learning rate of the task's first optimizer, as events report it."""
    opt = next(iter(task.optimizers.values()))
    return float(opt.param_groups[0]["lr"])


class Schedules:
    """The schedulers of a task's optimizers, keyed like ``task.optimizers`` (values may be None).

    One-cycle schedules step after every batch; the others after every full epoch, plateau
    schedules with the validation loss.
    """

    def __init__(self, cfg: TrainingConfig, optimizers: dict[str, torch.optim.Optimizer], steps_per_epoch: int) -> None:
        self.schedulers = {name: make_scheduler(cfg, opt, steps_per_epoch) for name, opt in optimizers.items()}

    def after_batch(self) -> None:
        for sched in self.schedulers.values():
            # OneCycleLR raises when stepped past total_steps; its last step is the end of training
            if isinstance(sched, lr_scheduler.OneCycleLR) and sched.last_epoch < sched.total_steps - 1:
                sched.step()

    def after_epoch(self, monitored: float) -> None:
        """Step the per-epoch schedulers; ``monitored`` is what plateau schedules watch (validation loss)."""
        for sched in self.schedulers.values():
            if isinstance(sched, lr_scheduler.ReduceLROnPlateau):
                sched.step(monitored)
            elif sched is not None and not isinstance(sched, lr_scheduler.OneCycleLR):
                sched.step()

    def state_dict(self) -> dict[str, dict | None]:
        return {k: (s.state_dict() if s is not None else None) for k, s in self.schedulers.items()}

    def load_state_dict(self, states: dict[str, dict | None]) -> None:
        for name, state in states.items():
            if self.schedulers.get(name) is not None and state is not None:
                self.schedulers[name].load_state_dict(state)


def _peak(cfg: TrainingConfig) -> float:
    """The learning rate a schedule is planned around: one-cycle's max_lr (default: lr), else lr."""
    if cfg.schedule["type"] == "one_cycle":
        return float(cfg.schedule.get("max_lr") or cfg.lr)
    return cfg.lr


def adapt_resumed(schedules: Schedules, optimizers: dict[str, torch.optim.Optimizer], cfg: TrainingConfig,
                  saved: TrainingConfig | None, steps_per_epoch: int) -> list[str]:
    """After loading a checkpoint's optimizer and scheduler state: apply what the settings now ask for.

    A checkpoint restores the learning rate it was trained at, and its schedule's length. When the
    settings of the resumed run differ (``--lr``, an edited lr or max_lr, more epochs), the restored
    state is changed to match, and each change is returned as a sentence for the started event's notes,
    so that a resumed run is never silently different from what its settings say.

    ``saved`` is the checkpoint's own training section (None when it cannot be read: nothing to compare);
    the caller has refused a different schedule type.
    """
    notes: list[str] = []
    if saved is not None and saved.schedule["type"] == cfg.schedule["type"]:
        old, new = _peak(saved), _peak(cfg)
        if not math.isclose(old, new, rel_tol=1e-9):
            factor = new / old
            for name, opt in optimizers.items():
                for group in opt.param_groups:
                    for key in ("lr", "initial_lr", "max_lr", "min_lr"):
                        if key in group:
                            group[key] *= factor
                sched = schedules.schedulers.get(name)
                if sched is not None and hasattr(sched, "base_lrs"):
                    sched.base_lrs = [v * factor for v in sched.base_lrs]
                    if hasattr(sched, "_last_lr"):
                        sched._last_lr = [g["lr"] for g in opt.param_groups]
            what = "max_lr" if cfg.schedule["type"] == "one_cycle" and cfg.schedule.get("max_lr") else "lr"
            kind = cfg.schedule["type"]
            plan = "" if kind == "none" else f" and its {kind} schedule is scaled by {factor:.3g}"
            notes.append(f"the learning rate ({what}) is {new:g} where the checkpoint trained at {old:g}: the resumed "
                         f"run continues at {_first_lr(optimizers):.3g}{plan}")
    for name, sched in schedules.schedulers.items():
        opt = optimizers[name]
        if isinstance(sched, lr_scheduler.OneCycleLR):
            total = cfg.epochs * steps_per_epoch
            if total != sched.total_steps and total > sched.last_epoch:
                before = sched.total_steps
                sched.total_steps = total
                phases = sched._schedule_phases
                phases[0]["end_step"] = float(cfg.schedule["pct_start"] * total) - 1
                phases[-1]["end_step"] = total - 1
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    lrs = sched.get_lr()
                for group, lr in zip(opt.param_groups, lrs):
                    group["lr"] = lr
                sched._last_lr = list(lrs)
                done = "ended" if sched.last_epoch >= before - 1 else "was to end"
                notes.append(f"the one-cycle schedule is re-planned over {total} steps ({cfg.epochs} epochs); it "
                             f"{done} at step {before}: the learning rate continues at {lrs[0]:.3g} and anneals to "
                             f"the end of epoch {cfg.epochs}")
        elif isinstance(sched, lr_scheduler.CosineAnnealingLR) and sched.T_max != cfg.epochs \
                and cfg.epochs > sched.last_epoch:
            before = sched.T_max
            sched.T_max = cfg.epochs
            e = sched.last_epoch
            lrs = [sched.eta_min + (base - sched.eta_min) * (1 + math.cos(math.pi * e / cfg.epochs)) / 2
                   for base in sched.base_lrs]
            for group, lr in zip(opt.param_groups, lrs):
                group["lr"] = lr
            sched._last_lr = list(lrs)
            notes.append(f"the cosine schedule is re-planned over {cfg.epochs} epochs (it covered {before}): the "
                         f"learning rate continues at {lrs[0]:.3g} and reaches min_lr at the end of epoch {cfg.epochs}")
    return notes


def _first_lr(optimizers: dict[str, torch.optim.Optimizer]) -> float:
    return float(next(iter(optimizers.values())).param_groups[0]["lr"])

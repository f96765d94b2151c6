"""Learning-rate schedules (``training.schedule``): one scheduler per optimizer, stepped per batch or per epoch."""

from __future__ import annotations

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

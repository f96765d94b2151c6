"""When has training diverged, and which checkpoint can still be trusted.

The rule: an epoch's validation loss (the training loss where there is no validation split) must be
finite and at most ``SANE_FACTOR`` times the loss of the untrained model, measured on the same
samples before the first step. An epoch that breaks it ends the run with a ``failed`` event before its
checkpoint is written, so the newest checkpoint is always one whose loss passed; a learning rate far
too high (SGD at lr 100) is caught at its first epoch even when its weights are still finite.
"""

from __future__ import annotations

import math

from netstudio.core.errors import NetStudioError

from .datasets.base import Split

SANE_FACTOR = 100            # two orders of magnitude above the untrained model's loss is divergence
REFERENCE_SAMPLES = 1024     # without a validation split: the untrained loss of this many training samples


class Diverged(NetStudioError):
    """An epoch's loss became NaN, infinite, or over ``SANE_FACTOR`` times the untrained model's."""

    def __init__(self, epoch: int, step: int, what: str, value: float, reference: float | None, lr: float) -> None:
        self.epoch = epoch
        self.step = step
        if not math.isfinite(value):
            found = f"the {what} became NaN or infinite at epoch {epoch} (step {step})"
        else:
            found = (f"the {what} grew to {value:.3g} at epoch {epoch} (step {step}), more than {SANE_FACTOR} times "
                     f"the untrained model's {reference:.3g}")
        super().__init__(f"{found}: the training diverged; the learning rate ({lr:g}) is probably too high; lower "
                         f"it (for example to {lr / 10:g}) or turn on gradient clipping")


class DivergenceGuard:
    """Holds the untrained model's loss and judges each epoch's loss against it.

    ``reference`` travels in checkpoints (``reference_val_loss``) so that a resumed run judges by
    the same yardstick; it is None when unknown (then only finiteness is checked).
    """

    def __init__(self) -> None:
        self.reference: float | None = None

    def measure(self, task, data) -> None:
        """The untrained model's loss on the validation split (or the first training samples)."""
        split = data.val if len(data.val) else Split(data.train.x[:REFERENCE_SAMPLES], data.train.y[:REFERENCE_SAMPLES])
        try:
            loss = task.evaluate(split).get("loss")
        finally:
            task.set_train(True)
        self.reference = float(loss) if loss is not None and math.isfinite(loss) and loss > 0 else None

    @staticmethod
    def monitored(val: dict, train_loss: float) -> tuple[str, float]:
        """(name, value) of the loss an epoch is judged by."""
        if "loss" in val:
            return "validation loss", float(val["loss"])
        return "training loss", float(train_loss)

    def sane(self, value: float | None) -> bool:
        if value is None:
            return True   # a checkpoint written inside an epoch (a stop) has no validation loss yet
        if not math.isfinite(value):
            return False
        return self.reference is None or value <= SANE_FACTOR * self.reference

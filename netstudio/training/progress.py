"""Where a training run stands: the counters its parts share, which a checkpoint saves and a resume restores."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Progress:
    """The position of one run; only the training thread writes it, other threads may read it.

    Attributes
    ----------
    step : int
        Batches trained so far; a resumed run continues the count of the run it resumes.
    epoch : int
        The epoch being trained, counted from 0.
    batch_in_epoch : int
        Batches of ``epoch`` done; a checkpoint written inside an epoch resumes after them.
    start_epoch, start_batch : int
        Where this run begins: 0, 0 for a new run, the checkpoint's position after a resume.
    history : list of dict
        One record of metrics per finished epoch (``{"epoch": 1, "train_loss": ..., ...}``).
    """

    step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0
    start_epoch: int = 0
    start_batch: int = 0
    history: list[dict] = field(default_factory=list)

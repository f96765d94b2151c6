"""What every dataset loader returns, and the in-memory splits the engine slices batches from."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from netstudio.core.errors import ProjectError


class DatasetError(ProjectError):
    """A dataset is missing, corrupt or does not fit the task; the message says where and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="data")


@dataclass
class Context:
    """What a loader may need to know besides its options."""

    task_kind: str = "classify"            # classify, regress, autoencode, gan, next_char
    input_shape: tuple[int, ...] | None = None  # the model's first Input shape (without batch)
    base_dir: Path = field(default_factory=Path.cwd)  # relative paths are relative to the project file
    seed: int = 0

    def path(self, value: Any, option: str) -> Path:
        if not isinstance(value, str) or not value:
            raise DatasetError(f"data.options.{option} must be a file or folder path, not {value!r}")
        p = Path(os.path.expanduser(value))
        return p if p.is_absolute() else self.base_dir / p


@dataclass
class Raw:
    """A loader's result before splitting and normalising.

    ``x``: (N, C, H, W) uint8 images, (N, D) float features/points, (N, T) int64 tokens or
    (N, T, F) float sequences. ``y``: (N,) int64 labels, (N, ...) float targets or int64 tokens.
    ``test``: an official test split ``(x, y)`` when the dataset has one.
    """

    x: torch.Tensor
    y: torch.Tensor
    kind: str                                   # image, points, table, sequence, text
    class_names: list[str] | None = None
    test: tuple[torch.Tensor, torch.Tensor] | None = None
    mean: list[float] | None = None             # the dataset's usual normalisation ("auto")
    std: list[float] | None = None
    vocab: str | None = None                    # text: the character of each token id
    standardize: bool = False                   # "auto" normalisation computes mean/std on the train split
    default_split: dict | None = None           # used when the project gives no data.split
    ordered: bool = False                       # split contiguously (text windows overlap their neighbours)
    feature_names: list[str] | None = None      # table: the name of each feature column
    cache_file: str | None = None               # images: a uint8 .npy of x, then the test rows, to stream from


@dataclass
class Split:
    """One split held as tensors (on the training device when it fits)."""

    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def to(self, device) -> "Split":
        return Split(self.x.to(device), self.y.to(device))


@dataclass
class DataBundle:
    """The three splits plus what the tasks, snapshots and ``predict`` need to know about them."""

    name: str
    kind: str
    train: Split
    val: Split
    test: Split
    class_names: list[str] | None = None
    mean: list[float] | None = None     # normalisation applied to image/feature inputs (None: none)
    std: list[float] | None = None
    vocab: str | None = None
    notes: list[str] = field(default_factory=list)
    feature_names: list[str] | None = None
    mode: str = "memory"    # "memory": splits are tensors; "streaming": images are read from the cache per batch

    @property
    def num_classes(self) -> int | None:
        if self.vocab is not None and self.class_names is None:
            return len(self.vocab)
        return len(self.class_names) if self.class_names else None

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return tuple(self.train.x.shape[1:])

    def splits(self) -> dict[str, Split]:
        return {"train": self.train, "val": self.val, "test": self.test}

    def meta(self) -> dict[str, Any]:
        """JSON-able facts stored with checkpoints so that ``predict`` needs no dataset."""
        return {"dataset": self.name, "kind": self.kind, "class_names": self.class_names, "mean": self.mean,
                "std": self.std, "vocab": self.vocab, "sample_shape": list(self.sample_shape),
                "x_dtype": str(self.train.x.dtype).replace("torch.", "")}

    def denormalize(self, x: torch.Tensor) -> torch.Tensor:
        """Images back to [0, 1] for display."""
        if self.mean is None or self.std is None or x.dim() != 4:
            return x.clamp(0, 1)
        mean = torch.tensor(self.mean, device=x.device).view(1, -1, 1, 1)
        std = torch.tensor(self.std, device=x.device).view(1, -1, 1, 1)
        return (x * std + mean).clamp(0, 1)

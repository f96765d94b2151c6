"""Images larger than the memory budget: read per batch from the uint8 cache file instead of held as tensors.

``LazyImages`` stands where a split's ``x`` tensor would be: indexing it reads those rows from the
memory map and converts them exactly as the in-memory path converts the whole set (``/ 255``, then
``(x - mean) / std`` in float32, in place), so both give bit-identical batches. ``BatchSource`` is
where the training loop takes its batches from: slices of tensors in memory (the fast path), or a
DataLoader whose workers read the same shuffled index lists from the cache as uint8, pinned on CUDA.
"""

from __future__ import annotations

import os
from typing import Iterator

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Sampler

from ..config import DEFAULT_MEMORY_BUDGET_FRACTION, DataConfig
from ..memory import machine_memory

EPOCH_GATHER_LIMIT = 256 * 2**20    # bytes: smaller training sets are shuffled once per epoch, whole
STATS_CHUNK = 2048                   # rows read at a time when computing mean and std from the cache
BATCH_GROUP = 8                      # batches a DataLoader worker reads and sends at a time


def memory_budget_bytes(data: DataConfig) -> int:
    """The most bytes a dataset may take in memory: ``data.memory_budget_mb``, else a fraction of the RAM."""
    if data.memory_budget_mb is not None:
        return int(data.memory_budget_mb * 2**20)
    have = machine_memory("cpu")
    return int(have * DEFAULT_MEMORY_BUDGET_FRACTION) if have else 4 * 2**30


def stream_workers() -> int:
    """DataLoader workers: one core stays with the training step itself."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def uint8_channel_stats(images, rows: np.ndarray) -> tuple[list[float], list[float]]:
    """Per-channel mean and (unbiased) std in [0, 1] of uint8 (N, C, H, W) ``images`` over ``rows``.

    Computed exactly from per-channel histograms, a chunk of rows at a time, so that the same numbers
    come out whether the images are in memory or in a memory map larger than RAM.
    """
    array = images.numpy() if isinstance(images, torch.Tensor) else images
    channels = array.shape[1]
    hist = np.zeros((channels, 256), np.int64)
    rows = np.sort(np.asarray(rows, np.int64))    # in file order: the memory map is read front to back
    for lo in range(0, len(rows), STATS_CHUNK):
        block = np.asarray(array[rows[lo:lo + STATS_CHUNK]])
        for c in range(channels):
            hist[c] += np.bincount(block[:, c].ravel(), minlength=256)
    values = np.arange(256, dtype=np.int64)
    count = int(hist[0].sum())
    total = hist @ values
    squares = hist @ (values * values)
    mean = total / count
    var = (squares - total * mean) / max(count - 1, 1)
    std = np.sqrt(np.maximum(var, 0.0)) / 255.0
    return [round(float(v), 6) for v in mean / 255.0], [round(float(max(v, 1e-6)), 6) for v in std]


class LazyImages:
    """(N, C, H, W) float32 images read on demand from rows of a uint8 ``.npy`` memory map.

    Supports what the tasks do with a split's ``x``: ``len``, ``shape``, ``dtype``, ``device``,
    ``nbytes`` (as float32 in memory), and indexing by an int, a slice or an index tensor, which
    returns an ordinary tensor. Pickles as its file name (for spawned DataLoader workers).
    """

    dtype = torch.float32
    ndim = 4

    def __init__(self, path: str, rows: np.ndarray, mean: list[float] | None, std: list[float] | None,
                 device: torch.device | str = "cpu") -> None:
        self.device = torch.device(device)    # where indexing puts the images (evaluation batches)
        self.path = str(path)
        self.rows = np.asarray(rows, np.int64)
        self.mean, self.std = mean, std
        self._array: np.ndarray | None = None
        self.sample_shape = tuple(self.array.shape[1:])

    @property
    def array(self) -> np.ndarray:
        if self._array is None:
            self._array = np.load(self.path, mmap_mode="r", allow_pickle=False)
        return self._array

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_array": None}

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def shape(self) -> torch.Size:
        return torch.Size((len(self.rows), *self.sample_shape))

    @property
    def nbytes(self) -> int:
        return len(self.rows) * int(np.prod(self.sample_shape)) * 4

    def dim(self) -> int:
        return 4

    def is_floating_point(self) -> bool:
        return True

    def pixels(self, key) -> torch.Tensor:
        """The raw uint8 rows picked by ``key`` (an index tensor, array or slice), as (n, C, H, W)."""
        if isinstance(key, torch.Tensor):
            key = key.cpu().numpy()
        block = self.array[np.atleast_1d(self.rows[key])]   # fancy indexing copies: a writable array
        return torch.from_numpy(block)

    def convert(self, pixels: torch.Tensor) -> torch.Tensor:
        """uint8 pixels to what the in-memory path holds: ``/ 255`` (its _to_float_images), then its
        _normalize_images_; the same float32 operations, so the same bits, on any device."""
        x = pixels.float().div_(255.0)
        if self.mean is not None:
            m = torch.tensor(self.mean, dtype=x.dtype, device=x.device).view(1, -1, 1, 1)
            s = torch.tensor(self.std, dtype=x.dtype, device=x.device).view(1, -1, 1, 1)
            x.sub_(m).div_(s)
        return x

    def __getitem__(self, key) -> torch.Tensor:
        if isinstance(key, (int, np.integer)):
            return self[[int(key)]][0]
        return self.convert(self.pixels(key).to(self.device, non_blocking=True))

    def to(self, device) -> "LazyImages":
        """The same rows, indexed onto ``device`` (nothing is copied now: the images stay in the file)."""
        return LazyImages(self.path, self.rows, self.mean, self.std, device)

    def cpu(self) -> "LazyImages":
        return self.to("cpu")


class _Batches(Dataset):
    """A dataset whose items are groups of whole batches: one memory-map read per group, in a worker.

    Workers send uint8 pixels (a quarter of float32's bytes) for ``BATCH_GROUP`` batches at a time:
    each item crossing between processes costs about a millisecond whatever its size.
    """

    def __init__(self, x: LazyImages, y) -> None:
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, group: list[torch.Tensor]):
        idx = torch.cat(group)
        labels = None if self.y is self.x else self.y[idx]
        return self.x.pixels(idx), labels, [len(g) for g in group]


class _EpochOrder(Sampler):
    """This epoch's batches' index lists, in groups; the loop sets them before each epoch (workers persist)."""

    def __init__(self) -> None:
        self.groups: list[list[torch.Tensor]] = []

    def __iter__(self):
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)


def _as_is(batch):
    return batch


class BatchSource:
    """The training split's batches for one epoch order: tensor slices in memory, or a DataLoader when streaming.

    Both give the same batches for the same ``perm``: the rows ``perm[lo:hi]`` of each batch, in order.
    """

    def __init__(self, split, device: torch.device, workers: int | None = None) -> None:
        self.split = split
        self.streaming = isinstance(split.x, LazyImages)
        self.gather_all = not self.streaming and split.x.nbytes + split.y.nbytes <= EPOCH_GATHER_LIMIT
        self.device = torch.device(device)
        self.workers = stream_workers() if workers is None else workers
        self._order: _EpochOrder | None = None
        self._loader: DataLoader | None = None

    def epoch(self, perm: torch.Tensor, batch_size: int, first: int, steps: int) -> Iterator[tuple]:
        """(x, y) of batches ``first`` .. ``steps - 1`` of the epoch whose sample order is ``perm``."""
        x, y = self.split.x, self.split.y
        n = len(perm)
        bounds = [(b * batch_size, min((b + 1) * batch_size, n)) for b in range(first, steps)]
        if self.streaming:
            yield from self._stream([perm[lo:hi] for lo, hi in bounds])
            return
        perm = perm.to(x.device)
        if self.gather_all:
            xs, ys = x[perm], y[perm]
            for lo, hi in bounds:
                yield xs[lo:hi], ys[lo:hi]
        else:
            for lo, hi in bounds:
                idx = perm[lo:hi]
                yield x[idx], y[idx]

    def _stream(self, batches: list[torch.Tensor]) -> Iterator[tuple]:
        x = self.split.x
        if self._loader is None:
            self._order = _EpochOrder()
            w = self.workers
            y = self.split.y if self.split.y is x else self.split.y.cpu()   # workers never touch CUDA
            self._loader = DataLoader(_Batches(x, y), sampler=self._order, batch_size=None,
                                      collate_fn=_as_is, num_workers=w, persistent_workers=w > 0,
                                      prefetch_factor=2 if w > 0 else None,
                                      pin_memory=self.device.type == "cuda",
                                      # its own generator: each epoch's worker seed must not be drawn from the
                                      # global RNG, or augmentation and dropout would differ from in-memory runs
                                      generator=torch.Generator().manual_seed(0))
        self._order.groups = [batches[i:i + BATCH_GROUP] for i in range(0, len(batches), BATCH_GROUP)]
        for pixels, labels, sizes in self._loader:
            # uint8 crosses to the device (pinned on CUDA); it becomes float32 there
            pixels = pixels.to(self.device, non_blocking=True)
            if labels is not None:
                labels = labels.to(self.device, non_blocking=True)
            lo = 0
            for size in sizes:
                xb = x.convert(pixels[lo:lo + size])
                yb = xb.clone() if labels is None else labels[lo:lo + size]   # autoencoders: their own target
                lo += size
                yield xb, yb

    def close(self) -> None:
        """Stop the DataLoader's worker processes (they persist between epochs)."""
        loader, self._loader = self._loader, None
        iterator = getattr(loader, "_iterator", None) if loader is not None else None
        if iterator is not None and hasattr(iterator, "_shutdown_workers"):
            iterator._shutdown_workers()

"""Datasets by id: load, split into train/val/test, normalise and hold as tensors.

A dataset that fits the memory budget (``data.memory_budget_mb``) is held as tensors, and the engine
slices batches out of them with a random permutation instead of a per-sample DataLoader (this is
where it beats a hand-written loop). Images above the budget stay in their uint8 cache file
(``image_cache``) and are read per batch (``streaming``), with the same numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from ..config import DataConfig, TaskConfig, parse_data, parse_task
from . import builtin, csv_table, image_folder, mnist10k, points, shapes, sine, text
from .base import Context, DataBundle, DatasetError, Raw, Split
from .streaming import LazyImages, memory_budget_bytes, stream_workers, uint8_channel_stats

LOADERS: dict[str, Callable[[dict, Context], Raw]] = {
    "mnist": builtin.mnist,
    "fashion_mnist": builtin.fashion_mnist,
    "cifar10": builtin.cifar10,
    "mnist10k": mnist10k.load,
    "image_folder": image_folder.load,
    "csv": csv_table.load,
    "spirals": points.spirals,
    "moons": points.moons,
    "circles": points.circles,
    "blobs": points.blobs,
    "shapes": shapes.load,
    "sine": sine.load,
    "text": text.load,
    "text_order": text.load_order,
    "verse_or_prose": text.load_style,
}
SPLIT_SEED = 0  # the split never depends on the training seed, so test scores stay comparable


def dataset_ids() -> list[str]:
    return list(LOADERS)


def input_shape_of(project, graph_name: str) -> tuple[int, ...] | None:
    """The shape (without batch) of the first Input node of a graph, or None."""
    from netstudio.layers import require_spec

    graph = project.graph(graph_name)
    for node in graph:
        if node.type == "Input":
            return tuple(require_spec("Input").resolved(node.params)["shape"])
    return None


def _split_indices(n: int, raw: Raw, split: dict | None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    gen = torch.Generator().manual_seed(SPLIT_SEED)
    frac = split or raw.default_split or {"train": 0.8, "val": 0.1, "test": 0.1}
    order = torch.arange(n) if raw.ordered else torch.randperm(n, generator=gen)
    n_val = int(round(n * frac.get("val", 0.1)))
    if raw.test is not None:  # an official test set: val comes out of the training pool
        return order[n_val:], order[:n_val], None
    n_test = int(round(n * frac.get("test", 0.1)))
    n_train = n - n_val - n_test
    if n_train < 1:
        raise DatasetError(f"the dataset has {n} samples, too few for the split {frac}")
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]


def _to_float_images(x: torch.Tensor) -> torch.Tensor:
    return x.float().div_(255.0) if x.dtype == torch.uint8 else x.float()


def load_dataset(data: DataConfig, task: TaskConfig, *, input_shape: tuple[int, ...] | None = None,
                 base_dir: Path | str | None = None, device: torch.device | str = "cpu") -> DataBundle:
    """Load ``data.dataset`` and return its normalised splits as tensors on ``device`` (where they fit).

    Raises
    ------
    DatasetError
        for an unknown id, bad options, missing or corrupt files; the message says what to do.
    """
    loader = LOADERS.get(data.dataset)
    if loader is None:
        raise DatasetError(f"data.dataset '{data.dataset}' is not a dataset NetStudio knows "
                           f"(known: {', '.join(LOADERS)})")
    ctx = Context(task.kind, input_shape, Path(base_dir) if base_dir else Path.cwd())
    raw = loader(data.options, ctx)
    if task.kind == "next_char" and raw.kind != "text":
        raise DatasetError(f"next-character prediction needs the text dataset, not {data.dataset}")
    if raw.kind == "text" and task.kind == "next_char" and raw.class_names:
        raise DatasetError(f"{data.dataset} labels whole sequences: use task.mode \"classify\", not next_char")

    tr, va, te = _split_indices(len(raw.x), raw, data.split)
    budget = memory_budget_bytes(data)
    need = _float_bytes(raw)
    if raw.kind == "image" and raw.cache_file and raw.x.dtype == torch.uint8 and need > budget:
        return _streamed(data, task, raw, (tr, va, te), need, budget, torch.device(device))
    x, y = raw.x, raw.y
    train, val = Split(x[tr], y[tr]), Split(x[va], y[va])
    test = Split(*raw.test) if te is None else Split(x[te], y[te])
    if len(train) == 0:
        raise DatasetError(f"{data.dataset}: the training split is empty")

    mean = std = None
    notes: list[str] = []
    if raw.kind == "image":
        stats = (lambda: uint8_channel_stats(x, tr.numpy())) if x.dtype == torch.uint8 else None
        mean, std = _image_norm(data.normalize, raw, task, train.x, stats)
        train, val, test = (Split(_to_float_images(s.x), s.y) for s in (train, val, test))
        if task.kind == "autoencode":
            train, val, test = (Split(s.x, s.x) for s in (train, val, test))
    elif raw.kind == "table" and data.normalize != "none":
        mean, std = _norm_values(data.normalize, train.x, dims=(0,))
    elif isinstance(data.normalize, dict) and raw.kind in ("points", "sequence"):
        mean, std = data.normalize["mean"], data.normalize["std"]
    if mean is not None and raw.kind == "image" and x.dtype == torch.uint8:
        # the float copies are this function's own: normalise in place (no second 4-byte copy of every pixel)
        train, val, test = (Split(_normalize_images_(s.x, mean, std), s.y) for s in (train, val, test))
    elif mean is not None:
        train, val, test = (Split(_apply_norm(s.x, mean, std, raw.kind), s.y) for s in (train, val, test))
        if task.kind == "autoencode":
            train, val, test = (Split(s.x, s.x) for s in (train, val, test))
    if raw.kind == "image" and raw.cache_file:
        notes.append(f"data in memory: {need / 2**20:,.1f} MiB as float32, within the memory budget of "
                     f"{budget / 2**20:,.1f} MiB (data.memory_budget_mb)")

    device = torch.device(device)
    if data.on_device and device.type != "cpu":
        total = sum(s.x.nbytes + s.y.nbytes for s in (train, val, test))
        free = torch.cuda.mem_get_info(device)[0] if device.type == "cuda" else total * 4
        if total < free // 4:
            train, val, test = train.to(device), val.to(device), test.to(device)
        else:
            notes.append(f"the dataset ({total / 2**20:.0f} MiB) stays in CPU memory; batches are copied to "
                         f"{device}")
    return DataBundle(data.dataset, raw.kind, train, val, test, raw.class_names, mean, std, raw.vocab, notes,
                      raw.feature_names)


def _float_bytes(raw: Raw) -> int:
    """Bytes all of a dataset's inputs take as float32 tensors (the in-memory form of images)."""
    count = len(raw.x) + (len(raw.test[0]) if raw.test is not None else 0)
    return count * int(np.prod(tuple(raw.x.shape[1:]), dtype=np.int64)) * 4


def _streamed(data: DataConfig, task: TaskConfig, raw: Raw, parts, need: int, budget: int,
              device: torch.device) -> DataBundle:
    """Splits whose images are read per batch from ``raw.cache_file`` (see ``streaming``).

    Indexing a split gives images on ``device``, as an in-memory split there would; the labels (small)
    are held there too.
    """
    tr, va, te = parts
    if len(tr) == 0:
        raise DatasetError(f"{data.dataset}: the training split is empty")
    stats = lambda: uint8_channel_stats(raw.x, tr.numpy())   # noqa: E731 - computed only when "auto" needs it
    mean, std = _image_norm(data.normalize, raw, task, raw.x[:1], stats)
    n = len(raw.x)
    rows = {"train": tr.numpy(), "val": va.numpy(),
            "test": te.numpy() if te is not None else np.arange(n, n + len(raw.test[0]))}
    ys = {"train": raw.y[tr], "val": raw.y[va], "test": raw.y[te] if te is not None else raw.test[1]}
    splits = {}
    for name, r in rows.items():
        x = LazyImages(raw.cache_file, r, mean, std, device)
        splits[name] = Split(x, x if task.kind == "autoencode" else ys[name].to(device))
    note = (f"data streamed from the cache file {raw.cache_file}: {need / 2**20:,.1f} MiB as float32 is more than "
            f"the memory budget of {budget / 2**20:,.1f} MiB (data.memory_budget_mb); a DataLoader with "
            f"{stream_workers()} worker process(es) reads the batches")
    return DataBundle(data.dataset, raw.kind, splits["train"], splits["val"], splits["test"], raw.class_names,
                      mean, std, raw.vocab, [note], raw.feature_names, mode="streaming")


def _image_norm(setting: Any, raw: Raw, task: TaskConfig, train_x: torch.Tensor, stats=None):
    """The images' (mean, std) or (None, None); ``stats()`` gives "auto" values from uint8 pixels exactly."""
    channels = train_x.shape[1]
    if isinstance(setting, dict):
        mean, std = setting["mean"], setting["std"]
        if len(mean) != channels or len(std) != channels:
            raise DatasetError(f"data.normalize has {len(mean)} mean and {len(std)} std values but the images have "
                               f"{channels} channel(s)")
        return list(mean), list(std)
    if setting == "none" or task.kind == "autoencode":
        return None, None       # [0, 1], which a Sigmoid output and a BCE loss expect
    if task.kind == "gan":
        return [0.5] * channels, [0.5] * channels   # [-1, 1], which a Tanh generator produces
    if raw.mean is not None:
        return raw.mean, raw.std
    if stats is not None:
        return stats()
    return _norm_values("auto", _to_float_images(train_x), dims=(0, 2, 3))


def _norm_values(setting: Any, x: torch.Tensor, dims: tuple[int, ...]):
    if isinstance(setting, dict):
        if len(setting["mean"]) != x.shape[1]:
            raise DatasetError(f"data.normalize has {len(setting['mean'])} mean values but the data has "
                               f"{x.shape[1]} features")
        return setting["mean"], setting["std"]
    mean = x.float().mean(dim=dims)
    std = x.float().std(dim=dims).clamp_min(1e-6)
    return [round(float(v), 6) for v in mean], [round(float(v), 6) for v in std]


def _normalize_images_(x: torch.Tensor, mean, std) -> torch.Tensor:
    """(x - mean) / std per channel, in place; ``streaming.LazyImages`` does exactly the same per batch."""
    m = torch.tensor(mean, dtype=x.dtype).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=x.dtype).view(1, -1, 1, 1)
    return x.sub_(m).div_(s)


def _apply_norm(x: torch.Tensor, mean, std, kind: str) -> torch.Tensor:
    shape = (1, -1, 1, 1) if kind == "image" else (1, -1)
    m = torch.tensor(mean, dtype=x.dtype).view(shape)
    s = torch.tensor(std, dtype=x.dtype).view(shape)
    return (x - m) / s


def load_for_project(project, *, device="cpu", base_dir=None) -> tuple[DataBundle, TaskConfig, DataConfig]:
    """Parse the project's task and data sections and load its dataset."""
    task = parse_task(project.task)
    data = parse_data(project.data)
    graph = task.discriminator if task.type == "gan" else task.graph
    if base_dir is None and getattr(project, "path", None):
        base_dir = Path(project.path).resolve().parent
    bundle = load_dataset(data, task, input_shape=input_shape_of(project, graph), base_dir=base_dir, device=device)
    return bundle, task, data


def preview_samples(project, count: int = 16) -> dict[str, Any]:
    """A few training samples of a project's dataset, for the GUI's data preview.

    Returns
    -------
    dict
        ``kind`` (image, points, table, sequence, text); ``x``: images as (N, C, H, W) float32 in
        [0, 1], points as (M, 2) float32 (up to 2,000 of them), sequences as (N, T, F); ``text``:
        list of strings for text datasets; ``labels``: list of label names (or values);
        ``class_names``; ``counts``: samples per class over all splits (classifiers); ``target_range``:
        (min, max) of the targets (regression); ``size``: samples in all; ``columns``: a table's feature
        names (its ``x`` rows are shown in the file's units, not normalised).
    """
    bundle, task, _ = load_for_project(project)
    split = bundle.train
    n = len(split) if bundle.kind == "points" else min(count, len(split))
    if bundle.kind == "points":
        n = min(n, 2000)
    x = split.x[:n]
    y = split.y[:n]
    out: dict[str, Any] = {"kind": bundle.kind, "class_names": bundle.class_names}
    if bundle.kind == "image":
        out["x"] = bundle.denormalize(x).cpu().numpy().astype(np.float32)
    elif bundle.kind == "text":
        out["text"] = [text.decode(row) for row in x.cpu()]
        out["x"] = x.cpu().numpy()
    elif bundle.kind == "table" and bundle.mean is not None:
        mean = torch.tensor(bundle.mean, dtype=x.dtype, device=x.device)
        std = torch.tensor(bundle.std, dtype=x.dtype, device=x.device)
        out["x"] = (x * std + mean).cpu().numpy().astype(np.float32)
    else:
        out["x"] = x.cpu().numpy().astype(np.float32)
    out.update(_summary(bundle))
    if bundle.feature_names:
        out["columns"] = list(bundle.feature_names)
    if bundle.class_names and y.dim() == 1:
        out["labels"] = [bundle.class_names[int(v)] for v in y.cpu()]
    elif bundle.kind == "text" and y.dim() == 2:
        out["labels"] = [text.decode(row[-1:]) for row in y.cpu()]
    else:
        out["labels"] = [v.tolist() for v in y.cpu()]
    return out


def _summary(bundle: DataBundle) -> dict[str, Any]:
    """How many samples there are, and per class (classifiers) or the targets' range (regression)."""
    ys = [s.y.cpu() for s in bundle.splits().values() if len(s)]
    out: dict[str, Any] = {"size": sum(len(s) for s in bundle.splits().values())}
    if not ys:
        return out
    y = torch.cat(ys)
    if bundle.class_names and y.dim() == 1 and not y.is_floating_point():
        counts = torch.bincount(y, minlength=len(bundle.class_names)).tolist()
        out["counts"] = dict(zip(bundle.class_names, counts))
    elif y.is_floating_point() and bundle.kind != "image":
        out["target_range"] = (float(y.min()), float(y.max()))
    return out


__all__ = ["DataBundle", "DatasetError", "Split", "LazyImages", "dataset_ids", "load_dataset", "load_for_project",
           "preview_samples", "input_shape_of", "LOADERS"]

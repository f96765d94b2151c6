"""The settings a standalone training script needs, resolved here where the defaults live (config.py).

``netstudio.export.train_script`` sits below the training package and cannot read the defaults
itself: the CLI (or the GUI) resolves them with ``train_script_settings`` and hands them down.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .config import parse_data, parse_task, parse_training


def train_script_settings(project) -> dict:
    """The task, data and training sections with every default filled in, paths made absolute, plus
    the dataset's usual normalisation (``norm``: mean/std, or None to compute it on the training split)."""
    from .datasets import builtin, mnist10k

    task, data, training = parse_task(project.task), parse_data(project.data), parse_training(project.training)
    base = Path(project.path).resolve().parent if project.path else Path.cwd()
    options = dict(data.options)
    for key in ("folder", "path", "root"):
        if isinstance(options.get(key), str):
            options[key] = str((base / Path(options[key]).expanduser()).resolve())
    if data.dataset == "mnist10k":
        options.setdefault("folder", str(mnist10k.DATA_DIR))
    if data.dataset in ("mnist", "fashion_mnist", "cifar10"):
        options.setdefault("root", str(builtin.cache_root()))
    norm = {"mnist10k": (mnist10k.MNIST_MEAN, mnist10k.MNIST_STD)}.get(data.dataset)
    if data.dataset in ("mnist", "fashion_mnist", "cifar10"):
        norm = {"mnist": ([0.1307], [0.3081]), "fashion_mnist": ([0.2860], [0.3530]),
                "cifar10": ([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616])}[data.dataset]
    default_split = {"mnist": {"val": 1 / 12}, "fashion_mnist": {"val": 1 / 12}, "cifar10": {"val": 0.1}}.get(
        data.dataset, {"train": 0.8, "val": 0.1, "test": 0.1})
    return {"task": asdict(task), "data": {**asdict(data), "options": options, "split": data.split or default_split},
            "training": training.to_dict(), "norm": {"mean": list(norm[0]), "std": list(norm[1])} if norm else None}


__all__ = ["train_script_settings"]

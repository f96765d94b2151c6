"""Using a trained checkpoint: test-split metrics and predictions for image files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from netstudio.compiler import build_module
from netstudio.core.errors import ProjectError

from . import runs
from .config import parse_data, parse_task, parse_training
from .datasets import input_shape_of, load_dataset
from .devices import resolve_device
from .tasks import make_task


def _load_modules(task, checkpoint) -> dict:
    weights, _, meta = runs.load_checkpoint(checkpoint)
    runs.load_module_weights(task.modules, weights, checkpoint)
    return meta


def evaluate_checkpoint(project, checkpoint, split: str = "test", device: str | None = None) -> dict[str, Any]:
    """Metrics of a checkpoint on one split of the project's dataset (JSON-able values)."""
    task_cfg, data_cfg = parse_task(project.task), parse_data(project.data)
    training = parse_training({**project.training, **({"device": device} if device else {})})
    dev = resolve_device(training.device)
    graph = task_cfg.discriminator if task_cfg.type == "gan" else task_cfg.graph
    base = Path(project.path).resolve().parent if project.path else None
    data = load_dataset(data_cfg, task_cfg, input_shape=input_shape_of(project, graph), base_dir=base, device=dev)
    if split not in data.splits():
        raise ProjectError(f"there is no split called {split!r}: use train, val or test")
    if not len(data.splits()[split]):
        raise ProjectError(f"the {split} split of the {data.name} dataset holds no samples (see data.split in the "
                           f"project): evaluate another split or give {split} a fraction")
    task = make_task(project, task_cfg, training, data, dev)
    task.prepare()
    _load_modules(task, checkpoint)
    result = task.evaluate(data.splits()[split], full=True)
    result.pop("wrong", None)
    if "confusion" in result:
        result["confusion"] = result["confusion"].tolist()
    if "text" in result:
        result["sample_text"] = result.pop("text")
    result["samples"] = len(data.splits()[split])
    return result


def predict_images(project, checkpoint, paths: list[str], top: int = 3, device: str | None = None
                   ) -> list[dict[str, Any]]:
    """Class predictions for image files: ``[{"file", "label", "confidence", "top": [(label, p), ...]}]``.

    The normalisation and class names come from the checkpoint, so the dataset need not be present.
    """
    from .datasets.image_folder import load_image

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ProjectError(f"top must be a whole number >= 1 (how many classes to list), not {top!r}")
    task_cfg = parse_task(project.task)
    if task_cfg.kind != "classify":
        raise ProjectError(f"predict classifies image files; this project's task is {task_cfg.type}")
    weights, _, meta = runs.load_checkpoint(checkpoint)
    data_meta = meta.get("data", {})
    shape = data_meta.get("sample_shape") or list(input_shape_of(project, task_cfg.graph) or [])
    if len(shape) != 3:
        raise ProjectError(f"predict needs an image model (Input [channels, height, width]); this one takes {shape}")
    dev = resolve_device(device or "cpu")
    model = build_module(project.graph(task_cfg.graph))
    runs.load_module_weights({task_cfg.graph: model}, {task_cfg.graph: next(iter(weights.values()))}, checkpoint)
    model.to(dev).eval()
    names = data_meta.get("class_names")
    mean, std = data_meta.get("mean"), data_meta.get("std")
    if mean is not None and len(mean) != shape[0]:
        raise ProjectError(f"checkpoint description {runs.checkpoint_stem(checkpoint)}.json does not fit the model: "
                           f"its data.mean has {len(mean)} values but the model's images have {shape[0]} channel(s)")
    images = []
    for p in paths:
        if not Path(p).exists():
            raise ProjectError(f"{p}: no such image file")
        if not Path(p).is_file():   # a folder, or a pipe or device that would block or never end
            raise ProjectError(f"{p}: not an image file")
        images.append(load_image(p, shape[0], (shape[1], shape[2])))
    x = torch.from_numpy(np.stack(images)).float().div_(255)
    if mean is not None:
        x = (x - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
    with torch.no_grad():
        out = model(x.to(dev)).float()
    if out.dim() == 1 or out.shape[-1] == 1:
        p1 = torch.sigmoid(out.reshape(-1))
        probs = torch.stack([1 - p1, p1], 1)
    else:
        probs = out.softmax(1)
    results = []
    for path, row in zip(paths, probs.cpu()):
        k = min(top, len(row))
        values, idx = row.topk(k)
        labels = [names[i] if names and i < len(names) else str(i) for i in idx.tolist()]
        results.append({"file": str(path), "label": labels[0], "confidence": float(values[0]),
                        "top": [(lbl, float(v)) for lbl, v in zip(labels, values.tolist())]})
    return results

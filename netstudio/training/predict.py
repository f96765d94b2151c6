"""Using a trained checkpoint: test-split metrics and predictions for image files."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from netstudio.compiler import build_module
from netstudio.core.errors import NetStudioError, ProjectError

from . import runs
from .config import parse_task
from .datasets import input_shape_of
from .devices import resolve_device
from .try_it_modes import try_it_mode


def evaluate_checkpoint(project, checkpoint, split: str = "test", device: str | None = None) -> dict[str, Any]:
    """Metrics of a checkpoint on one split of the project's dataset (JSON-able values)."""
    from .evaluation import checkpoint_task

    task, _task_cfg, _data, part, _meta = checkpoint_task(project, checkpoint, split, device)
    result = task.evaluate(part, full=True)
    result.pop("wrong", None)
    if "confusion" in result:
        result["confusion"] = result["confusion"].tolist()
    if "text" in result:
        result["sample_text"] = result.pop("text")
    result["samples"] = len(part)
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


# ----- choosing a checkpoint (export, the Runs view) -----
@dataclass
class CheckpointChoice:
    """A checkpoint picked for export: its weights file, why it was picked, and what it scored."""

    path: Path                      # the weights file (<stem>.safetensors)
    which: str                      # "best" (lowest validation loss), "last" or "given"
    epoch: int | None = None
    step: int | None = None
    val_loss: float | None = None


def _describe(weights_path: Path, which: str) -> CheckpointChoice:
    meta = _meta_of(weights_path)
    return CheckpointChoice(weights_path, which, meta.get("epoch"), meta.get("step"), _val_loss(meta))


def _meta_of(weights_path: Path) -> dict:
    from netstudio.core.fileio import read_file_bytes

    try:
        meta = json.loads(read_file_bytes(weights_path.with_suffix(".json"), runs.MAX_META_BYTES, "checkpoint"))
    except (OSError, ValueError, RecursionError, NetStudioError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _val_loss(meta: dict) -> float | None:
    value = meta.get("val_loss")
    if meta.get("loss_kind", "validation loss") != "validation loss" or isinstance(value, bool):
        return None
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def _checkpoint_dir(run_dir: Path) -> Path:
    return run_dir / "checkpoints" if (run_dir / "checkpoints").is_dir() else run_dir


def best_checkpoint(run_dir: str | Path) -> CheckpointChoice | None:
    """The run's checkpoint with the lowest validation loss; its last one when none was validated; None if none."""
    folder = _checkpoint_dir(Path(run_dir))
    best = None
    for meta_path in sorted(folder.glob("*.json")):
        weights = meta_path.with_suffix(".safetensors")
        if meta_path.name == "last.json" or not weights.is_file():
            continue
        meta = _meta_of(weights)
        loss = _val_loss(meta)
        if loss is not None and (best is None or loss <= best[0]):   # ties: the later checkpoint
            best = (loss, CheckpointChoice(weights, "best", meta.get("epoch"), meta.get("step"), loss))
    if best is not None:
        return best[1]
    last = runs.last_complete_checkpoint(folder)
    if isinstance(last, str) and (folder / last).is_file():
        return _describe(folder / last, "last")
    return None


def resolve_checkpoint(source: str | Path) -> CheckpointChoice:
    """A run folder -> its best (else last) checkpoint; a checkpoint file (.safetensors, .json, stem) -> itself.

    Raises
    ------
    ProjectError
        one sentence naming the path when it is neither.
    """
    p = Path(source)
    if p.is_dir():
        choice = best_checkpoint(p)
        if choice is None:
            raise ProjectError(f"{p} holds no checkpoint (train first, or give a checkpoint file)")
        return choice
    stem = runs.checkpoint_stem(p)
    return _describe(stem.with_name(stem.name + ".safetensors"), "given")


def latest_run(root: str | Path, project_name: str) -> Path | None:
    """The newest run folder of this project under ``root`` that holds a checkpoint, or None."""
    root = Path(root)
    if not root.is_dir():
        return None
    found = [d for d in root.glob(f"{runs.slug(project_name)}-*")
             if d.is_dir() and (d / "checkpoints" / "last.json").is_file()]
    return max(found, key=lambda d: (d / "checkpoints" / "last.json").stat().st_mtime, default=None)


def graph_weights(project, graph_name: str, source: str | Path) -> tuple[dict, CheckpointChoice]:
    """The tensors of graph ``graph_name`` in a checkpoint or run folder (its best checkpoint), for export.

    A ``.safetensors`` file with no checkpoint description beside it is read as plain weights.

    Raises ProjectError when the checkpoint cannot be read or trained no graph of that name.
    """
    from netstudio.export.weights import NamedWeights, read_weights

    p = Path(source)
    if (p.is_file() and p.name.endswith(".safetensors") and not p.name.endswith(".state.safetensors")
            and not p.with_suffix(".json").exists()):   # plain weights (an import's or an export's file)
        return NamedWeights(read_weights(p), str(p)), CheckpointChoice(p, "file")
    choice = resolve_checkpoint(source)
    weights, _, _ = runs.load_checkpoint(choice.path)
    task = project.task if isinstance(project.task, dict) else {}
    if task.get("type") == "gan":
        keys = {task.get(k, k): k for k in ("generator", "discriminator")}
    else:
        keys = {task.get("graph", "model"): "model"}
    key = keys.get(graph_name)
    if key not in weights and len(weights) == 1 and graph_name in project.graphs and len(project.graphs) == 1:
        key = next(iter(weights))
    if key not in weights:
        held = ", ".join(f"'{g}'" for g, k in keys.items() if k in weights) or ", ".join(weights)
        raise ProjectError(f"checkpoint {choice.path} holds no weights for graph '{graph_name}' "
                           f"(it was trained for {held})")
    return NamedWeights(weights[key], f"checkpoint {choice.path}"), choice


# ----- "Try it": the trained model on one input the user gives -----
def try_it_meta(task_cfg, data) -> dict[str, Any]:
    """What the Try-it needs besides the model, from the task settings and the training data (JSON-able)."""
    meta = {**data.meta(), "task": task_cfg.kind, "temperature": task_cfg.temperature,
            "generate_length": task_cfg.generate_length, "prompt": task_cfg.prompt}
    meta["mode"] = try_it_mode(task_cfg.kind, data.kind, data.sample_shape)
    if meta["mode"] == "points":
        x = data.train.x[:2000].float().cpu()
        if data.mean is not None:
            x = x * torch.tensor(data.std) + torch.tensor(data.mean)
        lo, hi = x.min(0).values, x.max(0).values
        pad = (hi - lo).clamp_min(1e-6) * 0.1
        meta["extent"] = [[float(lo[0] - pad[0]), float(hi[0] + pad[0])], [float(lo[1] - pad[1]), float(hi[1] + pad[1])]]
        meta["points"] = x[:500].tolist()
        meta["labels"] = data.train.y[:500].cpu().tolist()
    return meta


def _device_of(model) -> torch.device:
    return next(iter(model.parameters()), torch.empty(0)).device


def _class_probs(out: torch.Tensor) -> torch.Tensor:
    out = out.float().cpu()
    if out.dim() == 1 or out.shape[-1] == 1:
        p1 = torch.sigmoid(out.reshape(-1))
        return torch.stack([1 - p1, p1], 1)
    return out.softmax(-1)


def _run(model, x: torch.Tensor) -> torch.Tensor:
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return model(x.to(_device_of(model)))
    finally:
        model.train(was_training)   # the model may be the one a paused or resumed run keeps training


def classify_image(model, meta: dict, image: np.ndarray) -> np.ndarray:
    """Class probabilities for one (C, H, W) uint8 image, normalised as the training data was."""
    x = torch.from_numpy(np.array(image, dtype=np.uint8)).float().div_(255)[None]   # a writable copy
    mean, std = meta.get("mean"), meta.get("std")
    if mean is not None and std is not None:
        x = (x - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
    return _class_probs(_run(model, x))[0].numpy()


def reconstruct_image(model, meta: dict, image: np.ndarray) -> np.ndarray:
    """An autoencoder's (C, H, W) output in [0, 1] for one (C, H, W) uint8 image (normalised as in training)."""
    x = torch.from_numpy(np.array(image, dtype=np.uint8)).float().div_(255)[None]
    mean, std = meta.get("mean"), meta.get("std")
    if mean is not None and std is not None:
        x = (x - torch.tensor(mean).view(1, -1, 1, 1)) / torch.tensor(std).view(1, -1, 1, 1)
    out = _run(model, x).float().cpu()
    if mean is not None and std is not None and out.dim() == 4:
        out = out * torch.tensor(std).view(1, -1, 1, 1) + torch.tensor(mean).view(1, -1, 1, 1)
    return out.clamp(0, 1)[0].numpy()


def text_window(text: str, length: int) -> str:
    """A sentence as the model's fixed-length window: whitespace as the training text has it, and a short
    sentence repeated (with a space between) to fill the window, since the model never saw padding."""
    words = " ".join(text.split())
    if not words:
        return ""
    out = words
    while len(out) < length:
        out += " " + words
    return out[:length]


def classify_text(model, meta: dict, text: str) -> np.ndarray | None:
    """Class probabilities for a typed sentence (None for an empty one)."""
    from .datasets.text import encode

    window = text_window(text, int(meta["sample_shape"][0]))
    if not window:
        return None
    return _class_probs(_run(model, encode(window)[None]))[0].numpy()


def continue_text(model, meta: dict, prompt: str, length: int, temperature: float = 0.8,
                  seed: int | None = None) -> str:
    """``length`` characters sampled after ``prompt`` (the continuation only), as the next-char task samples."""
    from .datasets.text import VOCAB, decode, encode

    context = int(meta["sample_shape"][0])
    ids = encode(prompt).tolist() or [VOCAB.index("\n")]
    start = len(ids)
    gen = torch.Generator().manual_seed(seed if seed is not None else int(np.random.SeedSequence().entropy % 2**31))
    pad = [VOCAB.index("\n")] * context
    temperature = max(float(temperature), 1e-3)
    was_training = model.training
    model.eval()
    device = _device_of(model)
    try:
        with torch.no_grad():
            for _ in range(int(length)):
                window = torch.tensor([(pad + ids)[-context:]], device=device)
                logits = model(window)[0, -1].float().cpu() / temperature
                ids.append(int(torch.multinomial(logits.softmax(-1), 1, generator=gen)))
    finally:
        model.train(was_training)
    return decode(ids[start:])


def classify_points(model, meta: dict, xy: np.ndarray) -> np.ndarray:
    """(N, C) class probabilities for (N, 2) points given in the data's own coordinates."""
    x = torch.as_tensor(np.asarray(xy, dtype=np.float32)).reshape(-1, 2)
    mean, std = meta.get("mean"), meta.get("std")
    if mean is not None and std is not None:
        x = (x - torch.tensor(mean)) / torch.tensor(std)
    return _class_probs(_run(model, x)).numpy()

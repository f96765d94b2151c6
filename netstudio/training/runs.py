"""The run folder: project as trained, ``metrics.jsonl``, checkpoints, sample PNGs, TensorBoard files.

Checkpoints are never pickles: ``<name>.safetensors`` holds the weights (plain state-dict names
for one graph, ``generator.``/``discriminator.`` prefixes for a GAN), ``<name>.state.safetensors``
the optimizer tensors and RNG state, and ``<name>.json`` the step, epoch, optimizer
hyper-parameters, scheduler state and dataset facts.
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from netstudio.core.errors import ProjectError
from netstudio.core.fileio import atomic_write_text


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower() or "project"


def default_run_dir(project_name: str, root: str | Path = "runs") -> Path:
    """``runs/<project>-<YYYYmmdd-HHMMSS>`` (with a suffix when that exists already)."""
    base = Path(root) / f"{slug(project_name)}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def _json_default(value):
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.item()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in a checkpoint")


def _finite(obj):
    """JSON has no inf/NaN: store them as strings that ``_restore_floats`` turns back."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return {"__float__": repr(obj)}
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _restore_floats(obj):
    if isinstance(obj, dict):
        if set(obj) == {"__float__"}:
            return float(obj["__float__"])
        return {k: _restore_floats(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_restore_floats(v) for v in obj]
    return obj


class RunFolder:
    """One training run's folder; appends events to ``metrics.jsonl`` (and TensorBoard when installed)."""

    def __init__(self, path: str | Path, project=None, resume: bool = False) -> None:
        self.path = Path(path)
        try:
            (self.path / "checkpoints").mkdir(parents=True, exist_ok=True)
            (self.path / "images").mkdir(exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"cannot create the run folder {self.path}: {exc.strerror or exc}") from None
        if project is not None:
            atomic_write_text(self.path / "project.nsproj", project.to_json())
        self._log = open(self.path / "metrics.jsonl", "a" if resume else "w", encoding="utf-8")
        self._tb = None
        try:  # optional: only when the tensorboard package is installed
            from torch.utils.tensorboard import SummaryWriter

            self._tb = SummaryWriter(str(self.path / "tensorboard"))
        except Exception:  # ImportError without tensorboard; anything else must not stop training
            self._tb = None

    @property
    def metrics_path(self) -> Path:
        return self.path / "metrics.jsonl"

    def log(self, record: dict) -> None:
        self._log.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._log.flush()
        if self._tb is not None:
            self._tensorboard(record)

    def _tensorboard(self, record: dict) -> None:
        kind = record.get("event")
        step = record.get("step", 0)
        if kind == "step":
            for name, values in record.get("values", {}).items():
                for i, v in enumerate(values):
                    if v is not None:
                        self._tb.add_scalar(f"train/{name}", v, record["first_step"] + i)
        elif kind in ("epoch", "test"):
            for key, v in record.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool) and key not in ("step", "time", "epoch"):
                    self._tb.add_scalar(f"{kind}/{key}", v, step)

    def close(self) -> None:
        if not self._log.closed:
            self._log.close()
        if self._tb is not None:
            self._tb.close()

    def save_png(self, name: str, images: np.ndarray, nrow: int = 8) -> Path:
        """Write (N, C, H, W) images in [0, 1] as one grid PNG under ``images/``."""
        path = self.path / "images" / f"{name}.png"
        save_grid_png(path, images, nrow)
        return path


def save_grid_png(path: Path, images: np.ndarray, nrow: int = 8) -> None:
    from PIL import Image
    from torchvision.utils import make_grid

    grid = make_grid(torch.as_tensor(images).float().clamp(0, 1), nrow=nrow, padding=2, pad_value=0.5)
    array = (grid.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    if array.shape[2] == 1 or (grid.shape[0] == 3 and images.shape[1] == 1):
        array = array[:, :, 0]
    Image.fromarray(array).save(path)


# ----- checkpoints -----
def _flatten_optimizer(name: str, state: dict, tensors: dict, meta: dict) -> None:
    scalars = {}
    for idx, per_param in state["state"].items():
        for key, value in per_param.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim/{name}/{idx}/{key}"] = value.detach().cpu().contiguous()
            else:
                scalars.setdefault(str(idx), {})[key] = value
    meta["optimizers"][name] = {"param_groups": state["param_groups"], "scalars": scalars}


def _unflatten_optimizer(name: str, tensors: dict, meta: dict) -> dict:
    info = meta["optimizers"][name]
    state: dict[int, dict] = {}
    prefix = f"optim/{name}/"
    for key, value in tensors.items():
        if key.startswith(prefix):
            idx, field = key[len(prefix):].split("/", 1)
            state.setdefault(int(idx), {})[field] = value
    for idx, scalars in info["scalars"].items():
        state.setdefault(int(idx), {}).update(scalars)
    return {"state": state, "param_groups": info["param_groups"]}


def save_checkpoint(stem: Path, modules: dict[str, torch.nn.Module], optimizers: dict, meta: dict) -> Path:
    """Write ``stem.safetensors`` (+ ``.state.safetensors``, ``.json``) and return the weights path."""
    weights = {}
    single = len(modules) == 1
    for name, module in modules.items():
        for key, value in module.state_dict().items():
            weights[key if single else f"{name}.{key}"] = value.detach().cpu().contiguous()
    meta = dict(meta, modules=list(modules), optimizers={})
    state_tensors = {"rng/torch": torch.get_rng_state()}
    for name, opt in optimizers.items():
        _flatten_optimizer(name, opt.state_dict(), state_tensors, meta)
    stem.parent.mkdir(parents=True, exist_ok=True)
    weights_path = stem.with_suffix(".safetensors")
    tmp = stem.with_suffix(".tmp")
    save_file(weights, str(tmp))
    tmp.replace(weights_path)
    save_file(state_tensors, str(tmp))
    tmp.replace(stem.with_suffix(".state.safetensors"))
    atomic_write_text(stem.with_suffix(".json"), json.dumps(_finite(meta), default=_json_default, indent=1))
    return weights_path


def checkpoint_stem(path: str | Path) -> Path:
    """Accept the weights file, the .json, or a run folder (its newest checkpoint)."""
    p = Path(path)
    if p.is_dir():
        latest = p / "checkpoints" / "last.json" if (p / "checkpoints").is_dir() else p / "last.json"
        if not latest.exists():
            raise ProjectError(f"{p} holds no checkpoint (no {latest.name})")
        target = json.loads(latest.read_text(encoding="utf-8"))["checkpoint"]
        return (latest.parent / target).with_suffix("")
    name = p.name
    for suffix in (".state.safetensors", ".safetensors", ".json"):
        if name.endswith(suffix):
            return p.with_name(name[: -len(suffix)])
    return p


def load_checkpoint(path: str | Path) -> tuple[dict[str, dict], dict, dict]:
    """``(weights per module name, optimizer states per name, meta)`` from a checkpoint.

    Raises
    ------
    ProjectError
        when a file is missing or is not a valid checkpoint.
    """
    stem = checkpoint_stem(path)
    files = [stem.with_suffix(".safetensors"), stem.with_suffix(".state.safetensors"), stem.with_suffix(".json")]
    for f in files:
        if not f.exists():
            raise ProjectError(f"checkpoint file {f} is missing")
    try:
        weights = load_file(str(files[0]))
        state_tensors = load_file(str(files[1]))
        meta = _restore_floats(json.loads(files[2].read_text(encoding="utf-8")))
    except (SafetensorError, OSError, ValueError) as exc:
        raise ProjectError(f"checkpoint {files[0]} is damaged ({str(exc).splitlines()[0][:120]})") from None
    names = meta.get("modules", ["model"])
    if len(names) == 1:
        per_module = {names[0]: weights}
    else:
        per_module = {n: {k[len(n) + 1:]: v for k, v in weights.items() if k.startswith(n + ".")} for n in names}
    optim = {name: _unflatten_optimizer(name, state_tensors, meta) for name in meta.get("optimizers", {})}
    meta["rng_state"] = state_tensors.get("rng/torch")
    return per_module, optim, meta


def _mismatch(exc: RuntimeError) -> str:
    """The line of a load_state_dict error that names the tensor ("size mismatch for fc.weight: ...")."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = next((line for line in lines[1:] if " for " in line or "key" in line.lower()), lines[0] if lines else "")
    return detail[:200]


def load_module_weights(modules: dict[str, torch.nn.Module], weights: dict[str, dict], checkpoint) -> None:
    """Load each module's weights from a checkpoint; a mismatch names the graph and the tensor."""
    for name, module in modules.items():
        if name not in weights:
            raise ProjectError(f"checkpoint {checkpoint} holds no weights for '{name}'")
        try:
            module.load_state_dict(weights[name])
        except RuntimeError as exc:
            raise ProjectError(f"checkpoint {checkpoint} does not fit the graph '{name}' ({_mismatch(exc)}): "
                               "was the graph changed after training?") from None


def write_last(checkpoint_dir: Path, weights_path: Path, meta: dict) -> None:
    atomic_write_text(checkpoint_dir / "last.json", json.dumps({"checkpoint": weights_path.name, "step": meta["step"],
                                                                "epoch": meta["epoch"]}))

"""The run folder: project as trained, ``metrics.jsonl``, checkpoints, sample PNGs, TensorBoard files.

Checkpoints are never pickles: ``<name>.safetensors`` holds the weights (plain state-dict names
for one graph, ``generator.``/``discriminator.`` prefixes for a GAN), ``<name>.state.safetensors``
the optimizer tensors and RNG state, and ``<name>.json`` the step, epoch, optimizer
hyper-parameters, scheduler state and dataset facts.
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from netstudio.core.errors import ProjectError
from netstudio.core.fileio import atomic_write_bytes, atomic_write_text, read_file_bytes, safe_file_stem
from netstudio.export.weights import mismatch_detail

MAX_META_BYTES = 64 * 1024 * 1024   # a checkpoint's .json (history and scheduler state: kilobytes in practice)
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def slug(name: str) -> str:
    """A run-folder name part from a project name: ASCII, lower case, short enough for any file system."""
    return safe_file_stem(re.sub(r"[^A-Za-z0-9]+", "_", name).lower(), max_length=40, fallback="project")


def last_complete_checkpoint(checkpoint_dir: Path) -> str | None:
    """The weights file ``last.json`` names (the newest checkpoint written whole), if any."""
    try:
        return json.loads((Path(checkpoint_dir) / "last.json").read_text(encoding="utf-8"))["checkpoint"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def write_error(exc: OSError, what: str | Path, checkpoint_dir: Path) -> ProjectError:
    """One sentence for a failed write during training: what, why (a full disk said plainly), what is kept."""
    kept = last_complete_checkpoint(checkpoint_dir)
    keeps = (f"the last complete checkpoint, {Path(checkpoint_dir) / kept}, is kept" if kept
             else "no checkpoint had been saved yet")
    if exc.errno in _DISK_FULL:
        return ProjectError(f"the disk is full: cannot write {what}; free some space and resume ({keeps})")
    return ProjectError(f"cannot write {what} ({exc.strerror or exc}); {keeps}")


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


def trim_log(path: Path, step: int) -> None:
    """Keep the records of ``metrics.jsonl`` up to ``step`` (and nothing after a torn line: a run
    killed while writing leaves half a record at the end)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    kept = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            break
        if isinstance(record, dict) and isinstance(record.get("step"), int) and record["step"] > step:
            break
        kept.append(line)
    if len(kept) != len(lines):
        atomic_write_text(path, "".join(line + "\n" for line in kept))


class RunFolder:
    """One training run's folder; appends events to ``metrics.jsonl`` (and TensorBoard when installed)."""

    def __init__(self, path: str | Path, project=None, resume: bool = False, resume_step: int | None = None) -> None:
        """``resume_step``: the step of the checkpoint a resumed run continues from; the log keeps the
        records up to it, so that steps a killed run logged after its last checkpoint are not repeated."""
        self.path = Path(path)
        try:
            (self.path / "checkpoints").mkdir(parents=True, exist_ok=True)
            (self.path / "images").mkdir(exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"cannot create the run folder {self.path}: {exc.strerror or exc}") from None
        try:
            if project is not None:
                atomic_write_text(self.path / "project.nsproj", project.to_json())
            if resume and resume_step is not None:
                trim_log(self.path / "metrics.jsonl", resume_step)
            self._log = open(self.path / "metrics.jsonl", "a" if resume else "w", encoding="utf-8")
        except OSError as exc:
            raise write_error(exc, f"the run folder {self.path}", self.path / "checkpoints") from None
        from .run_record import RunRecord   # run.json: status, times, device, versions for the Runs view

        self.record = RunRecord(self.path, project, resume=resume)
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
        try:
            self._log.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._log.flush()
        except OSError as exc:
            raise write_error(exc, self.metrics_path, self.path / "checkpoints") from None
        self.record.observe(record)
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
        """Write (N, C, H, W) images in [0, 1] as one grid PNG under ``images/``.

        ``name`` may hold node ids and graph names: it is made safe and short for the file system.
        """
        path = self.path / "images" / f"{safe_file_stem(name, max_length=150, fallback='image')}.png"
        try:
            save_grid_png(path, images, nrow)
        except OSError as exc:
            raise write_error(exc, path, self.path / "checkpoints") from None
        return path


def save_grid_png(path: Path, images: np.ndarray, nrow: int = 8) -> None:
    from PIL import Image
    from torchvision.utils import make_grid

    grid = make_grid(torch.as_tensor(images).float().clamp(0, 1), nrow=nrow, padding=2, pad_value=0.5)
    array = (grid.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    if array.shape[2] == 1 or (grid.shape[0] == 3 and images.shape[1] == 1):
        array = array[:, :, 0]
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    atomic_write_bytes(path, buffer.getvalue())  # a full disk leaves no half-written PNG


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


def _checkpoint_files(stem: Path) -> list[Path]:
    return [stem.with_name(stem.name + s) for s in (".safetensors", ".state.safetensors", ".json")]


def save_checkpoint(stem: Path, modules: dict[str, torch.nn.Module], optimizers: dict, meta: dict) -> Path:
    """Write ``stem.safetensors`` (+ ``.state.safetensors``, ``.json``) and return the weights path.

    Each file is written atomically (temp file + ``os.replace``) and ``last.json`` is only moved on by
    ``write_last`` afterwards, so a failed write (a full disk) never damages an earlier checkpoint.

    Raises
    ------
    ProjectError
        when a file cannot be written; the partial new checkpoint is removed and the message names the
        last complete one.
    """
    weights = {}
    single = len(modules) == 1
    for name, module in modules.items():
        for key, value in module.state_dict().items():
            weights[key if single else f"{name}.{key}"] = value.detach().cpu().contiguous()
    meta = dict(meta, modules=list(modules), optimizers={})
    state_tensors = {"rng/torch": torch.get_rng_state()}
    for name, opt in optimizers.items():
        _flatten_optimizer(name, opt.state_dict(), state_tensors, meta)
    weights_path, state_path, meta_path = _checkpoint_files(stem)
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(weights_path, save(weights))
        atomic_write_bytes(state_path, save(state_tensors))
        atomic_write_text(meta_path, json.dumps(_finite(meta), default=_json_default, indent=1))
    except OSError as exc:
        for path in (weights_path, state_path, meta_path):   # a checkpoint is all three files or none
            try:
                path.unlink()
            except OSError:
                pass
        raise write_error(exc, f"checkpoint {weights_path}", stem.parent) from None
    return weights_path


def checkpoint_stem(path: str | Path) -> Path:
    """Accept the weights file, the .json, the name without suffix, or a run folder (its newest checkpoint).

    Raises
    ------
    ProjectError
        naming the path given when it is none of those.
    """
    p = Path(path)
    if p.is_dir():
        latest = p / "checkpoints" / "last.json" if (p / "checkpoints").is_dir() else p / "last.json"
        if not latest.exists():
            raise ProjectError(f"{p} holds no checkpoint (no {latest.name})")
        target = last_complete_checkpoint(latest.parent)
        if not isinstance(target, str) or not target.endswith(".safetensors") or "/" in target or "\\" in target:
            raise ProjectError(f"{latest} is damaged: it does not name a checkpoint file")
        if not (latest.parent / target).exists():
            raise ProjectError(f"{latest} is damaged: it names {target}, which is not in {latest.parent} "
                               "(give one of the checkpoint files there instead)")
        return latest.parent / target[: -len(".safetensors")]
    name = p.name
    for suffix in (".state.safetensors", ".safetensors", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return p.with_name(name[: -len(suffix)])
    if p.with_name(name + ".safetensors").exists():   # the checkpoint's name without a suffix
        return p
    if not p.exists():
        raise ProjectError(f"{p}: no such checkpoint file or run folder")
    raise ProjectError(f"{p} is not a checkpoint: give a checkpoint's .safetensors file (or its .json), "
                       "or a run folder")


def _require_checkpoint_file(path: Path, given) -> None:
    """A missing or non-regular part of a checkpoint, named against the path the user gave."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        if Path(path) == Path(given):
            raise ProjectError(f"{given}: no such checkpoint file") from None
        raise ProjectError(f"checkpoint {given} is incomplete: {path.name} is missing beside it") from None
    if not stat.S_ISREG(mode):   # a pipe would block the reader and a device would never end
        raise ProjectError(f"checkpoint {given} cannot be read: {path} is not a regular file")


def load_checkpoint(path: str | Path) -> tuple[dict[str, dict], dict, dict]:
    """``(weights per module name, optimizer states per name, meta)`` from a checkpoint.

    Raises
    ------
    ProjectError
        when a file is missing or is not a valid checkpoint.
    """
    stem = checkpoint_stem(path)
    files = _checkpoint_files(stem)
    for f in files:
        _require_checkpoint_file(f, path)
    try:
        weights = load_file(str(files[0]))
        state_tensors = load_file(str(files[1]))
        meta = _restore_floats(json.loads(read_file_bytes(files[2], MAX_META_BYTES, "checkpoint description")))
        check_meta(meta, files[2])
        names = meta.get("modules", ["model"])
        if len(names) == 1:
            per_module = {names[0]: weights}
        else:
            per_module = {n: {k[len(n) + 1:]: v for k, v in weights.items() if k.startswith(n + ".")} for n in names}
        optim = {name: _unflatten_optimizer(name, state_tensors, meta) for name in meta.get("optimizers", {})}
    except ProjectError:
        raise
    except RecursionError:
        raise ProjectError(f"checkpoint {path} is damaged (its .json is nested too deeply)") from None
    except (SafetensorError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ProjectError(f"checkpoint {path} is damaged ({detail})") from None
    meta["rng_state"] = state_tensors.get("rng/torch")
    return per_module, optim, meta


def _whole(value, lo: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= lo


def _numbers(value) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)


def check_meta(meta: Any, path: Path) -> None:
    """Refuse a checkpoint description (``stepNNNNNNN.json``) whose fields a run, evaluate or predict would trip on.

    Raises
    ------
    ProjectError
        "checkpoint description PATH is damaged: FIELD ..." (one sentence naming the file and the field).
    """
    from netstudio.core.project import describe_json

    def fail(what: str) -> None:
        raise ProjectError(f"checkpoint description {path} is damaged: {what}")

    def shown(value) -> str:
        text = json.dumps(value, default=str) if not isinstance(value, (dict, list)) else describe_json(value)
        return text if len(text) <= 40 else text[:37] + "..."

    if not isinstance(meta, dict):
        fail(f"it holds {describe_json(meta)}, not an object")
    for key in ("step", "epoch"):
        if not _whole(meta.get(key)):
            fail(f"\"{key}\" must be a whole number >= 0, not {shown(meta.get(key))}")
    if not _whole(meta.get("batch_in_epoch", 0)):
        fail(f"\"batch_in_epoch\" must be a whole number >= 0, not {shown(meta.get('batch_in_epoch'))}")
    if not isinstance(meta.get("task", ""), str):
        fail(f"\"task\" must be text, not {shown(meta.get('task'))}")
    modules = meta.get("modules", ["model"])
    if (not isinstance(modules, list) or not modules or not all(isinstance(m, str) and m for m in modules)
            or len(set(modules)) != len(modules)):
        fail(f"\"modules\" must list the names of its models (such as [\"model\"]), not {shown(modules)}")
    optimizers = meta.get("optimizers", {})
    if not isinstance(optimizers, dict):
        fail(f"\"optimizers\" must be an object, not {shown(optimizers)}")
    for name, info in optimizers.items():
        where = f"\"optimizers\".\"{name}\""
        if not isinstance(info, dict):
            fail(f"{where} must be an object, not {shown(info)}")
        groups = info.get("param_groups")
        if (not isinstance(groups, list) or not groups
                or not all(isinstance(g, dict) and isinstance(g.get("params"), list)
                           and all(_whole(i) for i in g["params"]) and _numbers([g.get("lr")]) for g in groups)):
            fail(f"{where}.param_groups must list the optimizer's parameter groups (each with params and lr)")
        scalars = info.get("scalars")
        if not isinstance(scalars, dict) or not all(
                isinstance(v, dict) and k.lstrip("-").isdigit() for k, v in scalars.items()):
            fail(f"{where}.scalars must be an object of the optimizer's per-parameter numbers, not {shown(scalars)}")
    schedulers = meta.get("schedulers", {})
    if not isinstance(schedulers, dict) or not all(v is None or isinstance(v, dict) for v in schedulers.values()):
        fail(f"\"schedulers\" must be an object of scheduler states, not {shown(schedulers)}")
    history = meta.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, dict) for h in history):
        fail(f"\"history\" must be a list of epoch records, not {shown(history)}")
    for key in ("val_loss", "reference_val_loss"):
        value = meta.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            fail(f"\"{key}\" must be a number or null, not {shown(value)}")
    best = meta.get("best")
    if best is not None and (not isinstance(best, (int, float)) or isinstance(best, bool)):
        fail(f"\"best\" must be a number or null, not {shown(best)}")
    if not _whole(meta.get("bad_epochs", 0)):
        fail(f"\"bad_epochs\" must be a whole number >= 0, not {shown(meta.get('bad_epochs'))}")
    data = meta.get("data", {})
    if not isinstance(data, dict):
        fail(f"\"data\" must be an object, not {shown(data)}")
    names = data.get("class_names")
    if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
        fail(f"\"data\".class_names must be a list of texts, not {shown(names)}")
    shape = data.get("sample_shape")
    if shape is not None and (not isinstance(shape, list) or not all(_whole(v, 1) for v in shape)):
        fail(f"\"data\".sample_shape must be a list of whole numbers >= 1, not {shown(shape)}")
    mean, std = data.get("mean"), data.get("std")
    if (mean is None) != (std is None):
        fail("\"data\" must hold both mean and std, or neither")
    if mean is not None:
        for key, values in (("mean", mean), ("std", std)):
            if not _numbers(values):
                fail(f"\"data\".{key} must be a list of finite numbers, not {shown(values)}")
        if len(mean) != len(std):
            fail(f"\"data\" has {len(mean)} mean but {len(std)} std values")
        if any(v <= 0 for v in std):
            fail("\"data\".std values must be > 0")
        if data.get("kind") == "image" and shape and len(shape) == 3 and len(mean) != shape[0]:
            fail(f"\"data\" has {len(mean)} mean values but its images have {shape[0]} channel(s)")


def load_module_weights(modules: dict[str, torch.nn.Module], weights: dict[str, dict], checkpoint) -> None:
    """Load each module's weights from a checkpoint; a mismatch names the graph and the tensor."""
    for name, module in modules.items():
        if name not in weights:
            raise ProjectError(f"checkpoint {checkpoint} holds no weights for '{name}'")
        try:
            module.load_state_dict(weights[name])
        except RuntimeError as exc:
            raise ProjectError(f"checkpoint {checkpoint} does not fit the graph '{name}' ({mismatch_detail(exc)}): "
                               "was the graph changed after training?") from None


def write_last(checkpoint_dir: Path, weights_path: Path, meta: dict) -> None:
    """Point ``last.json`` at a checkpoint written whole (atomically: a failure keeps the previous one)."""
    try:
        atomic_write_text(checkpoint_dir / "last.json", json.dumps({"checkpoint": weights_path.name,
                                                                    "step": meta["step"], "epoch": meta["epoch"]}))
    except OSError as exc:
        raise write_error(exc, checkpoint_dir / "last.json", checkpoint_dir) from None

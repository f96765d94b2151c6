"""Model weights as safetensors: never pickle (users share these files)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from netstudio.core.errors import NetStudioError

#: The prefixes a GAN checkpoint gives each graph's tensors (training/runs.py save_checkpoint).
GAN_MODULES = ("generator", "discriminator")


class NamedWeights(dict):
    """A state dict that remembers where it was read from, so that a mismatch names that file."""

    def __init__(self, tensors: Mapping, source: str) -> None:
        super().__init__(tensors)
        self.source = source


def mismatch_detail(exc: RuntimeError) -> str:
    """The line of a load_state_dict error that names the tensor ("size mismatch for fc.weight: ...").

    Export, evaluate, predict and resume all report a checkpoint that does not fit with it.
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = next((line for line in lines[1:] if " for " in line or "key" in line.lower()), lines[0] if lines else "")
    return detail[:200]


def _shape(value) -> str:
    return "(" + ", ".join(str(int(s)) for s in value.shape) + ")"


def first_mismatch(model, state: Mapping) -> str | None:
    """What keeps ``state`` from loading into ``model``, naming the first tensor that differs (or None).

    The model's own order is followed, so the tensor named is the earliest layer that does not fit.
    """
    own = model.state_dict()
    for key, value in own.items():
        if key not in state:
            return f"no tensor for {key}"
        if tuple(state[key].shape) != tuple(value.shape):
            return f"size mismatch for {key}: the weights have {_shape(state[key])}, the graph needs {_shape(value)}"
    extra = next((k for k in state if k not in own), None)
    return f"a tensor {extra} the graph does not use" if extra is not None else None


def module_key(project, graph_name: str) -> str | None:
    """The prefix a GAN checkpoint stores this graph's tensors under ("generator."), or None."""
    task = project.task if isinstance(getattr(project, "task", None), dict) else {}
    if task.get("type") != "gan":
        return None
    for key in GAN_MODULES:
        if task.get(key, key) == graph_name:
            return key
    return None


def graph_state(state: Mapping, key: str | None) -> dict:
    """The tensors of one graph: a GAN checkpoint's ``generator.``/``discriminator.`` tensors without the prefix.

    A plain state dict (no such prefixes) is returned as it is.
    """
    prefixed = bool(state) and all(k.split(".", 1)[0] in GAN_MODULES for k in state)
    if not prefixed or key is None:
        return dict(state)
    return {k[len(key) + 1:]: v for k, v in state.items() if k.startswith(key + ".")}


def fit_weights(model, state: Mapping, source: str, graph_name: str = "model") -> None:
    """Load ``state`` into ``model``, or raise one sentence naming the first tensor that does not fit."""
    problem = first_mismatch(model, state)
    if problem is None:
        try:
            model.load_state_dict(dict(state))
            return
        except RuntimeError as exc:  # a dtype the copy refuses; name the tensor torch names
            problem = mismatch_detail(exc)
    graph = "this graph" if graph_name == "model" else f"graph '{graph_name}'"
    raise NetStudioError(f"{source} does not fit {graph} ({problem}): were the weights trained on another model?")


def read_weights(path: str | os.PathLike) -> dict:
    """The tensors of a safetensors file, or one sentence saying why it cannot be read."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    if os.path.isdir(path):
        raise NetStudioError(f"{path} is a folder: give a .safetensors weights file (for a run folder, use a "
                             "checkpoint instead)")
    if str(path).endswith(".json"):
        raise NetStudioError(f"{path} describes a checkpoint: give the .safetensors file beside it")
    if os.path.exists(path) and not os.path.isfile(path):  # a pipe blocks the reader, a device never ends
        raise NetStudioError(f"{path}: not a weights file (give a .safetensors file)")
    try:
        return load_file(str(path))
    except FileNotFoundError:
        raise NetStudioError(f"{path}: no such weights file") from None
    except (SafetensorError, OSError, ValueError) as exc:
        raise NetStudioError(f"{path}: not a readable safetensors file ({exc})") from None


def load_weights(model, source, graph_name: str = "model", key: str | None = None) -> None:
    """Load weights into ``model``: ``source`` is a safetensors path or a state dict already read.

    ``key``: the GAN prefix of this graph (``module_key``), used when the file is a GAN checkpoint.
    A mismatch names the first missing, unexpected or differently shaped tensor.
    """
    if isinstance(source, Mapping):
        fit_weights(model, graph_state(source, key), getattr(source, "source", "the checkpoint"), graph_name)
        return
    fit_weights(model, graph_state(read_weights(source), key), str(source), graph_name)


def save_weights(model, path: str | os.PathLike) -> None:
    """Write the model's state dict as safetensors, atomically."""
    save_state(model.state_dict(), path)


def save_state(state: Mapping, path: str | os.PathLike) -> None:
    """Write a state dict as safetensors, atomically."""
    from safetensors.torch import save

    from netstudio.core.fileio import atomic_write_bytes

    atomic_write_bytes(path, save({k: v.detach().cpu().contiguous() for k, v in state.items()}))

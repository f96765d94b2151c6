"""Model weights as safetensors: never pickle (users share these files)."""

from __future__ import annotations

import os

from netstudio.core.errors import NetStudioError


def mismatch_detail(exc: RuntimeError) -> str:
    """The line of a load_state_dict error that names the tensor ("size mismatch for fc.weight: ...").

    Export, evaluate, predict and resume all report a checkpoint that does not fit with it.
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = next((line for line in lines[1:] if " for " in line or "key" in line.lower()), lines[0] if lines else "")
    return detail[:200]


def load_weights(model, path: str | os.PathLike) -> None:
    """Load a safetensors file into ``model``; a mismatch names the first missing or unexpected tensor."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    if os.path.exists(path) and not os.path.isfile(path):  # a pipe blocks the reader, a device never ends
        raise NetStudioError(f"{path}: not a weights file (give a .safetensors file)")
    try:
        state = load_file(str(path))
    except FileNotFoundError:
        raise NetStudioError(f"{path}: no such weights file") from None
    except (SafetensorError, OSError, ValueError) as exc:
        raise NetStudioError(f"{path}: not a readable safetensors file ({exc})") from None
    try:
        result = model.load_state_dict(state, strict=False)
    except RuntimeError as exc:  # strict=False still refuses a tensor of another shape
        raise NetStudioError(f"{path} does not fit this graph ({mismatch_detail(exc)}): were the weights "
                             "trained on another model?") from None
    if result.missing_keys or result.unexpected_keys:
        what = (f"has no tensor for {result.missing_keys[0]}" if result.missing_keys
                else f"has a tensor {result.unexpected_keys[0]} the model does not use")
        raise NetStudioError(f"{path} does not fit this graph: it {what}")


def save_weights(model, path: str | os.PathLike) -> None:
    """Write the model's state dict as safetensors, atomically."""
    from safetensors.torch import save

    from netstudio.core.fileio import atomic_write_bytes

    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    atomic_write_bytes(path, save(state))

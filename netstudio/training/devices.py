"""Which devices can train here, and turning a device setting into a ``torch.device``."""

from __future__ import annotations

import re

import torch

from netstudio.core.errors import ProjectError

_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


def available_devices() -> list[tuple[str, str]]:
    """Devices a user may pick, as ``(id, human name)``; "auto" first, "cpu" always present."""
    out = [("auto", "Automatic (" + _auto_name() + ")"), ("cpu", f"CPU ({torch.get_num_threads()} threads)")]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(i)
            out.append((f"cuda:{i}", f"{props.name} ({props.total_memory / 2**30:.0f} GiB)"))
    if _mps_available():
        out.append(("mps", "Apple GPU (MPS)"))
    return out


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def _auto_name() -> str:
    dev = resolve_device("auto")
    if dev.type == "cuda":
        return torch.cuda.get_device_name(dev.index or 0)
    return "Apple GPU" if dev.type == "mps" else "CPU"


def resolve_device(setting: str | None) -> torch.device:
    """``auto``/``cpu``/``cuda``/``cuda:N``/``mps`` -> a device that exists here.

    Raises
    ------
    ProjectError
        naming the setting when it is malformed or the device is not present.
    """
    setting = (setting or "auto").strip().lower()
    if not _PATTERN.match(setting):
        raise ProjectError(f"training.device is '{setting}': use auto, cpu, cuda, cuda:N or mps", field="device")
    if setting == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if setting.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ProjectError(f"training.device is '{setting}' but this computer has no CUDA GPU that PyTorch can "
                               "use: choose cpu or auto", field="device")
        dev = torch.device(setting)
        index = dev.index if dev.index is not None else torch.cuda.current_device()
        if index >= torch.cuda.device_count():
            raise ProjectError(f"training.device is '{setting}' but there are only {torch.cuda.device_count()} "
                               f"GPU(s) (cuda:0 to cuda:{torch.cuda.device_count() - 1})", field="device")
        return torch.device("cuda", index)
    if setting == "mps" and not _mps_available():
        raise ProjectError("training.device is 'mps' but no Apple GPU is available: choose cpu or auto",
                           field="device")
    return torch.device(setting)

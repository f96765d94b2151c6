"""Before training: will the model's weights, gradients and optimizer state fit in this machine's memory?

A model that cannot fit fails here with its size in GB, instead of dying in the allocator at the first
step (shape inference on the meta device knows every parameter count without allocating anything).
"""

from __future__ import annotations

import os

import torch

from netstudio.compiler import ShapeInference
from netstudio.core.errors import ProjectError

from .config import TaskConfig

# weights + gradients + two Adam moments; activations come on top and depend on the batch size
COPIES_WHILE_TRAINING = 4


def machine_memory(device: torch.device) -> int | None:
    """Bytes of memory on ``device`` (the GPU's, or the computer's RAM); None when unknown."""
    if device.type == "cuda":
        return torch.cuda.get_device_properties(device).total_memory
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):   # no sysconf (Windows)
        return None


def check_memory(project, task_cfg: TaskConfig, device: torch.device) -> int:
    """Bytes of float32 weights of the graphs being trained; raises when training them cannot fit.

    Raises
    ------
    ProjectError
        naming the parameter count, the GB needed and the GB the machine has.
    """
    names = [task_cfg.generator, task_cfg.discriminator] if task_cfg.type == "gan" else [task_cfg.graph]
    inference = ShapeInference()
    params = sum(info.param_count for name in names for info in inference.infer(project.graph(name)).values())
    weights = params * 4
    have = machine_memory(device)
    need = weights * COPIES_WHILE_TRAINING
    if have is not None and need > have:
        where = "the GPU" if device.type == "cuda" else "this computer"
        raise ProjectError(f"the model has {params:,} parameters: training needs about {need / 1e9:,.1f} GB for its "
                           f"weights, gradients and optimizer state, but {where} has {have / 1e9:,.1f} GB; make "
                           "the largest layers smaller")
    return weights

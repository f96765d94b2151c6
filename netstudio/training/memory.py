"""Before training: will the model fit in the memory of the device it trains on?

Two checks, both from shape inference on the meta device (every parameter count and activation size is
known without allocating anything):

- ``check_memory`` refuses a model whose weights, gradients and optimizer state alone exceed the
  device's memory: it fails here with its size in GB instead of dying in the allocator at the first step.
- ``memory_warning`` adds the activations kept for backward at the run's batch size
  (``netstudio.compiler.cost``) and returns one sentence when that estimate exceeds the device's memory
  (the GPU's own memory on CUDA, the computer's RAM otherwise): the run may still fit with swapping or a
  smaller batch, so it is a warning in the run's first event, not a refusal.
"""

from __future__ import annotations

import os

from netstudio.compiler import ShapeInference
from netstudio.compiler.cost import GraphCost, bytes_text, graph_cost, optimizer_state_copies
from netstudio.core.errors import ProjectError

from .config import TaskConfig, TrainingConfig, parse_training

OPTIMIZER_NAMES = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop", "adagrad": "Adagrad",
                   "adadelta": "Adadelta"}


def machine_memory(device) -> int | None:
    """Bytes of memory on ``device`` (the GPU's, or the computer's RAM); None when unknown."""
    if getattr(device, "type", device) == "cuda":
        import torch

        return torch.cuda.get_device_properties(device).total_memory
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):   # no sysconf (Windows)
        return None


def _device_words(device) -> str:
    """How the warning names the device: "the GPU (its name)" on CUDA, "this computer" otherwise."""
    if getattr(device, "type", device) != "cuda":
        return "this computer"
    try:
        import torch

        return f"the GPU ({torch.cuda.get_device_name(device)})"
    except (AssertionError, RuntimeError, ValueError):   # no CUDA in this torch build, or no such device
        return "the GPU"


def trained_graphs(task_cfg: TaskConfig) -> list[str]:
    return [task_cfg.generator, task_cfg.discriminator] if task_cfg.type == "gan" else [task_cfg.graph]


def cost_settings(training: dict | None) -> TrainingConfig:
    """The project's training settings for cost estimates; the defaults where the section is invalid
    (the training panel names that problem itself)."""
    try:
        return parse_training(training or {})
    except ProjectError:
        return TrainingConfig()


def training_costs(project, task_cfg: TaskConfig, cfg: TrainingConfig,
                   inference: ShapeInference | None = None) -> dict[str, GraphCost]:
    """The cost of every graph the task trains, at ``cfg.batch_size`` with ``cfg.optimizer``."""
    inference = inference or ShapeInference()
    return {name: graph_cost(project.graph(name), inference.infer(project.graph(name)), cfg.batch_size,
                             cfg.optimizer) for name in trained_graphs(task_cfg)}


def check_memory(project, task_cfg: TaskConfig, device, optimizer: dict | None = None) -> int:
    """Bytes of float32 weights of the graphs being trained; raises when training them cannot fit.

    Raises
    ------
    ProjectError
        naming the parameter count, the GB needed and the GB the machine has.
    """
    inference = ShapeInference()
    params = sum(info.param_count for name in trained_graphs(task_cfg)
                 for info in inference.infer(project.graph(name)).values())
    weights = params * 4
    have = machine_memory(device)
    need = weights * (2 + optimizer_state_copies(optimizer))   # weights, gradients, optimizer state
    if have is not None and need > have:
        raise ProjectError(f"the model has {params:,} parameters: training needs about {need / 1e9:,.1f} GB for its "
                           f"weights, gradients and optimizer state, but {_device_words(device)} has "
                           f"{have / 1e9:,.1f} GB; make the largest layers smaller")
    return weights


def memory_warning(project, task_cfg: TaskConfig, cfg: TrainingConfig, device, have: int | None = None) -> str | None:
    """One sentence when the training estimate with activations exceeds the device's memory, else None."""
    have = machine_memory(device) if have is None else have
    if have is None:
        return None
    need = sum(c.training_bytes for c in training_costs(project, task_cfg, cfg).values())
    if need <= have:
        return None
    kind = OPTIMIZER_NAMES.get(cfg.optimizer.get("type", ""), cfg.optimizer.get("type", ""))
    return (f"too big for this device: training needs about {bytes_text(need)} (weights, gradients, {kind} state "
            f"and the activations of a batch of {cfg.batch_size}) but {_device_words(device)} has "
            f"{bytes_text(have)}; lower training.batch_size or make the largest layers smaller")

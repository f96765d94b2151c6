"""Can the edited graph continue from a checkpoint? Checked before a run starts, naming the layer that differs.

The engine refuses an incompatible checkpoint too, but its message quotes only the first line of
PyTorch's error; here the user learns which layer changed and how.
"""

from __future__ import annotations

from netstudio.compiler import build_module
from netstudio.core.errors import NetStudioError


def _module_graphs(project) -> dict[str, str]:
    """Checkpoint module name -> graph name, as the engine's tasks name them."""
    from netstudio.training.config import parse_task

    task = parse_task(project.task)
    if task.type == "gan":
        return {"generator": task.generator, "discriminator": task.discriminator}
    return {"model": task.graph}


def checkpoint_mismatch(project, checkpoint: str) -> str | None:
    """None when every graph's parameters match the checkpoint's; else one sentence naming the first difference."""
    from netstudio.training import runs

    try:
        weights, _, _ = runs.load_checkpoint(checkpoint)
        graphs = _module_graphs(project)
    except NetStudioError as exc:
        return str(exc)
    for module_name, graph_name in graphs.items():
        saved = weights.get(module_name)
        if saved is None:
            return f"the checkpoint holds no weights for '{module_name}': train from scratch"
        try:
            model = build_module(project.graph(graph_name))
        except NetStudioError as exc:
            return str(exc)
        now = {k: tuple(v.shape) for k, v in model.state_dict().items()}
        before = {k: tuple(v.shape) for k, v in saved.items()}
        for key in list(now) + [k for k in before if k not in now]:   # layer order, weight before bias
            layer = key.split(".")[0]
            if key not in before:
                return (f"layer '{layer}' in graph '{graph_name}' is new since the checkpoint ({key}): "
                        "train from scratch")
            if key not in now:
                return (f"layer '{layer}' of the checkpoint is no longer in graph '{graph_name}' ({key}): "
                        "train from scratch")
            if now[key] != before[key]:
                return (f"layer '{layer}' in graph '{graph_name}' changed since the checkpoint: {key} was "
                        f"{list(before[key])} and is now {list(now[key])}; undo that change or train from scratch")
    return None

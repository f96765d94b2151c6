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


def output_rank_fix(graph, node_id: str | None, got: tuple, want: int) -> str | None:
    """When the model's output per sample is not a flat vector of ``want`` values because it has the
    wrong rank (``(1, 28, 10)`` for 10 classes), the sentence that says so and where a Flatten goes;
    None when the rank is right (then only the width can be wrong).

    A Linear works on the last dimension only, so ``out_features`` can already be right: telling the user
    to set it to 10 when it is 10 sends them in a circle.
    """
    if len(got) == 1 or node_id is None or node_id not in graph:
        return None
    node = graph.node(node_id)
    shape = "(" + ", ".join(str(d) for d in got) + ")"
    head = (f"the model's output '{node_id}' has the wrong shape: it gives {shape} per sample ({len(got)} "
            f"dimensions) but must give ({want},), one value per class")
    if node.type == "Linear":      # it maps the last dimension only: flatten what comes in
        fix = f"add a Flatten before '{node_id}'"
        if got[-1] != want:
            fix += f" and set its out_features to {want}"
    else:
        size = 1
        for d in got:
            size *= int(d)
        fix = f"add a Flatten after '{node_id}'"
        if size != want:
            fix += f", then a Linear with out_features={want}"
    return f"{head}: {fix}"

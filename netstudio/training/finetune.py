"""Fine-tuning: frozen layers keep their weights (and BatchNorm its statistics); runs start from the project's weights."""

from __future__ import annotations

import types

from torch import nn

from netstudio.core.blocks import expand, has_blocks
from netstudio.core.errors import ProjectError
from netstudio.core.graph import is_trainable

_NORMS = (nn.modules.batchnorm._NormBase,)   # BatchNorm1d/2d/3d, InstanceNorm: running statistics


def _stay_in_eval(self, mode: bool = True):
    """``train()`` of a frozen norm layer: always eval, so its running statistics never move."""
    return nn.Module.train(self, False)


def freeze_nodes(module: nn.Module, graph) -> list[str]:
    """Stop training the layers of ``graph`` marked ``"trainable": false``; returns their ids.

    Their parameters stop requiring gradients (so the optimizer never gets them), and a frozen
    BatchNorm stays in eval mode whatever ``model.train()`` is called later.
    """
    frozen = []
    nodes, members = list(graph), {}
    if has_blocks(graph):   # layers frozen inside a block definition count too
        expansion = expand(graph)
        members = expansion.members
        nodes += [n for n in expansion.graph if n.id not in graph]
    for node in nodes:
        if is_trainable(node):
            continue
        # a frozen Block node freezes every layer inside it (the module holds them under flat ids)
        layers = [_submodule(module, flat_id) for flat_id in members.get(node.id, [node.id])]
        layers = [layer for layer in layers if layer is not None]
        if not layers:   # a layer without weights or state (ReLU, Add) compiles to no submodule
            continue
        frozen.append(node.id)
        for layer in layers:
            for p in layer.parameters():
                p.requires_grad_(False)
            for sub in layer.modules():
                if isinstance(sub, _NORMS):
                    sub.train = types.MethodType(_stay_in_eval, sub)
                    sub.eval()
    return frozen


def _submodule(module: nn.Module, name: str) -> nn.Module | None:
    try:
        return module.get_submodule(name)
    except AttributeError:
        return None


def trainable_parameters(module: nn.Module, graph_name: str) -> list[nn.Parameter]:
    """The parameters the optimizer updates; a sentence when every layer with weights is frozen."""
    params = [p for p in module.parameters() if p.requires_grad]
    if not params and any(True for _ in module.parameters()):
        raise ProjectError(f"every layer with weights in graph '{graph_name}' is frozen: make at least one "
                           "trainable (the head, usually) to train", field="trainable")
    return params


def start_weights(project, task) -> list[str]:
    """Load the project's recorded weights (an import's, a pretrained file) into the task's models.

    Returns the notes for the run's first event: what matched and what did not.
    """
    from netstudio.export.weight_matching import project_weights_for

    notes = []
    for name, module in task.modules.items():
        total = sum(p.numel() for p in module.parameters())
        frozen = sum(p.numel() for p in module.parameters() if not p.requires_grad)
        if frozen:
            where = f" of graph '{name}'" if len(task.modules) > 1 else ""
            notes.append(f"frozen layers{where}: {frozen:,} of {total:,} parameters stay as they are; "
                         f"{total - frozen:,} train")
        graph = task.graphs.get(name)
        report = project_weights_for(module, project, graph.name if graph is not None else name)
        if report is not None:
            task.weight_report = report
            notes.append(report.summary())
    return notes

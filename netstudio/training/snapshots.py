"""Looking inside a model while it trains: activations of any node, conv filters, weight statistics.

Activations are computed by walking the project's graph node by node with the compiled module's
own submodules (exactly what ``fx_build`` traced), so every node has a name, including function
nodes such as Add or Concat, and a runtime error can be pinned on the node that raised it.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import torch
from torch import nn

from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph
from netstudio.layers import require_spec, shape_text
from netstudio.layers.build import apply

MAX_ACTIVATION_SAMPLES = 8
MAX_FILTER_VALUES = 1 << 20


class NodeFailure(GraphError):
    """A node raised while running on real data; ``cause`` is the original exception."""

    def __init__(self, node_id: str, message: str, cause: BaseException) -> None:
        super().__init__(node_id, message)
        self.cause = cause


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _describe(value) -> str:
    if isinstance(value, torch.Tensor):
        return shape_text(value.shape[1:], tuple_comma=False)
    return type(value).__name__


def run_nodes(graph: Graph, module: nn.Module, inputs: tuple, wanted: Iterable[str] | None = None
              ) -> dict[str, torch.Tensor]:
    """Run the graph on ``inputs`` (one tensor per Input node, in file order), node by node.

    Returns the first output of every node in ``wanted`` (every node when None), detached.

    Raises
    ------
    NodeFailure
        naming the node that raised, the shapes it received and PyTorch's message.
    """
    wanted = None if wanted is None else set(wanted)
    input_ids = [n.id for n in graph if n.type == "Input"]
    values: dict[tuple[str, int], object] = {}
    feed = dict(zip(input_ids, inputs))
    captured: dict[str, torch.Tensor] = {}
    for nid in graph.topological_order():
        node = graph.node(nid)
        spec = require_spec(node.type)
        if node.type == "Input":
            outs = [feed[nid]]
        else:
            ins = [values[(e.src, e.src_port)] for e in graph.in_edges(nid)]
            sub = module._modules.get(nid) if spec.torch_class else None
            try:
                outs = apply(spec, sub, ins, spec.resolved(node.params))
            except Exception as exc:  # any layer error: say which node and what it received
                got = " and ".join(_describe(v) for v in ins)
                raise NodeFailure(nid, f"{node.type} failed on input {got}: {_first_line(exc)}", exc) from None
        for port, value in enumerate(outs):
            values[(nid, port)] = value
        if (wanted is None or nid in wanted) and isinstance(outs[0], torch.Tensor):
            captured[nid] = outs[0].detach()
    return captured


def locate_failure(graph: Graph, module: nn.Module, inputs: tuple) -> NodeFailure | None:
    """Re-run a failed forward node by node; the NodeFailure naming the culprit, or None if it passes."""
    try:
        with torch.no_grad():
            run_nodes(graph, module, inputs, wanted=())
    except NodeFailure as failure:
        return failure
    return None


def activations(graph: Graph, module: nn.Module, inputs: tuple, nodes: Iterable[str]) -> dict[str, np.ndarray]:
    """CPU float32 arrays (up to 8 samples) of the outputs of ``nodes`` that exist in ``graph``."""
    nodes = [n for n in nodes if n in graph]
    if not nodes:
        return {}
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            small = tuple(x[:MAX_ACTIVATION_SAMPLES] for x in inputs)
            captured = run_nodes(graph, module, small, nodes)
    finally:
        module.train(was_training)
    return {k: v.float().cpu().numpy() for k, v in captured.items()}


def conv_filters(module: nn.Module, only: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Weights of the convolution layers, (out, in, kh, kw) CPU arrays, keyed by node id."""
    out = {}
    only = None if only is None else set(only)
    for name, sub in module.named_children():
        if isinstance(sub, (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)) and (only is None or name in only):
            w = sub.weight.detach()
            if w.numel() <= MAX_FILTER_VALUES:
                out[name] = w.float().cpu().numpy()
    return out


def weight_stats(module: nn.Module) -> dict[str, dict[str, float]]:
    """Per layer: mean, std and norm of its weights and (after a backward pass) of their gradients."""
    rows: dict[str, dict[str, torch.Tensor]] = {}
    for name, sub in module.named_children():
        w = getattr(sub, "weight", None)
        if not isinstance(w, torch.Tensor) or w.numel() == 0:
            continue
        w = w.detach().float()
        row = {"weight_mean": w.mean(), "weight_std": w.std() if w.numel() > 1 else w.new_zeros(()),
               "weight_norm": w.norm()}
        g = sub.weight.grad
        if g is not None:
            g = g.detach().float()
            row.update(grad_mean=g.mean(), grad_std=g.std() if g.numel() > 1 else g.new_zeros(()), grad_norm=g.norm())
        rows[name] = row
    if not rows:
        return {}
    # one device->host copy for all numbers
    flat = torch.stack([v for row in rows.values() for v in row.values()]).cpu().tolist()
    out, i = {}, 0
    for name, row in rows.items():
        out[name] = {}
        for key in row:
            out[name][key] = float(flat[i])
            i += 1
    return out


def filter_mosaic(weights: np.ndarray, max_filters: int = 64) -> np.ndarray:
    """(out, in, kh, kw) weights -> (N, 1, kh, kw) images in [0, 1] (first input channel), for PNGs."""
    w = weights[:max_filters, :1] if weights.shape[1] != 3 else weights[:max_filters]
    lo, hi = w.min(), w.max()
    return ((w - lo) / (hi - lo + 1e-8)).astype(np.float32)

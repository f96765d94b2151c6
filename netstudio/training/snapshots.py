"""Looking inside a model while it trains: activations of any node, conv filters, weight statistics.

Activations come from running the compiled ``torch.fx.GraphModule`` with ``NodeInterpreter``, an
``fx.Interpreter`` that reads the fx graph back in the diagram's terms: ``build_module`` names every
submodule and every output value after its netstudio node, so each value can be shown under the
node a user clicked, and a runtime error can be pinned on the node that raised it.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import torch
from torch import fx, nn

from netstudio.core.blocks import expand
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


def _output_names(graph: Graph) -> dict[str, tuple[str, int]]:
    """fx node name -> (netstudio node, output port), as ``build_module`` names the values it traces."""
    names = {}
    for node in graph:
        spec = require_spec(node.type)
        ports = spec.ports_out(spec.resolved(node.params))
        if len(ports) <= 1:
            names[node.id] = (node.id, 0)
        else:
            names.update({f"{node.id}_{p.name}": (node.id, i) for i, p in enumerate(ports)})
    return names


class NodeInterpreter(fx.Interpreter):
    """Runs a compiled graph on real tensors, fx node by fx node, and reads the values per netstudio node.

    ``value_of(node_id)`` is what a netstudio node produced. Most values are the fx nodes that
    ``build_module`` named after their node (placeholders and submodule calls carry the node id
    as their target). A few outputs have no fx node of their own: a node that hands its input on
    unchanged (Output), an output nothing reads (dead-code elimination drops the sequence output of
    an LSTM whose last state alone is used, and whole branches that reach no Output). Those are
    recomputed from their inputs with the layer's own forward, reusing the module call the fx
    graph already ran, so every node of the diagram has a value, exactly as the model computes it.

    Parameters
    ----------
    graph : Graph
        The document ``module`` was compiled from.
    module : torch.fx.GraphModule
        ``build_module(graph)``, on any device.

    Raises
    ------
    NodeFailure
        from ``run_inputs`` and ``value_of``: naming the netstudio node that raised, the shapes it received
        and PyTorch's message.
    """

    def __init__(self, graph: Graph, module: fx.GraphModule) -> None:
        # keep every value: outputs are read after the run, and recomputed nodes read their inputs
        super().__init__(module, garbage_collect_values=False)
        self.extra_traceback = False   # NodeFailure already names the node; fx would append its own dump
        # the module was compiled from the flat graph: its fx targets are flat ids (layer1_0__conv1); a Block
        # node's value is that of the inner node giving its output
        self.expansion = expand(graph)
        self.document = self.expansion.graph
        self.value_nodes: dict[tuple[str, int], fx.Node] = {}   # (node id, port) -> the fx node holding it
        self.module_calls: dict[str, fx.Node] = {}               # node id -> its call_module fx node
        self.owners: dict[fx.Node, str] = {}                     # fx node -> the netstudio node it belongs to
        self._recomputed: dict[str, list] = {}
        self._map_fx_nodes()

    def _map_fx_nodes(self) -> None:
        names = _output_names(self.document)
        for n in self.graph.nodes:
            if n.op in ("placeholder", "call_module"):      # target is the node id, whatever fx named it
                self.owners[n] = n.target
                if n.op == "placeholder" or require_spec(self.document.node(n.target).type).forward is None:
                    self.value_nodes[(n.target, 0)] = n
                else:
                    self.module_calls[n.target] = n        # LSTM, attention: outputs are picked from a tuple
            elif n.name in names:
                self.owners[n] = names[n.name][0]
                self.value_nodes.setdefault(names[n.name], n)
        # helper values inside one layer (``x.shape`` before a reshape, ``out[1]`` of an LSTM) belong
        # to the node that reads them; users come later in the graph, so walk it backwards
        for n in reversed(self.graph.nodes):
            if n not in self.owners:
                owner = next((self.owners[u] for u in n.users if u in self.owners), None)
                if owner is not None:
                    self.owners[n] = owner

    def run_inputs(self, inputs: tuple) -> None:
        """Run the graph on ``inputs``, one tensor per Input node in file order (``module.input_names``)."""
        input_ids = [n.id for n in self.document if n.type == "Input"]
        feed = dict(zip(input_ids, inputs))
        self.run(*(feed[n.target] for n in self.graph.nodes if n.op == "placeholder"))

    def run_node(self, n: fx.Node) -> Any:
        try:
            return super().run_node(n)
        except NodeFailure:
            raise
        except Exception as exc:  # any layer error: say which node and what it received
            node_id = self.owners.get(n)
            if node_id is None:
                raise
            raise self._failure(node_id, exc) from None

    def value_of(self, node_id: str, port: int = 0) -> Any:
        """The value output ``port`` of netstudio node ``node_id`` took in the last ``run``."""
        if node_id in self.expansion.output_ports:
            flat_id, flat_port = self.expansion.output_ports[node_id][port]
            return self.value_of(flat_id, flat_port)
        fx_node = self.value_nodes.get((node_id, port))
        if fx_node is not None and fx_node in self.env:
            return self.env[fx_node]
        return self._recompute(node_id)[port]

    def _inputs(self, node_id: str) -> list:
        return [self.value_of(e.src, e.src_port) for e in self.document.in_edges(node_id)]

    def _recompute(self, node_id: str) -> list:
        """All outputs of a node the fx graph holds no value for (see the class docstring)."""
        if node_id not in self._recomputed:
            node = self.document.node(node_id)
            spec = require_spec(node.type)
            inputs = self._inputs(node_id)
            call = self.module_calls.get(node_id)
            if call is not None and call in self.env:
                module = lambda *args, **kwargs: self.env[call]  # noqa: E731 - the call fx already made
            else:
                module = self.module._modules.get(node_id) if spec.torch_class else None
            try:
                self._recomputed[node_id] = apply(spec, module, inputs, spec.resolved(node.params))
            except Exception as exc:  # noqa: BLE001 - same report as a failure inside the fx run
                raise self._failure(node_id, exc, inputs) from None
        return self._recomputed[node_id]

    def _failure(self, node_id: str, exc: BaseException, inputs: list | None = None) -> NodeFailure:
        node = self.document.node(node_id)
        try:
            inputs = self._inputs(node_id) if inputs is None else inputs
        except NodeFailure:  # an input cannot be shown: the message still names the node
            inputs = []
        got = " and ".join(_describe(v) for v in inputs)
        return NodeFailure(node_id, f"{node.type} failed on input {got}: {_first_line(exc)}", exc)


def run_nodes(graph: Graph, module: fx.GraphModule, inputs: tuple, wanted: Iterable[str] | None = None
              ) -> dict[str, torch.Tensor]:
    """Run the graph on ``inputs`` (one tensor per Input node, in file order).

    Returns the first output of every node in ``wanted`` (every node when None), detached.

    Raises
    ------
    NodeFailure
        naming the node that raised, the shapes it received and PyTorch's message.
    """
    interpreter = NodeInterpreter(graph, module)
    interpreter.run_inputs(inputs)
    captured: dict[str, torch.Tensor] = {}
    for node_id in (n.id for n in graph) if wanted is None else wanted:
        value = interpreter.value_of(node_id)
        if isinstance(value, torch.Tensor):
            captured[node_id] = value.detach()
    return captured


def locate_failure(graph: Graph, module: fx.GraphModule, inputs: tuple) -> NodeFailure | None:
    """Re-run a failed forward node by node; the NodeFailure naming the culprit, or None if it passes."""
    try:
        with torch.no_grad():
            run_nodes(graph, module, inputs, wanted=())
    except NodeFailure as failure:
        return failure
    return None


def activations(graph: Graph, module: fx.GraphModule, inputs: tuple, nodes: Iterable[str]) -> dict[str, np.ndarray]:
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


def conv_filters(module: nn.Module) -> dict[str, np.ndarray]:
    """Weights of the convolution layers, (out, in, kh, kw) CPU arrays, keyed by node id."""
    out = {}
    for name, sub in module.named_children():
        if isinstance(sub, (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)):
            w = sub.weight.detach()
            if w.numel() <= MAX_FILTER_VALUES:
                # a copy: on the CPU .numpy() would share memory with the weights the optimizer updates
                out[name] = w.to("cpu", torch.float32, copy=True).numpy()
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


# ----- activation statistics while training -----
SATURATING = (nn.Sigmoid, nn.Tanh, nn.Hardsigmoid, nn.Hardtanh)
ACTIVATION_KEYS = ("mean", "std", "zeros", "dead", "saturated")


COUNT_SAMPLE = 1 << 16   # zeros and saturation are counted on at most this many evenly spaced values


def output_stats(module: nn.Module, y: torch.Tensor) -> torch.Tensor:
    """[mean, std, zeros, dead, saturated] of one layer's batch output, as one tensor on its device.

    ``zeros``: the fraction of values exactly 0; ``dead``: the fraction of units (channels of image maps,
    else features, the last dimension) that are 0 for every sample of the batch; ``saturated``: for
    sigmoid/tanh-like layers the fraction of values on the flat ends (within 2% of the range's ends), else NaN.

    Why these operations: on a CPU here, element-wise passes (``abs``, ``sign``, a comparison) over a conv
    layer's output took 10-50 times as long as a sum, a ``dot`` or an ``amax``, and doubled the cost of a
    sampled step. Mean, std and dead units are exact from sums and per-unit max/min; zeros and saturation
    are counted on at most ``COUNT_SAMPLE`` evenly spaced values (exact below that size).
    """
    y = y.detach()
    if y.dtype != torch.float32:
        y = y.float()
    f = y.reshape(-1)
    n = f.numel()
    total, squares = f.sum(), torch.dot(f, f)
    mean = total / n
    std = ((squares - total * mean) / max(n - 1, 1)).clamp(min=0).sqrt()
    if y.dim() == 4:
        dims = (0, 2, 3)                  # per channel
    elif y.dim() >= 2:
        y, dims = y.reshape(-1, y.shape[-1]), (0,)   # per feature
    else:
        y, dims = y.reshape(1, -1), (1,)
    dead = ((y.amax(dim=dims) == 0) & (y.amin(dim=dims) == 0)).float().mean()
    sample = f[::-(-n // COUNT_SAMPLE)] if n > COUNT_SAMPLE else f
    zeros = (sample == 0).sum() / sample.numel()
    if isinstance(module, (nn.Tanh, nn.Hardtanh)):
        sat = (sample.abs() > 0.98).sum() / sample.numel()
    elif isinstance(module, (nn.Sigmoid, nn.Hardsigmoid)):
        sat = ((sample < 0.02) | (sample > 0.98)).sum() / sample.numel()
    else:
        sat = f.new_full((), float("nan"))
    return torch.stack([mean, std, zeros.float(), dead, sat.float()])


class ActivationProbe:
    """Forward hooks on every layer (submodule, named by its node id) of a model, for one training step.

    ``attach`` before the step, ``detach`` after it; ``stats()`` then has, per node, the statistics of
    ``output_stats`` of what it output during the step. Only sampled steps carry hooks, and the numbers
    stay on the device until ``stats`` fetches them all in one transfer. A layer called more than once
    in a step (a GAN's discriminator on real and fake images) keeps its last call.
    """

    def __init__(self) -> None:
        self._handles: list = []
        self._pending: dict[str, torch.Tensor] = {}

    @property
    def attached(self) -> bool:
        return bool(self._handles)

    def attach(self, module: nn.Module, prefix: str = "") -> None:
        for name, sub in module.named_children():
            self._handles.append(sub.register_forward_hook(self._hook(prefix + name)))

    def _hook(self, key: str):
        def record(module, _inputs, output) -> None:
            y = output[0] if isinstance(output, (tuple, list)) and output else output
            if isinstance(y, torch.Tensor) and y.is_floating_point() and y.numel():
                with torch.no_grad():
                    self._pending[key] = output_stats(module, y)
        return record

    def detach(self) -> None:
        for h in self._handles:
            h.remove()
        self._handles = []

    def stats(self) -> dict[str, dict[str, float]]:
        """What the hooks saw since the last call ({} when nothing), as floats (NaN dropped)."""
        pending, self._pending = self._pending, {}
        if not pending:
            return {}
        table = torch.stack(list(pending.values())).cpu().tolist()
        out = {}
        for key, row in zip(pending, table):
            out[key] = {k: float(v) for k, v in zip(ACTIVATION_KEYS, row) if v == v}
        return out

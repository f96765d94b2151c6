"""What every layer costs, from the inferred shapes alone (no torch, nothing runs).

Conventions
-----------
- ``macs``: multiply-adds of one sample's forward pass in the matrix products and convolutions of a
  layer (Linear, convolutions, recurrent layers, attention). ``flops = 2 * macs``, the convention of
  ``torch.utils.flop_counter.FlopCounterMode``. Element-wise work (activations, pooling, norms,
  additions, biases, softmax) is counted as 0, as FlopCounterMode does: it is memory-bound and small.
- Parameter memory: bytes of the parameters by dtype (NetStudio builds float32 layers: 4 bytes each).
- Activation memory: the node's output tensor(s) for a batch, in their own dtypes (float32: 4 bytes).
- Training memory: weights + gradients + optimizer state + the activations kept for backward: the
  outputs of the layers that allocate one (Flatten, Reshape and other views share their input's memory)
  and what some layers save inside (``SAVED_INSIDE``: pooling indices, dropout masks, gates, attention).
Sizes are decimal: 1 KB = 1,000 bytes, 1 MB = 10**6 bytes, as the GB of ``training.memory``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import Callable

from netstudio.core.blocks import expand, has_blocks
from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph
from netstudio.layers import get_spec

BYTES_PER_VALUE = {"float32": 4, "float64": 8, "float16": 2, "bfloat16": 2, "int64": 8, "int32": 4,
                   "int16": 2, "int8": 1, "uint8": 1, "bool": 1}
# layers whose output is a view of their input: they allocate nothing and keep nothing for backward
VIEW_TYPES = frozenset({"Flatten", "Unflatten", "Reshape", "Identity", "Output", "Permute", "Select", "Split"})
GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}


def _as_list(value, length: int) -> list[int]:
    return list(value) if isinstance(value, (list, tuple)) else [value] * length


# ----- multiply-adds per sample, one function per layer type (shapes exclude the batch) -----
def _linear(p, ins, outs) -> int:
    x = ins[0]                                   # (..., in_features)
    return prod(x[:-1]) * x[-1] * p["out_features"]


def _conv(p, ins, outs) -> int:
    c_in, out = ins[0][0], outs[0]               # out: (C_out, *spatial)
    return prod(out) * (c_in // p.get("groups", 1)) * prod(_as_list(p["kernel_size"], len(out) - 1))


def _conv_transpose(p, ins, outs) -> int:
    x = ins[0]                                   # each input value is spread over a kernel of every output group
    return prod(x) * (p["out_channels"] // p.get("groups", 1)) * prod(_as_list(p["kernel_size"], len(x) - 1))


def _recurrent(gates: int) -> Callable:
    def macs(p, ins, outs) -> int:
        steps, features = ins[0]                 # (T, F)
        hidden, dirs = p["hidden_size"], 2 if p.get("bidirectional") else 1
        per_step = 0
        for layer in range(p.get("num_layers", 1)):
            width = features if layer == 0 else hidden * dirs
            per_step += dirs * gates * hidden * (width + hidden)   # input and hidden projections
        return steps * per_step
    return macs


def _attention_macs(tq: int, tk: int, embed: int, kdim: int, vdim: int) -> int:
    projections = tq * embed * embed + tk * kdim * embed + tk * vdim * embed + tq * embed * embed
    return projections + 2 * tq * tk * embed     # scores q.k and the weighted sum of values, over all heads


def _multihead(p, ins, outs) -> int:
    q = ins[0]
    k = ins[1] if len(ins) > 1 else q
    v = ins[2] if len(ins) > 2 else k
    return _attention_macs(q[0], k[0], q[-1], k[-1], v[-1])


def _transformer_encoder(p, ins, outs) -> int:
    steps, d = ins[0]
    return _attention_macs(steps, steps, d, d, d) + 2 * steps * d * p["dim_feedforward"]


MACS: dict[str, Callable] = {
    "Linear": _linear, "Conv1d": _conv, "Conv2d": _conv, "ConvTranspose2d": _conv_transpose,
    "RNN": _recurrent(1), "GRU": _recurrent(3), "LSTM": _recurrent(4),
    "MultiheadAttention": _multihead, "TransformerEncoderLayer": _transformer_encoder,
}


# ----- what training keeps inside a layer for backward, besides its output (float32 values per sample) -----
# Fitted to the tensors PyTorch 2.x's CPU kernels save (measured with autograd's saved_tensors_hooks):
# max pooling keeps int64 indices, dropout its mask, recurrent layers their gates at every step
# (per step, layer and direction: about 2 x hidden for RNN, 8 x for GRU, 24 x for LSTM's oneDNN kernel),
# attention its projections and the attention weights.
RECURRENT_SAVED = {"RNN": 2, "GRU": 8, "LSTM": 24}


def _recurrent_saved(p, ins, outs) -> int:
    dirs = 2 if p.get("bidirectional") else 1
    return ins[0][0] * p["hidden_size"] * p.get("num_layers", 1) * dirs


def _attention_saved(tq: int, tk: int, embed: int, heads: int) -> int:
    return 6 * tq * embed + heads * tq * tk


def _multihead_saved(p, ins, outs) -> int:
    k = ins[1] if len(ins) > 1 else ins[0]
    return _attention_saved(ins[0][0], k[0], ins[0][-1], p["num_heads"])


def _transformer_saved(p, ins, outs) -> int:
    steps, d = ins[0]
    return _attention_saved(steps, steps, d, p["nhead"]) + 12 * steps * d + 3 * steps * p["dim_feedforward"]


SAVED_INSIDE: dict[str, Callable] = {
    "MaxPool1d": lambda p, ins, outs: 2 * prod(outs[0]), "MaxPool2d": lambda p, ins, outs: 2 * prod(outs[0]),
    "AdaptiveMaxPool2d": lambda p, ins, outs: 2 * prod(outs[0]), "Dropout": lambda p, ins, outs: prod(outs[0]),
    **{name: (lambda k: lambda p, ins, outs: k * _recurrent_saved(p, ins, outs))(k)
       for name, k in RECURRENT_SAVED.items()},
    "MultiheadAttention": _multihead_saved, "TransformerEncoderLayer": _transformer_saved,
}


def _per_type(table: dict, type_name: str, params: dict, in_shapes, out_shapes) -> int:
    formula = table.get(type_name)
    if formula is None:
        return 0
    spec = get_spec(type_name)
    return int(formula(spec.resolved(params) if spec else params, list(in_shapes), list(out_shapes)))


def layer_macs(type_name: str, params: dict, in_shapes, out_shapes) -> int:
    """Multiply-adds of one sample through a layer (0 for the element-wise and structural ones)."""
    return _per_type(MACS, type_name, params, in_shapes, out_shapes)


def layer_saved_values(type_name: str, params: dict, in_shapes, out_shapes) -> int:
    """float32 values per sample a layer keeps for backward besides its output (an estimate)."""
    return _per_type(SAVED_INSIDE, type_name, params, in_shapes, out_shapes)


# ----- optimizer state -----
def optimizer_state_copies(optimizer: dict | None) -> int:
    """How many float copies of the weights ``optimizer`` keeps (torch.optim's state tensors)."""
    opt = optimizer or {"type": "adam"}
    kind = opt.get("type", "adam")
    if kind == "sgd":
        return 1 if opt.get("momentum") else 0                       # momentum_buffer
    if kind in ("adam", "adamw"):
        return 2 + (1 if opt.get("amsgrad") else 0)                   # exp_avg, exp_avg_sq (+ max_exp_avg_sq)
    if kind == "rmsprop":
        return 1 + bool(opt.get("momentum")) + bool(opt.get("centered"))   # square_avg, momentum_buffer, grad_avg
    if kind == "adadelta":
        return 2                                                      # square_avg, acc_delta
    if kind == "adagrad":
        return 1                                                      # sum
    return 2


# ----- per node and per graph -----
@dataclass(frozen=True)
class NodeCost:
    """One node's cost; ``macs`` per sample, the memory for a batch of ``batch_size``."""

    macs: int
    params: int
    param_bytes: dict[str, int]
    activation_bytes: int          # the node's output tensor(s) for the batch
    saved_bytes: int               # what training keeps for backward: the output and what the layer saves inside

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def param_memory(self) -> int:
        return sum(self.param_bytes.values())


@dataclass
class GraphCost:
    """Per-node costs and the totals of one graph for a batch size and an optimizer."""

    batch_size: int
    optimizer: str
    state_copies: int
    nodes: dict[str, NodeCost] = field(default_factory=dict)

    @property
    def macs(self) -> int:
        return sum(c.macs for c in self.nodes.values())

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def params(self) -> int:
        return sum(c.params for c in self.nodes.values())

    @property
    def param_bytes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.nodes.values():
            for dtype, n in c.param_bytes.items():
                out[dtype] = out.get(dtype, 0) + n
        return out

    @property
    def param_memory(self) -> int:
        return sum(self.param_bytes.values())

    @property
    def activation_bytes(self) -> int:
        return sum(c.activation_bytes for c in self.nodes.values())

    @property
    def saved_bytes(self) -> int:
        return sum(c.saved_bytes for c in self.nodes.values())

    @property
    def training_bytes(self) -> int:
        """Weights + gradients + optimizer state + activations kept for backward."""
        return self.param_memory * (2 + self.state_copies) + self.saved_bytes

    def to_json(self) -> dict:
        return {"batch_size": self.batch_size, "optimizer": self.optimizer, "macs": self.macs, "flops": self.flops,
                "param_bytes": self.param_bytes, "activation_bytes": self.activation_bytes,
                "training_bytes": {"weights": self.param_memory, "gradients": self.param_memory,
                                   "optimizer_state": self.param_memory * self.state_copies,
                                   "activations": self.saved_bytes, "total": self.training_bytes}}


def node_cost(type_name: str, params: dict, info, batch_size: int) -> NodeCost | None:
    """The cost of a node whose shapes are known (``info`` from ShapeInference), else None."""
    if info is None or not info.ok:
        return None
    try:
        macs = layer_macs(type_name, params, info.in_shapes, info.out_shapes)
        inside = layer_saved_values(type_name, params, info.in_shapes, info.out_shapes) * 4 * batch_size
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):   # params mid-edit
        macs = inside = 0
    outputs = sum(prod(s) * BYTES_PER_VALUE.get(d, 4) for s, d in zip(info.out_shapes, info.out_dtypes))
    activation = outputs * batch_size
    saved = 0 if type_name in VIEW_TYPES else activation + inside
    param_bytes = {"float32": info.param_count * 4} if info.param_count else {}
    return NodeCost(macs, info.param_count, param_bytes, activation, saved)


def graph_cost(graph: Graph, infos: dict, batch_size: int, optimizer: dict | None = None) -> GraphCost:
    """``node_cost`` of every node of ``graph`` with known shapes, for ``batch_size`` and ``optimizer``."""
    kind = (optimizer or {}).get("type", "adam")
    out = GraphCost(batch_size, kind, optimizer_state_copies(optimizer))
    flat = None
    if has_blocks(graph):
        try:
            flat = expand(graph).graph
        except GraphError:  # the clash is reported by inference; its nodes have no shapes
            flat = None
    for node in graph:
        info = infos.get(node.id)
        if info is not None and info.inner is not None and flat is not None:
            cost = _block_cost(flat, info, batch_size)   # a Block node: the sum of its layers
        else:
            cost = node_cost(node.type, node.params, info, batch_size)
        if cost is not None:
            out.nodes[node.id] = cost
    return out


def _block_cost(flat: Graph, info, batch_size: int) -> NodeCost | None:
    if not info.ok:
        return None
    parts = [node_cost(flat.node(fid).type, flat.node(fid).params, inner, batch_size)
             for fid, inner in info.inner.items() if fid in flat]
    parts = [p for p in parts if p is not None]
    param_bytes: dict[str, int] = {}
    for p in parts:
        for dtype, n in p.param_bytes.items():
            param_bytes[dtype] = param_bytes.get(dtype, 0) + n
    return NodeCost(sum(p.macs for p in parts), sum(p.params for p in parts), param_bytes,
                    sum(p.activation_bytes for p in parts), sum(p.saved_bytes for p in parts))


# ----- human-readable units -----
def _scaled(value: float, units: tuple[str, ...]) -> str:
    """Three significant digits with the largest prefix that keeps the number under 1,000."""
    for i, unit in enumerate(units):
        if abs(value) < 999.5 or i == len(units) - 1:
            if i == 0:
                return f"{value:,.0f} {unit}"
            digits = 0 if abs(value) >= 99.95 else 1 if abs(value) >= 9.995 else 2
            return f"{value:,.{digits}f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def flops_text(flops: int) -> str:
    """``1.2 MFLOPs``: decimal prefixes k, M, G, T."""
    return _scaled(flops, ("FLOPs", "kFLOPs", "MFLOPs", "GFLOPs", "TFLOPs"))


def bytes_text(n: int) -> str:
    """``3.1 MB``: decimal units, as ``training.memory`` counts GB."""
    return _scaled(n, ("B", "KB", "MB", "GB", "TB"))

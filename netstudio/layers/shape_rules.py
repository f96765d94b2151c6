"""Output shapes and parameter counts of the common layers by arithmetic, without torch (torch-free, Qt-free).

Why: shapes used to come only from running each layer on ``torch.device("meta")``, which needs torch
imported (about 3 s here) and costs 0.5-1.5 s the first time a layer type runs. A new user's first
window, ``netstudio check`` and the importer's densenet121 all waited for it. These rules answer the
layers that nearly every graph is made of in microseconds; the meta device stays the authority for
everything else.

The contract: ``outputs`` returns either exactly what the meta run gives (shapes, dtypes and parameter
count) or None, meaning "ask PyTorch". It answers only float32 inputs (int64 for Embedding) that the
layer's own check already accepted, and returns None for anything doubtful (a size that is not positive,
a padding mode, an interpolation mode, broadcasting it does not model), so PyTorch's own refusal and its
translated sentence still come from the meta run. ``tests/test_shape_rules.py`` checks the contract with
hypothesis against the meta device for every type listed in ``RULE_TYPES``.

The size formulas are ``formulas``'s, the same ones the inspector shows filled in.
"""

from __future__ import annotations

import math
import os
from typing import Callable

from .formulas import worked
from .spec import Shape

Result = tuple[list[Shape], list[str], int]
# benchmarks/bench_startup.py measures the program as it was before these rules with this set to "1"
ENABLED = os.environ.get("NETSTUDIO_NO_SHAPE_RULES") != "1"
_SAME_SHAPE = ("Identity", "Output", "Dropout", "Dropout2d", "StochasticDepth", "ReLU", "LeakyReLU", "ELU", "GELU",
               "SiLU", "Sigmoid", "Tanh", "Softplus", "ReLU6", "Hardswish", "Hardsigmoid")


def _fill(type_name: str, params: dict, shapes: list[Shape], out: list[list]) -> int | None:
    """Write ``formulas``'s sizes into ``out`` (mutable output shapes); the parameter count, or None when a
    size is not positive (PyTorch refuses: let it say why)."""
    count = 0
    for w in worked(type_name, params, shapes):
        if w.target[0] == "params":
            count = w.value
            continue
        if w.value <= 0:
            return None
        _kind, port, dim = w.target
        out[port][dim] = w.value
    return count


def _same(p, shapes) -> tuple[list[Shape], int] | None:
    return [shapes[0]], 0


def _softmax(p, shapes):
    rank = len(shapes[0]) + 1
    return ([shapes[0]], 0) if -rank <= p.get("dim", -1) < rank else None


def _prelu(p, shapes):
    n = p.get("num_parameters", 1)
    if n != 1 and (not shapes[0] or shapes[0][0] != n):
        return None
    return [shapes[0]], n


def _by_formulas(type_name: str, out_channels: str | None = None, rank: int | None = None):
    """A rule whose output keeps the input's shape except the sizes the formulas compute."""
    def rule(p, shapes):
        if rank is not None and len(shapes[0]) != rank:
            return None
        out = [list(shapes[0])]
        if out_channels is not None:
            out[0][0] = p[out_channels]
        count = _fill(type_name, p, shapes, out)
        return None if count is None else ([tuple(out[0])], count)
    return rule


def _conv(type_name: str, n: int, transpose: bool = False):
    inner = _by_formulas(type_name, "out_channels", n + 1)

    def rule(p, shapes):
        c_in, groups = shapes[0][0], p.get("groups", 1)
        k, s = _dims(p["kernel_size"], n), _dims(p.get("stride", 1), n)
        d = _dims(p.get("dilation", 1), n)
        if groups < 1 or c_in % groups or p["out_channels"] % groups or min(k + s + d) < 1:
            return None
        if p.get("padding_mode", "zeros") != "zeros":
            return None
        pad = p.get("padding", 0)
        if isinstance(pad, str) and (pad != "valid" and (pad != "same" or max(s) != 1)):
            return None
        if not isinstance(pad, str) and min(_dims(pad, n)) < 0:
            return None
        if transpose:
            op = _dims(p.get("output_padding", 0), n)
            if any(o < 0 or (o >= si and o >= di) for o, si, di in zip(op, s, d)):
                return None
        return inner(p, shapes)
    return rule


def _pool(type_name: str, n: int, avg: bool = False):
    inner = _by_formulas(type_name, None, n + 1)

    def rule(p, shapes):
        k = _dims(p["kernel_size"], n)
        s = _dims(p.get("stride") if p.get("stride") is not None else p["kernel_size"], n)
        pad, d = _dims(p.get("padding", 0), n), _dims(1 if avg else p.get("dilation", 1), n)
        if min(k + s + d) < 1 or min(pad) < 0 or any(2 * pi > ki for pi, ki in zip(pad, k)):
            return None
        return inner(p, shapes)
    return rule


def _adaptive(p, shapes):
    if len(shapes[0]) != 3 or min(shapes[0]) < 1:
        return None
    size = _dims(p["output_size"], 2)
    if any(v is not None and v < 1 for v in size):   # torch refuses 0 (and -1 is not "keep")
        return None
    return [(shapes[0][0], *(have if want is None else want for want, have in zip(size, shapes[0][1:])))], 0


def _norm(type_name: str, ranks: tuple[int, ...]):
    def rule(p, shapes):
        if len(shapes[0]) not in ranks:
            return None
        if type_name == "GroupNorm" and (p["num_groups"] < 1 or shapes[0][0] % p["num_groups"]):
            return None
        return [shapes[0]], _fill(type_name, p, shapes, [list(shapes[0])]) or 0
    return rule


def _layer_norm(p, shapes):
    normalized = list(p.get("normalized_shape") or [shapes[0][-1]] if shapes[0] else [])
    if not normalized or list(shapes[0][len(shapes[0]) - len(normalized):]) != normalized:
        return None
    return [shapes[0]], _fill("LayerNorm", p, shapes, [list(shapes[0])]) or 0


def _linear(p, shapes):
    if not shapes[0] or p["out_features"] < 1:
        return None
    return [(*shapes[0][:-1], p["out_features"])], _fill("Linear", p, shapes, [list(shapes[0])])


def _flatten(p, shapes):
    full = (2, *shapes[0])
    rank = len(full)
    start, end = p.get("start_dim", 1), p.get("end_dim", -1)
    if not (-rank <= start < rank and -rank <= end < rank):
        return None
    start, end = start % rank, end % rank
    if start == 0 or start > end:
        return None
    flat = (*full[:start], math.prod(full[start:end + 1]), *full[end + 1:])
    return [flat[1:]], 0


def _broadcast(p, shapes):
    # equal shapes only: broadcasting is PyTorch's to judge (and it is rare in a graph)
    return ([shapes[0]], 0) if len(set(shapes)) == 1 else None


def _concat(p, shapes):
    rank = len(shapes[0]) + 1
    dim = p.get("dim", 1)
    if len({len(s) for s in shapes}) != 1 or not -rank <= dim < rank or dim % rank == 0:
        return None
    axis = dim % rank - 1
    if len({s[:axis] + s[axis + 1:] for s in shapes}) != 1:
        return None
    return [(*shapes[0][:axis], sum(s[axis] for s in shapes), *shapes[0][axis + 1:])], 0


def _axis(dim: int, shape: Shape) -> int | None:
    """The sample axis (0-based, batch excluded) of PyTorch dim ``dim``, or None for the batch or out of range."""
    rank = len(shape) + 1
    if not -rank <= dim < rank or dim % rank == 0:
        return None
    return dim % rank - 1


def _reshape(p, shapes):
    total, target = math.prod(shapes[0]), list(p["shape"])
    known = math.prod(d for d in target if d != -1)
    if target.count(-1) > 1 or any(d < -1 or d == 0 for d in target) or known == 0:
        return None
    if -1 in target:
        if total % known:
            return None
        target[target.index(-1)] = total // known
    return ([tuple(target)], 0) if math.prod(target) == total else None


def _unflatten(p, shapes):
    axis, sizes = _axis(p.get("dim", 1), shapes[0]), list(p["unflattened_size"])
    if axis is None or sizes.count(-1) > 1 or any(d < -1 or d == 0 for d in sizes):
        return None
    have, known = shapes[0][axis], math.prod(d for d in sizes if d != -1)
    if -1 in sizes:
        if have % known:
            return None
        sizes[sizes.index(-1)] = have // known
    if math.prod(sizes) != have:
        return None
    return [(*shapes[0][:axis], *sizes, *shapes[0][axis + 1:])], 0


def _permute(p, shapes):
    dims = p["dims"] if isinstance(p["dims"], list) else [p["dims"]]
    rank = len(shapes[0]) + 1
    if len(dims) != rank or any(not -rank <= d < rank for d in dims):
        return None
    order = [d % rank for d in dims]
    if sorted(order) != list(range(rank)) or order[0] != 0:
        return None
    full = (2, *shapes[0])
    return [tuple(full[d] for d in order[1:])], 0


def _mean(p, shapes):
    dims = p["dim"] if isinstance(p["dim"], list) else [p["dim"]]
    axes = [_axis(d, shapes[0]) for d in dims]
    if None in axes or len(set(axes)) != len(axes):
        return None
    if p.get("keepdim", False):
        return [tuple(1 if i in axes else s for i, s in enumerate(shapes[0]))], 0
    return [tuple(s for i, s in enumerate(shapes[0]) if i not in axes)], 0


def _select(p, shapes):
    axis = _axis(p.get("dim", 1), shapes[0])
    if axis is None or not -shapes[0][axis] <= p.get("index", -1) < shapes[0][axis]:
        return None
    return [shapes[0][:axis] + shapes[0][axis + 1:]], 0


def _split(p, shapes):
    axis, chunks = _axis(p.get("dim", 1), shapes[0]), p.get("chunks", 2)
    if axis is None or chunks < 1 or shapes[0][axis] % chunks:
        return None
    part = (*shapes[0][:axis], shapes[0][axis] // chunks, *shapes[0][axis + 1:])
    return [part] * chunks, 0


def _upsample(p, shapes):
    # nearest only: the other modes each accept one rank and have their own rules for align_corners
    if p.get("mode", "nearest") != "nearest" or not 2 <= len(shapes[0]) <= 4:
        return None
    if (p.get("size") is None) == (p.get("scale_factor") is None):
        return None
    if p.get("scale_factor") is not None and p["scale_factor"] <= 0:
        return None
    if isinstance(p.get("size"), list) and len(p["size"]) != len(shapes[0]) - 1:
        return None
    return _by_formulas("Upsample")(p, shapes)


def _recurrent(type_name: str):
    def rule(p, shapes):
        if len(shapes[0]) != 2 or min(shapes[0]) < 1:
            return None
        out = [list(shapes[0]), [0]]
        count = _fill(type_name, p, shapes, out)
        return None if count is None else ([tuple(o) for o in out], count)
    return rule


def _sequence(type_name: str):
    def rule(p, shapes):
        if len(shapes[0]) != 2 or min(shapes[0]) < 1:
            return None
        return [shapes[0]], _fill(type_name, p, shapes, [list(shapes[0])]) or 0
    return rule


def _attention(p, shapes):
    if len(shapes) > 1 and any(len(s) != 2 or min(s) < 1 for s in shapes):
        return None
    if len(shapes[0]) != 2 or min(shapes[0]) < 1 or shapes[0][-1] % p["num_heads"]:
        return None
    return [shapes[0]], _fill("MultiheadAttention", p, shapes, [list(shapes[0])])


def _embedding(p, shapes):
    if min(shapes[0], default=1) < 1:
        return None
    padding = p.get("padding_idx")
    if padding is not None and not -p["num_embeddings"] <= padding < p["num_embeddings"]:
        return None
    return [(*shapes[0], p["embedding_dim"])], p["num_embeddings"] * p["embedding_dim"]


def _dims(value, n: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


_RULES: dict[str, Callable] = {
    **{name: _same for name in _SAME_SHAPE},
    "Softmax": _softmax, "LogSoftmax": _softmax, "PReLU": _prelu,
    "Conv1d": _conv("Conv1d", 1), "Conv2d": _conv("Conv2d", 2),
    "ConvTranspose2d": _conv("ConvTranspose2d", 2, transpose=True),
    "MaxPool1d": _pool("MaxPool1d", 1), "MaxPool2d": _pool("MaxPool2d", 2),
    "AvgPool2d": _pool("AvgPool2d", 2, avg=True),
    "AdaptiveAvgPool2d": _adaptive, "AdaptiveMaxPool2d": _adaptive,
    "BatchNorm1d": _norm("BatchNorm1d", (1, 2)), "BatchNorm2d": _norm("BatchNorm2d", (3,)),
    "GroupNorm": _norm("GroupNorm", (1, 2, 3, 4)), "LayerNorm": _layer_norm,
    "Linear": _linear, "Flatten": _flatten, "Add": _broadcast, "Multiply": _broadcast, "Concat": _concat,
    "Reshape": _reshape, "Unflatten": _unflatten, "Permute": _permute, "Mean": _mean, "Select": _select,
    "Split": _split, "Upsample": _upsample,
    "RNN": _recurrent("RNN"), "LSTM": _recurrent("LSTM"), "GRU": _recurrent("GRU"),
    "MultiheadAttention": _attention, "TransformerEncoderLayer": _sequence("TransformerEncoderLayer"),
    "PositionalEncoding": _sequence("PositionalEncoding"), "Embedding": _embedding,
}

#: The layer types these rules can answer (for some parameters and inputs; None otherwise).
RULE_TYPES: frozenset[str] = frozenset(_RULES)


def outputs(type_name: str, params: dict, shapes: list[Shape], dtypes: list[str]) -> Result | None:
    """(output shapes, output dtypes, parameter count) as the meta run would give them, or None to ask PyTorch.

    ``params`` are resolved (``LayerSpec.resolved``) and already passed ``build.check_inputs`` without an error;
    ``shapes`` exclude the batch.
    """
    rule = _RULES.get(type_name)
    if rule is None or not shapes or not ENABLED:
        return None
    wanted = "int64" if type_name == "Embedding" else "float32"
    if any(d != wanted for d in dtypes) or any(min(s, default=1) < 1 for s in shapes):
        return None
    try:
        found = rule(params, [tuple(s) for s in shapes])
    except (IndexError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return None   # params mid-edit: PyTorch says what is wrong
    if found is None:
        return None
    out_shapes, count = found
    return [tuple(s) for s in out_shapes], ["float32"] * len(out_shapes), int(count)

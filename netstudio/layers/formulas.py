"""Worked formulas: a layer's output-size and parameter-count formulas filled in with one node's numbers.

The inspector's "How this is computed" section shows them, and a shape error points at the one whose size
is not positive. Torch-free and Qt-free: it reads the node's params and its input shapes (batch excluded),
so a node whose layer PyTorch refused still gets the arithmetic that shows why. The formulas are PyTorch's
own (torch.nn docs); tests/test_formulas.py checks every filled-in result against shape inference and the
real module's parameter count. Labels are in English and Simplified Chinese, like ``docs``.

Examples
--------
>>> [w.filled for w in worked("Conv2d", {"out_channels": 32, "kernel_size": 3}, [(1, 28, 28)])][0]
'H_out = floor((28 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 26'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .catalog import get_spec
from .docs.formula_words import FORMULA_WORDS
from .explanations import normalize_lang
from .spec import Shape

#: The words around the formulas, {key: {"en", "zh"}} (the formulas themselves are symbols, the same in every
#: language); the data lives beside the layer explanations.
WORDS: dict[str, dict[str, str]] = FORMULA_WORDS


def word(key: str, lang: str = "en") -> str:
    """One label in ``lang`` ("en", "zh", "zh_CN", ...); English for any other language."""
    texts = WORDS[key]
    return texts.get(normalize_lang(lang)) or texts["en"]


@dataclass(frozen=True)
class Worked:
    """One formula: ``symbolic`` in words, ``filled`` with the node's numbers and ending in ``= value``.

    ``target`` says which real value it computes: ("shape", port, dim) for a size of an output shape
    (batch excluded), ("params",) for the parameter count.
    """

    label: str
    symbolic: str
    filled: str
    value: int
    target: tuple
    note: str | None = None   # a WORDS key explaining a correction, e.g. "ceil_drop"

    @property
    def is_size(self) -> bool:
        return self.target[0] == "shape"

    @property
    def impossible(self) -> bool:
        """A size that is zero or negative: the reason a layer refuses its input."""
        return self.is_size and self.value <= 0


def _w(label, target, lhs, symbolic, filled, value, note=None) -> Worked:
    tail = "" if filled == str(value) else f" = {value}"
    return Worked(label, f"{lhs} = {symbolic}", f"{lhs} = {filled}{tail}", int(value), target, note)


def _dims(value, n: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


def _prod(values) -> int:
    return math.prod(values)


# Names of the sizes after the channels: (C, L) sequences, (C, H, W) images, (C, D, H, W) volumes.
_SPATIAL = {1: (("L", "length"),), 2: (("H", "height"), ("W", "width")),
            3: (("D", "depth"), ("H", "height"), ("W", "width"))}


def _conv(p, shapes, n: int, transpose: bool = False) -> list[Worked]:
    c_in, sizes = shapes[0][0], shapes[0][1:]
    k, s, d = _dims(p["kernel_size"], n), _dims(p.get("stride", 1), n), _dims(p.get("dilation", 1), n)
    pad = p.get("padding", 0)
    found = []
    for i, (sym, label) in enumerate(_SPATIAL[n]):
        if pad == "same":
            found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out", f"{sym}_in (padding='same')",
                            str(sizes[i]), sizes[i]))
            continue
        pi = _dims(0 if pad == "valid" else pad, n)[i]
        if transpose:
            op = _dims(p.get("output_padding", 0), n)[i]
            value = (sizes[i] - 1) * s[i] - 2 * pi + d[i] * (k[i] - 1) + op + 1
            found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out",
                            f"({sym}_in - 1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1",
                            f"({sizes[i]} - 1)*{s[i]} - 2*{pi} + {d[i]}*({k[i]}-1) + {op} + 1", value))
        else:
            value = (sizes[i] + 2 * pi - d[i] * (k[i] - 1) - 1) // s[i] + 1
            found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out",
                            f"floor(({sym}_in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1",
                            f"floor(({sizes[i]} + 2*{pi} - {d[i]}*({k[i]}-1) - 1) / {s[i]}) + 1", value))
    out, g = p["out_channels"], p.get("groups", 1)
    kernel_sym = "*".join(("kh", "kw")[:n] if n == 2 else ("k",))
    per_group = f"{c_in // g}" if g == 1 else f"({c_in}/{g})"
    weights = (c_in * (out // g) if transpose else out * (c_in // g)) * _prod(k)
    bias = p.get("bias", True)
    sym = ("in*out/groups" if transpose else "out*in/groups") + f"*{kernel_sym}" + (" + out" if bias else "")
    fill_out = str(out) if g == 1 else f"({out}/{g})"
    filled = ((f"{c_in}*{fill_out}" if transpose else f"{out}*{per_group}") + "*" + "*".join(map(str, k))
              + (f" + {out}" if bias else ""))
    found.append(_w("params", ("params",), "params", sym, filled, weights + (out if bias else 0)))
    return found


def _pool(p, shapes, n: int, avg: bool = False) -> list[Worked]:
    sizes = shapes[0][1:]
    k = _dims(p["kernel_size"], n)
    s = _dims(p.get("stride") if p.get("stride") is not None else p["kernel_size"], n)
    pad, d = _dims(p.get("padding", 0), n), _dims(1 if avg else p.get("dilation", 1), n)
    ceil = bool(p.get("ceil_mode", False))
    rounding = "ceil" if ceil else "floor"
    found = []
    for i, (sym, label) in enumerate(_SPATIAL[n]):
        span = k[i] if avg else d[i] * (k[i] - 1) + 1
        top = sizes[i] + 2 * pad[i] - span
        value = (-(-top // s[i]) if ceil else top // s[i]) + 1
        if avg:
            symbolic, filled = (f"{rounding}(({sym}_in + 2*padding - kernel) / stride) + 1",
                                f"{rounding}(({sizes[i]} + 2*{pad[i]} - {k[i]}) / {s[i]}) + 1")
        else:
            symbolic = f"{rounding}(({sym}_in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1"
            filled = f"{rounding}(({sizes[i]} + 2*{pad[i]} - {d[i]}*({k[i]}-1) - 1) / {s[i]}) + 1"
        note = None
        if ceil and (value - 1) * s[i] >= sizes[i] + pad[i]:   # PyTorch's rule: no window may start in the padding
            value, filled, note = value - 1, filled + " - 1", "ceil_drop"
        found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out", symbolic, filled, value, note))
    return found


def _adaptive(p, shapes) -> list[Worked]:
    size = _dims(p["output_size"], 2)
    return [_w(label, ("shape", 0, i + 1), f"{sym}_out", "output_size", str(size[i]), size[i])
            for i, (sym, label) in enumerate(_SPATIAL[2])]


def _linear(p, shapes) -> list[Worked]:
    i, o, bias = shapes[0][-1], p["out_features"], p.get("bias", True)
    return [_w("params", ("params",), "params", "in*out" + (" + out" if bias else ""),
               f"{i}*{o}" + (f" + {o}" if bias else ""), i * o + (o if bias else 0))]


def _upsample(p, shapes) -> list[Worked]:
    sizes = shapes[0][1:]
    names = _SPATIAL.get(len(sizes))
    if not names:
        return []
    found = []
    for i, (sym, label) in enumerate(names):
        if p.get("size") is not None:
            v = _dims(p["size"], len(sizes))[i]
            found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out", "size", str(v), v))
        elif p.get("scale_factor") is not None:
            f = p["scale_factor"]
            found.append(_w(label, ("shape", 0, i + 1), f"{sym}_out", f"floor({sym}_in*scale_factor)",
                            f"floor({sizes[i]}*{f:g})", math.floor(sizes[i] * float(f))))
    return found


def _norm(count_name: str):
    def formulas(p, shapes):
        if not p.get("affine", True):
            return [_w("params", ("params",), "params", "0 (affine=False)", "0", 0)]
        c = shapes[0][0]
        return [_w("params", ("params",), "params", f"2*{count_name}", f"2*{c}", 2 * c)]
    return formulas


def _layer_norm(p, shapes) -> list[Worked]:
    if not p.get("elementwise_affine", True):
        return [_w("params", ("params",), "params", "0 (elementwise_affine=False)", "0", 0)]
    shape = p.get("normalized_shape") or [shapes[0][-1]]
    copies = 2 if p.get("bias", True) else 1
    return [_w("params", ("params",), "params", f"{copies}*prod(normalized_shape)",
               f"{copies}*" + "*".join(map(str, shape)), copies * _prod(shape))]


def _flatten(p, shapes) -> list[Worked]:
    shape = shapes[0]
    rank = len(shape) + 1
    start, end = p.get("start_dim", 1) % rank, p.get("end_dim", -1) % rank
    if start == 0 or end < start or end == start:
        return []   # flattening the batch, or nothing: no size to compute
    dims = shape[start - 1:end]
    names = {3: "C*H*W", 2: "C*L"}.get(len(shape)) if (start, end) == (1, rank - 1) else None
    return [_w("features", ("shape", 0, start - 1), "features", names or f"prod(dims {start}..{end})",
               "*".join(map(str, dims)), _prod(dims))]


def _concat(p, shapes) -> list[Worked]:
    rank = len(shapes[0]) + 1
    axis = p.get("dim", 1) % rank - 1
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [_w("joined", ("shape", 0, axis), "size", " + ".join(f"size_{letters[i % 26]}" for i in range(len(shapes))),
               " + ".join(str(s[axis]) for s in shapes), sum(s[axis] for s in shapes))]


def _split(p, shapes) -> list[Worked]:
    rank = len(shapes[0]) + 1
    axis, chunks = p.get("dim", 1) % rank - 1, p.get("chunks", 2)
    size = shapes[0][axis]
    # torch.chunk makes parts of ceil(size/chunks); a layer whose size does not divide is refused by its check
    return [_w("part", ("shape", i, axis), "size", "size_in / chunks", f"{size} / {chunks}", -(-size // chunks))
            for i in range(chunks)]


def _minus_one(key: str, base: int = 0):
    """Reshape's or Unflatten's -1: the values left over once the given sizes are taken out."""
    def formulas(p, shapes):
        sizes = p.get(key) or []
        if sizes.count(-1) != 1:
            return []
        if key == "shape":
            total, offset = _prod(shapes[0]), 0
        else:
            rank = len(shapes[0]) + 1
            offset = p.get("dim", 1) % rank - 1
            total = shapes[0][offset]
        known = [d for d in sizes if d != -1]
        return [_w("minus_one", ("shape", 0, offset + sizes.index(-1)), "size", "values / (product of the others)",
                   f"{total} / " + ("(" + "*".join(map(str, known)) + ")" if len(known) > 1 else str(_prod(known))),
                   total // max(1, _prod(known)))]
    return formulas


def _recurrent(gates: int):
    def formulas(p, shapes):
        h, i, layers = p["hidden_size"], shapes[0][-1], p.get("num_layers", 1)
        dirs = 2 if p.get("bidirectional") else 1
        bias = p.get("bias", True)
        b_sym, b_fill = (" + 2*hidden", f" + 2*{h}") if bias else ("", "")
        one = gates * dirs * (h * (i + h) + (2 * h if bias else 0))
        later = gates * dirs * (h * (dirs * h + h) + (2 * h if bias else 0))
        sym = f"{gates}*dirs*(hidden*(input + hidden){b_sym})"
        filled = f"{gates}*{dirs}*({h}*({i} + {h}){b_fill})"
        if layers > 1:
            sym += f" + (layers-1)*{gates}*dirs*(hidden*(dirs*hidden + hidden){b_sym})"
            filled += f" + ({layers}-1)*{gates}*{dirs}*({h}*({dirs}*{h} + {h}){b_fill})"
        return [_w("features", ("shape", 0, 1), "features", "hidden_size*dirs", f"{h}*{dirs}", h * dirs),
                _w("features", ("shape", 1, 0), "features", "hidden_size*dirs", f"{h}*{dirs}", h * dirs),
                _w("params", ("params",), "params", sym, filled, one + (layers - 1) * later)]
    return formulas


def _attention(p, shapes) -> list[Worked]:
    e = shapes[0][-1]
    kdim = shapes[1][-1] if len(shapes) > 1 else e
    vdim = shapes[2][-1] if len(shapes) > 2 else kdim
    bias = p.get("bias", True)
    if kdim == e and vdim == e:
        sym, filled = "4*E*E" + (" + 4*E" if bias else ""), f"4*{e}*{e}" + (f" + 4*{e}" if bias else "")
    else:
        sym = "E*E + E*kdim + E*vdim + E*E" + (" + 4*E" if bias else "")
        filled = f"{e}*{e} + {e}*{kdim} + {e}*{vdim} + {e}*{e}" + (f" + 4*{e}" if bias else "")
    value = 2 * e * e + e * kdim + e * vdim + (4 * e if bias else 0)
    return [_w("params", ("params",), "params", sym, filled, value)]


def _transformer(p, shapes) -> list[Worked]:
    d, ff = shapes[0][-1], p.get("dim_feedforward", 2048)
    # attention 4d²+4d, two Linear layers d·ff+ff and ff·d+d, two LayerNorms 2d each
    return [_w("params", ("params",), "params", "(4*d*d + 4*d) + (d*ff + ff) + (ff*d + d) + 2*(2*d)",
               f"(4*{d}*{d} + 4*{d}) + ({d}*{ff} + {ff}) + ({ff}*{d} + {d}) + 2*(2*{d})",
               4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d)]


def _embedding(p, shapes) -> list[Worked]:
    n, dim = p["num_embeddings"], p["embedding_dim"]
    return [_w("features", ("shape", 0, len(shapes[0])), "features", "embedding_dim", str(dim), dim),
            _w("params", ("params",), "params", "num_embeddings*embedding_dim", f"{n}*{dim}", n * dim)]


def _prelu(p, shapes) -> list[Worked]:
    n = p.get("num_parameters", 1)
    return [_w("params", ("params",), "params", "num_parameters", str(n), n)]


_FORMULAS = {
    "Conv1d": lambda p, s: _conv(p, s, 1), "Conv2d": lambda p, s: _conv(p, s, 2),
    "ConvTranspose2d": lambda p, s: _conv(p, s, 2, transpose=True),
    "MaxPool1d": lambda p, s: _pool(p, s, 1), "MaxPool2d": lambda p, s: _pool(p, s, 2),
    "AvgPool2d": lambda p, s: _pool(p, s, 2, avg=True),
    "AdaptiveAvgPool2d": _adaptive, "AdaptiveMaxPool2d": _adaptive,
    "Linear": _linear, "Upsample": _upsample,
    "BatchNorm1d": _norm("num_features"), "BatchNorm2d": _norm("num_features"), "GroupNorm": _norm("num_channels"),
    "LayerNorm": _layer_norm, "Flatten": _flatten, "Concat": _concat, "Split": _split,
    "Reshape": _minus_one("shape"), "Unflatten": _minus_one("unflattened_size"),
    "RNN": _recurrent(1), "GRU": _recurrent(3), "LSTM": _recurrent(4),
    "MultiheadAttention": _attention, "TransformerEncoderLayer": _transformer,
    "Embedding": _embedding, "PReLU": _prelu,
}

#: The layer types whose output size or parameter count has a formula here.
TYPES_WITH_FORMULAS: frozenset[str] = frozenset(_FORMULAS)


def worked(type_name: str, params: dict, in_shapes: list[Shape] | None) -> list[Worked]:
    """The node's formulas filled in with its numbers; [] when the layer has none or its inputs are not known.

    Parameters
    ----------
    type_name : str
        A catalog layer type such as "Conv2d".
    params : dict
        The node's params as stored (PyTorch's defaults are filled in here).
    in_shapes : list of tuple of int
        The shapes arriving at its input ports, batch excluded.
    """
    spec, compute = get_spec(type_name), _FORMULAS.get(type_name)
    if spec is None or compute is None or not in_shapes or any(s is None for s in in_shapes):
        return []
    try:
        return compute(spec.resolved(params), [tuple(s) for s in in_shapes])
    except (IndexError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return []   # params mid-edit or an input of the wrong rank: the node's own error says why


def failing(type_name: str, params: dict, in_shapes: list[Shape] | None) -> Worked | None:
    """The first size formula whose result is not positive (why a layer refuses its input), or None."""
    return next((w for w in worked(type_name, params, in_shapes) if w.impossible), None)

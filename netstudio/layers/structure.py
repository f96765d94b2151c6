"""Input/output and structural layers: Flatten, Reshape, Concat, Add, ... (torch imported lazily)."""

from __future__ import annotations

import operator
from functools import reduce

from .shape_format import shape_text
from .spec import BOOL, CHOICE, DIMS, INT, SHAPE, LayerSpec, Param, Port, Problem

CATEGORY = "Input & structure"


def _broadcast(shapes):
    """The broadcast shape, or None when the shapes cannot be combined."""
    rank = max(len(s) for s in shapes)
    out = []
    for i in range(1, rank + 1):
        dims = {s[-i] for s in shapes if len(s) >= i} - {1}
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else 1)
    return tuple(reversed(out))


def _elementwise_check(name: str):
    def check(params, shapes, dtypes):
        if _broadcast(shapes) is None:
            listed = " and ".join(shape_text(s) for s in shapes)
            fix = "make both branches produce the same shape"
            if all(len(s) == 3 for s in shapes) and len({s[1:] for s in shapes}) == 1:
                fix = "use a 1x1 Conv2d on the skip branch to match the channel count"
            elif len({len(s) for s in shapes}) == 1 and len({s[:-1] for s in shapes}) == 1:
                fix = "use a Linear on one branch to match the feature count"
            return [Problem(f"{name} needs inputs of the same shape but receives {listed}: {fix}")]
        return []
    return check


def _concat_check(params, shapes, dtypes):
    dim = params["dim"]
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        return [Problem("Concat needs inputs with the same number of dimensions but receives "
                        + " and ".join(shape_text(s) for s in shapes))]
    rank = ranks.pop() + 1  # with the batch dimension
    if not -rank <= dim < rank or dim in (0, -rank):
        return [Problem(f"Concat dim {dim} is not a valid non-batch dimension for inputs {shape_text(shapes[0])}: "
                        f"use 1 to {rank - 1} (1 joins channels)")]
    axis = (dim % rank) - 1
    others = {s[:axis] + s[axis + 1:] for s in shapes}
    if len(others) > 1:
        return [Problem(f"Concat along dim {dim} needs every other dimension equal but receives "
                        + " and ".join(shape_text(s) for s in shapes)
                        + ": resize one branch (pooling or Upsample) first")]
    return []


def _reshape_check(params, shapes, dtypes):
    target = params["shape"]
    total = 1
    for d in shapes[0]:
        total *= d
    known = 1
    for d in target:
        if d != -1:
            known *= d
    if target.count(-1) > 1:
        return [Problem("Reshape shape may contain -1 only once")]
    if (-1 in target and total % known) or (-1 not in target and known != total):
        return [Problem(f"Reshape cannot turn {shape_text(shapes[0])} ({total} values) into "
                        f"{shape_text(tuple(target))}: the number of values must stay the same")]
    return []


def _size_along(layer: str, dim: int, shape) -> int | Problem:
    """The size of non-batch dimension ``dim`` (PyTorch numbering, batch is 0), or why it does not exist."""
    rank = len(shape) + 1
    if not -rank <= dim < rank or dim % rank == 0:
        return Problem(f"{layer} dim {dim} is not a non-batch dimension of {shape_text(shape)} (use 1 to {rank - 1}; "
                       "batch is dim 0)")
    return shape[(dim % rank) - 1]


def _unflatten_check(params, shapes, dtypes):
    sizes = params["unflattened_size"]
    have = _size_along("Unflatten", params["dim"], shapes[0])
    if isinstance(have, Problem):
        return [have]
    total = 1
    for d in sizes:
        total *= d if d != -1 else 1
    if (-1 not in sizes and total != have) or (-1 in sizes and have % total):
        return [Problem(f"Unflatten cannot split {have} values into {shape_text(tuple(sizes))}: the sizes must "
                        f"multiply to {have}")]
    return []


def _permute_check(params, shapes, dtypes):
    dims = params["dims"]
    dims = [dims] if isinstance(dims, int) else dims
    rank = len(shapes[0]) + 1
    if sorted(d % rank for d in dims) != list(range(rank)) or len(dims) != rank:
        return [Problem(f"Permute dims {dims} must list each of the {rank} dimensions 0..{rank - 1} once "
                        f"(input with batch is {rank}-D)")]
    if dims[0] % rank != 0:
        return [Problem("Permute must keep the batch dimension first: start dims with 0")]
    return []


def _chunk_check(params, shapes, dtypes):
    chunks = params["chunks"]
    size = _size_along("Split", params["dim"], shapes[0])
    if isinstance(size, Problem):
        return [size]
    if size % chunks:
        return [Problem(f"Split cannot cut size {size} into {chunks} equal parts: choose chunks that divide {size}")]
    return []


def _select_check(params, shapes, dtypes):
    dim, index = params["dim"], params["index"]
    size = _size_along("Select", dim, shapes[0])
    if isinstance(size, Problem):
        return [size]
    if not -size <= index < size:
        return [Problem(f"Select index {index} is outside 0..{size - 1} along dim {dim}")]
    return []


def _mean_check(params, shapes, dtypes):
    dims = params["dim"]
    dims = [dims] if isinstance(dims, int) else dims
    for d in dims:
        size = _size_along("Mean", d, shapes[0])
        if isinstance(size, Problem):
            return [size]
    return []


def _cat(module, inputs, p):
    import torch
    return [torch.cat(list(inputs), dim=p["dim"])]


def _add(module, inputs, p):
    return [reduce(operator.add, inputs)]


def _mul(module, inputs, p):
    return [reduce(operator.mul, inputs)]


def _mean(module, inputs, p):
    return [inputs[0].mean(dim=p["dim"], keepdim=p["keepdim"])]


def _reshape(module, inputs, p):
    x = inputs[0]
    return [x.reshape(x.shape[0], *p["shape"])]


def _permute(module, inputs, p):
    return [inputs[0].permute(*p["dims"])]


def _select(module, inputs, p):
    return [inputs[0].select(p["dim"], p["index"])]


def _chunk(module, inputs, p):
    return [inputs[0].chunk(p["chunks"], dim=p["dim"])[i] for i in range(p["chunks"])]


def _identity(module, inputs, p):
    return [inputs[0]]


# How function-only layers read as PyTorch code in the inspector: x is the input, a and b the branches.
def _input_code(p):
    return f"x = torch.randn(batch_size, {', '.join(map(str, p['shape'] or []))})"


def _reshape_code(p):
    return f"x.reshape(x.shape[0], {', '.join(map(str, p['shape']))})"


def _permute_code(p):
    dims = p["dims"] if isinstance(p["dims"], list) else [p["dims"]]
    return f"x.permute({', '.join(map(str, dims))})"


def _mean_code(p):
    return f"x.mean(dim={p['dim']}{', keepdim=True' if p['keepdim'] else ''})"


SPECS = [
    LayerSpec("Input", CATEGORY, inputs=(), params=(
        Param("shape", SHAPE, required=True, initial=[1, 28, 28]),
        Param("dtype", CHOICE, "float32", choices=("float32", "int64")),
    ), label=lambda p: "x".join(map(str, p["shape"])) if p.get("shape") else "", code=_input_code,
        keywords=("placeholder", "data")),
    LayerSpec("Output", CATEGORY, outputs=(), forward=_identity, code=lambda p: "return x",
              keywords=("result", "logits")),
    LayerSpec("Flatten", CATEGORY, torch_class="Flatten", params=(
        Param("start_dim", INT, 1), Param("end_dim", INT, -1)), keywords=("vector",)),
    LayerSpec("Unflatten", CATEGORY, torch_class="Unflatten", params=(
        Param("dim", INT, 1), Param("unflattened_size", SHAPE, required=True, initial=[1, 28, 28])),
        check=_unflatten_check, label=lambda p: "x".join(map(str, p["unflattened_size"]))),
    LayerSpec("Reshape", CATEGORY, params=(Param("shape", SHAPE, required=True, initial=[-1], ctor=False),),
              check=_reshape_check, forward=_reshape, code=_reshape_code,
              label=lambda p: "x".join(map(str, p["shape"])), keywords=("view",)),
    LayerSpec("Permute", CATEGORY, params=(Param("dims", DIMS, required=True, initial=[0, 2, 1], ctor=False),),
              check=_permute_check, forward=_permute, code=_permute_code, keywords=("transpose",)),
    LayerSpec("Identity", CATEGORY, torch_class="Identity"),
    LayerSpec("Concat", CATEGORY, inputs=(Port("a"), Port("b")), variadic=True, min_inputs=2,
              params=(Param("dim", INT, 1, ctor=False),), check=_concat_check, forward=_cat,
              code=lambda p: f"torch.cat([a, b], dim={p['dim']})", keywords=("cat", "join", "merge", "skip")),
    LayerSpec("Add", CATEGORY, inputs=(Port("a"), Port("b")), variadic=True, min_inputs=2,
              check=_elementwise_check("Add"), forward=_add, code=lambda p: "a + b",
              keywords=("residual", "skip", "sum", "shortcut")),
    LayerSpec("Multiply", CATEGORY, inputs=(Port("a"), Port("b")), variadic=True, min_inputs=2,
              check=_elementwise_check("Multiply"), forward=_mul, code=lambda p: "a * b",
              keywords=("product", "gate")),
    LayerSpec("Mean", CATEGORY, params=(Param("dim", DIMS, -1, ctor=False), Param("keepdim", BOOL, False, ctor=False)),
              check=_mean_check, forward=_mean, code=_mean_code, keywords=("average", "reduce", "global")),
    LayerSpec("Select", CATEGORY, params=(Param("dim", INT, 1, ctor=False), Param("index", INT, -1, ctor=False)),
              check=_select_check, forward=_select, code=lambda p: f"x.select({p['dim']}, {p['index']})",
              keywords=("index", "last step", "pick")),
    LayerSpec("Split", CATEGORY, params=(Param("chunks", INT, 2, min=1, max=16, ctor=False),
                                         Param("dim", INT, 1, ctor=False)),
              check=_chunk_check, forward=_chunk, code=lambda p: f"x.chunk({p['chunks']}, dim={p['dim']})",
              keywords=("chunk",),
              output_ports=lambda p: tuple(Port(f"part{i}") for i in range(p.get("chunks", 2)))),
]

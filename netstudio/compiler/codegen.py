"""The PyTorch line a node becomes, as text (torch-free: the inspector shows it while typing)."""

from __future__ import annotations

from netstudio.layers import require_spec
from netstudio.layers.build import constructor_kwargs
from netstudio.layers.spec import Shape


def constructor_code(type_name: str, params: dict, in_shapes: list[Shape] | None) -> str:
    """``nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3)`` for a Conv2d node.

    Arguments equal to PyTorch's defaults are left out, as a person writes it. Inferred
    arguments appear only when the input shapes are known. Function-only layers (Add, Reshape)
    read as their spec's ``code``: ``a + b``.
    """
    spec = require_spec(type_name)
    resolved = spec.resolved(params)
    if spec.torch_class is None:
        return spec.code(resolved) if spec.code else ""
    try:
        kwargs = constructor_kwargs(spec, resolved, in_shapes or None)
    except Exception:  # params mid-edit or shapes that do not fit: show what we have
        kwargs = constructor_kwargs(spec, resolved, None)
    inferred = {p.name for p in spec.params if p.inferred}
    first, rest = [], []
    for name, value in kwargs.items():
        p = spec.param(name)
        if p is not None and not p.inferred and not p.required:
            default = tuple(p.default) if isinstance(p.default, list) else p.default
            if value == default:
                continue
        (first if name in inferred else rest).append(f"{name}={value!r}")
    # inferred sizes first, as PyTorch's signatures have them; NetStudio's fixed choices last
    parts = first + rest + [f"{k}={v!r}" for k, v in spec.fixed_kwargs.items()]
    prefix = "" if spec.custom_class else "nn."
    return f"{prefix}{spec.torch_class}({', '.join(parts)})"

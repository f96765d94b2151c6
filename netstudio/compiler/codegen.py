"""The PyTorch line a node becomes, as text (torch-free: the inspector shows it while typing)."""

from __future__ import annotations

from netstudio.layers import spec_for
from netstudio.layers.build import constructor_kwargs
from netstudio.layers.spec import Shape

# How function-only layers read in code; {x} is the input, {xs} the list of inputs.
_FUNCTION_CODE = {
    "Add": lambda p: "a + b",
    "Multiply": lambda p: "a * b",
    "Concat": lambda p: f"torch.cat([a, b], dim={p['dim']})",
    "Mean": lambda p: f"x.mean(dim={p['dim']}{', keepdim=True' if p['keepdim'] else ''})",
    "Reshape": lambda p: f"x.reshape(x.shape[0], {', '.join(map(str, p['shape']))})",
    "Permute": lambda p: f"x.permute({', '.join(map(str, p['dims'] if isinstance(p['dims'], list) else [p['dims']]))})",
    "Select": lambda p: f"x.select({p['dim']}, {p['index']})",
    "Split": lambda p: f"x.chunk({p['chunks']}, dim={p['dim']})",
    "Input": lambda p: f"x = torch.randn(batch_size, {', '.join(map(str, p['shape'] or []))})",
    "Output": lambda p: "return x",
}


def constructor_code(type_name: str, params: dict, in_shapes: list[Shape] | None, *, minimal: bool = True) -> str:
    """``nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3)`` for a Conv2d node.

    With ``minimal`` the arguments equal to PyTorch's defaults are left out, as a person writes it.
    Inferred arguments appear only when the input shapes are known.
    """
    spec = spec_for(type_name)
    resolved = spec.resolved(params)
    if spec.torch_class is None:
        return _FUNCTION_CODE.get(type_name, lambda p: "")(resolved)
    try:
        kwargs = constructor_kwargs(spec, resolved, in_shapes or None)
    except Exception:  # params mid-edit or shapes that do not fit: show what we have
        kwargs = constructor_kwargs(spec, resolved, None)
    inferred = {p.name for p in spec.params if p.inferred}
    first, rest = [], []
    for name, value in kwargs.items():
        p = spec.param(name)
        if minimal and p is not None and not p.inferred and not p.required:
            default = tuple(p.default) if isinstance(p.default, list) else p.default
            if value == default:
                continue
        (first if name in inferred else rest).append(f"{name}={value!r}")
    # inferred sizes first, as PyTorch's signatures have them; NetStudio's fixed choices last
    parts = first + rest + [f"{k}={v!r}" for k, v in spec.fixed_kwargs.items()]
    prefix = "" if spec.custom_class else "nn."
    return f"{prefix}{spec.torch_class}({', '.join(parts)})"

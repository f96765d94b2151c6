"""Turn a spec, params and input shapes into a torch module and its outputs (imports torch)."""

from __future__ import annotations

from typing import Any

from .shape_format import shape_text
from .spec import LayerSpec, Problem, Shape


def check_inputs(spec: LayerSpec, params: dict, shapes: list[Shape], dtypes: list[str]) -> list[Problem]:
    """Every problem found before building: required params, inferred mismatches, the spec's own check."""
    problems: list[Problem] = []
    missing = [p.name for p in spec.params if p.required and params.get(p.name) is None]
    if missing:
        return [Problem(f"{spec.type} needs {', '.join(missing)}: set {'it' if len(missing) == 1 else 'them'} "
                        "in the inspector")]
    for p in spec.params:
        value = params.get(p.name)
        if value is not None:
            message = p.check(value)
            if message:
                return [Problem(message)]
    try:
        inferred = spec.infer(params, shapes) if spec.infer else {}
    except (IndexError, KeyError, TypeError, ValueError):   # a size read from a dimension the input lacks
        given = " and ".join(shape_text(s) for s in shapes)
        if any(len(s) == 0 for s in shapes):
            return [Problem(f"{spec.type} receives {given}, one number per sample, but needs at least one "
                            "dimension besides the batch: add an Unflatten (e.g. to [1]) before it")]
        return [Problem(f"{spec.type} cannot take input {given}")]
    for name, actual in inferred.items():
        given = params.get(name)
        if given is not None and given != actual:
            return [Problem(f"{name} is set to {given} but its input gives {actual}: remove {name} (NetStudio "
                            f"infers it) or change the layer before it")]
    if spec.check:
        problems += spec.check(params, shapes, dtypes)
    return problems


def constructor_kwargs(spec: LayerSpec, params: dict, shapes: list[Shape] | None) -> dict[str, Any]:
    """The keyword arguments of the torch constructor: given params, PyTorch defaults and inferred ones.

    With ``shapes`` None (inputs not known yet) the inferred arguments are left out.
    """
    kwargs = {}
    for p in spec.params:
        if not p.ctor or p.inferred:
            continue
        value = params.get(p.name, p.default)
        if value is None and not p.optional:
            continue
        kwargs[p.name] = tuple(value) if isinstance(value, list) else value
    if spec.infer and shapes is not None:
        for name, value in spec.infer(params, shapes).items():
            kwargs[name] = tuple(value) if isinstance(value, list) else value
    return kwargs


def make_module(spec: LayerSpec, params: dict, shapes: list[Shape]):
    """The torch module for this node, or None for function-only layers (Add, Concat, Reshape, ...)."""
    if spec.torch_class is None:
        return None
    return module_class(spec)(**spec.fixed_kwargs, **constructor_kwargs(spec, params, shapes))


def module_class(spec: LayerSpec):
    if spec.custom_class:
        from . import modules

        return getattr(modules, spec.torch_class)
    from torch import nn

    return getattr(nn, spec.torch_class)


def apply(spec: LayerSpec, module, inputs: list, params: dict) -> list:
    """The node's outputs, one per output port; works on meta tensors and on fx proxies alike."""
    if spec.forward is not None:
        return list(spec.forward(module, inputs, params))
    return [module(*inputs)]

"""Declarative layer specs: parameters, ports, docs and how to build the torch module.

This module must import without torch: the project loader validates params with it, and
opening a project must never wait for torch. Build and forward functions import torch lazily.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable

Shape = tuple[int, ...]

# Kinds of parameter values, as the inspector shows them and as the file stores them.
INT, FLOAT, BOOL, CHOICE, INTS, SHAPE, DIMS, STR, PADDING = (
    "int", "float", "bool", "choice", "ints", "shape", "dims", "str", "padding")


@dataclass(frozen=True)
class Param:
    """One constructor argument, by its PyTorch name."""

    name: str
    kind: str
    default: Any = None
    min: float | None = None
    max: float | None = None
    choices: tuple = ()
    optional: bool = False       # None is a legal value (PyTorch's "not set")
    required: bool = False       # PyTorch has no default; the user must give one
    inferred: bool = False       # the graph determines it (in_channels, in_features, ...)
    length: int | None = None    # for INTS: how many numbers a tuple holds (2 for Conv2d)
    initial: Any = None          # value a new node from the palette starts with
    ctor: bool = True            # passed to the torch constructor (False: used by forward only)
    advanced: bool = False       # folded away in the inspector

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable, or None."""
        if value is None:
            return None if (self.optional or self.inferred) else f"{self.name} cannot be empty"
        kind = self.kind
        if kind == INT:
            if not _is_int(value):
                return f"{self.name} must be a whole number, not {value!r}"
            return self._range(value)
        if kind == FLOAT:
            if not _is_number(value):
                return f"{self.name} must be a number, not {value!r}"
            return self._range(value)
        if kind == BOOL:
            return None if isinstance(value, bool) else f"{self.name} must be true or false, not {value!r}"
        if kind == CHOICE:
            if value not in self.choices:
                return f"{self.name} must be one of {', '.join(map(str, self.choices))}, not {value!r}"
            return None
        if kind == STR:
            return None if isinstance(value, str) else f"{self.name} must be text, not {value!r}"
        if kind in (INTS, PADDING):
            if kind == PADDING and value in ("same", "valid"):
                return None
            if _is_int(value):
                return self._range(value)
            if (isinstance(value, list) and all(_is_int(v) for v in value)
                    and (self.length is None or len(value) == self.length)):
                for v in value:
                    problem = self._range(v)
                    if problem:
                        return problem
                return None
            n = f"{self.length} " if self.length else ""
            extra = ", \"same\" or \"valid\"" if kind == PADDING else ""
            return f"{self.name} must be a whole number or a list of {n}whole numbers{extra}, not {value!r}"
        if kind == SHAPE:
            if isinstance(value, list) and value and all(_is_int(v) and (v > 0 or v == -1) for v in value):
                return None
            return f"{self.name} must be a list of sizes such as [1, 28, 28], not {value!r}"
        if kind == DIMS:
            if _is_int(value) or (isinstance(value, list) and value and all(_is_int(v) for v in value)):
                return None
            return f"{self.name} must be a dimension number or a list of them, not {value!r}"
        return None

    def _range(self, value: float) -> str | None:
        if self.min is not None and value < self.min:
            return f"{self.name} must be at least {self.min:g}, not {value!r}"
        if self.max is not None and value > self.max:
            return f"{self.name} must be at most {self.max:g}, not {value!r}"
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Port:
    name: str
    optional: bool = False


@dataclass
class Problem:
    """An error or a warning about one node, as a sentence with the fix."""

    message: str
    severity: str = "error"  # or "warning"


@dataclass
class LayerSpec:
    """Everything NetStudio knows about one layer type.

    The torch module is ``torch_class(**fixed_kwargs, **kwargs)``; layers without one (Add,
    Concat, Reshape) are function-only and have ``torch_class`` None;
    ``forward(module, inputs, params)`` returns the list of outputs, one per output port, using
    only torch operations so that it runs on meta tensors for shape inference and traces into
    torch.fx for compilation: one code path for both. ``code(params)`` is how a function-only
    layer reads in PyTorch code (``"a + b"`` for Add); layers with a ``torch_class`` read as their
    constructor call instead.
    """

    type: str
    category: str
    params: tuple[Param, ...] = ()
    inputs: tuple[Port, ...] = (Port("in"),)
    outputs: tuple[Port, ...] = (Port("out"),)
    variadic: bool = False                  # any number of inputs, at ports 0, 1, 2, ... (Add, Concat)
    min_inputs: int = 1
    torch_class: str | None = None          # torch.nn class name when one exists
    custom_class: bool = False              # torch_class lives in netstudio.layers.modules, not torch.nn
    fixed_kwargs: dict = field(default_factory=dict)  # constructor args NetStudio always sets (batch_first)
    infer: Callable[[dict, list[Shape]], dict] | None = None
    check: Callable[[dict, list[Shape], list[str]], list[Problem]] | None = None
    forward: Callable[[Any, list, dict], list] | None = None
    output_ports: Callable[[dict], tuple[Port, ...]] | None = None
    code: Callable[[dict], str] | None = None  # the inspector's code line for a function-only layer
    label: Callable[[dict], str] | None = None
    explain_error: Callable[[str, dict, list[Shape]], str | None] | None = None
    keywords: tuple[str, ...] = ()          # extra words the palette search matches

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def validate_params(self, params: dict) -> tuple[str, str] | None:
        """(field, sentence) for the first bad parameter in a file, or None."""
        names = [p.name for p in self.params]
        for key, value in params.items():
            spec = self.param(key)
            if spec is None:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f" (did you mean {close[0]}?)" if close else (
                    f" ({self.type} takes: {', '.join(names)})" if names else f" ({self.type} takes none)")
                return key, f"unknown parameter '{key}'{hint}"
            problem = spec.check(value)
            if problem:
                return key, problem
        return None

    def resolved(self, params: dict) -> dict:
        """Params with PyTorch's defaults filled in for the ones not given."""
        out = {p.name: p.default for p in self.params if not p.inferred}
        out.update({k: v for k, v in params.items() if v is not None or self.param(k) is None or
                    self.param(k).optional})
        return out

    def initial_params(self) -> dict:
        """What a node dropped from the palette starts with: required params get a sensible value."""
        return {p.name: p.initial for p in self.params if p.initial is not None}

    def ports_out(self, params: dict) -> tuple[Port, ...]:
        return self.output_ports(params) if self.output_ports else self.outputs

    def short_label(self, params: dict) -> str:
        """What a node shows under its type: "32 3x3" for a Conv2d."""
        if self.label is None:
            return ""
        try:
            return self.label(self.resolved(params))
        except Exception:  # a label must never stop a node from painting; params may be mid-edit
            return ""


def ints_text(value: Any) -> str:
    """3 -> "3x3"-style text for kernel sizes; [3, 5] -> "3x5"."""
    if isinstance(value, list):
        return "x".join(str(v) for v in value)
    return str(value)

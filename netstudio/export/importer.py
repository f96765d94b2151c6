"""Import an existing PyTorch model as a NetStudio graph, with its weights.

The model is traced with ``torch.fx.symbolic_trace``; every operation of the traced graph becomes one
catalog layer with the original's parameters (a Conv2d keeps its groups, dilation and bias, a Dropout
its p). What has no catalog layer is refused with one sentence naming the operation and, where fx
recorded it, the source line: never a silent skip, so the imported graph computes what the original did.
"""

from __future__ import annotations

import importlib.util
import json
import operator
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import fx, nn

from netstudio.compiler.shapes import reserved_names
from netstudio.core.errors import NetStudioError
from netstudio.core.graph import MAX_NODE_ID_LENGTH, Edge, Graph, Node, is_valid_node_id
from netstudio.core.layout import layered_positions
from netstudio.core.project import Project
from netstudio.layers import get_spec

#: Module classes that become the catalog layer of the same name, parameters read from the module.
_SAME_NAME = {
    "Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "Upsample", "BatchNorm1d", "BatchNorm2d", "LayerNorm",
    "GroupNorm", "Dropout", "Dropout2d", "MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
    "AdaptiveMaxPool2d", "Flatten", "Unflatten", "Identity", "ReLU", "LeakyReLU", "PReLU", "ELU", "GELU",
    "SiLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Softplus", "ReLU6", "Hardswish", "Hardsigmoid",
}

# Functions and tensor methods with one tensor input that are an activation layer without parameters.
_ACTIVATION_FUNCTIONS = {
    torch.relu: "ReLU", torch.nn.functional.relu: "ReLU", torch.sigmoid: "Sigmoid", torch.tanh: "Tanh",
    torch.nn.functional.relu6: "ReLU6", torch.nn.functional.hardswish: "Hardswish",
    torch.nn.functional.hardsigmoid: "Hardsigmoid", torch.nn.functional.silu: "SiLU",
    torch.nn.functional.gelu: "GELU", torch.nn.functional.sigmoid: "Sigmoid", torch.nn.functional.tanh: "Tanh",
}
_ACTIVATION_METHODS = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "relu_": "ReLU"}
_NO_OP_METHODS = {"contiguous"}
# Arithmetic on sizes read from tensors (``num_channels // groups``), computed while importing.
_SIZE_ARITHMETIC = {operator.floordiv: operator.floordiv, operator.mul: operator.mul, operator.add: operator.add,
                    operator.sub: operator.sub}


def fresh_node_id(base: str, taken: set[str]) -> str:
    """A node id made from ``base`` (a module path, an fx or ONNX name) that is valid, not reserved by
    nn.Module and not in ``taken``; it is added to ``taken``."""
    base = re.sub(r"\W", "_", base).strip("_") or "node"
    if base[0].isdigit():
        base = "m_" + base
    base = base[:MAX_NODE_ID_LENGTH - 4]
    candidate, n = base, 1
    while candidate in taken or not is_valid_node_id(candidate) or candidate in reserved_names():
        candidate = f"{base}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


@dataclass
class ImportResult:
    """What ``import_model`` made: the project, its weights keyed like ``build_model``'s state dict."""

    project: Project
    state_dict: dict[str, torch.Tensor]
    parameters: int
    max_difference: float | None = None
    notes: list[str] = field(default_factory=list)
    #: seconds spent in each step (trace, map, compile, fold, compare), for benchmarks/bench_import.py
    timings: dict[str, float] = field(default_factory=dict)


class _Batch:
    """The batch size read from a tensor (``x.size(0)``, ``x.shape[0]``): only a reshape may use it."""


class _Shape(tuple):
    """``x.shape`` / ``x.size()`` of a tensor: a _Batch first, then the sizes of one sample."""


class _Parts:
    """The outputs of a layer with several (``x.chunk(2, 1)``), waiting for ``[i]``."""

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id


# ----- loading a model ---------------------------------------------------------------------------------
def load_source(source: str, args: dict | None = None, pretrained: bool = False) -> tuple[nn.Module, str]:
    """The model ``source`` names and a project name: ``torchvision:NAME`` or ``path/to/file.py:Factory``.

    ``pretrained``: a torchvision model with its default pretrained weights (import_weights.py).
    """
    args = dict(args or {})
    if source.startswith("torchvision:"):
        name = source.split(":", 1)[1]
        try:
            import torchvision
        except ImportError as exc:  # pragma: no cover - torchvision is a dependency
            raise NetStudioError(f"torchvision is not available: {exc}") from None
        known = torchvision.models.list_models(module=torchvision.models)
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise NetStudioError(f"'{name}' is not a torchvision classification model{hint}")
        if args.get("weights") is not None:
            raise NetStudioError("give --pretrained instead of 'weights' in --args")
        args.pop("weights", None)
        if pretrained:
            from .import_weights import pretrained_torchvision

            return pretrained_torchvision(name, args), name
        args["weights"] = None
        return _call_factory(lambda **kw: torchvision.models.get_model(name, **kw), args, name), name
    path_text, sep, factory = source.rpartition(":")
    if not sep or not path_text or not factory:
        raise NetStudioError(f"cannot read source '{source}': give torchvision:NAME or path/to/model.py:ClassOrFunction")
    if pretrained:
        raise NetStudioError("--pretrained is for torchvision models; give a file's weights with --weights FILE")
    path = Path(path_text)
    if not path.is_file():
        raise NetStudioError(f"{path}: no such file")
    module_name = "netstudio_imported_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise NetStudioError(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the user's file: report its first error as one line
        raise NetStudioError(f"{path}: cannot run the file{_user_line(exc, path)}: {_first_line(exc)}") from None
    finally:
        sys.modules.pop(module_name, None)
    target = getattr(module, factory, None)
    if target is None or not callable(target):
        raise NetStudioError(f"{path} defines no class or function '{factory}'")
    return _call_factory(target, args, f"{path}:{factory}", path), factory


def _call_factory(factory, args: dict, label: str, path: Path | None = None) -> nn.Module:
    try:
        model = factory(**args)
    except Exception as exc:  # noqa: BLE001
        where = _user_line(exc, path) if path else ""
        raise NetStudioError(f"{label}: cannot build the model{where}: {_first_line(exc)}") from None
    if not isinstance(model, nn.Module):
        raise NetStudioError(f"{label} returned a {type(model).__name__}, not a torch.nn.Module")
    return model


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _user_line(exc: BaseException, path: Path | None) -> str:
    """", line 12 (`if x.sum() > 0:`)" for the deepest frame of the exception inside ``path``."""
    frames = traceback.extract_tb(exc.__traceback__)
    if path is not None:
        resolved = str(path.resolve())
        frames = [f for f in frames if str(Path(f.filename).resolve()) == resolved]
    else:
        frames = []
    if not frames:
        return ""
    frame = frames[-1]
    code = f" (`{frame.line.strip()}`)" if frame.line else ""
    return f", {Path(frame.filename).name} line {frame.lineno}{code}"


# ----- tracing and mapping ---------------------------------------------------------------------------
def trace(model: nn.Module, path: Path | None = None, stack_traces: bool = True) -> fx.GraphModule:
    """``symbolic_trace`` that records source lines, with fx's failures as one sentence.

    ``stack_traces``: record each operation's source line for error messages. It costs 0.8 s the first
    time in a process (fx imports torch.export and inductor to filter the frames) and 0.1 s per 400
    operations, so ``import_model`` traces without, and again with them only to word a refusal.
    """
    tracer = fx.Tracer()
    tracer.record_stack_traces = stack_traces
    try:
        graph = tracer.trace(model)
    except Exception as exc:  # noqa: BLE001 - fx raises TraceError, TypeError, ... for untraceable Python
        where = _user_line(exc, path) if path else _model_line(exc)
        message = _first_line(exc)
        if "control flow" in message or "iterate" in message or "bool" in message:
            message += " (Python code that depends on a tensor's values cannot become a graph)"
        raise NetStudioError(f"cannot trace the model{where}: {message}") from None
    return fx.GraphModule(tracer.root, graph, type(model).__name__)


def _model_line(exc: BaseException) -> str:
    """The deepest frame outside torch, for models from installed packages."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "/torch/" not in f.filename and "netstudio" not in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f", {Path(f.filename).name} line {f.lineno}" + (f" (`{f.line.strip()}`)" if f.line else "")


def _where(node: fx.Node) -> str:
    """", model.py line 7 (`return torch.fft.fft(x)`)" from the stack trace fx recorded for ``node``."""
    stack = node.stack_trace or node.meta.get("stack_trace") or ""
    found = [f for f in re.findall(r'File "([^"]+)", line (\d+), in \S+\n\s*(.*)', stack)
             if not re.search(r"[/\\]torch[/\\]", f[0])]
    if not found:
        return ""
    filename, line, code = found[-1]
    return f", {Path(filename).name} line {line}" + (f" (`{code.strip()}`)" if code.strip() else "")


def _op_name(node: fx.Node, root: nn.Module) -> str:
    if node.op == "call_module":
        return f"{node.target} ({type(root.get_submodule(node.target)).__name__})"
    if node.op == "call_method":
        return f"the tensor method .{node.target}()"
    if node.op == "get_attr":
        return f"the parameter or buffer {node.target} used outside a layer"
    target = node.target
    module = (getattr(target, "__module__", None) or "").replace("_operator", "operator")
    name = getattr(target, "__name__", str(target))
    return f"{module}.{name}" if module else name


class _Mapper:
    """Walk the traced graph once, making one catalog node per operation."""

    def __init__(self, gm: fx.GraphModule, input_shape: list[int]) -> None:
        self.gm = gm
        self.input_shape = input_shape
        self.graph = Graph("model")
        self.values: dict[fx.Node, Any] = {}   # fx node -> (node id, port) | _Batch | _Shape | _Parts | int
        self.taken: set[str] = set()
        self.module_nodes: dict[str, str] = {}  # node id -> module path whose state dict it holds
        self.used_modules: set[str] = set()
        self.shapes_known = False

    def fail(self, node: fx.Node, why: str) -> None:
        raise NetStudioError(f"cannot import {_op_name(node, self.gm)}{_where(node)}: {why}")

    def new_id(self, base: str) -> str:
        return fresh_node_id(base, self.taken)

    def add(self, node: fx.Node, type_name: str, params: dict, inputs: list, base: str | None = None) -> str:
        spec = get_spec(type_name)
        problem = spec.validate_params(params)
        if problem:
            self.fail(node, f"its {problem[0]} cannot be a NetStudio {type_name} parameter ({problem[1]})")
        node_id = self.new_id(base or node.name)
        self.graph.add_node(Node(node_id, type_name, params))
        for port, value in enumerate(inputs):
            src = self.tensor(node, value)
            self.graph.add_edge(Edge(src[0], node_id, src[1], port))
        self.values[node] = (node_id, 0)
        return node_id

    def tensor(self, user: fx.Node, value: Any) -> tuple[str, int]:
        known = self.values.get(value) if isinstance(value, fx.Node) else None
        if type(known) is not tuple:   # a (node id, port); not a _Shape, which is a tuple too
            self.fail(user, f"it takes {value!r} where NetStudio can connect only a tensor from another layer")
        return known

    def sample_shape(self, node: fx.Node, tensor: fx.Node) -> tuple[int, ...]:
        """One sample's shape of ``tensor``, from running the model once (only models that read sizes)."""
        if not self.shapes_known:
            from torch.fx.passes.shape_prop import ShapeProp

            with torch.no_grad():
                try:
                    ShapeProp(self.gm).propagate(torch.zeros(2, *self.input_shape))
                except Exception as exc:  # noqa: BLE001 - the user's model on the given shape
                    raise NetStudioError(f"the model does not run on input shape {list(self.input_shape)}: "
                                         f"{_first_line(exc)} (set --input-shape)") from None
            self.shapes_known = True
        meta = tensor.meta.get("tensor_meta")
        if meta is None or not hasattr(meta, "shape"):
            self.fail(node, "the size of this value is unknown")
        return tuple(meta.shape[1:])

    def number(self, value: Any) -> Any:
        """A size argument as a plain number (sizes read from tensors are known once shapes are)."""
        return self.values.get(value) if isinstance(value, fx.Node) else value

    def run(self) -> Graph:
        for node in self.gm.graph.nodes:
            getattr(self, f"_{node.op}")(node)
        return self.graph

    # fx node kinds
    def _placeholder(self, node: fx.Node) -> None:
        if any(n.op == "placeholder" for n in self.values):
            self.fail(node, "the model takes several inputs; import handles models with one input tensor")
        self.add(node, "Input", {"shape": list(self.input_shape)}, [], base=node.name)

    def _get_attr(self, node: fx.Node) -> None:
        self.fail(node, "NetStudio layers own their weights; a tensor used directly in forward has no layer")

    def _output(self, node: fx.Node) -> None:
        results = node.args[0]
        results = list(results) if isinstance(results, (tuple, list)) else [results]
        for i, value in enumerate(results):
            self.add(node, "Output", {}, [value], base="output" if len(results) == 1 else f"output{i}")

    def _call_module(self, node: fx.Node) -> None:
        module = self.gm.get_submodule(node.target)
        type_name = type(module).__name__
        if type(module).__module__.split(".")[0] != "torch" or type_name not in _SAME_NAME:
            self.fail(node, "NetStudio has no layer for it")
        has_state = bool(module.state_dict())
        if has_state and node.target in self.used_modules:
            self.fail(node, "the layer is called twice, sharing its weights, which a graph of separate layers "
                            "cannot express")
        self.used_modules.add(node.target)
        spec = get_spec(type_name)
        params = {}
        for p in spec.params:
            if p.inferred or not p.ctor:
                continue
            value = getattr(module, p.name)
            if p.name == "bias" and not isinstance(value, bool):
                value = value is not None
            value = _plain(value)
            if value != p.default or p.required:
                params[p.name] = value
        if len(node.args) != 1 or node.kwargs:
            self.fail(node, "NetStudio layers take one tensor input here")
        node_id = self.add(node, type_name, params, [node.args[0]], base=str(node.target))
        if has_state:
            self.module_nodes[node_id] = str(node.target)

    def _call_function(self, node: fx.Node) -> None:
        f, args, kw = node.target, node.args, node.kwargs
        F = torch.nn.functional
        if f in _ACTIVATION_FUNCTIONS:
            if len(args) != 1 or set(kw) - {"inplace"}:
                self.fail(node, "NetStudio maps it only with its default arguments")
            self.add(node, _ACTIVATION_FUNCTIONS[f], {}, [args[0]])
        elif f in (operator.add, torch.add, operator.iadd, operator.mul, torch.mul, operator.imul) and not any(
                type(self.number(a)) is int for a in args):
            if len(args) != 2 or kw:
                self.fail(node, "NetStudio adds or multiplies two tensors")
            kind = "Add" if f in (operator.add, torch.add, operator.iadd) else "Multiply"
            self.add(node, kind, {}, list(args))
        elif _is_stochastic_depth(f):   # torchvision.ops.stochastic_depth(input, p, mode, training)
            given = dict(zip(("input", "p", "mode", "training"), args), **kw)
            self.add(node, "StochasticDepth", {"p": float(given["p"]), "mode": given["mode"]}, [given["input"]])
        elif f in (torch.cat, torch.concat):
            tensors = args[0]
            dim = kw.get("dim", args[1] if len(args) > 1 else 0)
            if dim == 0:
                self.fail(node, "joining along the batch dimension 0 has no layer (Concat joins dim 1 or later)")
            if len(tensors) == 1:   # DenseNet joins a list that starts with one tensor
                self.add(node, "Identity", {}, list(tensors))
            else:
                self.add(node, "Concat", {"dim": dim}, list(tensors))
        elif f is torch.flatten:
            self._flatten(node, args[0], *args[1:], **kw)
        elif f is torch.mean:
            self._mean(node, args[0], *args[1:], **kw)
        elif f in (F.adaptive_avg_pool2d, F.adaptive_max_pool2d):
            size = kw.get("output_size", args[1] if len(args) > 1 else None)
            kind = "AdaptiveAvgPool2d" if f is F.adaptive_avg_pool2d else "AdaptiveMaxPool2d"
            self.add(node, kind, {"output_size": _plain(size)}, [args[0]])
        elif f in (F.max_pool2d, F.avg_pool2d):
            self._pool(node, "MaxPool2d" if f is F.max_pool2d else "AvgPool2d", args, kw)
        elif f is torch.permute:
            self.add(node, "Permute", {"dims": list(args[1] if len(args) == 2 else kw["dims"])}, [args[0]])
        elif f in (F.softmax, torch.softmax, F.log_softmax, torch.log_softmax):
            dim = kw.get("dim", args[1] if len(args) > 1 else None)
            if dim is None:
                self.fail(node, "give dim explicitly")
            kind = "Softmax" if f in (F.softmax, torch.softmax) else "LogSoftmax"
            self.add(node, kind, {"dim": dim}, [args[0]])
        elif f is getattr and len(args) == 2 and args[1] == "shape" and type(self.values.get(args[0])) is tuple:
            self.values[node] = _Shape((_Batch(), *self.sample_shape(node, args[0])))
        elif f is operator.getitem and isinstance(self.values.get(args[0]), _Shape) and isinstance(args[1], int):
            self.values[node] = self.values[args[0]][args[1]]
        elif f is operator.getitem and isinstance(self.values.get(args[0]), _Parts) and isinstance(args[1], int):
            self.values[node] = (self.values[args[0]].node_id, args[1])
        elif f is torch.transpose and len(args) == 3 and not kw:
            self._transpose(node, *args)
        elif f is torch.chunk:
            self._chunk(node, *args, **kw)
        elif f in _SIZE_ARITHMETIC and not kw and all(
                type(self.number(a)) is int for a in args):   # channels // groups, with sizes known
            self.values[node] = _SIZE_ARITHMETIC[f](*(self.number(a) for a in args))
        else:
            self.fail(node, "NetStudio has no layer for it")

    def _call_method(self, node: fx.Node) -> None:
        name, args, kw = node.target, node.args, node.kwargs
        if name in _ACTIVATION_METHODS and len(args) == 1 and not kw:
            self.add(node, _ACTIVATION_METHODS[name], {}, [args[0]])
        elif name in _NO_OP_METHODS and len(args) == 1 and not kw:
            self.values[node] = self.tensor(node, args[0])
        elif name == "size" and type(self.values.get(args[0])) is tuple:
            dim = kw.get("dim", args[1] if len(args) > 1 else None)
            sizes = _Shape((_Batch(), *self.sample_shape(node, args[0])))
            self.values[node] = sizes if dim is None else sizes[dim]
        elif name in ("view", "reshape"):
            one_tuple = len(args) == 2 and isinstance(args[1], (tuple, list))
            self._reshape(node, args[0], list(args[1]) if one_tuple else list(args[1:]))
        elif name == "flatten":
            self._flatten(node, args[0], *args[1:], **kw)
        elif name == "mean":
            self._mean(node, args[0], *args[1:], **kw)
        elif name in ("add", "mul") and len(args) == 2 and not kw:
            self.add(node, "Add" if name == "add" else "Multiply", {}, list(args))
        elif name == "transpose" and len(args) == 3 and not kw:
            self._transpose(node, *args)
        elif name == "chunk":
            self._chunk(node, *args, **kw)
        elif name == "permute":
            dims = list(args[1]) if len(args) == 2 and isinstance(args[1], (tuple, list)) else list(args[1:])
            self.add(node, "Permute", {"dims": dims}, [args[0]])
        else:
            self.fail(node, "NetStudio has no layer for it")

    # shared shapes of a call
    def _flatten(self, node, x, start_dim=0, end_dim=-1) -> None:
        if start_dim == 0:
            self.fail(node, "flattening the batch dimension has no layer: use torch.flatten(x, 1)")
        self.add(node, "Flatten", {k: v for k, v in (("start_dim", start_dim), ("end_dim", end_dim))
                                    if v != {"start_dim": 1, "end_dim": -1}[k]}, [x])

    def _mean(self, node, x, dim=None, keepdim=False, **kw) -> None:
        dim = kw.pop("dim", dim)
        keepdim = kw.pop("keepdim", keepdim)
        if dim is None or kw:
            self.fail(node, "NetStudio's Mean needs the dimensions to average (never the batch)")
        self.add(node, "Mean", {"dim": _plain(dim), "keepdim": bool(keepdim)}, [x])

    def _pool(self, node, type_name: str, args, kw) -> None:
        """F.max_pool2d / F.avg_pool2d by their arguments, in PyTorch's order."""
        order = (["kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"]
                 if type_name == "MaxPool2d" else
                 ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"])
        given = dict(zip(order, args[1:]), **kw)
        if given.pop("return_indices", False) or given.pop("divisor_override", None) is not None:
            self.fail(node, "NetStudio's pooling layers have no return_indices or divisor_override")
        spec = get_spec(type_name)
        params = {k: _plain(v) for k, v in given.items() if v is not None and _plain(v) != spec.param(k).default
                  or k == "kernel_size"}
        self.add(node, type_name, params, [args[0]])

    def _transpose(self, node, x, a, b) -> None:
        rank = len(self.sample_shape(node, x)) + 1
        dims = list(range(rank))
        a, b = a % rank, b % rank
        if 0 in (a, b):
            self.fail(node, "swapping the batch dimension has no layer")
        dims[a], dims[b] = dims[b], dims[a]
        self.add(node, "Permute", {"dims": dims}, [x])

    def _chunk(self, node, x, chunks, dim=0) -> None:
        if dim == 0:
            self.fail(node, "splitting the batch has no layer")
        node_id = self.add(node, "Split", {"chunks": chunks, "dim": dim}, [x])
        self.values[node] = _Parts(node_id)

    def _reshape(self, node, x, sizes: list) -> None:
        sizes = [s if isinstance(self.values.get(s), _Batch) else self.number(s) for s in sizes]
        if len(sizes) > 1 and sizes[0] == -1 and all(isinstance(s, int) and s > 0 for s in sizes[1:]):
            # x.view(-1, 400) as in LeNet tutorials: the batch stays first when 400 is one sample's size,
            # which the Reshape's own check and the comparison of outputs both confirm
            self.add(node, "Reshape", {"shape": list(sizes[1:])}, [x])
            return
        if not sizes or not isinstance(self.values.get(sizes[0]), _Batch):
            self.fail(node, "NetStudio reshapes keep the batch size first: write x.view(x.size(0), ...)")
        rest = sizes[1:]
        if any(isinstance(s, fx.Node) for s in rest):
            self.fail(node, "the sizes must be numbers known before the model runs")
        if rest == [-1]:
            self.add(node, "Flatten", {}, [x])
        else:
            self.add(node, "Reshape", {"shape": rest}, [x])


def _is_stochastic_depth(f) -> bool:
    """torchvision's stochastic_depth function (fx keeps it as one call), without importing torchvision."""
    return getattr(f, "__name__", "") == "stochastic_depth" and \
        (getattr(f, "__module__", "") or "").startswith("torchvision.ops")


def _plain(value: Any) -> Any:
    """A module attribute as the file stores it: tuples become lists, (3, 3) becomes 3."""
    if isinstance(value, torch.Size):
        value = tuple(value)
    if isinstance(value, (tuple, list)):
        items = [_plain(v) for v in value]
        return items[0] if items and all(v == items[0] for v in items) and all(isinstance(v, int) for v in items) \
            and len(items) > 1 else items
    return value


# ----- the whole import ------------------------------------------------------------------------------
def import_model(model: nn.Module, name: str, input_shape: list[int], path: Path | None = None,
                 verify: bool = True) -> ImportResult:
    """Trace ``model`` and return the equivalent project, its weights and the check of both.

    Parameters
    ----------
    model : nn.Module
        The model to import (it is put in eval mode).
    name : str
        The project name.
    input_shape : list of int
        One sample's input shape without the batch, e.g. [3, 224, 224].
    path : Path, optional
        The Python file the model came from, so that errors point at its lines.
    verify : bool
        Run both models on a random batch and report the largest difference of their outputs.

    Raises
    ------
    NetStudioError
        Naming the first operation that has no catalog layer, with its source line where fx knows it.
    """
    from netstudio.compiler import ShapeInference, build_module
    from netstudio.compiler.shape_cache import shared_cache

    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock[0]
        clock[0] = now

    model = model.eval()
    gm = trace(model, path, stack_traces=False)
    lap("trace")
    mapper = _Mapper(gm, input_shape)
    try:
        graph = mapper.run()
    except NetStudioError:   # the refusal again, this time naming the source line of the operation
        gm = trace(model, path)
        mapper = _Mapper(gm, input_shape)
        graph = mapper.run()
        raise
    original = model.state_dict()
    state: dict[str, torch.Tensor] = {}
    for node_id, module_path in mapper.module_nodes.items():
        for key in gm.get_submodule(module_path).state_dict():
            state[f"{node_id}.{key}"] = original[f"{module_path}.{key}"].detach().clone().contiguous()
    lap("map")
    try:
        # one inference for the flat and the folded graph (folding reuses its cache), and with the process's
        # shape store: the window that opens the import right after finds every layer's shapes there
        inference = ShapeInference(store=shared_cache())
        compiled = build_module(graph, inference=inference).eval()
    except NetStudioError as exc:
        raise NetStudioError(f"the imported graph does not check (is the input shape {list(input_shape)} "
                             f"right?): {exc}") from None
    missing, unexpected = copy_weights(compiled, state)
    if missing or unexpected:
        raise NetStudioError(f"the imported weights do not fit the graph (missing {missing[:3]}, "
                             f"unexpected {unexpected[:3]})")
    count = sum(p.numel() for p in compiled.parameters())
    expected = sum(p.numel() for p in model.parameters())
    if count != expected:
        unused = sorted({name.rsplit(".", 1)[0].split(".")[0] for name, _ in model.named_parameters()
                         if not any(name.startswith(path + ".") for path in mapper.module_nodes.values())})
        hint = f": eval-mode forward never calls {', '.join(unused[:5])}" if unused else ""
        raise NetStudioError(f"the imported graph has {count:,} parameters but the model has {expected:,}{hint}")
    lap("compile")
    project = Project(name, {"model": graph})
    result = ImportResult(project, state, count, timings=timings)
    from .import_fold import fold_modules, fx_metas  # the module hierarchy as blocks; the weights re-keyed
    result, compiled = fold_modules(result, compiled, lambda g: fx_metas(g, gm, mapper), inference)
    if project.graph() is graph:   # not folded: the flat graph is what opens, laid out here
        for node_id, (x, y) in layered_positions(graph).items():
            graph.node(node_id).pos = (x, y)
    lap("fold")
    if verify:
        # one sample: half the time of two for densenet121; the layers are mapped with the model's own
        # dimension numbers (batch included) and the ones across the batch are refused, so one sample
        # shows a wrong mapping as a batch does
        result.max_difference = compare_outputs(model, compiled, input_shape, batch=1)
        if not result.max_difference <= 1e-4:
            raise NetStudioError(f"the imported graph computes something else than the model (outputs differ by "
                                 f"up to {result.max_difference:.3g}): some operation was not mapped faithfully; "
                                 "please report it with the model")
        lap("compare")
    return result


def copy_weights(module: nn.Module, state: dict[str, torch.Tensor]) -> tuple[list[str], list[str]]:
    """``module.load_state_dict(state, strict=False)`` for a flat module: (missing keys, unexpected keys).

    Why not load_state_dict: on a GraphModule with hundreds of children it filters the whole dict once per
    child (quadratic; 0.2 s of densenet121's import). Here each tensor is copied once, by name.
    """
    own = module.state_dict(keep_vars=True)
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    if missing or unexpected:
        return missing, unexpected
    with torch.no_grad():
        for key, value in state.items():
            target = own[key]
            if target.shape != value.shape:
                raise NetStudioError(f"the imported weight {key} has shape {list(value.shape)} but the graph's "
                                     f"layer needs {list(target.shape)}")
            target.copy_(value)
    return [], []


def compare_outputs(original: nn.Module, compiled: nn.Module, input_shape: list[int], batch: int = 2,
                    seed: int = 0) -> float:
    """The largest absolute difference between the two models' outputs on one random batch."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, *input_shape, generator=generator)
    with torch.no_grad():
        try:
            a, b = original.eval()(x), compiled.eval()(x)
        except RuntimeError as exc:
            raise NetStudioError(f"the model does not run on input shape {list(input_shape)}: "
                                 f"{_first_line(exc)} (set --input-shape)") from None
    a = list(a) if isinstance(a, (tuple, list)) else [a]
    b = list(b) if isinstance(b, (tuple, list)) else [b]
    return max(float((u - v).abs().max()) for u, v in zip(a, b))


def save_import(result: ImportResult, project_path: str | Path) -> Path:
    """Write the weights as ``<project>.safetensors`` beside the project, then the project naming them."""
    from safetensors.torch import save

    from netstudio.core.fileio import atomic_write_bytes

    project_path = Path(project_path)
    weights = project_path.with_suffix(".safetensors")
    try:
        atomic_write_bytes(weights, save(result.state_dict))
    except OSError as exc:
        raise NetStudioError(f"cannot write {weights}: {exc.strerror or exc}") from None
    result.project.extra["weights"] = weights.name
    result.project.save(project_path)
    return weights


def parse_args_json(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise NetStudioError(f"--args is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise NetStudioError('--args must be a JSON object such as {"num_classes": 10}')
    return value

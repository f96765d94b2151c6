"""Import an ONNX file as a NetStudio graph, with its weights.

The ONNX graph is mapped onto the catalog here, operator by operator, with the ``onnx`` package that
NetStudio already needs for its ONNX export. We tried the converter first: onnx2torch 1.5.15 (its latest
release, August 2024) installs, but cannot convert the ``ReduceMean`` of opset 18 that ``torch.onnx.export``
writes by default, and its ``fx.GraphModule`` is made of its own ``Onnx*`` module classes that would need a
second mapping onto the catalog anyway. Reading the ONNX nodes directly is about as much code, has no
dependency beyond ``onnx``, and lets every refusal name the ONNX node and its operator.

``onnxruntime`` (the ``netstudio[onnx]`` extra) checks the import: the file and the compiled graph run
on the same random batch and the largest difference of their outputs is reported. Without it the
import still works and says that the outputs were not compared.

ONNX files exported in evaluation mode usually have each BatchNorm folded into the convolution before it
(``torch.onnx.export``'s default optimiser does this): such a file has fewer weights than the PyTorch
model it came from, and the imported graph has exactly the file's.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import torch

from netstudio.core.errors import NetStudioError
from netstudio.core.graph import Edge, Graph, Node
from netstudio.core.layout import layered_positions
from netstudio.core.project import Project
from netstudio.layers import get_spec

from .importer import fresh_node_id
from .onnx_fold import node_scopes, onnx_metas

#: Largest ONNX file read (protobuf's own limit is 2 GiB; bigger models keep their weights outside).
MAX_ONNX_BYTES = 2 * 1024 ** 3

_ACTIVATIONS = {"Relu": "ReLU", "Sigmoid": "Sigmoid", "Tanh": "Tanh", "HardSwish": "Hardswish",
                "Softplus": "Softplus"}


def is_onnx_source(source: str) -> bool:
    return str(source).lower().endswith(".onnx")


def read_onnx(path: Path):
    """The ModelProto of ``path`` (weights kept beside it are read too); one sentence when it is not ONNX."""
    import onnx

    from netstudio.core.fileio import read_file_bytes

    data = read_file_bytes(path, MAX_ONNX_BYTES, "ONNX file")
    try:
        model = onnx.load_model_from_string(data)
    except Exception as exc:  # noqa: BLE001 - protobuf's DecodeError and friends
        raise NetStudioError(f"{path}: not an ONNX model ({type(exc).__name__})") from None
    if not model.graph.node:
        raise NetStudioError(f"{path}: the ONNX file holds no graph")
    try:
        from onnx.external_data_helper import load_external_data_for_model, uses_external_data

        if any(uses_external_data(t) for t in model.graph.initializer):
            load_external_data_for_model(model, str(path.parent))
    except (OSError, ValueError) as exc:
        raise NetStudioError(f"{path}: cannot read the weights it keeps in other files ({exc})") from None
    return model


class _OnnxMapper:
    """Walk the ONNX nodes once (they are in topological order), making one catalog node per operator."""

    def __init__(self, model, path: Path, input_shape: list[int] | None) -> None:
        import onnx
        from onnx import numpy_helper

        self.path = path
        self.opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 1)
        self.graph = Graph("model")
        self.state: dict[str, torch.Tensor] = {}
        self.values: dict[str, tuple[str, int]] = {}          # ONNX value name -> (node id, port)
        self.consts: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        self.taken: set[str] = set()
        self.scopes: dict[str, list] = {}    # node id -> the modules its ONNX node ran in (onnx_fold.node_scopes)
        self.bases: dict[str, str] = {}      # node id -> its operator, naming it inside a block ("add")
        self.skip: set[str] = set()             # first outputs of nodes already folded into the one before
        inputs = [i for i in model.graph.input if i.name not in self.consts]
        if len(inputs) != 1:
            raise NetStudioError(f"{path.name}: the model takes {len(inputs)} inputs; import handles models with "
                                 "one input tensor")
        self.input = inputs[0]
        dims = self.input.type.tensor_type.shape.dim
        declared = [d.dim_value if d.HasField("dim_value") else None for d in dims]
        if not declared:
            raise NetStudioError(f"{path.name}: the input '{self.input.name}' has no declared shape")
        self.batch = declared[0]                               # None: any batch size
        sample = declared[1:]
        if input_shape is not None:
            if None not in sample and list(input_shape) != sample:
                raise NetStudioError(f"{path.name} is made for input shape {sample} (without the batch), not "
                                     f"{list(input_shape)}: leave the input shape out or export the file again")
            if len(input_shape) != len(sample):
                raise NetStudioError(f"{path.name}: the input has {len(sample)} dimensions besides the batch, "
                                     f"the input shape {list(input_shape)} gives {len(input_shape)}")
            sample = list(input_shape)
        if None in sample:
            raise NetStudioError(f"{path.name}: the input's sizes {['?' if d is None else d for d in sample]} are "
                                 "not all fixed: give the input shape, e.g. 3,224,224")
        self.sample = sample
        # shapes of every value, with the input's sizes fixed where the file left them open
        fixed = onnx.ModelProto()
        fixed.CopyFrom(model)
        for d, size in zip(fixed.graph.input[list(model.graph.input).index(self.input)].type.tensor_type.shape.dim,
                           [self.batch or 1, *sample]):
            d.ClearField("dim_param")
            d.dim_value = size
        try:
            inferred = onnx.shape_inference.infer_shapes(fixed, data_prop=True)
        except Exception:  # noqa: BLE001 - shapes help reshapes only; mapping reports what it cannot size
            inferred = fixed
        self.shapes: dict[str, list[int | None]] = {}
        for v in [*inferred.graph.value_info, *inferred.graph.output, *inferred.graph.input]:
            if v.type.tensor_type.HasField("shape"):
                self.shapes[v.name] = [d.dim_value if d.HasField("dim_value") else None
                                       for d in v.type.tensor_type.shape.dim]
        self.graph_outputs = {o.name for o in model.graph.output}
        self.consumers: dict[str, list] = {}
        for node in model.graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self.model = model

    # ----- helpers -----
    def fail(self, node, why: str) -> None:
        label = f"'{node.name}'" if node.name else f"producing '{node.output[0]}'"
        raise NetStudioError(f"{self.path.name}: cannot import ONNX node {label} ({node.op_type}): {why}")

    def new_id(self, base: str) -> str:
        return fresh_node_id(base, self.taken)

    def node_base(self, node) -> str:
        """A readable id: the module path of its weight (``layer1.0.conv1``), else the node's scope name."""
        for name in node.input[1:2]:
            if name in self.consts and name.endswith(".weight"):
                return name[: -len(".weight")]
        parts = [p for p in node.name.split("/") if p]
        if len(parts) >= 2:   # TorchScript scopes: /layer1/layer1.0/relu/Relu -> layer1.0, relu
            parts = parts[:-1]
            parts = [p for i, p in enumerate(parts) if i + 1 == len(parts) or not parts[i + 1].startswith(p + ".")]
            return "_".join(parts)
        name = parts[0] if parts else node.op_type
        return re.sub(r"^node_", "", name) if name != node.op_type else node.op_type.lower()

    def attrs(self, node) -> dict[str, Any]:
        from onnx import helper

        return {a.name: helper.get_attribute_value(a) for a in node.attribute}

    def const(self, node, name: str, what: str) -> np.ndarray:
        if name not in self.consts:
            self.fail(node, f"its {what} is computed while the model runs; NetStudio needs it fixed in the file")
        return self.consts[name]

    def tensor(self, node, name: str) -> tuple[str, int]:
        if name in self.values:
            return self.values[name]
        if name in self.consts:
            self.fail(node, f"it takes the constant tensor '{name}' as an input, which no NetStudio layer does")
        self.fail(node, f"its input '{name}' comes from an operation that was not imported")

    def rank(self, name: str) -> int | None:
        shape = self.shapes.get(name)
        return len(shape) if shape is not None else None

    def add(self, node, type_name: str, params: dict, inputs: list[str], weights: dict | None = None,
            outputs: list[str] | None = None) -> str:
        problem = get_spec(type_name).validate_params(params)
        if problem:
            self.fail(node, f"its {problem[0]} cannot be a NetStudio {type_name} parameter ({problem[1]})")
        node_id = self.new_id(self.node_base(node))
        self.graph.add_node(Node(node_id, type_name, params))
        self.scopes[node_id] = node_scopes(node)
        self.bases[node_id] = node.op_type.lower()
        for port, name in enumerate(inputs):
            src = self.tensor(node, name)
            self.graph.add_edge(Edge(src[0], node_id, src[1], port))
        for key, value in (weights or {}).items():
            self.state[f"{node_id}.{key}"] = torch.from_numpy(np.array(value, dtype=np.float32, copy=True))
        for name in outputs or node.output[:1]:
            self.values[name] = (node_id, 0)
        return node_id

    def unused_output(self, node, index: int) -> None:
        if len(node.output) > index and node.output[index] and node.output[index] in self.consumers:
            self.fail(node, f"its output {index + 1} ('{node.output[index]}') is used, which NetStudio's layer "
                            "does not give")

    # ----- the walk -----
    def run(self) -> Graph:
        self.values[self.input.name] = (self.new_id(self.input.name), 0)
        self.graph.add_node(Node(self.values[self.input.name][0], "Input", {"shape": list(self.sample)}))
        for node in self.model.graph.node:
            if node.output[0] in self.skip:   # keyed by output name: protobuf wrappers are not stable objects
                continue
            if node.domain not in ("", "ai.onnx"):
                self.fail(node, f"operators of the domain '{node.domain}' have no NetStudio layer")
            handler = getattr(self, f"_op_{node.op_type}", None)
            if handler is None:
                self.fail(node, "NetStudio has no layer for this operator")
            handler(node)
        outputs = list(self.model.graph.output)
        for i, out in enumerate(outputs):
            node_id = self.new_id("output" if len(outputs) == 1 else f"output{i}")
            self.graph.add_node(Node(node_id, "Output", {}))
            if out.name not in self.values:
                raise NetStudioError(f"{self.path.name}: the output '{out.name}' is a constant, not computed from "
                                     "the input")
            src = self.values[out.name]
            self.graph.add_edge(Edge(src[0], node_id, src[1], 0))
        return self.graph

    # constants and aliases
    def _op_Constant(self, node) -> None:
        from onnx import numpy_helper

        a = node.attribute[0]
        if a.name != "value":
            value = self.attrs(node)[a.name]
            self.consts[node.output[0]] = np.array(value)
        else:
            self.consts[node.output[0]] = numpy_helper.to_array(a.t)

    def _op_Identity(self, node) -> None:
        if node.input[0] in self.consts:    # the exporter shares equal weights through Identity nodes
            self.consts[node.output[0]] = self.consts[node.input[0]]
        else:
            self.values[node.output[0]] = self.tensor(node, node.input[0])

    # layers with weights
    def _op_Conv(self, node, transpose: bool = False) -> None:
        a = self.attrs(node)
        w = self.const(node, node.input[1], "weight")
        spatial = w.ndim - 2
        kinds = {1: "Conv1d", 2: "Conv2d"} if not transpose else {2: "ConvTranspose2d"}
        if spatial not in kinds:
            self.fail(node, f"NetStudio has no {spatial}-D {'transposed ' if transpose else ''}convolution")
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", b"VALID", "NOTSET", "VALID"):
            self.fail(node, f"auto_pad {a['auto_pad']!r} has no NetStudio equivalent: export with explicit padding")
        if transpose and "output_shape" in a:
            self.fail(node, "output_shape has no NetStudio equivalent: export with explicit padding")
        group = int(a.get("group", 1))
        params = {"out_channels": int(w.shape[1] * group if transpose else w.shape[0]),
                  "kernel_size": _plain(w.shape[2:])}
        self._spatial(node, params, a, spatial, stride_default=1)
        if int(group) != 1:
            params["groups"] = group
        if transpose and any(a.get("output_padding", [0])):
            params["output_padding"] = _plain(a["output_padding"])
        weights = {"weight": w}
        if len(node.input) > 2 and node.input[2]:
            weights["bias"] = self.const(node, node.input[2], "bias")
        else:
            params["bias"] = False
        self.add(node, kinds[spatial], params, [node.input[0]], weights)

    def _op_ConvTranspose(self, node) -> None:
        self._op_Conv(node, transpose=True)

    def _spatial(self, node, params: dict, a: dict, spatial: int, stride_default: int | None) -> None:
        """strides, pads and dilations of a convolution or pooling, as PyTorch's stride/padding/dilation."""
        strides = list(a.get("strides", [1] * spatial))
        if strides != [stride_default] * spatial:
            params["stride"] = _plain(strides)
        pads = list(a.get("pads", [0] * 2 * spatial))
        if pads[:spatial] != pads[spatial:]:
            self.fail(node, f"its padding {pads} differs at the start and the end, which PyTorch layers cannot do")
        if any(pads):
            params["padding"] = _plain(pads[:spatial])
        dilations = list(a.get("dilations", [1] * spatial))
        if any(d != 1 for d in dilations):
            params["dilation"] = _plain(dilations)

    def _op_BatchNormalization(self, node) -> None:
        a = self.attrs(node)
        if a.get("training_mode", 0):
            self.fail(node, "it is in training mode; export the model in evaluation mode")
        for i in (1, 2):
            self.unused_output(node, i)
        scale, bias, mean, var = (self.const(node, n, w) for n, w in
                                  zip(node.input[1:5], ("scale", "bias", "running mean", "running variance")))
        rank = self.rank(node.input[0])
        kind = "BatchNorm2d" if rank == 4 else "BatchNorm1d" if rank in (2, 3) else None
        if kind is None:
            self.fail(node, f"NetStudio has BatchNorm for 2-, 3- and 4-dimensional tensors, not rank {rank}")
        params = {}
        eps = float(np.float32(a.get("epsilon", 1e-5)))
        if not math.isclose(eps, 1e-5, rel_tol=1e-6):
            params["eps"] = _round32(eps)
        momentum = _round32(1.0 - float(a.get("momentum", 0.9)))   # ONNX keeps the old statistics' weight
        if not math.isclose(momentum, 0.1, rel_tol=1e-6):
            params["momentum"] = momentum
        self.add(node, kind, params, [node.input[0]],
                 {"weight": scale, "bias": bias, "running_mean": mean, "running_var": var})
        self.state[f"{self.values[node.output[0]][0]}.num_batches_tracked"] = torch.tensor(0)

    def _op_LayerNormalization(self, node) -> None:
        a = self.attrs(node)
        if a.get("axis", -1) not in (-1, (self.rank(node.input[0]) or 0) - 1):
            self.fail(node, "NetStudio's LayerNorm normalises the last dimension only")
        self.unused_output(node, 1)
        params, weights = {}, {"weight": self.const(node, node.input[1], "scale")}
        eps = float(np.float32(a.get("epsilon", 1e-5)))
        if not math.isclose(eps, 1e-5, rel_tol=1e-6):
            params["eps"] = _round32(eps)
        if len(node.input) > 2 and node.input[2]:
            weights["bias"] = self.const(node, node.input[2], "bias")
        else:
            params["bias"] = False
        self.add(node, "LayerNorm", params, [node.input[0]], weights)

    def _op_Gemm(self, node) -> None:
        a = self.attrs(node)
        if a.get("transA", 0) or float(a.get("alpha", 1.0)) != 1.0 or float(a.get("beta", 1.0)) != 1.0:
            self.fail(node, "only Gemm with transA=0, alpha=1 and beta=1 is a Linear layer")
        b = self.const(node, node.input[1], "weight")
        weight = b if a.get("transB", 0) else b.T
        weights = {"weight": weight}
        params = {"out_features": int(weight.shape[0])}
        if len(node.input) > 2 and node.input[2]:
            c = self.const(node, node.input[2], "bias")
            if c.size not in (1, weight.shape[0]):
                self.fail(node, f"its bias of shape {list(c.shape)} is not one value per output")
            weights["bias"] = np.broadcast_to(c.reshape(-1), (weight.shape[0],))
        else:
            params["bias"] = False
        self.add(node, "Linear", params, [node.input[0]], weights)

    def _op_MatMul(self, node) -> None:
        """x @ W (W fixed) is a Linear; an Add of a fixed vector right after it becomes its bias."""
        if node.input[1] not in self.consts:
            self.fail(node, "multiplying two computed tensors has no NetStudio layer")
        w = self.consts[node.input[1]]
        if w.ndim != 2:
            self.fail(node, f"its weight has {w.ndim} dimensions; a Linear layer's has 2")
        weights, params, outputs = {"weight": w.T}, {"out_features": int(w.shape[1])}, [node.output[0]]
        users = self.consumers.get(node.output[0], [])
        if len(users) == 1 and users[0].op_type == "Add":
            other = [n for n in users[0].input if n != node.output[0]]
            if len(other) == 1 and other[0] in self.consts and self.consts[other[0]].size == w.shape[1]:
                weights["bias"] = self.consts[other[0]].reshape(-1)
                outputs = [users[0].output[0]]
                self.skip.add(users[0].output[0])
        if "bias" not in weights:
            params["bias"] = False
        self.add(node, "Linear", params, [node.input[0]], weights, outputs)

    def _op_PRelu(self, node) -> None:
        slope = self.const(node, node.input[1], "slope").reshape(-1)
        params = {} if slope.size == 1 else {"num_parameters": int(slope.size)}
        self.add(node, "PReLU", params, [node.input[0]], {"weight": slope})

    # activations
    def _activation(self, node) -> None:
        self.add(node, _ACTIVATIONS[node.op_type], {}, [node.input[0]])

    _op_Relu = _op_Tanh = _op_HardSwish = _op_Softplus = _activation

    def _op_Sigmoid(self, node) -> None:
        """x * sigmoid(x), as exporters write SiLU, becomes one SiLU; any other Sigmoid stays one."""
        users = self.consumers.get(node.output[0], [])
        if len(users) == 1 and users[0].op_type == "Mul" and sorted(users[0].input) == sorted(
                [node.input[0], node.output[0]]) and node.output[0] not in self.graph_outputs:
            self.skip.add(users[0].output[0])
            self.add(node, "SiLU", {}, [node.input[0]], outputs=[users[0].output[0]])
        else:
            self._activation(node)

    def _op_LeakyRelu(self, node) -> None:
        alpha = _round32(float(self.attrs(node).get("alpha", 0.01)))
        self.add(node, "LeakyReLU", {} if math.isclose(alpha, 0.01) else {"negative_slope": alpha}, [node.input[0]])

    def _op_Elu(self, node) -> None:
        alpha = _round32(float(self.attrs(node).get("alpha", 1.0)))
        self.add(node, "ELU", {} if alpha == 1.0 else {"alpha": alpha}, [node.input[0]])

    def _op_Gelu(self, node) -> None:
        approximate = self.attrs(node).get("approximate", "none")
        approximate = approximate.decode() if isinstance(approximate, bytes) else approximate
        self.add(node, "GELU", {} if approximate == "none" else {"approximate": approximate}, [node.input[0]])

    def _op_HardSigmoid(self, node) -> None:
        a = self.attrs(node)
        if not (math.isclose(a.get("alpha", 0.2), 1 / 6, rel_tol=1e-6) and math.isclose(a.get("beta", 0.5), 0.5)):
            self.fail(node, f"alpha {a.get('alpha', 0.2):g} and beta {a.get('beta', 0.5):g} differ from "
                            "PyTorch's Hardsigmoid (1/6 and 0.5)")
        self.add(node, "Hardsigmoid", {}, [node.input[0]])

    def _op_Clip(self, node) -> None:
        a = self.attrs(node)
        low = a.get("min") if self.opset < 11 else (
            float(self.const(node, node.input[1], "minimum")) if len(node.input) > 1 and node.input[1] else None)
        high = a.get("max") if self.opset < 11 else (
            float(self.const(node, node.input[2], "maximum")) if len(node.input) > 2 and node.input[2] else None)
        if low == 0 and high == 6:
            self.add(node, "ReLU6", {}, [node.input[0]])
        elif low == 0 and (high is None or math.isinf(high)):
            self.add(node, "ReLU", {}, [node.input[0]])
        else:
            self.fail(node, f"clipping to [{low}, {high}] has no layer (NetStudio has ReLU6 for [0, 6])")

    def _softmax(self, node, kind: str) -> None:
        rank = self.rank(node.input[0])
        axis = int(self.attrs(node).get("axis", -1 if self.opset >= 13 else 1))
        if rank is not None and axis < 0:
            axis += rank
        if self.opset < 13 and rank is not None and axis != rank - 1:
            self.fail(node, "before opset 13 it normalises several dimensions at once, which no layer does")
        if axis == 0:
            self.fail(node, "normalising across the batch has no layer")
        self.add(node, kind, {"dim": axis}, [node.input[0]])

    def _op_Softmax(self, node) -> None:
        self._softmax(node, "Softmax")

    def _op_LogSoftmax(self, node) -> None:
        self._softmax(node, "LogSoftmax")

    # joining and arithmetic
    def _binary(self, node, kind: str) -> None:
        for name in node.input:
            if name in self.consts:
                self.fail(node, f"one of its inputs is the fixed tensor '{name}'; NetStudio's {kind} joins "
                                "tensors computed by layers")
        self.add(node, kind, {}, list(node.input))

    def _op_Add(self, node) -> None:
        self._binary(node, "Add")

    def _op_Mul(self, node) -> None:
        self._binary(node, "Multiply")

    def _op_Concat(self, node) -> None:
        axis = int(self.attrs(node)["axis"])
        rank = self.rank(node.input[0])
        if axis < 0 and rank is not None:
            axis += rank
        if axis == 0:
            self.fail(node, "joining along the batch dimension has no layer (Concat joins dim 1 or later)")
        if len(node.input) == 1:
            self.add(node, "Identity", {}, list(node.input))
        else:
            self.add(node, "Concat", {"dim": axis}, list(node.input))

    # pooling and shapes
    def _op_MaxPool(self, node, kind: str = "MaxPool") -> None:
        a = self.attrs(node)
        self.unused_output(node, 1)
        kernel = list(a["kernel_shape"])
        spatial = len(kernel)
        names = {("MaxPool", 1): "MaxPool1d", ("MaxPool", 2): "MaxPool2d", ("AveragePool", 2): "AvgPool2d"}
        if (kind, spatial) not in names:
            self.fail(node, f"NetStudio has no {spatial}-D {kind}")
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", b"VALID", "NOTSET", "VALID"):
            self.fail(node, f"auto_pad {a['auto_pad']!r} has no NetStudio equivalent")
        params: dict[str, Any] = {"kernel_size": _plain(kernel)}
        strides = list(a.get("strides", [1] * spatial))   # ONNX's default stride is 1, PyTorch's the kernel
        if strides != kernel:
            params["stride"] = _plain(strides)
        probe: dict = {}
        self._spatial(node, probe, {k: v for k, v in a.items() if k in ("pads", "dilations")}, spatial, None)
        params.update({k: v for k, v in probe.items() if k != "stride"})
        if kind == "AveragePool" and "dilation" in params:
            self.fail(node, "a dilated average pooling has no NetStudio layer")
        if a.get("ceil_mode", 0):
            params["ceil_mode"] = True
        if kind == "AveragePool" and "padding" in params and not a.get("count_include_pad", 0):
            params["count_include_pad"] = False
        self.add(node, names[(kind, spatial)], params, [node.input[0]])

    def _op_AveragePool(self, node) -> None:
        self._op_MaxPool(node, "AveragePool")

    def _op_GlobalAveragePool(self, node) -> None:
        if self.rank(node.input[0]) != 4:
            self.fail(node, "NetStudio pools images (C, H, W) globally, not this shape")
        self.add(node, "AdaptiveAvgPool2d", {"output_size": 1}, [node.input[0]])

    def _op_GlobalMaxPool(self, node) -> None:
        if self.rank(node.input[0]) != 4:
            self.fail(node, "NetStudio pools images (C, H, W) globally, not this shape")
        self.add(node, "AdaptiveMaxPool2d", {"output_size": 1}, [node.input[0]])

    def _op_ReduceMean(self, node) -> None:
        a = self.attrs(node)
        if self.opset >= 18 and len(node.input) > 1 and node.input[1]:
            axes = [int(v) for v in self.const(node, node.input[1], "axes").reshape(-1)]
        else:
            axes = [int(v) for v in a.get("axes", [])]
        rank = self.rank(node.input[0])
        if rank is not None:
            axes = [d + rank if d < 0 else d for d in axes]
        if not axes or 0 in axes:
            self.fail(node, "averaging over the batch dimension has no layer (Mean averages dim 1 or later)")
        self.add(node, "Mean", {"dim": axes[0] if len(axes) == 1 else axes, "keepdim": bool(a.get("keepdims", 1))},
                 [node.input[0]])

    def _op_Flatten(self, node) -> None:
        if int(self.attrs(node).get("axis", 1)) != 1:
            self.fail(node, "only flattening everything after the batch (axis=1) keeps the batch apart")
        self.add(node, "Flatten", {}, [node.input[0]])

    def _op_Reshape(self, node) -> None:
        shape = [int(v) for v in self.const(node, node.input[1], "target shape").reshape(-1)]
        given = self.shapes.get(node.input[0]) or []
        if self.attrs(node).get("allowzero", 0) and 0 in shape:
            self.fail(node, "a reshape to size 0 has no layer")
        if not shape or shape[0] not in (0, -1, self.batch or 1):
            self.fail(node, f"it reshapes to {shape}, which does not keep the batch size first")
        rest = shape[1:]
        rest = [given[i + 1] if s == 0 and i + 1 < len(given) else s for i, s in enumerate(rest)]
        if shape[0] == -1 and -1 in rest:
            self.fail(node, f"it reshapes to {shape}, which does not keep the batch size first")
        sample = given[1:]
        if None in rest or 0 in rest:
            self.fail(node, "the sizes it reshapes to are unknown before the model runs")
        if rest == [-1] or (len(rest) == 1 and None not in sample and sample and rest[0] == math.prod(sample)):
            self.add(node, "Flatten", {}, [node.input[0]])
        else:
            self.add(node, "Reshape", {"shape": rest}, [node.input[0]])

    def _op_Transpose(self, node) -> None:
        perm = [int(p) for p in self.attrs(node).get("perm", [])]
        if node.input[0] in self.consts:   # a weight transposed in the file (exports without constant folding)
            self.consts[node.output[0]] = np.transpose(self.consts[node.input[0]], perm or None)
            return
        if not perm or perm[0] != 0:
            self.fail(node, "swapping the batch dimension has no layer")
        self.add(node, "Permute", {"dims": perm}, [node.input[0]])

    def _op_Dropout(self, node) -> None:
        self.unused_output(node, 1)
        ratio = self.attrs(node).get("ratio", 0.5)
        if self.opset >= 12 and len(node.input) > 1 and node.input[1]:
            ratio = float(self.const(node, node.input[1], "ratio"))
        self.add(node, "Dropout", {"p": _round32(float(ratio))}, [node.input[0]])


def _plain(values) -> Any:
    items = [int(v) for v in values]
    return items[0] if len(items) > 1 and all(v == items[0] for v in items) else items


def _round32(value: float) -> float:
    """A float32 attribute as the decimal it was written from (0.1, not 0.10000000149)."""
    return float(f"{value:.7g}")


def import_onnx(path: str | Path, input_shape: list[int] | None = None, name: str | None = None,
                verify: bool = True):
    """The project equivalent to the ONNX file ``path``, its weights, and the check of both.

    Parameters
    ----------
    path : str or Path
        The .onnx file.
    input_shape : list of int, optional
        One sample's input shape without the batch; needed only where the file leaves sizes open.
    name : str, optional
        The project name (default: the file's stem).
    verify : bool
        Run the file with onnxruntime (when installed) and the compiled graph on one random batch.

    Returns
    -------
    ImportResult
        As ``importer.import_model`` gives; ``max_difference`` is None when onnxruntime is missing.

    Raises
    ------
    NetStudioError
        Naming the first ONNX node (and its operator) that has no catalog layer.
    """
    from netstudio.compiler import ShapeInference, build_module
    from netstudio.compiler.shape_cache import shared_cache

    from .import_fold import fold_modules
    from .importer import ImportResult, copy_weights

    path = Path(path)
    model = read_onnx(path)
    mapper = _OnnxMapper(model, path, input_shape)
    graph = mapper.run()
    for node_id, (x, y) in layered_positions(graph).items():
        graph.node(node_id).pos = (x, y)
    inference = ShapeInference(store=shared_cache())   # also serves the fold and the window that opens it
    try:
        compiled = build_module(graph, inference=inference).eval()
    except NetStudioError as exc:
        raise NetStudioError(f"{path.name}: the imported graph does not check: {exc}") from None
    missing, unexpected = copy_weights(compiled, mapper.state)
    if missing or unexpected:
        raise NetStudioError(f"{path.name}: the imported weights do not fit the graph (missing {missing[:3]}, "
                             f"unexpected {unexpected[:3]})")
    count = sum(p.numel() for p in compiled.parameters())
    result = ImportResult(Project(name or path.stem, {"model": graph}), mapper.state, count)
    if any(mapper.scopes.values()):   # PyTorch's exporters record the modules: fold them into blocks
        result, compiled = fold_modules(result, compiled, lambda g: onnx_metas(g, mapper.scopes, mapper.bases),
                                        inference)
    if verify:
        batch = mapper.batch or 2
        result.max_difference = compare_with_onnxruntime(path, model, compiled, [batch, *mapper.sample])
        if result.max_difference is None:
            result.notes.append("onnxruntime is not installed, so the outputs were not compared with the file's "
                                "(pip install 'netstudio[onnx]')")
        elif not result.max_difference <= 1e-4:
            raise NetStudioError(f"{path.name}: the imported graph computes something else than the file (outputs "
                                 f"differ by up to {result.max_difference:.3g}); please report it with the file")
    return result


def compare_with_onnxruntime(path: Path, model, compiled, shape: list[int], seed: int = 0) -> float | None:
    """The largest absolute difference between the file (run by onnxruntime) and ``compiled`` on one batch."""
    try:
        import onnxruntime
    except ImportError:
        return None
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(seed))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1    # a shared machine: ORT's default spins every core
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(model.SerializeToString(), options,
                                               providers=["CPUExecutionProvider"])
        expected = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    except Exception as exc:  # noqa: BLE001 - onnxruntime's own errors: one line
        raise NetStudioError(f"{path.name}: onnxruntime cannot run the file to check the import: "
                             f"{str(exc).strip().splitlines()[0][:200]}") from None
    with torch.no_grad():
        actual = compiled(x)
    actual = list(actual) if isinstance(actual, (tuple, list)) else [actual]
    return max(float(np.abs(e - a.numpy()).max()) for e, a in zip(expected, actual))

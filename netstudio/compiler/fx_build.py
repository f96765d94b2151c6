"""Compile a graph document into a ``torch.fx.GraphModule`` whose submodules are named by node id."""

from __future__ import annotations

import re

import torch
from torch import fx, nn
from torch.fx.proxy import GraphAppendingTracer

from netstudio.core.blocks import Expansion
from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph, Node
from netstudio.layers import require_spec
from netstudio.layers.build import apply, make_module
from netstudio.layers.spec import LayerSpec

from .shapes import NodeInfo, ShapeInference, graph_problems
from .traversal import GraphWalker


class _ModuleCall:
    """Stands in for a module while tracing: calling it records a ``call_module`` node."""

    def __init__(self, tracer: GraphAppendingTracer, target: str) -> None:
        self.tracer, self.target = tracer, target

    def __call__(self, *args, **kwargs):
        return self.tracer.create_proxy("call_module", self.target, args, kwargs)


def class_name_for(name: str) -> str:
    """"MNIST CNN" -> "MnistCnn": a valid Python class name for generated code."""
    words = re.findall(r"[A-Za-z0-9]+", name) or ["Model"]
    out = "".join(w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w[:1].upper() + w[1:]
                  for w in words)
    return out if out[0].isalpha() else "Model" + out


def output_nodes(graph: Graph) -> list[str]:
    """Nodes of type Output or, when there are none, the nodes nothing reads from."""
    outs = [n.id for n in graph if n.type == "Output"]
    if outs:
        return outs
    used = {e.src for e in graph.edges}
    return [n.id for n in graph if n.id not in used and n.type != "Input"]


def check_graph(graph: Graph, inference: ShapeInference | None = None) -> dict[str, NodeInfo]:
    """Infer shapes and raise the first error as a GraphError (warnings pass).

    The infos are those of ``graph``'s own nodes (a Block node's: see ``ShapeInference.infer``).
    """
    infos = (inference or ShapeInference()).infer(graph)
    _raise_first(graph, infos)
    return infos


def check_flat(graph: Graph, inference: ShapeInference | None = None
               ) -> tuple[dict[str, NodeInfo], Expansion, dict[str, NodeInfo]]:
    """``check_graph``, plus the expansion of the graph's blocks and the infos of its flat nodes."""
    from .shapes import fold_infos

    inference = inference or ShapeInference()
    try:
        exp, flat = inference.infer_flat(graph)
    except GraphError:
        check_graph(graph, inference)  # reports the id clash the way inference does
        raise
    infos = fold_infos(graph, exp, flat) if exp.graph is not graph else flat
    _raise_first(graph, infos)
    return infos, exp, flat


def _raise_first(graph: Graph, infos: dict[str, NodeInfo]) -> None:
    for problem in graph_problems(graph, infos):
        if problem.severity == "error":
            raise problem
    if not output_nodes(graph):
        raise GraphError(None, f"graph '{graph.name}' has no output: connect a layer after the Input")


class _FxBuilder(GraphWalker[list]):
    """Appends each node of a checked graph to an fx graph; the values passed along edges are fx proxies."""

    def __init__(self, infos: dict[str, NodeInfo]) -> None:
        self.infos = infos
        self.fx_graph = fx.Graph()
        self.tracer = GraphAppendingTracer(self.fx_graph)
        self.root = nn.Module()

    def source(self, node: Node, spec: LayerSpec) -> list:
        return [fx.Proxy(self.fx_graph.placeholder(node.id), self.tracer)]

    def outputs(self, result: list) -> list:
        return result

    def visit(self, node: Node, spec: LayerSpec, inputs: list) -> list:
        params = spec.resolved(node.params)
        module = make_module(spec, params, self.infos[node.id].in_shapes)
        call = None
        if module is not None:
            self.root.add_module(node.id, module)
            call = _ModuleCall(self.tracer, node.id)
        outputs = apply(spec, call, inputs, params)
        ports = spec.ports_out(params)
        for port, value in enumerate(outputs):
            # name each value after its node (and port) so generated code reads like the diagram
            if isinstance(value, fx.Proxy) and all(value.node is not i.node for i in inputs):
                suffix = f"_{ports[port].name}" if len(outputs) > 1 and port < len(ports) else ""
                value.node._rename(f"{node.id}{suffix}")
        return outputs


def build_module(graph: Graph, class_name: str | None = None, inference: ShapeInference | None = None
                 ) -> fx.GraphModule:
    """The graph as a trainable ``GraphModule``; raises GraphError naming the node at fault.

    Block nodes are expanded: the submodules are named by flat id (``layer1_0__conv1``, see
    ``core.blocks.expand``), so the state dict keys are ``layer1_0__conv1.weight``.
    """
    _, exp, flat_infos = check_flat(graph, inference)
    builder = _FxBuilder(flat_infos)
    values = builder.run(exp.graph)
    outs = []
    for nid in output_nodes(graph):
        fid, port = exp.output_ports[nid][0] if nid in exp.output_ports else (nid, 0)
        outs.append(values[fid][port])
    builder.fx_graph.output(outs[0].node if len(outs) == 1 else tuple(o.node for o in outs))
    gm = fx.GraphModule(builder.root, builder.fx_graph, class_name=class_name or class_name_for(graph.name))
    gm.graph.eliminate_dead_code()  # e.g. the unused "last" output of an LSTM
    gm.recompile()
    gm.input_names = [n.id for n in graph if n.type == "Input"]  # order of forward's arguments
    return gm


def example_inputs(graph: Graph, batch: int = 2) -> tuple[torch.Tensor, ...]:
    """Random CPU inputs of the right shape and dtype for each Input node (ids for int64 inputs)."""
    out = []
    for node in graph:
        if node.type != "Input":
            continue
        params = require_spec("Input").resolved(node.params)
        shape = (batch, *params["shape"])
        if params["dtype"] == "int64":
            out.append(torch.zeros(shape, dtype=torch.int64))
        else:
            out.append(torch.randn(shape))
    return tuple(out)

"""Compile a graph document into a ``torch.fx.GraphModule`` whose submodules are named by node id."""

from __future__ import annotations

import re

import torch
from torch import fx, nn
from torch.fx.proxy import GraphAppendingTracer

from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph
from netstudio.layers import spec_for
from netstudio.layers.build import apply, make_module

from .shapes import NodeInfo, ShapeInference, graph_problems



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
    """Infer shapes and raise the first error as a GraphError (warnings pass)."""
    infos = (inference or ShapeInference()).infer(graph)
    for problem in graph_problems(graph, infos):
        if problem.severity == "error":
            raise problem
    if not output_nodes(graph):
        raise GraphError(None, f"graph '{graph.name}' has no output: connect a layer after the Input")
    return infos


def build_module(graph: Graph, class_name: str | None = None, inference: ShapeInference | None = None
                 ) -> fx.GraphModule:
    """The graph as a trainable ``GraphModule``; raises GraphError naming the node at fault."""
    infos = check_graph(graph, inference)
    fx_graph = fx.Graph()
    tracer = GraphAppendingTracer(fx_graph)
    root = nn.Module()
    values: dict[tuple[str, int], object] = {}
    for nid in graph.topological_order():
        node = graph.node(nid)
        spec = spec_for(node.type)
        if node.type == "Input":
            values[(nid, 0)] = fx.Proxy(fx_graph.placeholder(nid), tracer)
            continue
        params = spec.resolved(node.params)
        edges = graph.in_edges(nid)
        inputs = [values[(e.src, e.src_port)] for e in edges]
        shapes = infos[nid].in_shapes
        module = make_module(spec, params, shapes)
        call = None
        if module is not None:
            root.add_module(nid, module)
            call = _ModuleCall(tracer, nid)
        outputs = apply(spec, call, inputs, params)
        ports = spec.ports_out(params)
        for port, value in enumerate(outputs):
            values[(nid, port)] = value
            # name each value after its node (and port) so generated code reads like the diagram
            if isinstance(value, fx.Proxy) and all(value.node is not i.node for i in inputs):
                suffix = f"_{ports[port].name}" if len(outputs) > 1 and port < len(ports) else ""
                value.node._rename(f"{nid}{suffix}")
    outs = [values[(nid, 0)] for nid in output_nodes(graph)]
    fx_graph.output(outs[0].node if len(outs) == 1 else tuple(o.node for o in outs))
    gm = fx.GraphModule(root, fx_graph, class_name=class_name or class_name_for(graph.name))
    gm.graph.eliminate_dead_code()  # e.g. the unused "last" output of an LSTM
    gm.recompile()
    gm.input_names = [n.id for n in graph if n.type == "Input"]  # order of forward's arguments
    return gm


def example_inputs(graph: Graph, batch: int = 2, device: str | torch.device = "cpu") -> tuple[torch.Tensor, ...]:
    """Random inputs of the right shape and dtype for each Input node (ids for int64 inputs)."""
    out = []
    for node in graph:
        if node.type != "Input":
            continue
        params = spec_for("Input").resolved(node.params)
        shape = (batch, *params["shape"])
        if params["dtype"] == "int64":
            out.append(torch.zeros(shape, dtype=torch.int64, device=device))
        else:
            out.append(torch.randn(shape, device=device))
    return tuple(out)

"""The one walk over a graph document that every data-following pass shares (torch-free).

Shape inference and the torch.fx builder both visit the nodes in topological order and hand
each layer the values on its input ports. Which edge feeds which argument of a layer (ports in
order, optional ports, variadic inputs, an output port the source does not have) is decided here
once, so inference can never accept a wiring that compilation then reads differently.
Modelled on ``torch.fx.Interpreter``: a pass subclasses ``GraphWalker`` and fills in its hooks.
"""

from __future__ import annotations

from typing import Generic, Sequence, TypeVar

from netstudio.core.errors import GraphError
from netstudio.core.graph import Edge, Graph, Node
from netstudio.layers import get_spec
from netstudio.layers.spec import LayerSpec

R = TypeVar("R")


def input_edges(graph: Graph, node: Node, spec: LayerSpec) -> list[Edge]:
    """The edges whose values ``spec.forward`` receives, in argument order.

    Parameters
    ----------
    graph : Graph
        The document ``node`` belongs to.
    node : Node
        A node whose type is ``spec``.
    spec : LayerSpec
        The node's layer spec (its input ports).

    Returns
    -------
    list of Edge
        Every in-edge, by port, for a variadic layer (Add, Concat); otherwise one edge per
        connected port, stopping at the first unconnected optional port (optional ports are
        filled in order: MultiheadAttention's key before its value).

    Raises
    ------
    GraphError
        naming ``node`` with the fix, when a required port is empty, a variadic layer has too few
        inputs, or an edge goes to a port the layer does not have.
    """
    edges = graph.in_edges(node.id)
    if spec.variadic:
        if len(edges) < spec.min_inputs:
            raise GraphError(node.id, f"{node.type} needs at least {spec.min_inputs} inputs but has {len(edges)}: "
                                      f"connect {'another branch' if edges else 'the branches to combine'}")
        return edges
    by_port = {e.dst_port: e for e in edges}
    wired = []
    for i, port in enumerate(spec.inputs):
        edge = by_port.get(i)
        if edge is None:
            if not port.optional:
                name = "" if len(spec.inputs) == 1 else " " + repr(port.name)
                raise GraphError(node.id, f"{node.type} has no input{name}: connect a layer to it")
            break
        wired.append(edge)
    extra = [e for e in edges if e.dst_port >= len(spec.inputs)]
    if extra:
        raise GraphError(node.id, f"{node.type} has {len(spec.inputs)} input(s) but an edge goes to input "
                                  f"{extra[0].dst_port}")
    return wired


class GraphWalker(Generic[R]):
    """Visits a graph's nodes in topological order; each gets the values on its input ports.

    A pass says what one node yields (``visit``, and ``source`` for nodes without input ports
    such as Input) and which values of that result later nodes read (``outputs``, one per output
    port). A node whose inputs cannot be wired gets ``refuse``; one fed by a node without usable
    outputs gets ``blocked``. Both raise by default, which suits passes over a checked graph.
    Hooks get the node's params as stored; ``spec.resolved`` fills in defaults where a pass needs
    them (shape inference does not on a cache hit, which is most nodes after an edit).
    """

    def run(self, graph: Graph) -> dict[str, R]:
        """Every node's result, by node id.

        Raises
        ------
        GraphError
            when the graph has a cycle (from ``Graph.topological_order``).
        """
        results: dict[str, R] = {}
        offered: dict[str, Sequence | None] = {}  # each result's ``outputs``, asked once per node
        for nid in graph.topological_order():
            result = self.run_node(graph, graph.node(nid), offered)
            results[nid] = result
            offered[nid] = self.outputs(result)
        return results

    def run_node(self, graph: Graph, node: Node, offered: dict[str, Sequence | None]) -> R:
        """One node's result, given the ``outputs`` of the nodes before it in topological order."""
        spec = get_spec(node.type)
        if spec is None:
            return self.refuse(node, f"unknown layer type '{node.type}'")
        if not spec.inputs and not spec.variadic:  # Input: its value comes from outside the graph
            return self.source(node, spec)
        try:
            edges = input_edges(graph, node, spec)
        except GraphError as exc:
            return self.refuse(node, exc.message)
        inputs = []
        for edge in edges:
            outputs = offered[edge.src]
            if outputs is None:
                return self.blocked(node)
            if edge.src_port >= len(outputs):
                return self.refuse(node, f"the input comes from output {edge.src_port} of '{edge.src}', which has "
                                         f"only {len(outputs)} output(s)")
            inputs.append(outputs[edge.src_port])
        return self.visit(node, spec, inputs)

    # ----- hooks -----
    def source(self, node: Node, spec: LayerSpec) -> R:
        """The result of a node without input ports (Input)."""
        raise NotImplementedError

    def visit(self, node: Node, spec: LayerSpec, inputs: list) -> R:
        """The result of a layer given ``inputs``, one value per argument of its forward."""
        raise NotImplementedError

    def outputs(self, result: R) -> Sequence | None:
        """The values a node's result offers downstream, one per output port; None: nothing usable."""
        raise NotImplementedError

    def refuse(self, node: Node, message: str) -> R:
        """The result of a node that cannot run as wired; ``message`` says why and how to fix it."""
        raise GraphError(node.id, message)

    def blocked(self, node: Node) -> R:
        """The result of a node fed by one without usable outputs (an error upstream)."""
        raise GraphError(node.id, f"'{node.id}' has no input value: a layer before it has an error")

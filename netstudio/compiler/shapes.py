"""Shape inference: run each real layer on ``torch.device("meta")`` tensors, in topological order.

Exact for every layer (PyTorch computes the shapes) and cheap: results are cached per
(type, params, input shapes), so after an edit only the edited node and the nodes whose inputs
changed run again. The walk itself (which value feeds which port) is ``traversal.GraphWalker``,
shared with the fx builder.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field

from netstudio.core.blocks import BLOCK_TYPE, Expansion, block_name, expand, has_blocks, repeat_of
from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph, Node
from netstudio.layers import shape_rules, shape_text
from netstudio.layers.build import apply, check_inputs, make_module
from netstudio.layers.spec import LayerSpec, Problem, Shape

from .traversal import GraphWalker

META_BATCH = 2  # BatchNorm refuses a batch of one in training mode
# Sizes no computer trains: refused by check (and in the editor) instead of failing at allocation.
MAX_LAYER_PARAMETERS = 1_000_000_000     # 4 GB of float32 weights in one layer
MAX_VALUES_PER_SAMPLE = 2**28            # 1 GiB of float32 activations in one layer's output, per sample
_RESERVED: frozenset[str] | None = None


def reserved_names() -> frozenset[str]:
    """Attribute names of a torch GraphModule: a node id among them cannot name a submodule."""
    global _RESERVED
    if _RESERVED is None:
        from torch import fx, nn

        # an instance, not the class: GraphModule sets attributes such as ``meta`` in __init__;
        # "self" would shadow the module inside the generated forward
        instance = fx.GraphModule(nn.Module(), fx.Graph())
        _RESERVED = frozenset(set(dir(nn.Module())) | set(dir(instance)) | {"input_names", "self"})
    return _RESERVED


@dataclass
class NodeInfo:
    """What inference found for one node. Shapes exclude the batch dimension."""

    out_shapes: list[Shape] = field(default_factory=list)
    out_dtypes: list[str] = field(default_factory=list)
    in_shapes: list[Shape] = field(default_factory=list)
    param_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    blocked: bool = False  # an upstream node has an error, so this one has no shape yet
    pending: bool = False  # not known yet: only the cache was asked (``offline``) and it had no answer
    # a Block node's layers (flat id -> info), for costs and the block's inside; not kept in caches
    inner: dict | None = field(default=None, repr=False, compare=False)

    def to_record(self) -> dict:
        """A JSON-able record for the persistent cache (``shape_cache``)."""
        return {"o": [list(s) for s in self.out_shapes], "d": list(self.out_dtypes),
                "i": [list(s) for s in self.in_shapes], "p": self.param_count,
                "pr": [[p.message, p.severity] for p in self.problems], "b": self.blocked}

    @classmethod
    def from_record(cls, r: dict) -> "NodeInfo":
        return cls(out_shapes=[tuple(s) for s in r["o"]], out_dtypes=list(r["d"]), in_shapes=[tuple(s) for s in r["i"]],
                   param_count=int(r["p"]), problems=[Problem(m, sev) for m, sev in r["pr"]], blocked=bool(r.get("b")))

    @property
    def error(self) -> str | None:
        for p in self.problems:
            if p.severity == "error":
                return p.message
        return None

    @property
    def warnings(self) -> list[str]:
        return [p.message for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.error is None and not self.blocked and not self.pending

    @property
    def shape(self) -> Shape | None:
        return self.out_shapes[0] if self.out_shapes else None


class ShapeInference(GraphWalker[NodeInfo]):
    """Infers a graph's shapes; keep one per open document so its cache serves every edit.

    The values passed along edges are ``(shape, dtype)`` pairs, one per output port.
    """

    def __init__(self, cache_size: int = 8192, store=None, offline: bool = False) -> None:
        """``store``: a persistent ``shape_cache.ShapeCache`` asked before running a layer (and given
        what ran); ``offline``: never import torch, a layer the caches do not know is ``pending``."""
        self._cache: OrderedDict[tuple, NodeInfo] = OrderedDict()
        self._cache_size = cache_size
        self.store = store
        self.offline = offline
        self.computed = 0  # how many nodes were computed, not found in a cache (for tests and benchmarks)
        self.ruled = 0     # of those, how many by ``shape_rules`` (no torch)
        self.on_meta = 0   # and how many ran on the meta device
        self.pending = 0   # how many nodes the last ``infer`` left pending (offline only)
        self._pending_ids: set[str] = set()
        self._graph: Graph | None = None
        self._taught: dict[str, NodeInfo] | None = None
        self._block_problems: dict[str, str] = {}
        self._origin: dict[str, tuple[str, ...]] = {}   # flat id -> path, while a graph with blocks is walked

    def infer(self, graph: Graph) -> dict[str, NodeInfo]:
        """What inference found for every node of ``graph``, by node id (never raises).

        A graph with Block nodes is expanded first (``core.blocks.expand``); a Block node's info is that
        of its output layers (the last copy's for a repeat), its parameter count the sum inside, and an
        error inside reads "in block Basic, node conv2: <the layer's sentence>" on the Block node.
        """
        if not has_blocks(graph):
            return self._infer_plain(graph)
        try:
            exp, flat = self.infer_flat(graph)
        except GraphError as exc:
            return {n.id: NodeInfo(problems=[Problem(exc.message)]) if n.id == exc.node_id else NodeInfo(blocked=True)
                    for n in graph}
        return fold_infos(graph, exp, flat)

    def infer_flat(self, graph: Graph) -> tuple[Expansion, dict[str, NodeInfo]]:
        """The expanded graph and the info of each of its nodes (flat ids).

        Raises
        ------
        GraphError
            when an id the expansion generates is already taken (``core.blocks.expand``).
        """
        exp = expand(graph)
        self._block_problems = exp.problems
        self._origin = exp.origin
        try:
            return exp, self._infer_plain(exp.graph)
        finally:
            self._block_problems, self._origin = {}, {}

    def _infer_plain(self, graph: Graph) -> dict[str, NodeInfo]:
        self.pending, self._pending_ids, self._graph = 0, set(), graph
        try:
            graph.topological_order()  # cached by the graph: the walk below reuses it
        except GraphError as exc:
            return self._with_cycle(graph, exc)
        try:
            return self.run(graph)
        finally:
            self._graph = None

    def learn(self, graph: Graph, infos: dict[str, NodeInfo]) -> None:
        """Remember ``infos``, computed elsewhere (the shape server) for exactly this ``graph``, as if they
        had run here: the next offline walk of the same layers finds them in the caches."""
        self._taught, offline = infos, self.offline
        self.offline = True
        try:
            self.infer(graph)
        finally:
            self._taught, self.offline = None, offline

    def _with_cycle(self, graph: Graph, exc: GraphError) -> dict[str, NodeInfo]:
        import networkx as nx

        nxg = graph.to_networkx()
        on_cycle = {n for comp in nx.strongly_connected_components(nxg) if len(comp) > 1 for n in comp}
        infos = {}
        for node in graph:
            if node.id in on_cycle:
                infos[node.id] = NodeInfo(problems=[Problem(exc.message)])
            else:
                infos[node.id] = NodeInfo(blocked=True)
        return infos

    # ----- GraphWalker hooks -----
    def run_node(self, graph: Graph, node: Node, offered: dict) -> NodeInfo:
        reserved = self._reserved()
        if node.type == BLOCK_TYPE:  # a Block node that could not be expanded says why
            return NodeInfo(problems=[Problem(self._block_problems.get(node.id) or "this block cannot be expanded")])
        inner = self._origin.get(node.id, (node.id,))[-1]
        if inner != node.id and inner in reserved:  # it names an attribute of the exported block's class
            return NodeInfo(problems=[Problem(
                f"the id '{inner}' is a name PyTorch modules use themselves; rename the node (e.g. '{inner}_1')")])
        if node.id in reserved:
            return NodeInfo(problems=[Problem(
                f"the id '{node.id}' is a name PyTorch modules use themselves; rename the node (e.g. '{node.id}_1')")])
        return super().run_node(graph, node, offered)

    def source(self, node: Node, spec: LayerSpec) -> NodeInfo:
        return _input_info(spec.resolved(node.params))

    def outputs(self, result: NodeInfo) -> list[tuple[Shape, str]] | None:
        return list(zip(result.out_shapes, result.out_dtypes)) if result.ok else None

    def refuse(self, node: Node, message: str) -> NodeInfo:
        return NodeInfo(problems=[Problem(message)])

    def blocked(self, node: Node) -> NodeInfo:
        if self._pending_ids and self._graph is not None and any(
                e.src in self._pending_ids for e in self._graph.in_edges(node.id)):
            return self._pend(node)  # fed by a pending node: unknown, not an error upstream
        return NodeInfo(blocked=True)

    def _pend(self, node: Node) -> NodeInfo:
        self.pending += 1
        self._pending_ids.add(node.id)
        return NodeInfo(pending=True)

    def _reserved(self) -> frozenset[str]:
        if _RESERVED is not None or not self.offline:
            names = reserved_names()
            if self.store is not None and self.store.get_extra("reserved_names") is None:
                self.store.put_extra("reserved_names", sorted(names))
            return names
        known = self.store.get_extra("reserved_names") if self.store is not None else None
        if known is not None:
            return frozenset(known)
        from .torch_names import SNAPSHOT   # torch not imported yet: the names of the torch it was taken from

        return SNAPSHOT

    def visit(self, node: Node, spec: LayerSpec, inputs: list[tuple[Shape, str]]) -> NodeInfo:
        key = (node.type, json.dumps(node.params, sort_keys=True), tuple(inputs))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        stored_key = None
        if self.store is not None:
            from .shape_cache import node_key

            stored_key = node_key(node.type, node.params, inputs)
            record = self.store.get(stored_key)
            if record is not None:
                try:
                    info = NodeInfo.from_record(record)
                except (KeyError, TypeError, ValueError):  # a damaged record: compute it again
                    info = None
                if info is not None:
                    self._remember(key, info)
                    return info
        taught = self._taught.get(node.id) if self._taught is not None else None
        if taught is not None and not taught.pending:
            if stored_key is not None:
                self.store.put(stored_key, taught.to_record())
            self._remember(key, taught)
            return taught
        shapes = [shape for shape, _ in inputs]
        dtypes = [dtype for _, dtype in inputs]
        info = self._run(spec, spec.resolved(node.params), shapes, dtypes)
        if info is None:   # offline, and only PyTorch can say
            return self._pend(node)
        self.computed += 1
        if stored_key is not None:
            self.store.put(stored_key, info.to_record())
        self._remember(key, info)
        return info

    def _remember(self, key: tuple, info: NodeInfo) -> None:
        self._cache[key] = info
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return info

    def _run(self, spec: LayerSpec, params: dict, shapes: list[Shape], dtypes: list[str]) -> NodeInfo | None:
        """The node's info: its checks and ``shape_rules`` without torch, else the meta run (None when offline)."""
        problems = check_inputs(spec, params, shapes, dtypes)
        info = NodeInfo(in_shapes=list(shapes), problems=problems)
        if info.error:
            return info
        ruled = shape_rules.outputs(spec.type, params, shapes, dtypes)
        if ruled is not None:
            self.ruled += 1
            info.out_shapes, info.out_dtypes, info.param_count = ruled
            info.problems += size_problems(spec.type, info)
            return info
        if self.offline:
            return None
        return self._run_meta(spec, params, shapes, dtypes, info)

    def _run_meta(self, spec: LayerSpec, params: dict, shapes: list[Shape], dtypes: list[str],
                  info: NodeInfo) -> NodeInfo:
        import torch

        self.on_meta += 1
        try:
            with torch.device("meta"):
                module = make_module(spec, params, shapes)
                if module is not None and spec.type.startswith("BatchNorm"):
                    # same shapes; on meta, training mode runs torch's Python decomposition of batch_norm
                    # (3.5 ms a layer against 1.9 ms: 0.1 s of densenet121's 65 batch norms)
                    module.eval()
                inputs = [torch.empty((META_BATCH, *s), dtype=getattr(torch, d)) for s, d in zip(shapes, dtypes)]
                outputs = apply(spec, module, inputs, params)
        except Exception as exc:  # PyTorch's own refusal: translate it into a sentence with a fix
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            friendly = spec.explain_error(message, params, shapes) if spec.explain_error else None
            given = " and ".join(shape_text(s) for s in shapes)
            info.problems.append(Problem(friendly or f"{spec.type} cannot take input {given}: {message}"))
            return info
        info.out_shapes = [tuple(o.shape[1:]) for o in outputs]
        info.out_dtypes = [str(o.dtype).replace("torch.", "") for o in outputs]
        info.param_count = sum(p.numel() for p in module.parameters()) if module is not None else 0
        info.problems += size_problems(spec.type, info)
        return info


def fold_infos(graph: Graph, exp: Expansion, flat: dict[str, NodeInfo]) -> dict[str, NodeInfo]:
    """The infos of ``graph``'s own nodes, from those of its expansion (see ``ShapeInference.infer``)."""
    out: dict[str, NodeInfo] = {}
    for node in graph:
        members = exp.members.get(node.id)
        if members is None:
            out[node.id] = flat.get(node.id) or NodeInfo(blocked=True)
            continue
        infos = {m: flat[m] for m in members if m in flat}
        name, repeat = block_name(node), repeat_of(node)
        problems, seen = [], set()
        for m, info in infos.items():
            for p in info.problems:
                path = exp.origin.get(m, (m,))
                inner = ".".join(part for part in path[1:] if not part.isdigit())  # digits: a repeat copy
                copy_no = next((int(part) for part in path[1:2] if part.isdigit()), None)
                where = f" (copy {copy_no + 1} of {repeat})" if copy_no is not None else ""
                if (inner, p.message) not in seen:  # the same sentence from every copy is said once
                    seen.add((inner, p.message))
                    problems.append(Problem(f"in block {name}, node {inner}{where}: {p.message}", p.severity))
        info = NodeInfo(problems=problems, inner=infos,
                        param_count=sum(i.param_count for i in infos.values()),
                        pending=any(i.pending for i in infos.values()))
        info.blocked = not info.error and any(i.blocked for i in infos.values())
        ins = []
        for ref in exp.inputs.get(node.id, []):
            src = flat.get(ref[0]) if ref else None
            if src is not None and ref[1] < len(src.out_shapes):
                ins.append(src.out_shapes[ref[1]])
        info.in_shapes = ins
        if not info.error and not info.blocked and not info.pending:
            for fid, port in exp.output_ports.get(node.id, []):
                src = flat.get(fid)
                if src is None or port >= len(src.out_shapes):
                    break
                info.out_shapes.append(src.out_shapes[port])
                info.out_dtypes.append(src.out_dtypes[port])
        out[node.id] = info
    return out


def size_problems(type_name: str, info: NodeInfo) -> list[Problem]:
    """An error when a layer is too large for any computer (meta tensors let us see it before allocating)."""
    if info.param_count > MAX_LAYER_PARAMETERS:
        return [Problem(f"{type_name} would have {info.param_count:,} parameters ({info.param_count * 4 / 1e9:,.0f} GB "
                        "as float32, before gradients and optimizer state): make it smaller (fewer channels or "
                        "features)")]
    for shape in info.out_shapes:
        values = 1
        for d in shape:
            values *= d
        if values > MAX_VALUES_PER_SAMPLE:
            return [Problem(f"{type_name} would output {shape_text(shape)}, {values:,} values per sample "
                            f"({values * 4 / 1e9:,.0f} GB for each sample of a batch): make it smaller (fewer "
                            "channels, less padding or upsampling)")]
    return []


def _input_info(params: dict) -> NodeInfo:
    shape = params.get("shape")
    if not shape:
        return NodeInfo(problems=[Problem("Input needs a shape without the batch dimension, e.g. [1, 28, 28]")])
    if any(d < 1 for d in shape):
        return NodeInfo(problems=[Problem(f"Input shape {shape} must contain only positive sizes")])
    return NodeInfo(out_shapes=[tuple(shape)], out_dtypes=[params.get("dtype", "float32")])


def graph_problems(graph: Graph, infos: dict[str, NodeInfo]) -> list[GraphError]:
    """Every error and warning, one per node, plus graph-wide ones; errors first."""
    found: list[GraphError] = []
    if not any(n.type == "Input" for n in graph):
        found.append(GraphError(None, f"graph '{graph.name}' has no Input node: add one and set its shape"))
    for node in graph:
        info = infos.get(node.id)
        if info is None:
            continue
        for p in info.problems:
            found.append(GraphError(node.id, p.message, severity=p.severity))
    found.sort(key=lambda e: e.severity != "error")
    return found

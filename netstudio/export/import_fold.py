"""Fold an imported graph into blocks along the source's module hierarchy (``layer1.0`` -> a BasicBlock).

torch.fx records, for every traced operation, the modules whose ``forward`` it ran in
(``node.meta["nn_module_stack"]``). Folding goes bottom-up: each module's layers become one Block node
(``core.block_commands.MakeBlock``); the layers inside a block are named relative to the module
(``conv1``, ``downsample``, ``add``), so two modules of the same structure give identical definitions,
which are kept once (``BasicBlock``, and ``BasicBlock_2`` for a different structure of the same class).
Consecutive identical blocks inside a Sequential become one node with ``repeat`` N. A module holding a
single block is that block (no wrapper); a module holding the layer that feeds the model's output stays
open, so the head can still be replaced; and when the top level would keep fewer than ``MIN_TOP`` nodes,
the largest containers stay open too (mobilenet's ``features`` shows its stages, not one box).

Folding changes only the drawing: the weights are re-keyed to the new flat ids and the folded graph is
checked against the flat one (its expansion is the flat graph, layer for layer and edge for edge); on any
failure the flat import is kept, with a note saying why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from netstudio.core.block_commands import MakeBlock, apply_without_undo
from netstudio.core.blocks import BLOCK_TYPE, block_name, expand, unique_block_name
from netstudio.core.errors import GraphError, NetStudioError
from netstudio.core.graph import MAX_NODE_ID_LENGTH, Edge, Graph, Node, is_valid_node_id
from netstudio.core.layout import layered_positions

from .weight_matching import LAYER_SOURCES

MIN_TOP = 8                 # layers and blocks at the top level below which the largest container stays open
CONTAINERS = ("Sequential", "ModuleList", "ModuleDict")


@dataclass
class ModuleMeta:
    """What folding knows of one imported node (``fx_metas`` for a traced model, ``onnx_fold.onnx_metas``)."""

    stack: list[tuple[str, str]]       # enclosing modules (qualified name, class name), outermost first
    hint: str | None = None            # the module this node stands for (a layer's own module, a block's)
    base: str = "node"                 # a name for a node that is no module (a function: "add", "flatten")
    cls: str = ""                      # the class of ``hint``


@dataclass
class _Folder:
    graph: Graph
    meta: dict[str, ModuleMeta]
    shapes: dict[str, list]
    records: dict[str, tuple] = field(default_factory=dict)   # node id -> ("orig", id) | ("block", {...}) | ("repeat", [...])
    keys: dict[str, str] = field(default_factory=dict)        # canonical text -> block name
    uses: dict[str, int] = field(default_factory=dict)        # block name -> Block nodes made for it
    counter: int = 0

    # ----- the modules, deepest first -----
    def run(self, keep_open: set[str]) -> None:
        order: dict[str, tuple[int, int, str]] = {}
        for i, nid in enumerate(n.id for n in self.graph):
            for depth, (q, cls) in enumerate(self.meta[nid].stack):
                order.setdefault(q, (depth, i, cls))
        outputs_fed = {e.src for n in self.graph if n.type == "Output" for e in self.graph.in_edges(n.id)}
        for q, (depth, _, cls) in sorted(order.items(), key=lambda t: (-t[1][0], t[1][1])):
            members = self._members(q)
            if not members:
                continue
            if cls in CONTAINERS:
                self._merge_repeats(q, members)
                members = self._members(q)
            if len(members) == 1:
                node = self.graph.node(members[0])
                if node.type == BLOCK_TYPE:          # a module holding one block is that block
                    meta = self.meta[node.id]
                    meta.hint, meta.stack = q, meta.stack[:depth]
                    if cls not in CONTAINERS and meta.cls in CONTAINERS:
                        self._rename_block(node, cls)   # InvertedResidual holding Sequential "conv": the class names it
                        meta.cls = cls
                continue
            if q in keep_open or outputs_fed & set(members):
                continue
            self._fold(q, cls, depth, members)

    def _rename_block(self, node: Node, cls: str) -> None:
        """Name the block of ``node`` after ``cls`` when this node is its only user."""
        old = block_name(node)
        if self.uses.get(old, 0) != 1:
            return
        new = unique_block_name(cls, set(self.graph.blocks) - {old})
        block = self.graph.blocks.pop(old)
        block.name = block.graph.name = new
        self.graph.blocks[new] = block
        self.keys = {k: (new if v == old else v) for k, v in self.keys.items()}
        self.uses[new] = self.uses.pop(old)
        node.params["block"] = new

    def _members(self, q: str) -> list[str]:
        return [n.id for n in self.graph if any(s == q for s, _ in self.meta[n.id].stack)]

    # ----- one module -> one Block node -----
    def _fold(self, q: str, cls: str, depth: int, members: list[str]) -> None:
        self.counter += 1
        temp = f"Fold{self.counter}"
        try:
            cmd = MakeBlock(self.graph, members, temp, shapes=self.shapes)
        except GraphError:   # not convex or not foldable: its layers stay where they are
            return
        apply_without_undo(cmd)
        block = self.graph.blocks.pop(temp)
        out_shapes = [self.shapes[o][0] for o in block.outputs]   # still the working ids here
        inner_records = {}
        renamed = self._canonical(block.graph, q, block.inputs, inner_records)
        inputs = [renamed[i] for i in block.inputs]
        outputs = [renamed[o] for o in block.outputs]
        new_graph = _renamed_graph(block.graph, renamed, temp)
        key = _canonical_text(new_graph, inputs, outputs)
        name = self.keys.get(key)
        if name is None:
            name = unique_block_name(_block_base(q, cls), self.graph.blocks)
            block.graph, block.inputs, block.outputs, block.name = new_graph, inputs, outputs, name
            new_graph.name = name
            new_graph.blocks = self.graph.blocks
            self.graph.blocks[name] = block
            self.keys[key] = name
        inst = cmd.instance_id
        self.graph.node(inst).params["block"] = name
        self.uses[name] = self.uses.get(name, 0) + 1
        self.shapes[inst] = out_shapes
        self.meta[inst] = ModuleMeta(self.meta[members[0]].stack[:depth], q, "node", cls)
        self.records[inst] = ("block", inner_records)
        for m in members:
            self.records.pop(m, None)

    def _canonical(self, graph: Graph, q: str, inputs: list[str], records: dict) -> dict[str, str]:
        """Inner ids relative to module ``q``: ``layer1.0.conv1`` -> ``conv1``; functions by name."""
        renamed: dict[str, str] = {}
        taken: set[str] = set()
        for node in graph:
            if node.id in inputs:
                name = node.id
            else:
                meta = self.meta[node.id]
                if meta.hint and meta.hint.startswith(q + "."):
                    rel = meta.hint[len(q) + 1:].replace(".", "_")
                    name = rel if not rel[0].isdigit() else f"{_snake(meta.cls or node.type)}_{rel}"
                else:
                    name = meta.base
            name = _valid(name)
            candidate, i = name, 1
            while candidate in taken:
                candidate = f"{name[:MAX_NODE_ID_LENGTH - 4]}_{i}"
                i += 1
            taken.add(candidate)
            renamed[node.id] = candidate
            if node.id not in inputs:
                records[candidate] = self.records.get(node.id, ("orig", node.id))
        return renamed

    # ----- consecutive identical blocks -> repeat -----
    def _merge_repeats(self, q: str, members: list[str]) -> None:
        try:
            order = self.graph.topological_order()
        except GraphError:
            return
        chosen = set(members)
        for nid in order:
            if nid not in chosen or nid not in self.graph:
                continue
            while True:
                node = self.graph.node(nid)
                nxt = self._next_same(node)
                if nxt is None:
                    break
                self._absorb(node, nxt)

    def _next_same(self, node: Node) -> Node | None:
        if node.type != BLOCK_TYPE:
            return None
        block = self.graph.blocks.get(block_name(node) or "")
        if block is None or len(block.inputs) != 1 or len(block.outputs) != 1:
            return None
        outs = self.graph.out_edges(node.id)
        if len(outs) != 1 or outs[0].src_port != 0 or outs[0].dst_port != 0:
            return None
        nxt = self.graph.node(outs[0].dst)
        if nxt.type != BLOCK_TYPE or block_name(nxt) != block_name(node) or len(self.graph.in_edges(nxt.id)) != 1:
            return None
        return nxt

    def _absorb(self, node: Node, nxt: Node) -> None:
        copies = _copies(self.records[node.id]) + _copies(self.records[nxt.id])
        params = dict(node.params, repeat=node.params.get("repeat", 1) + nxt.params.get("repeat", 1))
        later = [e for e in self.graph.out_edges(nxt.id)]
        self.graph.remove_node(nxt.id)
        self.graph.set_params(node.id, params)
        for e in later:
            self.graph.add_edge(Edge(node.id, e.dst, e.src_port, e.dst_port, e.extra), allow_cycle=True)
        self.records[node.id] = ("repeat", copies)
        self.records.pop(nxt.id, None)
        self.shapes[node.id] = self.shapes[nxt.id]


def _copies(record: tuple) -> list:
    return list(record[1]) if record[0] == "repeat" else [record]


def _snake(text: str) -> str:
    return re.sub(r"\W", "_", text).lower() or "m"


def _valid(name: str) -> str:
    name = re.sub(r"\W", "_", name).strip("_") or "node"
    if name[0].isdigit():
        name = "m_" + name
    name = name[:MAX_NODE_ID_LENGTH - 4]
    return name if is_valid_node_id(name) else name + "_"


def _block_base(q: str, cls: str) -> str:
    """A block's name: its class (BasicBlock), or for a container the attribute (``layer2`` -> Layer2)."""
    if cls not in CONTAINERS:
        return cls
    last = q.rsplit(".", 1)[-1]
    if last.isdigit() and "." in q:
        last = q.rsplit(".", 2)[-2] + last
    return last[:1].upper() + last[1:]


def _renamed_graph(graph: Graph, renamed: dict[str, str], name: str) -> Graph:
    out = Graph(name)
    for node in graph:
        out.add_node(Node(renamed[node.id], node.type, dict(node.params), node.pos, dict(node.extra)))
    for e in graph.edges:
        out.add_edge(Edge(renamed[e.src], renamed[e.dst], e.src_port, e.dst_port, e.extra), allow_cycle=True)
    return out


def _canonical_text(graph: Graph, inputs: list[str], outputs: list[str]) -> str:
    """What makes two blocks the same: layers, params and wiring (positions and the inputs' sizes aside)."""
    nodes = [[n.id, n.type, {k: v for k, v in n.params.items() if not (n.type == "Input" and k == "shape")}]
             for n in graph]
    edges = [[e.src, e.src_port, e.dst, e.dst_port] for e in graph.edges]
    return json.dumps([nodes, edges, inputs, outputs], sort_keys=True, default=str)


# ----- reading the traced model -----
def fx_metas(graph: Graph, gm, mapper) -> dict[str, ModuleMeta]:
    """Each imported node's enclosing modules, read from fx's ``nn_module_stack`` (``importer.import_model``)."""
    created: dict[str, Any] = {}
    for fx_node, value in mapper.values.items():
        node_id = value[0] if type(value) is tuple and len(value) == 2 and isinstance(value[0], str) else \
            getattr(value, "node_id", None)
        if node_id is not None and node_id not in created:
            created[node_id] = fx_node
    metas = {}
    for node in graph:
        fx_node = created.get(node.id)
        if fx_node is None or node.type in ("Input", "Output"):
            metas[node.id] = ModuleMeta([], None, node.id, node.type)
            continue
        stack = [(q, getattr(cls, "__name__", str(cls))) for q, cls in
                 (fx_node.meta.get("nn_module_stack") or {}).values()]
        hint, cls, base = None, node.type, node.id
        if fx_node.op == "call_module":
            hint = str(fx_node.target)
            if stack and stack[-1][0] == hint:
                stack = stack[:-1]
        elif fx_node.op == "call_function":
            base = getattr(fx_node.target, "__name__", "op")
        elif fx_node.op == "call_method":
            base = str(fx_node.target)
        metas[node.id] = ModuleMeta(stack, hint, base, cls)
    return metas


def _keep_open(graph: Graph, metas: dict[str, ModuleMeta]) -> set[str]:
    """Top-level containers to leave open so that the top level shows at least ``MIN_TOP`` nodes."""
    layers = [n.id for n in graph if n.type not in ("Input", "Output")]
    top = {}
    for nid in layers:
        stack = metas[nid].stack
        key = stack[0] if stack else (nid, "")
        top.setdefault(key[0], []).append((nid, key[1]))
    count = len(top)
    keep: set[str] = set()
    while count < MIN_TOP:
        candidates = [(len(v), q) for q, v in top.items() if q not in keep and v[0][1] in CONTAINERS]
        if not candidates:
            break
        _, q = max(candidates)
        keep.add(q)
        children = {metas[nid].stack[1][0] if len(metas[nid].stack) > 1 else nid for nid, _ in top[q]}
        count += len(children) - 1
    return keep


def _top_ids(folder: _Folder) -> Graph:
    """The top level with each Block node named after its module (``layer1``, ``features_3``)."""
    graph = folder.graph
    renamed: dict[str, str] = {}
    taken = {n.id for n in graph if n.type != BLOCK_TYPE}
    for node in graph:
        if node.type != BLOCK_TYPE:
            renamed[node.id] = node.id
            continue
        hint = folder.meta[node.id].hint or node.id
        name = _valid(hint.replace(".", "_"))
        candidate, i = name, 1
        while candidate in taken:
            candidate, i = f"{name}_{i}", i + 1
        taken.add(candidate)
        renamed[node.id] = candidate
    out = _renamed_graph(graph, renamed, graph.name)
    out.blocks = graph.blocks
    out.extra = graph.extra
    folder.records = {renamed[k]: v for k, v in folder.records.items() if k in renamed}
    return out


def _flat_ids(graph: Graph, records: dict[str, tuple]) -> dict[str, str]:
    """Imported node id -> its id in the folded graph's expansion."""
    exp = expand(graph)
    out = {}
    for flat_id, path in exp.origin.items():
        record = records.get(path[0], ("orig", path[0]))
        i = 1
        while record[0] != "orig":
            if record[0] == "repeat":
                record = record[1][int(path[i])]
            else:
                record = record[1][path[i]]
            i += 1
        out[record[1]] = flat_id
    return out


def fold_graph(graph: Graph, metas: dict[str, ModuleMeta], shapes: dict[str, list]) -> tuple[Graph, dict[str, str]]:
    """The imported ``graph`` folded into blocks (written into ``graph.blocks``), and old id -> new flat id.

    ``metas``: each node's enclosing modules (``fx_metas`` for a traced model, ``onnx_fold.onnx_metas`` for an
    ONNX file's scopes)."""
    folder = _Folder(graph, metas, shapes, {n.id: ("orig", n.id) for n in graph})
    folder.run(_keep_open(graph, metas))
    folded = _top_ids(folder)
    for node_id, (x, y) in layered_positions(folded).items():
        folded.node(node_id).pos = (x, y)
    for block in folded.blocks.values():
        for node_id, (x, y) in layered_positions(block.graph).items():
            block.graph.node(node_id).pos = (x, y)
    return folded, _flat_ids(folded, folder.records)


def fold_modules(result, compiled, metas_of, inference=None):
    """``import_model``'s hook: (the result with its graph folded and weights re-keyed, the compiled module).

    ``metas_of(graph)``: each node's enclosing modules (``fx_metas``, ``onnx_fold.onnx_metas``).

    ``inference``: the ShapeInference that checked the flat graph (its cache answers for every layer here).
    The folded graph is not compiled and run again: its expansion must be the flat graph node for node
    and edge for edge under the id mapping (``same_as_flat``), and ``build_module`` compiles a graph with
    blocks from that expansion, so the flat module, compared with the original model, computes what the
    folded one does (tests/test_blocks_import.py compares the folded graph's outputs too).
    Falls back to the flat import (with a note) when folding fails or the check refuses it.
    """
    from netstudio.compiler import ShapeInference
    from netstudio.compiler.fx_build import check_flat

    project = result.project
    graph = project.graph()
    inference = inference or ShapeInference()
    try:
        infos = inference.infer(graph)   # cached when import_model compiled the flat graph with it
        shapes = {nid: list(info.out_shapes) for nid, info in infos.items()}
        work = graph.copy()
        work.blocks = {}
        folded, ids = fold_graph(work, metas_of(work), shapes)
        if not folded.blocks:
            return result, compiled
        _, exp, _ = check_flat(folded, inference)   # the folded graph checks (every layer from the cache)
        problem = same_as_flat(graph, exp.graph, ids)
        if problem:
            raise NetStudioError(problem)
        state = {}
        for key, value in result.state_dict.items():
            head, dot, rest = key.partition(".")
            state[f"{ids.get(head, head)}{dot}{rest}"] = value
        expected = {f"{ids.get(m, m)}.{key.partition('.')[2]}" for key in result.state_dict
                    for m in [key.partition(".")[0]]}
        if set(state) != expected:   # pragma: no cover - the mapping is one-to-one when same_as_flat holds
            raise NetStudioError("the re-keyed weights do not match the folded layers")
    except Exception as exc:  # noqa: BLE001 - folding only changes the drawing: the checked flat import stands
        result.notes.append(f"the model's modules were not folded into blocks ({exc}); the graph shows every layer")
        return result, compiled
    project.graphs["model"] = folded
    project.blocks = folded.blocks
    result.state_dict = state
    # the layers' names before folding (module paths, layer1_0_conv1): Load weights… finds the original
    # model's tensors (layer1.0.conv1.weight) for layers that now sit inside blocks (layer1_0__conv1)
    project.extra[LAYER_SOURCES] = {new: old for old, new in sorted(ids.items()) if new != old}
    return result, compiled


def same_as_flat(flat: Graph, expanded: Graph, ids: dict[str, str]) -> str | None:
    """Why ``expanded`` (the folded graph's expansion) is not ``flat`` with its ids mapped by ``ids``, or None.

    Same layers (type and parameters) and the same wiring (ports included): the two compile to the same
    computation, the weights following the ids.
    """
    if len(expanded) != len(flat) or len(set(ids.values())) != len(ids):
        return f"the folded graph has {len(expanded)} layers, the imported one {len(flat)}"
    for node in flat:
        fid = ids.get(node.id)
        if fid is None or fid not in expanded:
            return f"layer {node.id} is missing from the folded graph"
        other = expanded.node(fid)
        if other.type != node.type or other.params != node.params:
            return f"layer {node.id} became a different layer ({other.type}) in the folded graph"
    wiring = sorted((ids[e.src], ids[e.dst], e.src_port, e.dst_port) for e in flat.edges)
    if wiring != sorted((e.src, e.dst, e.src_port, e.dst_port) for e in expanded.edges):
        return "the folded graph connects its layers differently"
    return None

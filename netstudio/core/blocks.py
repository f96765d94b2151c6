"""Blocks: named subgraphs used as one node (``{"type": "Block", "params": {"block": name, "repeat": N}}``).

Torch-free. A ``BlockDef`` is a graph whose ``Input`` nodes are the block's inputs (in port order) and
whose ``outputs`` name the inner nodes whose first output is the block's output. Every consumer of a
graph (shape inference, the compiler, exports) calls ``expand`` first and works on a flat graph without
Block nodes; the flat ids say where each layer came from (``layer1_0__conv1``: copy 0 of ``layer1``,
node ``conv1`` inside), and ``Expansion.origin`` keeps the same path as a tuple, which is also the
attribute path of the nested module the Python export writes (``layer1.0.conv1``).
"""

from __future__ import annotations

import copy
import json
import keyword
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .errors import GraphError, ProjectError
from .graph import MAX_NODE_ID_LENGTH, Edge, Graph, Node

BLOCK_TYPE = "Block"
INPUT_TYPE = "Input"
LIBRARY_FORMAT = "netstudio-block"
LIBRARY_VERSION = 1
MAX_BLOCK_DEPTH = 32  # blocks inside blocks; far beyond any real model, short of Python's stack


def is_valid_block_name(name: object) -> bool:
    """Block names become class names of the exported Python file."""
    return (isinstance(name, str) and 0 < len(name) <= MAX_NODE_ID_LENGTH and name.isidentifier()
            and name.isascii() and not keyword.iskeyword(name))


@dataclass
class BlockDef:
    """A named subgraph: ``inputs`` are ids of its Input nodes in port order, ``outputs`` ids of the
    inner nodes whose output port 0 is the block's output port 0, 1, ..."""

    name: str
    graph: Graph
    inputs: list[str]
    outputs: list[str]
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown JSON fields, kept on save

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"graph": self.graph.to_dict(), "inputs": list(self.inputs),
                                "outputs": list(self.outputs)}
        if self.description:
            data["description"] = self.description
        data.update(copy.deepcopy(self.extra))
        return data

    @classmethod
    def from_dict(cls, name: str, data: Any, validate_node=None, path: str = "<block>") -> "BlockDef":
        """Read one block (the ``"blocks"`` entry of a project); raises ProjectError naming what is wrong."""
        from .project import block_from_dict  # the graph reader and its messages live with the project reader

        return block_from_dict(name, data, path, validate_node)

    def copy(self) -> "BlockDef":
        graph = self.graph.copy()
        graph.blocks = self.graph.blocks
        return BlockDef(self.name, graph, list(self.inputs), list(self.outputs), self.description,
                        copy.deepcopy(self.extra))

    def __eq__(self, other: object) -> bool:  # same content (positions included), as the file would say
        return isinstance(other, BlockDef) and self.name == other.name and self.to_dict() == other.to_dict()


def is_block(node: Node) -> bool:
    return node.type == BLOCK_TYPE


def has_blocks(graph: Graph) -> bool:
    return any(n.type == BLOCK_TYPE for n in graph)


def block_name(node: Node) -> str | None:
    name = node.params.get("block")
    return name if isinstance(name, str) else None


def repeat_of(node: Node) -> int:
    value = node.params.get("repeat", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def block_ports(graph: Graph, node: Node) -> tuple[list[str], list[str]]:
    """Names of a Block node's input and output ports (the inner ids); ([], []) when its block is unknown."""
    block = graph.blocks.get(block_name(node) or "")
    if block is None:
        return [], []
    return list(block.inputs), list(block.outputs)


def blocks_used(name: str, blocks: Mapping[str, BlockDef]) -> list[str]:
    """``name`` and every block it uses, directly or not, each once, dependencies first."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(n: str) -> None:
        if n in seen or n not in blocks:
            return
        seen.add(n)
        for node in blocks[n].graph:
            if node.type == BLOCK_TYPE and block_name(node):
                visit(block_name(node))
        order.append(n)

    visit(name)
    return order


def block_cycle(name: str, blocks: Mapping[str, BlockDef]) -> list[str] | None:
    """A chain ``[A, B, A]`` when block ``name`` uses itself directly or not, else None."""
    def walk(n: str, stack: list[str]) -> list[str] | None:
        if n in stack:
            return stack[stack.index(n):] + [n]
        block = blocks.get(n)
        if block is None:
            return None
        for node in block.graph:
            inner = block_name(node) if node.type == BLOCK_TYPE else None
            if inner:
                found = walk(inner, stack + [n])
                if found:
                    return found
        return None

    return walk(name, [])


# ----- expansion -----
@dataclass
class Expansion:
    """A graph with every Block node replaced by copies of its inner nodes.

    graph    : the flat graph (shares nothing mutable with the source graph's nodes)
    origin   : flat id -> path: top-level id, or instance id(s) (with the copy index as text when
               repeat > 1) and the inner id; ``".".join(path)`` is the nested module attribute path
    members  : top-level Block node id -> flat ids of the layers it expanded into
    outputs  : top-level Block node id -> flat id per output port (output port 0 of that node)
    inputs   : top-level Block node id -> (flat source id, port) feeding each input port, None if open
    problems : flat id of a Block node that could not be expanded (kept as a Block node) -> sentence
    """

    graph: Graph
    origin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    output_ports: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    inputs: dict[str, list[tuple[str, int] | None]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def top_level(self, flat_id: str) -> str:
        return self.origin.get(flat_id, (flat_id,))[0]


_PASS = "\x00pass"  # marks an inner Input node while expanding: removed, its consumers read its source


class _Expander:
    def __init__(self, graph: Graph, blocks: Mapping[str, BlockDef]) -> None:
        self.source = graph
        self.blocks = blocks
        self.flat = Graph(graph.name)
        self.flat.blocks = graph.blocks
        self.flat.extra = graph.extra
        self.exp = Expansion(self.flat)
        self.passes: set[str] = set()
        self.edges: list[tuple[str, int, str, int]] = []
        self.edge_extra: dict[tuple[str, int, str, int], dict] = {}

    # -- nodes --
    def _add(self, node: Node, flat_id: str, path: tuple[str, ...], pass_through: bool = False) -> None:
        if flat_id in self.flat._nodes:
            first = ".".join(self.exp.origin[flat_id])
            raise GraphError(path[0], f"the block expands to a node '{flat_id}' ({'.'.join(path)}), but "
                                      f"'{flat_id}' is already a node ({first}); rename one of them")
        new = Node(flat_id, _PASS if pass_through else node.type, copy.deepcopy(node.params), tuple(node.pos),
                   copy.deepcopy(node.extra))
        self.flat._nodes[flat_id] = new
        self.flat._in[flat_id], self.flat._out[flat_id] = {}, []
        self.exp.origin[flat_id] = path
        if pass_through:
            self.passes.add(flat_id)

    def run(self) -> Expansion:
        self._emit(self.source, "", (), [], top=True)  # _add refuses an id generated twice
        self._wire()
        return self.exp

    def _emit(self, graph: Graph, prefix: str, path: tuple[str, ...], stack: list[str], top: bool = False
              ) -> dict[str, list[tuple[str, int]]]:
        """Add ``graph``'s nodes under ``prefix``; returns, for each Block node, its output refs.

        Inner Input nodes become pass-through marks that ``_wire`` removes (their consumers read what
        feeds the instance's port).
        """
        name_of = lambda nid: f"{prefix}__{nid}" if prefix else nid  # noqa: E731
        instance_outs: dict[str, list[tuple[str, int]]] = {}
        instance_ins: dict[str, list[str]] = {}   # Block node id -> flat pass-node id per input port
        for node in graph:
            node_path = path + (node.id,)
            if node.type == INPUT_TYPE and not top:
                self._add(node, name_of(node.id), node_path, pass_through=True)
                continue
            if node.type != BLOCK_TYPE:
                self._add(node, name_of(node.id), node_path)
                continue
            problem = self._problem(graph, node, stack)
            if problem is not None:
                self._add(node, name_of(node.id), node_path)
                self.exp.problems[name_of(node.id)] = problem
                continue
            block = self.blocks[block_name(node)]
            n = repeat_of(node)
            first_in: list[str] = []
            last_out: list[tuple[str, int]] = []
            members_start = len(self.exp.origin)
            for k in range(n):
                sub_prefix = name_of(node.id) if n == 1 else f"{name_of(node.id)}_{k}"
                sub_path = node_path if n == 1 else node_path + (str(k),)
                outs = self._emit(block.graph, sub_prefix, sub_path, stack + [block.name])
                ins = [f"{sub_prefix}__{i}" for i in block.inputs]
                if k == 0:
                    first_in = ins
                else:  # chain: copy k reads copy k-1's only output
                    self.edges.append((*last_out[0], ins[0], 0))
                last_out = [self._ref(sub_prefix, block, o, outs) for o in block.outputs]
            instance_ins[node.id] = first_in
            instance_outs[node.id] = last_out
            if top:
                flat_members = list(self.exp.origin)[members_start:]
                self.exp.members[node.id] = [f for f in flat_members if f not in self.passes]
                self.exp.output_ports[node.id] = last_out
        # edges of this level
        for edge in graph.edges:
            if edge.src in instance_outs:
                outs = instance_outs[edge.src]
                if edge.src_port >= len(outs):  # reported on the reading node by the walk: keep it visible
                    src = (name_of(edge.src), edge.src_port)
                else:
                    src = outs[edge.src_port]
            else:
                src = (name_of(edge.src), edge.src_port)
            if edge.dst in instance_ins:
                ins = instance_ins[edge.dst]
                dst = (ins[edge.dst_port], 0)
            else:
                dst = (name_of(edge.dst), edge.dst_port)
            key = (*src, *dst)
            self.edges.append(key)
            if edge.extra:
                self.edge_extra[key] = edge.extra
        return instance_outs

    def _ref(self, prefix: str, block: BlockDef, inner_id: str, outs: dict) -> tuple[str, int]:
        if inner_id in outs:  # a nested Block node: its first output
            return outs[inner_id][0]
        return (f"{prefix}__{inner_id}", 0)

    def _problem(self, graph: Graph, node: Node, stack: list[str]) -> str | None:
        name = block_name(node)
        if not name:
            return "this Block node names no block: choose one in its \"block\" parameter"
        block = self.blocks.get(name)
        if block is None:
            have = ", ".join(sorted(self.blocks)) or "none"
            return f"there is no block '{name}' in this project (it has: {have})"
        if name in stack:
            chain = " -> ".join(stack[stack.index(name):] + [name])
            return f"block '{name}' uses itself ({chain}); a block cannot contain itself"
        if len(stack) >= MAX_BLOCK_DEPTH:
            return f"blocks are nested more than {MAX_BLOCK_DEPTH} levels deep here"
        if not block.outputs:
            return f"block '{name}' has no outputs: open it and choose its output node"
        missing_out = [o for o in block.outputs if o not in block.graph]
        if missing_out:
            return f"block '{name}' names output '{missing_out[0]}', which is not a node inside it"
        bad_in = [i for i in block.inputs if i not in block.graph or block.graph.node(i).type != INPUT_TYPE]
        if bad_in:
            return f"block '{name}' names input '{bad_in[0]}', which is not an Input node inside it"
        out_inputs = [o for o in block.outputs if block.graph.node(o).type == INPUT_TYPE]
        if out_inputs:
            return f"block '{name}' passes its input '{out_inputs[0]}' straight to an output; put a layer between"
        repeat = node.params.get("repeat", 1)
        if not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 1:
            return f"repeat must be a whole number of at least 1, not {repeat!r}"
        if repeat > 1 and (len(block.inputs) != 1 or len(block.outputs) != 1):
            return (f"block '{name}' has {len(block.inputs)} input(s) and {len(block.outputs)} output(s); only a "
                    "block with one input and one output can repeat (each copy feeds the next)")
        ports = {e.dst_port for e in graph.in_edges(node.id)}
        extra = sorted(p for p in ports if p >= len(block.inputs))
        if extra:
            return f"block '{name}' has {len(block.inputs)} input(s) but an edge goes to input {extra[0]}"
        open_ports = [block.inputs[p] for p in range(len(block.inputs)) if p not in ports]
        if open_ports:
            return f"input '{open_ports[0]}' of block '{name}' is not connected: connect a layer to it"
        high = [e.src_port for e in graph.out_edges(node.id) if e.src_port >= len(block.outputs)]
        if high:
            return f"block '{name}' has {len(block.outputs)} output(s) but an edge leaves output {high[0]}"
        return None

    def _wire(self) -> None:
        """Add the collected edges, reading through the removed inner Input nodes."""
        feeds: dict[str, tuple[str, int]] = {}
        for s, sp, d, dp in self.edges:
            if d in self.passes:
                feeds[d] = (s, sp)

        def resolve(ref: tuple[str, int]) -> tuple[str, int] | None:
            seen = set()
            while ref[0] in self.passes:
                if ref[0] in seen or ref[0] not in feeds:
                    return None
                seen.add(ref[0])
                ref = feeds[ref[0]]
            return ref

        for key in self.edges:
            s, sp, d, dp = key
            if d in self.passes:
                continue
            src = resolve((s, sp))
            if src is None:
                continue
            edge = Edge(src[0], d, src[1], dp, copy.deepcopy(self.edge_extra.get(key, {})))
            if d not in self.flat._nodes or src[0] not in self.flat._nodes:
                continue
            if dp in self.flat._in[d]:  # two edges into one port: keep the first, as a file reader would refuse
                continue
            self.flat._edges.append(edge)
            self.flat._in[d][dp] = edge
            self.flat._out[src[0]].append(edge)
        for p in self.passes:
            del self.flat._nodes[p], self.flat._in[p], self.flat._out[p]
            del self.exp.origin[p]
        for nid, refs in self.exp.output_ports.items():
            resolved = [resolve(r) or r for r in refs]
            self.exp.output_ports[nid] = resolved
            self.exp.outputs[nid] = [r[0] for r in resolved]
        for nid in self.exp.members:
            self.exp.inputs[nid] = [self._feed_of(nid, i, feeds, resolve) for i in range(self._n_inputs(nid))]

    def _n_inputs(self, nid: str) -> int:
        block = self.blocks[block_name(self.source.node(nid))]
        return len(block.inputs)

    def _feed_of(self, nid: str, port: int, feeds, resolve) -> tuple[str, int] | None:
        block = self.blocks[block_name(self.source.node(nid))]
        first = nid if repeat_of(self.source.node(nid)) == 1 else f"{nid}_0"
        pass_id = f"{first}__{block.inputs[port]}"
        return resolve(feeds[pass_id]) if pass_id in feeds else None


def expand(graph: Graph, blocks: Mapping[str, BlockDef] | None = None) -> Expansion:
    """``graph`` with every Block node replaced by its inner layers, recursively (see ``Expansion``).

    A graph without Block nodes is returned as it is (not copied): callers must not edit ``.graph``.
    A Block node that cannot be expanded (unknown block, a block using itself, wrong wiring) stays in the
    flat graph as a Block node, with the reason in ``problems``.

    Raises
    ------
    GraphError
        when a generated id equals an existing one (naming both).
    """
    blocks = graph.blocks if blocks is None else blocks
    if not has_blocks(graph):
        return Expansion(graph, {n.id: (n.id,) for n in graph})
    return _Expander(graph, blocks).run()


# ----- the library file: one block and the blocks it uses -----
def block_to_json(name: str, blocks: Mapping[str, BlockDef]) -> str:
    """A block library file: block ``name`` and every block it uses."""
    if name not in blocks:
        raise ProjectError(f"there is no block '{name}' to save")
    data = {"format": LIBRARY_FORMAT, "version": LIBRARY_VERSION, "block": name,
            "blocks": {n: blocks[n].to_dict() for n in blocks_used(name, blocks)}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def block_from_json(text: str, path: str = "<block file>", validate_node=None) -> tuple[str, dict[str, BlockDef]]:
    """(the main block's name, every block in the file) from a library file; ProjectError if it is damaged."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ProjectError(f"{path}: not a NetStudio block file ({type(exc).__name__}: "
                           f"{str(exc).splitlines()[0][:80] if str(exc) else ''})", path=path) from None
    if not isinstance(data, dict) or data.get("format") != LIBRARY_FORMAT:
        raise ProjectError(f"{path}: not a NetStudio block file (\"format\" must be \"{LIBRARY_FORMAT}\")", path=path)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > LIBRARY_VERSION:
        raise ProjectError(f"{path}: block file version {version!r} is not one this NetStudio reads "
                           f"(up to {LIBRARY_VERSION})", path=path)
    from .project import blocks_from_dict

    blocks = blocks_from_dict(data.get("blocks"), path, validate_node)
    name = data.get("block")
    if not isinstance(name, str) or name not in blocks:
        raise ProjectError(f"{path}: \"block\" must name one of the blocks in the file", path=path)
    return name, blocks


def merge_blocks(target: dict[str, BlockDef], incoming: Mapping[str, BlockDef]) -> dict[str, str]:
    """Add ``incoming`` blocks to ``target`` (a project's blocks); returns old name -> name used.

    A block equal to one already there is reused; one whose name is taken by a different block is
    renamed ``Name_2``, ``Name_3`` ..., and Block nodes inside the added blocks follow the renames.
    """
    renames: dict[str, str] = {}
    for name in incoming:
        new = name
        if name in target and target[name].to_dict() != incoming[name].to_dict():
            i = 2
            while f"{name}_{i}" in target or f"{name}_{i}" in incoming:
                i += 1
            new = f"{name}_{i}"
        renames[name] = new
    for name, block in incoming.items():
        new = renames[name]
        if new in target:
            continue
        added = block.copy()
        added.name = new
        for node in added.graph:
            inner = block_name(node) if node.type == BLOCK_TYPE else None
            if inner in renames:
                node.params["block"] = renames[inner]
        added.graph.name = new
        added.graph.blocks = target
        target[new] = added
    return renames


def retarget(blocks: dict[str, BlockDef]) -> None:
    """Point every block graph's ``.blocks`` at ``blocks`` itself (after building or copying the dict)."""
    for block in blocks.values():
        block.graph.blocks = blocks


def unique_block_name(base: str, taken: Iterable[str]) -> str:
    """``base`` made a valid, free block name: "Basic block" -> "BasicBlock", then "BasicBlock_2"."""
    words = "".join(ch if ch.isalnum() and ch.isascii() else " " for ch in base).split()
    stem = "".join(w[:1].upper() + w[1:] for w in words) or "Block"
    if stem[0].isdigit():
        stem = "Block" + stem
    stem = stem[:MAX_NODE_ID_LENGTH - 4]
    taken = set(taken)
    if stem not in taken and not keyword.iskeyword(stem):
        return stem
    i = 2
    while f"{stem}_{i}" in taken:
        i += 1
    return f"{stem}_{i}"

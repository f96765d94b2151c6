"""Undoable block edits: Make block (a selection becomes one Block node) and Unmake block (back in place).

Both plan everything in ``__init__`` (so a refusal is a GraphError before anything changes, and the
editor can show it), then ``redo``/``undo`` apply the plan and restore the exact graph: node order,
edge order, ids, positions and the project's blocks.
"""

from __future__ import annotations

import copy
from typing import Iterable, Mapping, Sequence

from .blocks import BLOCK_TYPE, INPUT_TYPE, BlockDef, block_name, is_valid_block_name, repeat_of
from .commands import Command
from .errors import GraphError
from .graph import MAX_NODE_ID_LENGTH, Edge, Graph, Node, is_valid_node_id

_REFUSED_TYPES = (INPUT_TYPE, "Output")
INPUT_GAP = 240.0   # as core.layout.COLUMN_GAP: an inner Input node sits one column left of what it feeds
ROW_TOLERANCE = 60.0   # nodes whose y is this close to an unfolded block's are on its row (and make room)


def _remove_exact(graph: Graph, node_ids: Sequence[str]) -> tuple[list[tuple[int, Node]], list[tuple[int, Edge]]]:
    """Remove nodes and their edges; returns what undo needs to put them back where they were."""
    edges = sorted((graph.edge_index(e), e) for e in graph.edges_of(node_ids))
    nodes = sorted(((graph.node_index(n), graph.node(n).copy()) for n in node_ids), key=lambda t: t[0])
    for _, edge in reversed(edges):
        graph.remove_edge(edge)
    for _, node in reversed(nodes):
        graph.remove_node(node.id)
    return nodes, edges


def _restore_exact(graph: Graph, nodes: list[tuple[int, Node]], edges: list[tuple[int, Edge]]) -> None:
    for index, node in nodes:
        graph.add_node(node.copy(), index)
    for index, edge in edges:
        graph.add_edge(edge, index, allow_cycle=True)


def convexity_problem(graph: Graph, node_ids: Iterable[str]) -> str | None:
    """Why the selection cannot become one node: a path that leaves it and comes back (named), or None."""
    chosen = set(node_ids)
    outside_next = {e.dst for n in chosen for e in graph.out_edges(n) if e.dst not in chosen}
    # walk forward from the first nodes outside the selection without re-entering it
    parent: dict[str, str] = {}
    stack = list(outside_next)
    seen = set(stack)
    while stack:
        nid = stack.pop()
        for e in graph.out_edges(nid):
            if e.dst in chosen:
                path = [e.dst, nid]
                while path[-1] in parent:
                    path.append(parent[path[-1]])
                start = next(e2.src for e2 in graph.in_edges(path[-1]) if e2.src in chosen)
                names = " -> ".join([start] + list(reversed(path)))
                outside = [p for p in reversed(path[1:])]
                return (f"the selection cannot become a block: the path {names} leaves it and comes back; "
                        f"add {', '.join(outside)} to the selection or leave {e.dst} out")
            if e.dst not in seen:
                seen.add(e.dst)
                parent[e.dst] = nid
                stack.append(e.dst)
    return None


class MakeBlock(Command):
    """Replace the selected nodes by one Block node using a new block ``name`` (added to ``graph.blocks``).

    Each distinct value entering the selection becomes an input (an Input node inside, its shape from
    ``shapes`` when given: node id -> per-sample output shapes, as ShapeInference's ``out_shapes``); each
    selected node read from outside, or read by nothing (a result of the graph), becomes an output.
    """

    def __init__(self, graph: Graph, node_ids: Iterable[str], name: str,
                 shapes: Mapping[str, Sequence[Sequence[int]]] | None = None, description: str = "") -> None:
        self.graph = graph
        self.blocks = graph.blocks
        try:
            order = graph.topological_order()
        except GraphError:
            order = [n.id for n in graph]
        chosen = set(node_ids)
        self.node_ids = [n for n in order if n in chosen]
        if not self.node_ids:
            raise GraphError(None, "select the nodes to put into the block first")
        missing = chosen - set(self.node_ids)
        if missing:
            raise GraphError(sorted(missing)[0], f"there is no node '{sorted(missing)[0]}' in graph '{graph.name}'")
        for nid in self.node_ids:
            if graph.node(nid).type in _REFUSED_TYPES:
                raise GraphError(nid, f"'{nid}' is the graph's {graph.node(nid).type} node and stays outside a "
                                      "block: leave it out of the selection")
        if not is_valid_block_name(name):
            raise GraphError(None, f"'{name}' cannot name a block: use letters, digits and _ (at most "
                                   f"{MAX_NODE_ID_LENGTH}), not starting with a digit")
        if name in self.blocks:
            raise GraphError(None, f"a block named '{name}' already exists: choose another name")
        problem = convexity_problem(graph, self.node_ids)
        if problem:
            raise GraphError(self.node_ids[0], problem)
        self.name = name
        self.text = f"Make block {name}"

        entering = [e for n in self.node_ids for e in graph.in_edges(n) if e.src not in chosen]
        leaving = [e for n in self.node_ids for e in graph.out_edges(n) if e.dst not in chosen]
        sources: list[tuple[str, int]] = list(dict.fromkeys((e.src, e.src_port) for e in entering))
        bad = [e for e in leaving if e.src_port != 0]
        if bad:
            raise GraphError(bad[0].src, f"output {bad[0].src_port} of '{bad[0].src}' leaves the selection, but a "
                                         "block's outputs are the first output of a node: add its reader to the "
                                         "selection")
        result_ids = [n for n in self.node_ids if any(e.src == n for e in leaving) or not graph.out_edges(n)]

        # the block's own graph: the selected nodes as they are, plus one Input node per entering value
        inner = Graph(name)
        inner.blocks = self.blocks
        taken = set(self.node_ids)
        input_ids = []
        for i, _ in enumerate(sources):
            base = "x" if len(sources) == 1 else f"x{i + 1}"
            nid = base
            k = 2
            while nid in taken:
                nid, k = f"{base}_{k}", k + 1
            taken.add(nid)
            input_ids.append(nid)
        xs = [graph.node(n).pos[0] for n in self.node_ids]
        ys = [graph.node(n).pos[1] for n in self.node_ids]
        left, top = min(xs), min(ys)
        for i, (src, port) in enumerate(sources):
            params: dict = {}
            shape_list = (shapes or {}).get(src)
            if shape_list is not None and port < len(shape_list) and shape_list[port] is not None:
                params["shape"] = [int(d) for d in shape_list[port]]
            src_type = graph.node(src).type
            if src_type == INPUT_TYPE and "dtype" in graph.node(src).params:
                params["dtype"] = graph.node(src).params["dtype"]
            inner.add_node(Node(input_ids[i], INPUT_TYPE, params, (0.0, 120.0 * i)))
        for nid in self.node_ids:
            node = graph.node(nid).copy()
            node.pos = (node.pos[0] - left + INPUT_GAP, node.pos[1] - top)
            inner.add_node(node)
        for edge in graph.edges:
            if edge.src in chosen and edge.dst in chosen:
                inner.add_edge(edge, allow_cycle=True)
        for edge in entering:
            inner.add_edge(Edge(input_ids[sources.index((edge.src, edge.src_port))], edge.dst, 0, edge.dst_port,
                                copy.deepcopy(edge.extra)), allow_cycle=True)
        self.block = BlockDef(name, inner, input_ids, result_ids, description)

        # the instance and its edges in the graph
        self.instance_id = graph.unique_id(name)
        self.instance = Node(self.instance_id, BLOCK_TYPE, {"block": name, "repeat": 1},
                             (sum(xs) / len(xs), sum(ys) / len(ys)))
        self.new_edges = [Edge(src, self.instance_id, sp, i) for i, (src, sp) in enumerate(sources)]
        self.new_edges += [Edge(self.instance_id, e.dst, result_ids.index(e.src), e.dst_port, copy.deepcopy(e.extra))
                           for e in leaving]
        self._saved: tuple[list, list] | None = None

    def redo(self) -> None:
        self.blocks[self.name] = self.block
        self._saved = _remove_exact(self.graph, self.node_ids)
        first = min(i for i, _ in self._saved[0])  # the block takes the place of its first node in the file
        self.graph.add_node(self.instance.copy(), first)
        for edge in self.new_edges:
            self.graph.add_edge(edge, allow_cycle=True)

    def undo(self) -> None:
        for edge in reversed(self.new_edges):
            self.graph.remove_edge(edge)
        self.graph.remove_node(self.instance_id)
        _restore_exact(self.graph, *self._saved)
        self.blocks.pop(self.name, None)


def apply_without_undo(cmd: MakeBlock) -> None:
    """``cmd.redo()`` for a batch of folds (the importer): one pass over the edges, no events, no undo record.

    ``redo`` keeps the exact positions of what it removes so that undo restores the file; for a
    thousand-edge graph folded sixty times that bookkeeping is quadratic.
    """
    graph, chosen = cmd.graph, set(cmd.node_ids)
    cmd.blocks[cmd.name] = cmd.block
    nodes: dict[str, Node] = {}
    for nid, node in graph._nodes.items():
        if nid not in chosen:
            nodes[nid] = node
        elif cmd.instance_id not in nodes:   # the block takes the place of its first node in the file
            nodes[cmd.instance_id] = cmd.instance.copy()
    edges = [e for e in graph._edges if e.src not in chosen and e.dst not in chosen] + list(cmd.new_edges)
    graph._nodes, graph._edges, graph._order = nodes, edges, None
    graph._in = {nid: {} for nid in nodes}
    graph._out = {nid: [] for nid in nodes}
    for e in edges:
        graph._in[e.dst][e.dst_port] = e
        graph._out[e.src].append(e)
    graph.changed.emit()


class UnmakeBlock(Command):
    """Put a Block node's layers back in its place (``repeat`` N: N chained copies); the block stays defined.

    Nested Block nodes stay Block nodes (unfold again to go deeper). Ids are the inner ids when free,
    else made unique (``conv1_2``); copies of a repeat get ``_0``, ``_1`` ... suffixes.
    """

    def __init__(self, graph: Graph, node_id: str) -> None:
        self.graph = graph
        node = graph.node(node_id)
        if node.type != BLOCK_TYPE:
            raise GraphError(node_id, f"'{node_id}' is a {node.type}, not a block")
        name = block_name(node)
        block = graph.blocks.get(name or "")
        if block is None:
            raise GraphError(node_id, f"'{node_id}' uses block '{name}', which this project does not define")
        n = repeat_of(node)
        if n > 1 and (len(block.inputs) != 1 or len(block.outputs) != 1):
            raise GraphError(node_id, f"block '{name}' repeats but has {len(block.inputs)} inputs and "
                                      f"{len(block.outputs)} outputs: set repeat to 1 first")
        if any(o in block.inputs for o in block.outputs):
            raise GraphError(node_id, f"block '{name}' passes an input straight to an output; there is nothing "
                                      "to unfold in its place")
        self.node_id = node_id
        self.text = f"Unmake block {node_id}"
        in_edges = graph.in_edges(node_id)
        feeds = {e.dst_port: (e.src, e.src_port) for e in in_edges}
        taken = set(graph._nodes) - {node_id}

        inner_nodes = [m for m in block.graph if m.type != INPUT_TYPE]
        xs = [m.pos[0] for m in inner_nodes] or [0.0]
        ys = [m.pos[1] for m in inner_nodes] or [0.0]
        width = max(xs) - min(xs) + INPUT_GAP
        cy = (min(ys) + max(ys)) / 2
        total = width * n
        self.new_nodes: list[Node] = []
        self.new_edges: list[Edge] = []
        prev_out: tuple[str, int] | None = None
        outs: list[tuple[str, int]] = []
        for k in range(n):
            ids: dict[str, str] = {}
            for m in inner_nodes:
                base = m.id if n == 1 else f"{m.id}_{k}"
                new = base
                i = 2
                while new in taken or not is_valid_node_id(new):
                    new = f"{base[:MAX_NODE_ID_LENGTH - 4]}_{i}"
                    i += 1
                taken.add(new)
                ids[m.id] = new
                x = node.pos[0] + width * k + (m.pos[0] - min(xs))   # from the block's place rightwards
                self.new_nodes.append(Node(new, m.type, copy.deepcopy(m.params), (x, node.pos[1] + m.pos[1] - cy),
                                           copy.deepcopy(m.extra)))
            port_of_input = {iid: p for p, iid in enumerate(block.inputs)}
            for e in block.graph.edges:
                if e.src in port_of_input:
                    src = prev_out if (k > 0) else feeds.get(port_of_input[e.src])
                    if src is None:
                        continue  # the instance's port was open: the layer stays unconnected
                    self.new_edges.append(Edge(src[0], ids[e.dst], src[1], e.dst_port, copy.deepcopy(e.extra)))
                elif e.dst in ids:
                    self.new_edges.append(Edge(ids[e.src], ids[e.dst], e.src_port, e.dst_port, copy.deepcopy(e.extra)))
            outs = [(ids[o], 0) for o in block.outputs]
            prev_out = outs[0]
        for e in graph.out_edges(node_id):
            if e.src_port < len(outs):
                src = outs[e.src_port]
                self.new_edges.append(Edge(src[0], e.dst, src[1], e.dst_port, copy.deepcopy(e.extra)))
        self.new_ids = [m.id for m in self.new_nodes]
        # make room: the layers need ``total`` where the block took one column, so the nodes to its right on
        # its row move right by the difference (unfolded layers used to lie on top of their neighbours)
        shift = total - INPUT_GAP
        self.moved = {m.id: (m.pos, (m.pos[0] + shift, m.pos[1])) for m in graph
                      if m.id != node_id and shift > 0 and m.pos[0] > node.pos[0]
                      and abs(m.pos[1] - node.pos[1]) <= ROW_TOLERANCE}
        self._saved: tuple[list, list] | None = None

    def redo(self) -> None:
        self._saved = _remove_exact(self.graph, [self.node_id])
        index = self._saved[0][0][0]
        for i, node in enumerate(self.new_nodes):
            self.graph.add_node(node.copy(), index + i)
        for edge in self.new_edges:
            self.graph.add_edge(edge, allow_cycle=True)
        for nid, (_, after) in self.moved.items():
            self.graph.set_pos(nid, after)

    def undo(self) -> None:
        for nid, (before, _) in self.moved.items():
            self.graph.set_pos(nid, before)
        for edge in reversed(self.new_edges):
            self.graph.remove_edge(edge)
        for nid in reversed(self.new_ids):
            self.graph.remove_node(nid)
        _restore_exact(self.graph, *self._saved)


Unfold = UnmakeBlock


class RenameBlock(Command):
    """Rename block ``old`` to ``new``: the definition and every Block node using it, in ``graphs`` and inside
    other blocks (the ids of the nodes, and so the weights' names, stay)."""

    def __init__(self, graph: Graph, old: str, new: str, graphs: Iterable[Graph] = ()) -> None:
        self.blocks = graph.blocks
        if old not in self.blocks:
            raise GraphError(None, f"there is no block named '{old}' in this project")
        if not is_valid_block_name(new):
            raise GraphError(None, f"'{new}' cannot name a block: use letters, digits and _ (at most "
                                   f"{MAX_NODE_ID_LENGTH}), not starting with a digit")
        if new != old and new in self.blocks:
            raise GraphError(None, f"a block named '{new}' already exists: choose another name")
        self.old, self.new = old, new
        self.text = f"Rename block {old} to {new}"
        seen: set[int] = set()
        self.users: list[tuple[Graph, str]] = []
        for g in [graph, *graphs, *(b.graph for b in self.blocks.values())]:
            if id(g) in seen:
                continue
            seen.add(id(g))
            self.users += [(g, n.id) for n in g if n.type == BLOCK_TYPE and block_name(n) == old]

    def redo(self) -> None:
        self._rename(self.old, self.new)

    def undo(self) -> None:
        self._rename(self.new, self.old)

    def _rename(self, before: str, after: str) -> None:
        block = self.blocks[before]
        block.name = block.graph.name = after
        entries = list(self.blocks.items())   # the same dict, shared by the project's graphs: kept in its order
        self.blocks.clear()
        self.blocks.update((after if name == before else name, b) for name, b in entries)
        for g, node_id in self.users:
            g.set_params(node_id, {**g.node(node_id).params, "block": after})

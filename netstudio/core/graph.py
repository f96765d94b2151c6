"""The graph document: nodes, edges and change events, with no Qt and no torch.

Views listen to the events; only commands (``netstudio.core.commands``) should call the
mutating methods, so that every change can be undone.
"""

from __future__ import annotations

import copy
import heapq
import keyword
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .errors import CycleError, GraphError, MissingNodeError, PortOccupiedError, SelfLoopError
from .events import Event

_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_NODE_ID_LENGTH = 64  # ids also name image files and exported attributes: keep them short
#: The node attribute (beside "params") that freezes a layer's weights: ``"trainable": false`` in the file.
TRAINABLE = "trainable"


def is_trainable(node: "Node") -> bool:
    """False only for a node the user froze (``"trainable": false``); every layer trains by default."""
    return node.extra.get(TRAINABLE, True) is not False


def is_valid_node_id(node_id: object) -> bool:
    """Node ids become attribute names of the compiled module, so they must be identifiers."""
    return (isinstance(node_id, str) and len(node_id) <= MAX_NODE_ID_LENGTH and bool(_ID_RE.match(node_id))
            and not keyword.iskeyword(node_id))


@dataclass
class Node:
    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    pos: tuple[float, float] = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown JSON fields, kept on save

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "params": copy.deepcopy(self.params),
                                "pos": [_round(self.pos[0]), _round(self.pos[1])]}
        data.update(copy.deepcopy(self.extra))
        return data

    def copy(self) -> "Node":
        return Node(self.id, self.type, copy.deepcopy(self.params), tuple(self.pos), copy.deepcopy(self.extra))


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    src_port: int = 0
    dst_port: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, int, str, int]:
        return (self.src, self.src_port, self.dst, self.dst_port)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.src, "to": self.dst}
        if self.src_port:
            data["from_port"] = self.src_port
        if self.dst_port:
            data["to_port"] = self.dst_port
        data.update(copy.deepcopy(self.extra))
        return data


def _round(value: float) -> float | int:
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


class Graph:
    """An ordered set of nodes and the edges between their ports.

    Events
    ------
    node_added(node), node_removed(node), edge_added(edge), edge_removed(edge),
    params_changed(node_id), node_moved(node_id, pos), changed() after any change that can
    alter shapes (not after moves).
    """

    def __init__(self, name: str = "model") -> None:
        self.name = name
        self._nodes: dict[str, Node] = {}
        self._edges: list[Edge] = []
        # adjacency indexes and the topological order, kept so that an edit of a 500-node graph
        # does not rescan every edge for every node
        self._in: dict[str, dict[int, Edge]] = {}
        self._out: dict[str, list[Edge]] = {}
        self._order: list[str] | None = None
        self.extra: dict[str, Any] = {}
        # the project's block definitions (name -> core.blocks.BlockDef), one dict shared by every graph of
        # a project, so that code given only a graph can expand its Block nodes (core.blocks.expand)
        self.blocks: dict[str, Any] = {}
        self.node_added = Event()
        self.node_removed = Event()
        self.edge_added = Event()
        self.edge_removed = Event()
        self.params_changed = Event()
        self.node_moved = Event()
        self.changed = Event()

    # ----- reading -----
    @property
    def nodes(self) -> list[Node]:
        return list(self._nodes.values())

    @property
    def edges(self) -> list[Edge]:
        return list(self._edges)

    def node(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise GraphError(node_id, f"there is no node '{node_id}' in graph '{self.name}'") from None

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __iter__(self) -> Iterator[Node]:
        return iter(list(self._nodes.values()))

    def __len__(self) -> int:
        return len(self._nodes)

    def in_edges(self, node_id: str) -> list[Edge]:
        ports = self._in.get(node_id, {})
        return [ports[p] for p in sorted(ports)]

    def out_edges(self, node_id: str) -> list[Edge]:
        return list(self._out.get(node_id, ()))

    def edges_of(self, node_ids: Iterable[str]) -> list[Edge]:
        ids = set(node_ids)
        return [e for e in self._edges if e.src in ids or e.dst in ids]

    def edge_into(self, node_id: str, port: int) -> Edge | None:
        return self._in.get(node_id, {}).get(port)

    def unique_id(self, base: str, taken: Iterable[str] = ()) -> str:
        """A fresh id from ``base`` ("Conv2d" -> "conv1", "conv2", ...), avoiding ``taken`` too."""
        taken = set(taken) | set(self._nodes)
        stem = re.sub(r"[^A-Za-z0-9_]", "_", base).strip("_").lower() or "node"
        stem = re.sub(r"[123]d$", "", stem) or stem  # "Conv2d" -> conv1, conv2 rather than conv2d1
        stem = re.sub(r"\d+$", "", stem) or stem
        if stem[0].isdigit():
            stem = "n" + stem
        i = 1
        while f"{stem}{i}" in taken or keyword.iskeyword(f"{stem}{i}"):
            i += 1
        return f"{stem}{i}"

    def to_networkx(self):
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from(self._nodes)
        for e in self._edges:
            g.add_edge(e.src, e.dst, src_port=e.src_port, dst_port=e.dst_port)
        return g

    def topological_order(self) -> list[str]:
        """Node ids in dependency order; raises GraphError naming a node on a cycle."""
        if self._order is not None:
            return list(self._order)
        # Kahn's algorithm with the file order breaking ties: the same order as networkx's
        # lexicographical_topological_sort, without importing networkx (0.3 s) before the window paints
        index = {nid: i for i, nid in enumerate(self._nodes)}
        waiting = {nid: len(self._in.get(nid, {})) for nid in self._nodes}
        ready = [(index[nid], nid) for nid, n in waiting.items() if n == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            _, nid = heapq.heappop(ready)
            order.append(nid)
            for edge in self._out.get(nid, ()):
                waiting[edge.dst] -= 1
                if waiting[edge.dst] == 0:
                    heapq.heappush(ready, (index[edge.dst], edge.dst))
        if len(order) == len(self._nodes):
            self._order = order
            return list(order)
        import networkx as nx   # only to name the cycle

        cycle = nx.find_cycle(self.to_networkx())
        names = " -> ".join([c[0] for c in cycle] + [cycle[0][0]])
        raise GraphError(cycle[0][0], f"the graph has a cycle ({names}); remove one of these edges")

    def downstream(self, node_ids: Iterable[str]) -> set[str]:
        """The given nodes and every node reachable from them."""
        seen: set[str] = set()
        stack = [n for n in node_ids if n in self._nodes]
        while stack:
            nid = stack.pop()
            if nid in seen:
                continue
            seen.add(nid)
            stack.extend(e.dst for e in self._out.get(nid, ()))
        return seen

    # ----- mutating (use commands, so that edits can be undone) -----
    def add_node(self, node: Node, index: int | None = None) -> Node:
        if not is_valid_node_id(node.id):
            raise GraphError(node.id, f"'{node.id}' is not a valid node id: use up to {MAX_NODE_ID_LENGTH} "
                                      "letters, digits and _ and do not start with a digit")
        if node.id in self._nodes:
            raise GraphError(node.id, f"a node with id '{node.id}' already exists")
        if index is None or index >= len(self._nodes):
            self._nodes[node.id] = node
        else:  # re-insert at the old place so undo restores the file order exactly
            items = list(self._nodes.items())
            items.insert(index, (node.id, node))
            self._nodes = dict(items)
        self._in[node.id] = {}
        self._out[node.id] = []
        self._order = None
        self.node_added.emit(node)
        self.changed.emit()
        return node

    def node_index(self, node_id: str) -> int:
        return list(self._nodes).index(node_id)

    def remove_node(self, node_id: str) -> tuple[Node, list[Edge]]:
        node = self.node(node_id)
        removed = self.edges_of([node_id])
        for edge in removed:
            self.remove_edge(edge)
        del self._nodes[node_id]
        del self._in[node_id], self._out[node_id]
        self._order = None
        self.node_removed.emit(node)
        self.changed.emit()
        return node, removed

    def edge_index(self, edge: Edge) -> int:
        return [e.key for e in self._edges].index(edge.key)

    def check_connect(self, edge: Edge, replacing: Edge | None = None, *, allow_cycle: bool = False) -> None:
        """Raise the typed ``EdgeError`` that says why ``edge`` cannot be added; return when it can.

        ``replacing`` is an edge into the same port that the caller removes first (connect-or-replace).
        ``allow_cycle`` is for reading files: a cycle there is reported by ``topological_order`` as a
        problem of the graph instead of refusing the whole file.
        """
        for end in (edge.src, edge.dst):
            if end not in self._nodes:
                raise MissingNodeError(end, f"an edge refers to node '{end}', which does not exist", edge)
        if edge.src == edge.dst:
            raise SelfLoopError(edge.src, f"'{edge.src}' cannot be connected to itself", edge)
        occupant = self.edge_into(edge.dst, edge.dst_port)
        if occupant is not None and (replacing is None or occupant.key != replacing.key):
            raise PortOccupiedError(edge.dst, f"input {edge.dst_port} of '{edge.dst}' is already connected; "
                                              "remove that edge first", edge)
        if not allow_cycle and edge.src in self.downstream([edge.dst]):
            raise CycleError(edge.dst, f"connecting '{edge.src}' to '{edge.dst}' would make a loop; "
                                       "the data must flow one way", edge)

    def add_edge(self, edge: Edge, index: int | None = None, *, allow_cycle: bool = False) -> Edge:
        """Add ``edge`` after ``check_connect`` accepts it (raises its typed error otherwise)."""
        self.check_connect(edge, allow_cycle=allow_cycle)
        if index is None:
            self._edges.append(edge)
        else:  # undo puts an edge back where it was, so the saved file is unchanged
            self._edges.insert(index, edge)
        self._in[edge.dst][edge.dst_port] = edge
        self._out[edge.src].append(edge)
        self._order = None
        self.edge_added.emit(edge)
        self.changed.emit()
        return edge

    def remove_edge(self, edge: Edge) -> None:
        for i, e in enumerate(self._edges):
            if e.key == edge.key:
                del self._edges[i]
                del self._in[e.dst][e.dst_port]
                self._out[e.src] = [o for o in self._out[e.src] if o.key != e.key]
                self._order = None
                self.edge_removed.emit(e)
                self.changed.emit()
                return
        raise GraphError(edge.dst, f"there is no edge from '{edge.src}' to '{edge.dst}'")

    def set_params(self, node_id: str, params: dict[str, Any]) -> None:
        self.node(node_id).params = copy.deepcopy(params)
        self.params_changed.emit(node_id)
        self.changed.emit()

    def set_attribute(self, node_id: str, key: str, value: Any) -> None:
        """Set (``None``: remove) a node attribute kept beside its params, such as ``"trainable"``.

        Views redraw the node through ``params_changed``; the layer's shapes do not change.
        """
        node = self.node(node_id)
        if value is None:
            node.extra.pop(key, None)
        else:
            node.extra[key] = copy.deepcopy(value)
        self.params_changed.emit(node_id)
        self.changed.emit()

    def set_pos(self, node_id: str, pos: tuple[float, float]) -> None:
        self.node(node_id).pos = (float(pos[0]), float(pos[1]))
        self.node_moved.emit(node_id, self.node(node_id).pos)

    # ----- serialisation -----
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"nodes": [n.to_dict() for n in self._nodes.values()],
                                "edges": [e.to_dict() for e in self._edges]}
        data.update(copy.deepcopy(self.extra))
        return data

    def copy(self) -> "Graph":
        g = Graph(self.name)
        for n in self._nodes.values():
            g._nodes[n.id] = n.copy()
            g._in[n.id], g._out[n.id] = {}, []
        for e in self._edges:
            g._edges.append(e)
            g._in[e.dst][e.dst_port] = e
            g._out[e.src].append(e)
        g.extra = copy.deepcopy(self.extra)
        g.blocks = self.blocks  # shared on purpose: a copy still expands (Project.copy copies the blocks)
        return g

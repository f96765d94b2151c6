"""The edit verbs of the editor, free of Qt: each turns a gesture into one undoable command.

Every front end (the canvas, a script, a test) gets the same rules: a verb returns the command to
push, ``None`` when the gesture would change nothing (so no empty step lands on the undo stack),
or raises the graph's typed ``EdgeError`` when the model refuses it (a loop, a self-connection).
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterable

from . import commands as cmd
from .graph import TRAINABLE, Edge, Graph, Node, is_trainable, is_valid_node_id

CLIP_FORMAT = "netstudio-clipboard"
PASTE_OFFSET = 40.0


def _one(commands: list[cmd.Command], text: str) -> cmd.Command | None:
    if not commands:
        return None
    return commands[0] if len(commands) == 1 else cmd.Macro(commands, text)


def add_node(graph: Graph, node: Node, connect_from: tuple[str, int] | None = None,
             connect_to: tuple[str, int] | None = None) -> cmd.Command:
    """Add ``node``, optionally wired from an output port and/or into an input port, as one step.

    An edge already in the ``connect_to`` port is replaced (the new layer is inserted in front).
    The caller leaves out a connection the layer has no port for.
    """
    edges = []
    if connect_from is not None:
        edges.append(Edge(connect_from[0], node.id, connect_from[1], 0))
    text = f"Add {node.type}"
    if connect_to is not None:
        edge = Edge(node.id, connect_to[0], 0, connect_to[1])
        replaced = graph.edge_into(connect_to[0], connect_to[1])
        if replaced is not None:
            return cmd.Macro([cmd.Disconnect(graph, replaced), cmd.AddSubgraph(graph, [node], edges + [edge], text)],
                             text)
        edges.append(edge)
    return cmd.AddSubgraph(graph, [node], edges, text=text) if edges else cmd.AddNode(graph, node)


def connect(graph: Graph, src: str, src_port: int, dst: str, dst_port: int,
            detach: Edge | None = None) -> cmd.Command | None:
    """Connect an output port to an input port, replacing what the input had (connect-or-replace).

    ``detach`` is a wire the user picked up from another input to re-plug here; it is removed in
    the same step. Returns None when the edge is already there; raises ``EdgeError`` (a
    ``SelfLoopError``, ``CycleError``...) when the graph refuses it.
    """
    edge = Edge(src, dst, src_port, dst_port)
    existing = graph.edge_into(dst, dst_port)
    if existing is not None and existing.key == edge.key:
        return None
    graph.check_connect(edge, existing)  # refuse now, before any command exists
    commands: list[cmd.Command] = []
    if detach is not None and detach.key != edge.key:
        commands.append(cmd.Disconnect(graph, detach))
    commands.append(cmd.Connect(graph, edge))
    return _one(commands, commands[-1].text)


def disconnect(graph: Graph, edges: Iterable[Edge]) -> cmd.Command | None:
    """Remove edges in one step; None when there are none."""
    commands: list[cmd.Command] = [cmd.Disconnect(graph, e) for e in edges]
    return _one(commands, f"Disconnect {len(commands)} edges")


def remove(graph: Graph, node_ids: Iterable[str], edges: Iterable[Edge] = ()) -> cmd.Command | None:
    """Delete nodes (with every edge touching them) and further edges, in one step."""
    node_ids, edges = list(node_ids), list(edges)
    if not node_ids:
        return disconnect(graph, edges)
    return cmd.RemoveNodes(graph, node_ids, edges)


def set_param(graph: Graph, node_id: str, name: str, value: Any) -> cmd.Command | None:
    """Set one parameter (``None`` removes it: PyTorch's default); None when the value is unchanged."""
    params = graph.node(node_id).params
    if params.get(name) == value and (value is not None or name not in params):
        return None
    return cmd.set_param(graph, node_id, name, copy.deepcopy(value))


def set_trainable(graph: Graph, node_ids: Iterable[str], trainable: bool) -> cmd.Command | None:
    """Freeze (``trainable=False``) or unfreeze layers in one step; None when none changes.

    A frozen layer keeps its weights while training: the optimizer never sees them and a frozen
    BatchNorm keeps its running statistics. Unfreezing removes the attribute (training is the default).
    """
    changing = [nid for nid in node_ids if is_trainable(graph.node(nid)) != bool(trainable)]
    word = "Unfreeze" if trainable else "Freeze"
    commands: list[cmd.Command] = [cmd.SetAttribute(graph, nid, TRAINABLE, None if trainable else False,
                                                    text=f"{word} {nid}") for nid in changing]
    return _one(commands, f"{word} {len(commands)} layers")


def move(graph: Graph, new_positions: dict[str, tuple[float, float]],
         old_positions: dict[str, tuple[float, float]] | None = None, text: str = "Move") -> cmd.Command | None:
    """Move nodes in one step; only those whose position really changed. None when none did."""
    old = old_positions or {k: graph.node(k).pos for k in new_positions}
    changed = {k: v for k, v in new_positions.items() if tuple(map(float, v)) != tuple(map(float, old[k]))}
    if not changed:
        return None
    return cmd.MoveNodes(graph, changed, {k: old[k] for k in changed}, text=text)


# ----- copy and paste -----
def copy_payload(graph: Graph, node_ids: Iterable[str]) -> dict:
    """The selected nodes and the edges between them (edges to unselected nodes are left behind)."""
    keep = set(node_ids)
    ids = [n.id for n in graph.nodes if n.id in keep]
    return {"format": CLIP_FORMAT, "version": 1,
            "nodes": [graph.node(i).to_dict() for i in ids],
            "edges": [e.to_dict() for e in graph.edges if e.src in keep and e.dst in keep]}


def nodes_for_paste(graph: Graph, payload: dict, accept: Callable[[Node], bool] = lambda node: True,
                    offset: float = PASTE_OFFSET) -> tuple[list[Node], list[Edge]]:
    """Fresh ids (``conv1`` -> ``conv2`` when taken), shifted positions, internal edges re-pointed.

    Nodes that ``accept`` rejects (the layer catalog's check) are skipped, so a hand-edited
    clipboard cannot break the graph.
    """
    mapping: dict[str, str] = {}
    nodes: list[Node] = []
    taken = {n.id for n in graph.nodes}
    for nd in payload.get("nodes", []):
        if not isinstance(nd, dict) or not isinstance(nd.get("type"), str):
            continue
        pos = nd.get("pos", [0, 0])
        try:
            x, y = float(pos[0]) + offset, float(pos[1]) + offset
        except (TypeError, ValueError, IndexError, KeyError):
            x, y = offset, offset
        params = nd.get("params")
        node = Node("tmp", nd["type"], dict(params) if isinstance(params, dict) else {}, (x, y))
        if nd.get(TRAINABLE) is False:   # a frozen layer stays frozen when copied
            node.extra[TRAINABLE] = False
        if not accept(node):
            continue
        new_id = _fresh_id(graph, str(nd.get("id") or nd["type"]), taken)
        taken.add(new_id)
        mapping[str(nd.get("id"))] = new_id
        node.id = new_id
        nodes.append(node)
    edges = []
    for ed in payload.get("edges", []):
        if not isinstance(ed, dict) or ed.get("from") not in mapping or ed.get("to") not in mapping:
            continue
        try:
            ports = int(ed.get("from_port", 0)), int(ed.get("to_port", 0))
        except (TypeError, ValueError):
            continue
        edges.append(Edge(mapping[ed["from"]], mapping[ed["to"]], *ports))
    return nodes, edges


def paste(graph: Graph, payload: dict, accept: Callable[[Node], bool] = lambda node: True
          ) -> tuple[cmd.Command | None, list[str]]:
    """The command that pastes ``payload`` (None when nothing in it can be pasted) and the new ids."""
    nodes, edges = nodes_for_paste(graph, payload, accept)
    if not nodes:
        return None, []
    text = f"Paste {len(nodes)} layer{'s' if len(nodes) != 1 else ''}"
    return cmd.AddSubgraph(graph, nodes, edges, text=text), [n.id for n in nodes]


def _fresh_id(graph: Graph, base: str, taken: set[str]) -> str:
    """``base`` when free, else the next free id by Graph.unique_id's rule."""
    if base not in taken and is_valid_node_id(base):
        return base
    return graph.unique_id(base, taken)

"""Copy and paste of layers as JSON: a custom mime type plus plain text, across windows and projects."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from netstudio.core.graph import Edge, Graph, Node, is_valid_node_id
from netstudio.layers import validate_node

MIME_NODES = "application/x-netstudio-nodes"
CLIP_FORMAT = "netstudio-clipboard"
PASTE_OFFSET = 40.0


def copy_payload(graph: Graph, node_ids: list[str]) -> dict:
    """The selected nodes and the edges between them (edges to unselected nodes are left behind)."""
    ids = [n.id for n in graph.nodes if n.id in set(node_ids)]
    keep = set(ids)
    return {"format": CLIP_FORMAT, "version": 1,
            "nodes": [graph.node(i).to_dict() for i in ids],
            "edges": [e.to_dict() for e in graph.edges if e.src in keep and e.dst in keep]}


def to_mime(graph: Graph, node_ids: list[str]) -> QMimeData:
    text = json.dumps(copy_payload(graph, node_ids), indent=1, ensure_ascii=False)
    data = QMimeData()
    data.setData(MIME_NODES, text.encode("utf-8"))
    data.setText(text)  # readable in a text editor, and pasteable back from one
    return data


def payload_from_mime(data: QMimeData) -> dict | None:
    """The clipboard's layers, or None when it holds something else."""
    if data is None:
        return None
    if data.hasFormat(MIME_NODES):
        raw = bytes(data.data(MIME_NODES)).decode("utf-8", errors="replace")
    elif data.hasText():
        raw = data.text()
    else:
        return None
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("format") != CLIP_FORMAT:
        return None
    return payload


def nodes_for_paste(graph: Graph, payload: dict, offset: float = PASTE_OFFSET
                    ) -> tuple[list[Node], list[Edge]]:
    """Fresh ids (``conv1`` -> ``conv2`` when taken), shifted positions, internal edges re-pointed.

    Nodes the catalog rejects are skipped so a hand-edited clipboard cannot break the graph.
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
        except (TypeError, ValueError, IndexError):
            x, y = offset, offset
        node = Node("tmp", nd["type"], dict(nd.get("params") or {}), (x, y))
        if validate_node(node) is not None:
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
        edges.append(Edge(mapping[ed["from"]], mapping[ed["to"]], int(ed.get("from_port", 0)),
                          int(ed.get("to_port", 0))))
    return nodes, edges


def _fresh_id(graph: Graph, base: str, taken: set[str]) -> str:
    """``base`` when free, else the next free id by Graph.unique_id's rule."""
    if base not in taken and is_valid_node_id(base):
        return base
    return graph.unique_id(base, taken)

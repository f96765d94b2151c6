"""Auto-layout: left-to-right columns by topological generation (networkx), ordered to limit crossings."""

from __future__ import annotations

from netstudio.core.graph import Graph

COLUMN_GAP = 240.0  # node width 150 + room for the shape label on the edge
ROW_GAP = 120.0


def layered_positions(graph: Graph, column_gap: float = COLUMN_GAP, row_gap: float = ROW_GAP
                      ) -> dict[str, tuple[float, float]]:
    """Top-left positions for every node: column = longest path from an input, rows centred on 0.

    Within a column, nodes are sorted by the mean row of their predecessors (barycentre), which keeps
    a chain on one line and fans branches out around it. A graph with a cycle is laid out by file order.
    """
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(n.id for n in graph.nodes)
    g.add_edges_from((e.src, e.dst) for e in graph.edges)
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    try:
        order = list(nx.topological_sort(g))
    except nx.NetworkXUnfeasible:
        return {n.id: (i * column_gap, 0.0) for i, n in enumerate(graph.nodes)}
    # longest-path layering: each node sits one column right of its furthest predecessor
    layer: dict[str, int] = {}
    for nid in order:
        preds = list(g.predecessors(nid))
        layer[nid] = 1 + max(layer[p] for p in preds) if preds else 0
    # pull sources next to their first consumer (a second input should not sit far left)
    for nid in reversed(order):
        succ = list(g.successors(nid))
        if succ and not list(g.predecessors(nid)):
            layer[nid] = max(layer[nid], min(layer[s] for s in succ) - 1)
    columns: dict[int, list[str]] = {}
    for nid in sorted(layer, key=lambda n: index[n]):
        columns.setdefault(layer[nid], []).append(nid)
    row: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for col in sorted(columns):
        nodes = columns[col]

        def barycentre(nid: str) -> float:
            preds = [row[p] for p in g.predecessors(nid) if p in row]
            return sum(preds) / len(preds) if preds else 0.0

        nodes.sort(key=lambda n: (barycentre(n), index[n]))
        for i, nid in enumerate(nodes):
            row[nid] = i - (len(nodes) - 1) / 2.0
            positions[nid] = (col * column_gap, row[nid] * row_gap)
    return positions

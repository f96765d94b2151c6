"""Auto-layout: left-to-right columns by topological generation (networkx), ordered to limit crossings.

A network too long for one row of a screen wraps like text: its columns are cut into bands, laid one
below the other, each read left to right; the wire from the end of one band to the start of the next
runs back through the gap between them (the editor draws such a backward wire as a return line).
The number of bands is chosen so that the whole drawing is about twice as wide as it is tall, the
shape of a canvas or a slide: a 13-layer chain becomes three rows of five, readable on one screen.
"""

from __future__ import annotations

from math import ceil, log

from netstudio.core.errors import GraphError
from netstudio.core.graph import Graph

COLUMN_GAP = 240.0  # node width 150 + room for the shape label on the edge
ROW_GAP = 120.0
NODE_WIDTH = 150.0  # as the editor draws them (netstudio.ui.editor.theme); the core cannot import Qt
NODE_HEIGHT = 110.0  # a tall node: header, type, shape and parameter lines
BAND_GAP = 130.0    # below a band's lowest node: room for the return wire and its shape label
MAX_ROW_WIDTH = 1400.0  # a single row up to this wide stays one row (readable at 70% on a laptop canvas)
TARGET_ASPECT = 2.0     # width : height of a wrapped layout


class _Links:
    """Who feeds whom, one link per pair of nodes (several ports count once), in edge order."""

    def __init__(self, graph: Graph) -> None:
        self._pred: dict[str, dict[str, None]] = {n.id: {} for n in graph.nodes}
        self._succ: dict[str, dict[str, None]] = {n.id: {} for n in graph.nodes}
        for e in graph.edges:
            self._pred[e.dst][e.src] = None
            self._succ[e.src][e.dst] = None

    def predecessors(self, nid: str) -> list[str]:
        return list(self._pred[nid])

    def successors(self, nid: str) -> list[str]:
        return list(self._succ[nid])


def _layers(graph: Graph):
    """(links, topological order, column of every node) or None for a graph with a cycle."""
    g = _Links(graph)
    try:   # the graph's own sort: networkx (0.2 s to import) is not needed to lay out an import
        order = graph.topological_order()
    except GraphError:
        return None
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
    return g, order, layer


def _rows(g, columns: dict[int, list[str]], index: dict[str, int]) -> dict[str, float]:
    """Row of every node, centred on 0 in its column, sorted by the mean row of its predecessors
    (barycentre): a chain stays on one line and branches fan out around it."""
    row: dict[str, float] = {}
    for col in sorted(columns):
        nodes = columns[col]

        def barycentre(nid: str) -> float:
            preds = [row[p] for p in g.predecessors(nid) if p in row]
            return sum(preds) / len(preds) if preds else 0.0

        nodes.sort(key=lambda n: (barycentre(n), index[n]))
        for i, nid in enumerate(nodes):
            row[nid] = i - (len(nodes) - 1) / 2.0
    return row


def _band_extents(columns, row, per_band: int, bands: int) -> list[tuple[float, float]]:
    """(lowest row, highest row) of each band."""
    out = []
    for b in range(bands):
        rows = [row[n] for c in range(b * per_band, (b + 1) * per_band) for n in columns.get(c, ())]
        out.append((min(rows), max(rows)) if rows else (0.0, 0.0))
    return out


def _size(extents, per_band: int, column_gap: float, row_gap: float) -> tuple[float, float]:
    width = (per_band - 1) * column_gap + NODE_WIDTH
    height = sum((hi - lo) * row_gap + NODE_HEIGHT for lo, hi in extents) + BAND_GAP * (len(extents) - 1)
    return width, height


def band_count(n_columns: int, extents_for, column_gap: float = COLUMN_GAP, row_gap: float = ROW_GAP) -> int:
    """How many bands ``n_columns`` columns wrap into: one when the row fits ``MAX_ROW_WIDTH``, otherwise
    the count whose drawing comes closest to ``TARGET_ASPECT``. ``extents_for(per_band, bands)`` gives
    each band's row range."""
    if (n_columns - 1) * column_gap + NODE_WIDTH <= MAX_ROW_WIDTH:
        return 1
    best, best_score = 1, float("inf")
    seen = set()
    for bands in range(1, n_columns + 1):
        per_band = ceil(n_columns / bands)
        bands = ceil(n_columns / per_band)   # no empty band at the end
        if bands in seen:
            continue
        seen.add(bands)
        width, height = _size(extents_for(per_band, bands), per_band, column_gap, row_gap)
        score = abs(log(width / height / TARGET_ASPECT))
        if score < best_score - 1e-9:
            best, best_score = bands, score
    return best


def layered_positions(graph: Graph, column_gap: float = COLUMN_GAP, row_gap: float = ROW_GAP
                      ) -> dict[str, tuple[float, float]]:
    """Top-left positions for every node: column = longest path from an input, rows centred on 0.

    Within a column, nodes are sorted by the mean row of their predecessors (barycentre), which keeps
    a chain on one line and fans branches out around it. Columns wrap into bands stacked top to bottom
    when one row would be wider than a screen (``band_count``). A graph with a cycle is laid out by
    file order.
    """
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    layered = _layers(graph)
    if layered is None:
        return {n.id: (i * column_gap, 0.0) for i, n in enumerate(graph.nodes)}
    g, _order, layer = layered
    columns: dict[int, list[str]] = {}
    for nid in sorted(layer, key=lambda n: index[n]):
        columns.setdefault(layer[nid], []).append(nid)
    row = _rows(g, columns, index)
    n_columns = max(columns) + 1 if columns else 0
    bands = band_count(n_columns, lambda per, count: _band_extents(columns, row, per, count), column_gap, row_gap)
    per_band = ceil(n_columns / bands) if n_columns else 1
    positions: dict[str, tuple[float, float]] = {}
    top = 0.0
    for b, (lo, hi) in enumerate(_band_extents(columns, row, per_band, bands)):
        for col in range(b * per_band, (b + 1) * per_band):
            for nid in columns.get(col, ()):
                # one band: rows centred on 0 as before; wrapped: each band below the one before
                y = row[nid] * row_gap if bands == 1 else top + (row[nid] - lo) * row_gap
                positions[nid] = ((col - b * per_band) * column_gap, y)
        top += (hi - lo) * row_gap + NODE_HEIGHT + BAND_GAP
    return positions

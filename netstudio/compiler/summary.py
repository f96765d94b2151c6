"""The layer table of ``netstudio summary``: id, type, output shape, parameters, total."""

from __future__ import annotations

from netstudio.core.graph import Graph
from netstudio.layers import shape_text

from .shapes import ShapeInference


def summarize(graph: Graph, inference: ShapeInference | None = None) -> dict:
    """``{"graph", "total_params", "nodes": [{"id", "type", "output_shape", "params", ...}]}``."""
    infos = (inference or ShapeInference()).infer(graph)
    try:
        order = graph.topological_order()
    except Exception:  # a cycle: keep file order, the problems say why
        order = [n.id for n in graph]
    rows = []
    for nid in order:
        node, info = graph.node(nid), infos[nid]
        row = {"id": nid, "type": node.type,
               "output_shape": list(info.out_shapes[0]) if info.out_shapes else None,
               "params": info.param_count}
        if len(info.out_shapes) > 1:
            row["output_shapes"] = [list(s) for s in info.out_shapes]
        if info.error:
            row["error"] = info.error
        rows.append(row)
    return {"graph": graph.name, "total_params": sum(r["params"] for r in rows), "nodes": rows}


def _shapes_cell(row: dict) -> str:
    """The output-shape column: "error", "-" when none, and "(8, 10) | (8,)" for several outputs."""
    if row.get("error"):
        return "error"
    shapes = row.get("output_shapes") or ([row["output_shape"]] if row["output_shape"] is not None else [])
    if not shapes:
        return "-"
    return " | ".join(shape_text(s) for s in shapes)


def summary_table(result: dict) -> str:
    """``summarize``'s result as the aligned text table ``netstudio summary`` prints."""
    rows = [(r["id"], r["type"], _shapes_cell(r), f"{r['params']:,}") for r in result["nodes"]]
    head = ("id", "type", "output shape", "params")
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i]) for i in range(4)]
    line = lambda r: f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}"
    rule = "-" * (sum(widths) + 6)
    out = [f"graph: {result['graph']}", line(head), rule, *(line(r) for r in rows), rule,
           f"total parameters: {result['total_params']:,}"]
    return "\n".join(out)

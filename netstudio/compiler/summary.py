"""The layer table of ``netstudio summary``: id, type, output shape, parameters, costs, totals."""

from __future__ import annotations

from netstudio.core.graph import Graph
from netstudio.layers import shape_text

from .cost import bytes_text, flops_text, graph_cost
from .shapes import ShapeInference


def summarize(graph: Graph, inference: ShapeInference | None = None, batch_size: int | None = None,
              optimizer: dict | None = None) -> dict:
    """``{"graph", "total_params", "nodes": [{"id", "type", "output_shape", "params", ...}]}``.

    With ``batch_size``, each node also has ``macs`` and ``flops`` (per sample), ``param_bytes``
    ({dtype: bytes}) and ``activation_bytes`` (its outputs for the batch), and the result a ``cost``
    object with the totals and the training-memory estimate for ``optimizer`` (see ``cost.py``).
    """
    infos = (inference or ShapeInference()).infer(graph)
    costs = graph_cost(graph, infos, batch_size, optimizer) if batch_size else None
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
        if node.type == "Block":
            row.update(block=node.params.get("block"), repeat=node.params.get("repeat", 1))
        if len(info.out_shapes) > 1:
            row["output_shapes"] = [list(s) for s in info.out_shapes]
        if info.error:
            row["error"] = info.error
        cost = costs.nodes.get(nid) if costs is not None else None
        if cost is not None:
            row.update(macs=cost.macs, flops=cost.flops, param_bytes=cost.param_bytes,
                       activation_bytes=cost.activation_bytes)
        rows.append(row)
    result = {"graph": graph.name, "total_params": sum(r["params"] for r in rows), "nodes": rows}
    if costs is not None:
        result["cost"] = costs.to_json()
    return result


def _type_text(row: dict) -> str:
    """"Block Basic x 2" for a Block node (what it stands for), the layer type otherwise."""
    if row["type"] != "Block":
        return row["type"]
    repeat = row.get("repeat", 1)
    return f"Block {row.get('block')}" + (f" x {repeat}" if isinstance(repeat, int) and repeat > 1 else "")


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
    cost = result.get("cost")
    head = ("id", "type", "output shape", "params") + (("FLOPs", "params mem", "activations") if cost else ())
    rows = []
    for r in result["nodes"]:
        row = (r["id"], _type_text(r), _shapes_cell(r), f"{r['params']:,}")
        if cost:
            known = "flops" in r
            row += (flops_text(r["flops"]) if known else "-", bytes_text(sum(r["param_bytes"].values())) if known
                    else "-", bytes_text(r["activation_bytes"]) if known else "-")
        rows.append(row)
    n = len(head)
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i]) for i in range(n)]
    line = lambda r: "  ".join(f"{r[i]:<{widths[i]}}" if i < 3 else f"{r[i]:>{widths[i]}}" for i in range(n))
    rule = "-" * (sum(widths) + 2 * (n - 1))
    out = [f"graph: {result['graph']}", line(head), rule, *(line(r) for r in rows), rule,
           f"total parameters: {result['total_params']:,}"]
    if cost:
        train = cost["training_bytes"]
        out += [f"FLOPs per sample: {flops_text(cost['flops'])} ({cost['macs']:,} multiply-adds)",
                f"parameter memory: {bytes_text(sum(cost['param_bytes'].values()))}; activations for a batch of "
                f"{cost['batch_size']}: {bytes_text(cost['activation_bytes'])}",
                f"training memory with {cost['optimizer']}: about {bytes_text(train['total'])} (weights "
                f"{bytes_text(train['weights'])}, gradients {bytes_text(train['gradients'])}, optimizer state "
                f"{bytes_text(train['optimizer_state'])}, activations kept for backward "
                f"{bytes_text(train['activations'])})"]
    return "\n".join(out)

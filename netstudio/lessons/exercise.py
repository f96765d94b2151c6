"""Exercise mode, kept on the nodes of the project file: ``"locked": true`` (or a list of parameter names) and
``"hidden": ["shape", "params"]``. A locked node refuses deletion, rewiring and parameter edits; a hidden value
shows as "?" until the student predicts it and reveals it.

No Qt: the window asks ``refusal(command)`` before it applies an edit, and the views ask ``hides``.
"""

from __future__ import annotations

from typing import Any

from netstudio.core import commands as cmd
from netstudio.core.graph import Graph, Node

LOCKED = "locked"
HIDDEN = "hidden"
HIDEABLE = ("shape", "params")
#: Node attributes the teacher's toggles set: changing them is never refused (that is how a lock comes off).
TEACHER_KEYS = (LOCKED, HIDDEN)


def is_locked(node: Node) -> bool:
    """The whole node is locked (``"locked": true``)."""
    return node.extra.get(LOCKED) is True


def locked_params(node: Node) -> set[str]:
    """Parameter names the student cannot change (every one, for a locked node, as ``{"*"}``)."""
    value = node.extra.get(LOCKED)
    if value is True:
        return {"*"}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def hides(node: Node, what: str) -> bool:
    """Whether ``what`` ("shape" or "params") of ``node`` is shown as "?"."""
    value = node.extra.get(HIDDEN)
    return isinstance(value, list) and what in value


def hidden_values(node: Node) -> list[str]:
    value = node.extra.get(HIDDEN)
    return [v for v in HIDEABLE if isinstance(value, list) and v in value]


def hides_any_params(graph: Graph) -> bool:
    """A total parameter count would give a hidden one away (total minus the others)."""
    return any(hides(n, "params") for n in graph)


def hidden_after(node: Node, what: str, on: bool) -> list[str] | None:
    """The node's ``hidden`` list with ``what`` on or off (None: the attribute goes)."""
    values = [v for v in hidden_values(node) if v != what] + ([what] if on else [])
    values = [v for v in HIDEABLE if v in values]
    return values or None


class Refusal(str):
    """The English sentence, with ``what`` ("changed", "params", "param", "connections", "deleted") and ``name``
    (the node, or node.param) so that the window can say it in its own language."""

    what: str
    name: str


_SENTENCES = {
    "changed": "{} is locked for this exercise; it cannot be changed",
    "params": "{} is locked for this exercise; its parameters cannot be changed",
    "param": "{} is locked for this exercise; it cannot be changed",
    "connections": "{} is locked for this exercise; its connections cannot be changed",
    "deleted": "{} is locked for this exercise; it cannot be deleted or moved into a block",
}


def _refuse(what: str, name: str) -> Refusal:
    r = Refusal(_SENTENCES[what].format(name))
    r.what, r.name = what, name
    return r


def refusal(command: Any) -> Refusal | None:
    """Why ``command`` (not yet applied) would change a locked node; None when it may go ahead."""
    if isinstance(command, cmd.Macro):
        for sub in command.commands:
            why = refusal(sub)
            if why:
                return why
        return None
    graph = getattr(command, "graph", None)
    if not isinstance(graph, Graph):
        return None

    def locked(node_id) -> Node | None:
        if isinstance(node_id, str) and node_id in graph:
            node = graph.node(node_id)
            return node if is_locked(node) else None
        return None

    if isinstance(command, cmd.SetAttribute):
        if command.key in TEACHER_KEYS:
            return None
        node = locked(command.node_id)
        return _refuse("changed", node.id) if node else None
    if isinstance(command, cmd.SetParams):
        node = graph.node(command.node_id) if command.node_id in graph else None
        if node is None:
            return None
        closed = locked_params(node)
        changed = {k for k in set(command.old) | set(command.new) if command.old.get(k) != command.new.get(k)}
        if "*" in closed and changed:
            return _refuse("params", node.id)
        hit = sorted(changed & closed)
        if hit:
            return _refuse("param", f"{node.id}.{hit[0]}")
        return None
    if isinstance(command, (cmd.Disconnect, cmd.Connect)):
        edges = [command.edge] if isinstance(command, cmd.Disconnect) else [command.replaced]
        for edge in edges:
            if edge is None:
                continue
            node = locked(edge.src) or locked(edge.dst)
            if node is not None:
                return _refuse("connections", node.id)
        return None
    for attr in ("node_ids", "node_id"):      # deleting, grouping into a block, ungrouping
        ids = getattr(command, attr, None)
        ids = [ids] if isinstance(ids, str) else (ids or [])
        for node_id in ids:
            node = locked(node_id)
            if node is not None:
                return _refuse("deleted", node.id)
    extra = getattr(command, "extra_edges", None) or []
    for edge in extra:
        node = locked(edge.src) or locked(edge.dst)
        if node is not None:
            return _refuse("connections", node.id)
    return None

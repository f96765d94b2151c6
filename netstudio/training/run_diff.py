"""What changed between two projects (two runs, or a run and the project open now).

Settings: the task, data and training sections compared key by key, as dotted keys
(``training.optimizer.lr``). Graphs: nodes matched by id, per graph: added, removed, changed
type or parameters, and edges added or removed. Plain data in, plain data out (no torch, no Qt).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("task", "data", "training")
MISSING = object()


@dataclass(frozen=True)
class SettingChange:
    key: str            # dotted: "training.optimizer.lr"
    old: Any            # MISSING when the key was not set
    new: Any


@dataclass
class GraphDiff:
    """How one graph changed from ``old`` to ``new``; ``changed[node] = [(param, old, new), ...]``."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)
    edges_added: list[tuple] = field(default_factory=list)
    edges_removed: list[tuple] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.edges_added or self.edges_removed)

    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed) + len(self.edges_added) + \
            len(self.edges_removed)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    else:
        out[prefix] = value


def settings_diff(old, new) -> list[SettingChange]:
    """The settings that differ from ``old`` to ``new`` (projects, or their dicts), sorted by key.

    The project name is compared too (``name``); graph layout is not a setting.
    """
    a, b = _as_dict(old), _as_dict(new)
    flat_a: dict[str, Any] = {}
    flat_b: dict[str, Any] = {}
    for section in SECTIONS:
        _flatten(a.get(section) or {}, section, flat_a)
        _flatten(b.get(section) or {}, section, flat_b)
    for flat in (flat_a, flat_b):   # an empty section says nothing: not a change against defaults
        for section in SECTIONS:
            if flat.get(section) == {}:
                del flat[section]
    if a.get("name") != b.get("name"):
        flat_a["name"], flat_b["name"] = a.get("name"), b.get("name")
    changes = []
    for key in sorted(set(flat_a) | set(flat_b)):
        va, vb = flat_a.get(key, MISSING), flat_b.get(key, MISSING)
        if va != vb or type(va) is not type(vb) and not _same_number(va, vb):
            changes.append(SettingChange(key, va, vb))
    return changes


def _same_number(a, b) -> bool:
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and \
        not isinstance(b, bool) and a == b


def _as_dict(project) -> dict:
    return project if isinstance(project, dict) else project.to_dict()


def _edge_key(e: dict) -> tuple:
    return (e.get("from"), e.get("from_port", 0), e.get("to"), e.get("to_port", 0))


def graph_diff(old, new) -> dict[str, GraphDiff]:
    """Per graph name (in either project): the nodes and edges that differ from ``old`` to ``new``.

    A graph only in ``new`` lists all its nodes as added; only in ``old``, all as removed.
    """
    ga = _as_dict(old).get("graphs") or {}
    gb = _as_dict(new).get("graphs") or {}
    out: dict[str, GraphDiff] = {}
    for name in list(ga) + [n for n in gb if n not in ga]:
        a, b = ga.get(name) or {}, gb.get(name) or {}
        nodes_a = {n["id"]: n for n in a.get("nodes", []) if isinstance(n, dict)}
        nodes_b = {n["id"]: n for n in b.get("nodes", []) if isinstance(n, dict)}
        diff = GraphDiff(added=[i for i in nodes_b if i not in nodes_a],
                         removed=[i for i in nodes_a if i not in nodes_b])
        for nid in nodes_a.keys() & nodes_b.keys():
            na, nb = nodes_a[nid], nodes_b[nid]
            changes = []
            if na.get("type") != nb.get("type"):
                changes.append(("type", na.get("type"), nb.get("type")))
            pa, pb = na.get("params") or {}, nb.get("params") or {}
            for key in sorted(set(pa) | set(pb)):
                if pa.get(key, MISSING) != pb.get(key, MISSING):
                    changes.append((key, pa.get(key, MISSING), pb.get(key, MISSING)))
            if changes:
                diff.changed[nid] = changes
        diff.changed = dict(sorted(diff.changed.items()))
        ea = [_edge_key(e) for e in a.get("edges", []) if isinstance(e, dict)]
        eb = [_edge_key(e) for e in b.get("edges", []) if isinstance(e, dict)]
        diff.edges_added = [e for e in eb if e not in set(ea)]
        diff.edges_removed = [e for e in ea if e not in set(eb)]
        out[name] = diff
    return out


def show_value(value: Any) -> str:
    """A setting's value as a short text ("(not set)" for a missing key)."""
    import json

    if value is MISSING:
        return "(not set)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_changes(changes: list[SettingChange], limit: int = 3) -> str:
    """``training.optimizer.lr 0.01 → 0.02; ...`` for a table cell (``+ N more`` past ``limit``)."""
    parts = [f"{c.key} {show_value(c.old)} → {show_value(c.new)}" for c in changes[:limit]]
    if len(changes) > limit:
        parts.append(f"+{len(changes) - limit} more")
    return "; ".join(parts)

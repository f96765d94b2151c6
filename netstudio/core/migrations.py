"""Upgrades of older project files, one function per version step.

Version 0 was the pre-release draft: a single graph under ``"layers"`` with edges as
``[from, to]`` pairs. Each migration takes the dict of version N and returns version N + 1, and
raises ``MigrationError`` for a shape it cannot upgrade, so a damaged old file is refused with a
sentence instead of a TypeError.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from .errors import ProjectError

CURRENT_VERSION = 2


class MigrationError(ProjectError):
    """An old file whose structure a migration cannot read; the reader adds the file name."""


def _describe(value: Any) -> str:
    text = "null" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _v0_edge(i: int, edge: Any) -> Any:
    if isinstance(edge, (list, tuple)):
        if len(edge) != 2:
            raise MigrationError(f"connection #{i + 1} must be a pair [from, to] of node ids, found "
                                 f"{len(edge)} value(s)", field="connections")
        return {"from": edge[0], "to": edge[1]}
    if isinstance(edge, dict):  # some drafts already wrote {"from", "to"}; the reader checks the ends
        return edge
    raise MigrationError(f"connection #{i + 1} must be a pair [from, to] of node ids, found {_describe(edge)}",
                         field="connections")


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    nodes = data.pop("layers", [])
    if not isinstance(nodes, list):
        raise MigrationError(f"\"layers\" must be a list of nodes, found {_describe(nodes)}", field="layers")
    connections = data.pop("connections", [])
    if not isinstance(connections, list):
        raise MigrationError(f"\"connections\" must be a list of [from, to] pairs, found {_describe(connections)}",
                             field="connections")
    edges = [_v0_edge(i, edge) for i, edge in enumerate(connections)]
    data.setdefault("graphs", {"model": {"nodes": nodes, "edges": edges}})
    for key in ("task", "data", "training"):
        data.setdefault(key, {})
    data["version"] = 1
    return data


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds ``"blocks"``: named subgraphs that Block nodes use (``netstudio.core.blocks``).

    A version-1 file may already hold a top-level ``"blocks"`` of its own (unknown fields were kept on
    save); it is kept under ``"blocks_v1"`` so that nothing is lost and the new section starts empty.
    """
    data = copy.deepcopy(data)
    if "blocks" in data:
        data["blocks_v1"] = data.pop("blocks")
    data["blocks"] = {}
    data["version"] = 2
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Apply the migrations from ``data['version']`` up to ``CURRENT_VERSION``.

    Raises
    ------
    MigrationError
        when the old file's structure is not what its version promises.
    """
    version = data.get("version", 0)
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data

"""Upgrades of older project files, one function per version step.

Version 0 was the pre-release draft: a single graph under ``"layers"`` with edges as
``[from, to]`` pairs. Each migration takes the dict of version N and returns version N + 1.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

CURRENT_VERSION = 1


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    nodes = data.pop("layers", [])
    edges = []
    for edge in data.pop("connections", []):
        if isinstance(edge, (list, tuple)) and len(edge) == 2:
            edges.append({"from": edge[0], "to": edge[1]})
        else:
            edges.append(edge)
    data.setdefault("graphs", {"model": {"nodes": nodes, "edges": edges}})
    for key in ("task", "data", "training"):
        data.setdefault(key, {})
    data["version"] = 1
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Apply the migrations from ``data['version']`` up to ``CURRENT_VERSION``."""
    version = data.get("version", 0)
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data

"""Typed errors that read as sentences a student understands."""

from __future__ import annotations


class NetStudioError(Exception):
    """Base class: every message is meant to be shown to a user as is."""


class ProjectError(NetStudioError):
    """A project file cannot be read, written or understood.

    The message names the file and, where it applies, the node and the field.
    """

    def __init__(self, message: str, path: str | None = None, node_id: str | None = None,
                 field: str | None = None):
        self.path = path
        self.node_id = node_id
        self.field = field
        super().__init__(message)


class GraphError(NetStudioError):
    """A problem with one node (or the graph when ``node_id`` is None)."""

    def __init__(self, node_id: str | None, message: str, *, severity: str = "error"):
        self.node_id = node_id
        self.message = message
        self.severity = severity
        super().__init__(f"{node_id}: {message}" if node_id else message)


class ShapeError(GraphError):
    """A layer cannot accept the tensor shape it receives."""


class EdgeError(GraphError):
    """The graph refuses an edge; the subclass says why, so every front end applies the same rules.

    ``edge`` is the refused ``netstudio.core.graph.Edge``.
    """

    def __init__(self, node_id: str | None, message: str, edge=None) -> None:
        self.edge = edge
        super().__init__(node_id, message)


class MissingNodeError(EdgeError):
    """An end of the edge names a node the graph does not have."""


class SelfLoopError(EdgeError):
    """The edge would connect a node to itself."""


class CycleError(EdgeError):
    """The edge would close a loop: data must flow one way."""


class PortOccupiedError(EdgeError):
    """The input port already has an edge (an input takes exactly one tensor)."""

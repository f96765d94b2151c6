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

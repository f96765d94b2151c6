"""Undoable edits of a graph document, free of Qt.

Each command touches only the model (as orange-canvas-core's ``AddNodeCommand`` does); the UI
wraps them in ``QUndoCommand`` and the views redraw from the document's events.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from .errors import ProjectError
from .graph import Edge, Graph, Node
from .project import Project


class Command:
    """Base class. ``redo`` applies, ``undo`` reverts; ``merge_key`` lets typing merge into one step."""

    text = "Edit"
    merge_key: tuple | None = None

    def redo(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def merge_with(self, other: "Command") -> bool:
        """Absorb ``other`` (a later command with the same ``merge_key``); True when merged."""
        return False


class AddNode(Command):
    def __init__(self, graph: Graph, node: Node) -> None:
        self.graph, self.node = graph, node.copy()
        self.text = f"Add {node.type}"

    def redo(self) -> None:
        self.graph.add_node(self.node.copy())

    def undo(self) -> None:
        self.graph.remove_node(self.node.id)


class AddSubgraph(Command):
    """Add several nodes and the edges between them in one step (paste, templates, quick-add + connect)."""

    def __init__(self, graph: Graph, nodes: Iterable[Node], edges: Iterable[Edge], text: str = "Paste") -> None:
        self.graph = graph
        self.nodes = [n.copy() for n in nodes]
        self.edges = list(edges)
        self.text = text

    def redo(self) -> None:
        for node in self.nodes:
            self.graph.add_node(node.copy())
        for edge in self.edges:
            self.graph.add_edge(edge)

    def undo(self) -> None:
        for edge in reversed(self.edges):
            self.graph.remove_edge(edge)
        for node in reversed(self.nodes):
            self.graph.remove_node(node.id)


class RemoveNodes(Command):
    """Delete nodes and every edge touching them; undo restores ids, order and edges."""

    def __init__(self, graph: Graph, node_ids: Iterable[str], edges: Iterable[Edge] = ()) -> None:
        self.graph = graph
        self.node_ids = [n for n in node_ids if n in graph]
        self.extra_edges = [e for e in edges if e.src not in self.node_ids and e.dst not in self.node_ids]
        self._saved: list[tuple[int, Node]] = []
        self._edges: list[tuple[int, Edge]] = []
        count = len(self.node_ids) + len(self.extra_edges)
        self.text = f"Delete {count} item{'s' if count != 1 else ''}"

    def redo(self) -> None:
        edges = self.graph.edges_of(self.node_ids) + self.extra_edges
        self._edges = sorted((self.graph.edge_index(e), e) for e in edges)
        self._saved = sorted(((self.graph.node_index(n), self.graph.node(n).copy()) for n in self.node_ids),
                             key=lambda t: t[0])
        for _, edge in reversed(self._edges):
            self.graph.remove_edge(edge)
        for _, node in reversed(self._saved):
            self.graph.remove_node(node.id)

    def undo(self) -> None:
        for index, node in self._saved:
            self.graph.add_node(node.copy(), index)
        for index, edge in self._edges:  # restoring what was there; a file may hold a cycle
            self.graph.add_edge(edge, index, allow_cycle=True)


class Connect(Command):
    """Add an edge; an edge already in the target port is replaced (and restored on undo)."""

    def __init__(self, graph: Graph, edge: Edge) -> None:
        self.graph, self.edge = graph, edge
        self.replaced = graph.edge_into(edge.dst, edge.dst_port)
        self._replaced_index = graph.edge_index(self.replaced) if self.replaced is not None else None
        self.text = f"Connect {edge.src} to {edge.dst}"

    def redo(self) -> None:
        # refuse before touching anything, so a refused connect leaves the graph as it was
        self.graph.check_connect(self.edge, self.replaced)
        if self.replaced is not None:
            self.graph.remove_edge(self.replaced)
        self.graph.add_edge(self.edge)

    def undo(self) -> None:
        self.graph.remove_edge(self.edge)
        if self.replaced is not None:
            self.graph.add_edge(self.replaced, self._replaced_index, allow_cycle=True)


class Disconnect(Command):
    def __init__(self, graph: Graph, edge: Edge) -> None:
        self.graph, self.edge = graph, edge
        self._index = graph.edge_index(edge)
        self.text = f"Disconnect {edge.src} from {edge.dst}"

    def redo(self) -> None:
        self.graph.remove_edge(self.edge)

    def undo(self) -> None:
        self.graph.add_edge(self.edge, self._index, allow_cycle=True)


class SetParams(Command):
    """Change a node's params. Successive edits of the same field merge into one undo step."""

    def __init__(self, graph: Graph, node_id: str, params: dict[str, Any], field: str | None = None) -> None:
        self.graph, self.node_id = graph, node_id
        self.old = copy.deepcopy(graph.node(node_id).params)
        self.new = copy.deepcopy(params)
        self.merge_key = ("params", graph.name, node_id, field) if field else None
        self.text = f"Change {field or 'parameters'} of {node_id}"

    def redo(self) -> None:
        self.graph.set_params(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.set_params(self.node_id, self.old)

    def merge_with(self, other: Command) -> bool:
        if isinstance(other, SetParams) and self.merge_key is not None and other.merge_key == self.merge_key:
            self.new = copy.deepcopy(other.new)
            return True
        return False


def set_param(graph: Graph, node_id: str, name: str, value: Any) -> SetParams:
    """A SetParams for one field; ``value`` None removes it (back to PyTorch's default)."""
    params = copy.deepcopy(graph.node(node_id).params)
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return SetParams(graph, node_id, params, field=name)


class SetAttribute(Command):
    """Set a node attribute kept beside its params (``"trainable"``); ``None`` removes it."""

    def __init__(self, graph: Graph, node_id: str, key: str, value: Any, text: str | None = None) -> None:
        self.graph, self.node_id, self.key = graph, node_id, key
        self.old = copy.deepcopy(graph.node(node_id).extra.get(key))
        self.new = copy.deepcopy(value)
        self.text = text or f"Change {key} of {node_id}"

    def redo(self) -> None:
        self.graph.set_attribute(self.node_id, self.key, self.new)

    def undo(self) -> None:
        self.graph.set_attribute(self.node_id, self.key, self.old)


class MoveNodes(Command):
    """Move many nodes in one step (a drag of a selection, auto-layout)."""

    def __init__(self, graph: Graph, new_positions: dict[str, tuple[float, float]],
                 old_positions: dict[str, tuple[float, float]] | None = None, text: str = "Move") -> None:
        self.graph = graph
        self.new = {k: (float(v[0]), float(v[1])) for k, v in new_positions.items()}
        self.old = old_positions or {k: graph.node(k).pos for k in new_positions}
        self.text = text if len(self.new) != 1 or text != "Move" else f"Move {next(iter(self.new))}"

    def redo(self) -> None:
        for nid, pos in self.new.items():
            self.graph.set_pos(nid, pos)

    def undo(self) -> None:
        for nid, pos in self.old.items():
            self.graph.set_pos(nid, pos)


class SetSection(Command):
    """Replace ``project.<section>`` (task, data or training) with ``new``; undo puts the old dict back.

    ``field``, when given, merges consecutive edits of the same field of the same section into one
    undo step (typing 0.001 in a number box is one edit, not five). The project emits
    ``sections_changed`` either way, so panels redraw from the model.
    """

    def __init__(self, project: Project, section: str, new: dict[str, Any], text: str = "",
                 field: str | None = None) -> None:
        self.project = project
        self.section = section
        self.old = copy.deepcopy(project.section(section))
        self.new = copy.deepcopy(new)
        self.text = text or f"Edit {section} settings"
        self.merge_key = ("section", section, field) if field else None

    def redo(self) -> None:
        self.project.set_section(self.section, self.new)

    def undo(self) -> None:
        self.project.set_section(self.section, self.old)

    def merge_with(self, other: Command) -> bool:
        if (not isinstance(other, SetSection) or other.project is not self.project or self.merge_key is None
                or other.merge_key != self.merge_key):
            return False
        self.new = copy.deepcopy(other.new)
        return True

    @property
    def changes_nothing(self) -> bool:
        return self.old == self.new


class SetProjectInfo(Command):
    """Rename the project and set its description (the file's ``"name"`` and ``"description"``).

    The name titles the window, names the run folders (``runs/<slug>-...``) and the exported class.
    An empty description removes the key, so files that never had one stay as they were.
    """

    def __init__(self, project: Project, name: str, description: str | None = None,
                 text: str = "Edit the project's properties") -> None:
        name = name.strip()
        if not name:
            raise ProjectError("the project's name is empty: give it a name", field="name")
        self.project = project
        self.old = (project.name, project.extra.get("description"))
        self.new = (name, self.old[1] if description is None else (description.strip() or None))
        self.text = text

    def _apply(self, info: tuple[str, str | None]) -> None:
        self.project.name = info[0]
        if info[1] is None:
            self.project.extra.pop("description", None)
        else:
            self.project.extra["description"] = info[1]

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    @property
    def changes_nothing(self) -> bool:
        return self.old == self.new


def with_value(section: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``section`` with ``section[path[0]][path[1]]... = value``; ``None`` removes the key."""
    out = copy.deepcopy(section or {})
    node = out
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out


class Macro(Command):
    """Several commands as one undo step."""

    def __init__(self, commands: list[Command], text: str) -> None:
        self.commands, self.text = commands, text

    def redo(self) -> None:
        for c in self.commands:
            c.redo()

    def undo(self) -> None:
        for c in reversed(self.commands):
            c.undo()


class UndoStack:
    """A plain undo stack for headless use and tests; the GUI uses QUndoStack with the same commands."""

    def __init__(self) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> None:
        command.redo()
        self._undone.clear()
        if self._done and command.merge_key is not None and self._done[-1].merge_with(command):
            return
        self._done.append(command)

    def undo(self) -> None:
        if self._done:
            cmd = self._done.pop()
            cmd.undo()
            self._undone.append(cmd)

    def redo(self) -> None:
        if self._undone:
            cmd = self._undone.pop()
            cmd.redo()
            self._done.append(cmd)

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

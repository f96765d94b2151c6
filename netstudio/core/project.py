"""The project: one JSON file holding graphs plus task, data and training settings."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Callable, Protocol

from .errors import GraphError, ProjectError
from .fileio import atomic_write_text
from .graph import Edge, Graph, Node, is_valid_node_id
from .migrations import CURRENT_VERSION, migrate

FORMAT_TAG = "netstudio-project"
SECTIONS = ("task", "data", "training")
_KNOWN_TOP = {"format", "version", "name", "graphs", *SECTIONS}
_KNOWN_NODE = {"id", "type", "params", "pos"}
_KNOWN_EDGE = {"from", "to", "from_port", "to_port"}


class NodeValidator(Protocol):
    """Checks one node's type and params; returns an error sentence or None.

    The layer catalog implements this; core stays free of it (imports point down only).
    """

    def __call__(self, node: Node) -> tuple[str, str] | None: ...


class Project:
    """A loaded project. Graphs are documents; the three settings sections are plain dicts."""

    def __init__(self, name: str = "Untitled", graphs: dict[str, Graph] | None = None,
                 task: dict | None = None, data: dict | None = None, training: dict | None = None,
                 extra: dict | None = None, path: str | None = None) -> None:
        self.name = name
        self.graphs: dict[str, Graph] = graphs if graphs is not None else {"model": Graph("model")}
        self.task: dict[str, Any] = task or {}
        self.data: dict[str, Any] = data or {}
        self.training: dict[str, Any] = training or {}
        self.extra: dict[str, Any] = extra or {}
        self.path = path

    def graph(self, name: str = "model") -> Graph:
        try:
            return self.graphs[name]
        except KeyError:
            have = ", ".join(self.graphs) or "none"
            raise ProjectError(f"project '{self.name}' has no graph '{name}' (it has: {have})",
                               path=self.path) from None

    def build_model(self, name: str = "model"):
        """Compile graph ``name`` into a ``torch.fx.GraphModule`` (imports torch on first use)."""
        from netstudio.compiler import build_module  # lazy: opening a project must not need torch

        return build_module(self.graph(name))

    # ----- serialisation -----
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT_TAG, "version": CURRENT_VERSION, "name": self.name,
                                "graphs": {n: g.to_dict() for n, g in self.graphs.items()}}
        for key in SECTIONS:
            data[key] = copy.deepcopy(getattr(self, key))
        data.update(copy.deepcopy(self.extra))
        return data

    def to_json(self) -> str:
        """Indented JSON with one node and one edge per line, so diffs show one line per change."""
        data = self.to_dict()
        compact: dict[str, list] = {}
        for gname, gdata in data["graphs"].items():
            for key in ("nodes", "edges"):
                token = f"\x00{len(compact)}\x00"
                compact[token] = gdata[key]
                gdata[key] = token
        text = json.dumps(data, indent=2, ensure_ascii=False)
        for token, items in compact.items():
            quoted = json.dumps(token)
            line = next(l for l in text.splitlines() if quoted in l)
            pad = " " * (len(line) - len(line.lstrip()) + 2)
            body = ",\n".join(pad + json.dumps(item, ensure_ascii=False) for item in items)
            text = text.replace(quoted, f"[\n{body}\n{pad[:-2]}]" if items else "[]")
        return text + "\n"

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Write the project atomically (a temp file, then ``os.replace``)."""
        target = path if path is not None else self.path
        if target is None:
            raise ProjectError("the project has no file name yet; choose where to save it")
        try:
            atomic_write_text(target, self.to_json())
        except OSError as exc:
            raise ProjectError(f"cannot save {target}: {exc.strerror or exc}", path=str(target)) from None
        self.path = str(target)

    def copy(self) -> "Project":
        return Project(self.name, {n: g.copy() for n, g in self.graphs.items()}, copy.deepcopy(self.task),
                       copy.deepcopy(self.data), copy.deepcopy(self.training), copy.deepcopy(self.extra),
                       self.path)


def read_project(path: str | os.PathLike, validate_node: NodeValidator | None = None) -> Project:
    """Read, migrate and check a project file; all or nothing.

    Raises
    ------
    ProjectError
        with a message naming the file, and the node and field where one is at fault.
    """
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file", path=path) from None
    except IsADirectoryError:
        raise ProjectError(f"{path}: is a folder, not a project file", path=path) from None
    except UnicodeDecodeError:
        raise ProjectError(f"{path}: not a NetStudio project (the file is not UTF-8 text)", path=path) from None
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the file ({exc.strerror or exc})", path=path) from None
    return project_from_json(text, path, validate_node)


def project_from_json(text: str, path: str = "<project>", validate_node: NodeValidator | None = None) -> Project:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                           path=path) from None
    return project_from_dict(data, path, validate_node)


def project_from_dict(data: Any, path: str = "<project>", validate_node: NodeValidator | None = None) -> Project:
    def fail(message: str, node_id: str | None = None, field: str | None = None):
        raise ProjectError(f"{path}: {message}", path=path, node_id=node_id, field=field)

    if not isinstance(data, dict):
        fail("not a NetStudio project (the top level must be a JSON object)")
    if data.get("format") != FORMAT_TAG:
        fail(f"not a NetStudio project (\"format\" must be \"{FORMAT_TAG}\", found {data.get('format')!r})",
             field="format")
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        fail(f"\"version\" must be a whole number, found {version!r}", field="version")
    if version > CURRENT_VERSION:
        fail(f"this project was saved by a newer NetStudio (format version {version}; this program reads "
             f"up to {CURRENT_VERSION}): update NetStudio to open it", field="version")
    data = migrate(data)

    name = data.get("name", Path(path).stem)
    if not isinstance(name, str):
        fail(f"\"name\" must be text, found {name!r}", field="name")
    graphs_data = data.get("graphs")
    if not isinstance(graphs_data, dict) or not graphs_data:
        fail("\"graphs\" must be an object with at least one graph (e.g. \"model\")", field="graphs")
    sections = {}
    for key in SECTIONS:
        value = data.get(key, {})
        if not isinstance(value, dict):
            fail(f"\"{key}\" must be an object, found {type(value).__name__}", field=key)
        sections[key] = copy.deepcopy(value)

    graphs = {gname: _graph_from_dict(gname, gdata, fail, validate_node) for gname, gdata in graphs_data.items()}
    extra = {k: copy.deepcopy(v) for k, v in data.items() if k not in _KNOWN_TOP}
    return Project(name, graphs, extra=extra, path=path if path != "<project>" else None, **sections)


def _graph_from_dict(gname: str, gdata: Any, fail: Callable, validate_node: NodeValidator | None) -> Graph:
    where = f"graph '{gname}'"
    if not isinstance(gdata, dict):
        fail(f"{where} must be an object with \"nodes\" and \"edges\"", field="graphs")
    nodes_data = gdata.get("nodes", [])
    edges_data = gdata.get("edges", [])
    if not isinstance(nodes_data, list):
        fail(f"{where}: \"nodes\" must be a list", field="nodes")
    if not isinstance(edges_data, list):
        fail(f"{where}: \"edges\" must be a list", field="edges")
    graph = Graph(gname)
    graph.extra = {k: copy.deepcopy(v) for k, v in gdata.items() if k not in ("nodes", "edges")}
    for i, nd in enumerate(nodes_data):
        if not isinstance(nd, dict):
            fail(f"{where}: node #{i + 1} must be an object", field="nodes")
        node_id = nd.get("id")
        if not is_valid_node_id(node_id):
            fail(f"{where}: node #{i + 1} has id {node_id!r}; an id must be a name made of letters, digits "
                 "and _ that does not start with a digit", node_id=str(node_id), field="id")
        if node_id in graph:
            fail(f"{where}: node id '{node_id}' is used twice; ids must be unique", node_id=node_id, field="id")
        ntype = nd.get("type")
        if not isinstance(ntype, str) or not ntype:
            fail(f"{where}: node '{node_id}' has no \"type\"", node_id=node_id, field="type")
        params = nd.get("params", {})
        if not isinstance(params, dict):
            fail(f"{where}: node '{node_id}': \"params\" must be an object", node_id=node_id, field="params")
        pos = nd.get("pos", [0, 0])
        if (not isinstance(pos, (list, tuple)) or len(pos) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)):
            fail(f"{where}: node '{node_id}': \"pos\" must be two numbers [x, y]", node_id=node_id, field="pos")
        extra = {k: copy.deepcopy(v) for k, v in nd.items() if k not in _KNOWN_NODE}
        node = Node(node_id, ntype, copy.deepcopy(params), (float(pos[0]), float(pos[1])), extra)
        if validate_node is not None:
            problem = validate_node(node)
            if problem is not None:
                field, message = problem
                fail(f"{where}: node '{node_id}' ({ntype}): {message}", node_id=node_id, field=field)
        graph.add_node(node)
    for i, ed in enumerate(edges_data):
        if not isinstance(ed, dict):
            fail(f"{where}: edge #{i + 1} must be an object with \"from\" and \"to\"", field="edges")
        src, dst = ed.get("from"), ed.get("to")
        for end, label in ((src, "from"), (dst, "to")):
            if not isinstance(end, str) or end not in graph:
                fail(f"{where}: edge #{i + 1} \"{label}\" refers to node {end!r}, which does not exist",
                     node_id=str(end), field=label)
        ports = []
        for key in ("from_port", "to_port"):
            value = ed.get(key, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                fail(f"{where}: edge #{i + 1} ({src} -> {dst}): \"{key}\" must be a whole number >= 0, "
                     f"found {value!r}", node_id=dst, field=key)
            ports.append(value)
        extra = {k: copy.deepcopy(v) for k, v in ed.items() if k not in _KNOWN_EDGE}
        try:
            graph.add_edge(Edge(src, dst, ports[0], ports[1], extra))
        except GraphError as exc:
            fail(f"{where}: edge #{i + 1} ({src} -> {dst}): {exc.message}", node_id=exc.node_id, field="edges")
    return graph

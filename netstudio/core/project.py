"""The project: one JSON file holding graphs plus task, data and training settings."""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Protocol

from .blocks import BlockDef, is_valid_block_name, retarget
from .errors import GraphError, ProjectError
from .events import Event
from .fileio import atomic_write_text, read_file_bytes
from .graph import MAX_NODE_ID_LENGTH, Edge, Graph, Node, is_valid_node_id
from .migrations import CURRENT_VERSION, MigrationError, migrate

FORMAT_TAG = "netstudio-project"
SECTIONS = ("task", "data", "training")
_KNOWN_TOP = {"format", "version", "name", "graphs", "blocks", *SECTIONS}
_KNOWN_BLOCK = {"graph", "inputs", "outputs", "description"}
_KNOWN_NODE = {"id", "type", "params", "pos"}
_KNOWN_EDGE = {"from", "to", "from_port", "to_port"}


class NodeValidator(Protocol):
    """Checks one node's type and params; returns an error sentence or None.

    The layer catalog implements this; core stays free of it (imports point down only).
    """

    def __call__(self, node: Node) -> tuple[str, str] | None: ...


class Project:
    """A loaded project. Graphs are documents; the three settings sections are plain dicts.

    Events
    ------
    sections_changed(section)  ``task``, ``data`` or ``training`` was replaced (``set_section``)
    """

    def __init__(self, name: str = "Untitled", graphs: dict[str, Graph] | None = None,
                 task: dict | None = None, data: dict | None = None, training: dict | None = None,
                 extra: dict | None = None, path: str | None = None,
                 blocks: dict[str, BlockDef] | None = None) -> None:
        self.name = name
        self.graphs: dict[str, Graph] = graphs if graphs is not None else {"model": Graph("model")}
        self._blocks: dict[str, BlockDef] = {}
        self.blocks = blocks if blocks is not None else {}
        self.task: dict[str, Any] = task or {}
        self.data: dict[str, Any] = data or {}
        self.training: dict[str, Any] = training or {}
        self.extra: dict[str, Any] = extra or {}
        self.path = path
        self.sections_changed = Event()

    @property
    def blocks(self) -> dict[str, BlockDef]:
        """Block definitions by name; every graph's (and block graph's) ``.blocks`` is this same dict."""
        return self._blocks

    @blocks.setter
    def blocks(self, value: dict[str, BlockDef]) -> None:
        self._blocks = value
        self.link_blocks()

    def link_blocks(self) -> None:
        """Point every graph's ``.blocks`` at ``self.blocks`` (call after adding a graph to ``graphs``)."""
        for graph in self.graphs.values():
            graph.blocks = self._blocks
        retarget(self._blocks)

    def graph(self, name: str = "model") -> Graph:
        try:
            graph = self.graphs[name]
            graph.blocks = self._blocks  # a graph added to ``graphs`` after construction expands too
            return graph
        except KeyError:
            have = ", ".join(self.graphs) or "none"
            raise ProjectError(f"project '{self.name}' has no graph '{name}' (it has: {have})",
                               path=self.path) from None

    def section(self, name: str) -> dict[str, Any]:
        """The settings section ``name`` (``task``, ``data`` or ``training``)."""
        if name not in SECTIONS:
            raise ValueError(f"unknown project section {name!r} (known: {', '.join(SECTIONS)})")
        return getattr(self, name)

    def set_section(self, name: str, value: dict[str, Any]) -> None:
        """Replace a settings section (commands call this, so that edits can be undone)."""
        self.section(name)
        setattr(self, name, copy.deepcopy(value))
        self.sections_changed.emit(name)

    # ----- serialisation -----
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT_TAG, "version": CURRENT_VERSION, "name": self.name,
                                "graphs": {n: g.to_dict() for n, g in self.graphs.items()}}
        for key in SECTIONS:
            data[key] = copy.deepcopy(getattr(self, key))
        data["blocks"] = {n: b.to_dict() for n, b in self._blocks.items()}
        data.update(copy.deepcopy(self.extra))
        return data

    def to_json(self) -> str:
        """Indented JSON with one node and one edge per line, so diffs show one line per change."""
        data = self.to_dict()
        compact: dict[str, list] = {}
        graph_dicts = list(data["graphs"].values()) + [b["graph"] for b in data.get("blocks", {}).values()]
        for gdata in graph_dicts:
            for key in ("nodes", "edges"):
                token = f"\x00{len(compact)}\x00"
                compact[token] = gdata[key]
                gdata[key] = token
        inline: dict[str, list] = {}  # a block's short lists of port ids stay on one line
        for bdata in data.get("blocks", {}).values():
            for key in ("inputs", "outputs"):
                token = f"\x01{len(inline)}\x01"
                inline[token] = bdata[key]
                bdata[key] = token
        text = json.dumps(data, indent=2, ensure_ascii=False)
        for token, items in inline.items():
            text = text.replace(json.dumps(token), json.dumps(items, ensure_ascii=False))
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
                       self.path, {n: b.copy() for n, b in self._blocks.items()})


# ----- reading -----
# Limits of the format (README, "The project format"). A real project is a few hundred KiB and about
# ten levels deep; the limits keep a damaged or hostile file from exhausting memory or the stack.
MAX_PROJECT_BYTES = 64 * 1024 * 1024
MAX_NESTING = 100
MAX_GRAPH_NAME_LENGTH = 64
MAX_TYPE_LENGTH = 64
# A diagram people edit: the largest torchvision classifiers have a few thousand operations. Far beyond
# that, checking and compiling take minutes (a 200,000-node chain: 12 s to check, 40 s to export).
MAX_GRAPH_NODES = 10_000
MAX_GRAPH_EDGES = 4 * MAX_GRAPH_NODES
# JSON tokens that matter for locating a problem in the text: strings (skipped whole), brackets, numbers
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def describe_json(value: Any) -> str:
    """A JSON value's kind as a user reads the file ("null", "text", "a list"), not a Python type name."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {_short(value)}"
    if isinstance(value, str):
        return f"the text {_short(value)}"
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _short(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a message stays one readable line."""
    try:
        text = repr(value)
    except ValueError:  # an int above sys.get_int_max_str_digits cannot even be printed
        return "a number of thousands of digits"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _line_col(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"line {line}, column {column}"


def _too_deep_at(text: str, limit: int) -> int | None:
    """Where the brackets of ``text`` first open more than ``limit`` levels (an index), if they do."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def _long_integer_at(text: str, digits: int) -> int | None:
    """Where ``text`` holds an integer of more than ``digits`` digits (outside strings), if it does."""
    for match in _TOKENS.finditer(text):
        if match.group().isdigit() and len(match.group()) > digits:
            return match.start()
    return None


def _nesting_problem(data: Any, limit: int) -> str | None:
    """The place (``graphs.model.nodes[0].params...``) where ``data`` nests deeper than ``limit``.

    Iterative on purpose: every later step (copying, validation, saving) recurses, and must only ever
    see data this check has passed.
    """
    stack: list[tuple[Any, int, tuple]] = [(data, 0, ())]
    while stack:
        value, depth, where = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        if depth >= limit:
            parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where[:6]).lstrip(".")
            return (parts[:80] or "the top level") + ("..." if len(where) > 6 else "")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((v, depth + 1, where + (k if isinstance(k, int) else _short(k, 30).strip("'\""),))
                     for k, v in items)
    return None


def read_project(path: str | os.PathLike, validate_node: NodeValidator | None = None) -> Project:
    """Read, migrate and check a project file; all or nothing.

    Only regular files of at most ``MAX_PROJECT_BYTES`` are read: a device such as ``/dev/zero`` would
    fill the memory and a FIFO would block forever.

    Raises
    ------
    ProjectError
        with a message naming the file, and the node and field where one is at fault.
    """
    path = str(path)
    raw = read_file_bytes(path, MAX_PROJECT_BYTES, "project file")
    try:
        text = raw.decode("utf-8-sig")  # -sig: editors on Windows may start the file with a byte-order mark
    except UnicodeDecodeError:
        raise ProjectError(f"{path}: not a NetStudio project (the file is not UTF-8 text)", path=path) from None
    return project_from_json(text, path, validate_node)


def project_from_json(text: str, path: str = "<project>", validate_node: NodeValidator | None = None) -> Project:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                           path=path) from None
    except RecursionError:  # the C decoder recurses once per bracket
        at = _too_deep_at(text, MAX_NESTING)
        where = f" at {_line_col(text, at)}" if at is not None else ""
        raise ProjectError(f"{path}: lists or objects are nested too deeply{where} (a project nests at most "
                           f"{MAX_NESTING} levels)", path=path) from None
    except ValueError:  # an integer literal longer than Python converts (sys.get_int_max_str_digits)
        digits = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
        at = _long_integer_at(text, digits)
        where = f" at {_line_col(text, at)}" if at is not None else ""
        raise ProjectError(f"{path}: a number{where} has more than {digits} digits; no setting needs one that "
                           "long", path=path) from None
    return project_from_dict(data, path, validate_node)


def project_from_dict(data: Any, path: str = "<project>", validate_node: NodeValidator | None = None) -> Project:
    def fail(message: str, node_id: str | None = None, field: str | None = None):
        raise ProjectError(f"{path}: {message}", path=path, node_id=node_id, field=field)

    if not isinstance(data, dict):
        fail("not a NetStudio project (the top level must be a JSON object)")
    too_deep = _nesting_problem(data, MAX_NESTING)
    if too_deep is not None:
        fail(f"{too_deep} is nested too deeply (a project nests at most {MAX_NESTING} levels of lists and "
             "objects)", field=too_deep.split(".")[0].split("[")[0])
    if data.get("format") != FORMAT_TAG:
        fail(f"not a NetStudio project (\"format\" must be \"{FORMAT_TAG}\", found {_short(data.get('format'))})",
             field="format")
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        fail(f"\"version\" must be a whole number, found {_short(version)}", field="version")
    if version > CURRENT_VERSION:
        fail(f"this project was saved by a newer NetStudio (format version {_short(version)}; this program "
             f"reads up to {CURRENT_VERSION}): update NetStudio to open it", field="version")
    try:
        data = migrate(data)
    except MigrationError as exc:
        fail(str(exc), field=exc.field)

    name = data.get("name", Path(path).stem)
    if not isinstance(name, str):
        fail(f"\"name\" must be text, found {describe_json(name)}", field="name")
    graphs_data = data.get("graphs")
    if not isinstance(graphs_data, dict) or not graphs_data:
        fail("\"graphs\" must be an object with at least one graph (e.g. \"model\")", field="graphs")
    for gname in graphs_data:
        if not gname or len(gname) > MAX_GRAPH_NAME_LENGTH:
            fail(f"graph name {_short(gname)} must be 1 to {MAX_GRAPH_NAME_LENGTH} characters long "
                 f"(it has {len(gname)})", field="graphs")
    sections = {}
    for key in SECTIONS:
        value = data.get(key, {})
        if not isinstance(value, dict):
            fail(f"\"{key}\" must be an object, found {describe_json(value)}", field=key)
        sections[key] = copy.deepcopy(value)

    graphs = {gname: _graph_from_dict(gname, gdata, fail, validate_node) for gname, gdata in graphs_data.items()}
    blocks = _blocks_from_dict(data.get("blocks", {}), fail, validate_node)
    extra = {k: copy.deepcopy(v) for k, v in data.items() if k not in _KNOWN_TOP}
    return Project(name, graphs, extra=extra, path=path if path != "<project>" else None, blocks=blocks, **sections)


def blocks_from_dict(data: Any, path: str = "<project>", validate_node: NodeValidator | None = None
                     ) -> dict[str, BlockDef]:
    """The ``"blocks"`` section (name -> block) read and checked; raises ProjectError naming the fault."""
    def fail(message: str, node_id: str | None = None, field: str | None = None):
        raise ProjectError(f"{path}: {message}", path=path, node_id=node_id, field=field)

    return _blocks_from_dict(data, fail, validate_node)


def block_from_dict(name: str, data: Any, path: str = "<project>", validate_node: NodeValidator | None = None
                    ) -> BlockDef:
    """One block (an entry of ``"blocks"``); raises ProjectError naming the fault."""
    return blocks_from_dict({name: data}, path, validate_node)[name]


def _blocks_from_dict(data: Any, fail: Callable, validate_node: NodeValidator | None) -> dict[str, BlockDef]:
    if not isinstance(data, dict):
        fail(f"\"blocks\" must be an object of named blocks, found {describe_json(data)}", field="blocks")
    blocks: dict[str, BlockDef] = {}
    for name, bdata in data.items():
        if not is_valid_block_name(name):
            fail(f"block name {_short(name)} must be a name made of letters, digits and _ (at most "
                 f"{MAX_NODE_ID_LENGTH}) that does not start with a digit; it names a class in exported code",
                 field="blocks")
        where = f"block '{name}'"
        if not isinstance(bdata, dict):
            fail(f"{where} must be an object with \"graph\", \"inputs\" and \"outputs\"", field="blocks")
        graph = _graph_from_dict(name, bdata.get("graph"), fail, validate_node, where=where)
        ports = {}
        for key in ("inputs", "outputs"):
            ids = bdata.get(key, [])
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                fail(f"{where}: \"{key}\" must be a list of node ids", field=key)
            if len(set(ids)) != len(ids):
                fail(f"{where}: \"{key}\" names a node twice", field=key)
            for nid in ids:
                if nid not in graph:
                    fail(f"{where}: \"{key}\" names node {_short(nid)}, which is not in the block", node_id=nid[:64],
                         field=key)
                if key == "inputs" and graph.node(nid).type != "Input":
                    fail(f"{where}: input '{nid}' must be an Input node, not {graph.node(nid).type}", node_id=nid,
                         field=key)
            ports[key] = list(ids)
        if not ports["outputs"]:
            fail(f"{where}: \"outputs\" must name at least one node (the block's result)", field="outputs")
        description = bdata.get("description", "")
        if not isinstance(description, str):
            fail(f"{where}: \"description\" must be text, found {describe_json(description)}", field="description")
        extra = {k: copy.deepcopy(v) for k, v in bdata.items() if k not in _KNOWN_BLOCK}
        blocks[name] = BlockDef(name, graph, ports["inputs"], ports["outputs"], description, extra)
    retarget(blocks)
    return blocks


def _graph_from_dict(gname: str, gdata: Any, fail: Callable, validate_node: NodeValidator | None,
                     where: str | None = None) -> Graph:
    where = where or f"graph '{gname}'"
    if not isinstance(gdata, dict):
        fail(f"{where} must be an object with \"nodes\" and \"edges\"", field="graphs")
    nodes_data = gdata.get("nodes", [])
    edges_data = gdata.get("edges", [])
    if not isinstance(nodes_data, list):
        fail(f"{where}: \"nodes\" must be a list", field="nodes")
    if not isinstance(edges_data, list):
        fail(f"{where}: \"edges\" must be a list", field="edges")
    if len(nodes_data) > MAX_GRAPH_NODES:
        fail(f"{where} has {len(nodes_data):,} nodes; NetStudio opens graphs of up to {MAX_GRAPH_NODES:,} nodes",
             field="nodes")
    if len(edges_data) > MAX_GRAPH_EDGES:
        fail(f"{where} has {len(edges_data):,} edges; NetStudio opens graphs of up to {MAX_GRAPH_EDGES:,} edges",
             field="edges")
    graph = Graph(gname)
    graph.extra = {k: copy.deepcopy(v) for k, v in gdata.items() if k not in ("nodes", "edges")}
    for i, nd in enumerate(nodes_data):
        if not isinstance(nd, dict):
            fail(f"{where}: node #{i + 1} must be an object", field="nodes")
        node_id = nd.get("id")
        if isinstance(node_id, str) and len(node_id) > MAX_NODE_ID_LENGTH:
            # ids become attribute and file names: an unbounded one breaks exports and image files
            fail(f"{where}: node #{i + 1} has an id of {len(node_id):,} characters ({_short(node_id, 30)}); "
                 f"an id has at most {MAX_NODE_ID_LENGTH}", node_id=node_id[:MAX_NODE_ID_LENGTH], field="id")
        if not is_valid_node_id(node_id):
            fail(f"{where}: node #{i + 1} has id {_short(node_id)}; an id must be a name made of letters, "
                 "digits and _ that does not start with a digit", node_id=str(node_id)[:MAX_NODE_ID_LENGTH],
                 field="id")
        if node_id in graph:
            fail(f"{where}: node id '{node_id}' is used twice; ids must be unique", node_id=node_id, field="id")
        ntype = nd.get("type")
        if not isinstance(ntype, str) or not ntype:
            fail(f"{where}: node '{node_id}' has no \"type\"", node_id=node_id, field="type")
        if len(ntype) > MAX_TYPE_LENGTH:
            fail(f"{where}: node '{node_id}' has a \"type\" of {len(ntype):,} characters ({_short(ntype, 30)}); "
                 "a layer type is a name such as Conv2d", node_id=node_id, field="type")
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
                fail(f"{where}: edge #{i + 1} \"{label}\" refers to node {_short(end)}, which does not exist",
                     node_id=str(end)[:MAX_NODE_ID_LENGTH], field=label)
        ports = []
        for key in ("from_port", "to_port"):
            value = ed.get(key, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                fail(f"{where}: edge #{i + 1} ({src} -> {dst}): \"{key}\" must be a whole number >= 0, "
                     f"found {_short(value)}", node_id=dst, field=key)
            ports.append(value)
        extra = {k: copy.deepcopy(v) for k, v in ed.items() if k not in _KNOWN_EDGE}
        try:
            graph.add_edge(Edge(src, dst, ports[0], ports[1], extra), allow_cycle=True)  # check reports it
        except GraphError as exc:
            fail(f"{where}: edge #{i + 1} ({src} -> {dst}): {exc.message}", node_id=exc.node_id, field="edges")
    return graph

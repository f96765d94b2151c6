"""A persistent, process-wide cache of inferred shapes (Qt-free, torch-free).

Why: the first use of a layer type on the meta device costs 0.5-1.5 s (torch imports the pieces it
needs), and opening a project needs torch itself (about 2 s). Shapes depend only on the layer type,
its parameters, its input shapes and the versions of NetStudio and torch, so a result computed once is
kept on disk and later sessions (the GUI's first paint, ``netstudio check``/``summary``) answer from it
without importing torch.

Design
------
- One JSON file, ``<cache dir>/shapes.json``: ``{"format", "entries": {key: record}, "graphs": {...}}``.
  A key is the JSON of ``[netstudio version, torch version, type, params, input (shape, dtype) pairs]``,
  so a changed parameter, input shape or version is simply a miss (recomputed, never wrong).
- ``graphs`` holds whole-graph results keyed by a hash of the graph's canonical JSON (positions left
  out): an unchanged graph is answered without walking it.
- Bounded (``MAX_ENTRIES`` node records, ``MAX_GRAPHS`` graphs, least recently used dropped), written
  atomically (temp file + ``os.replace``) after merging what another process wrote meanwhile; a file that
  is not valid JSON, too deep, too big or not a regular file is ignored (and replaced on the next write).
- Thread-safe: the GUI thread reads it while the shape worker thread adds to it.
- The directory: ``$NETSTUDIO_CACHE_DIR``, else the platform cache folder (``$XDG_CACHE_HOME`` or
  ``~/.cache`` on Linux, as ``QStandardPaths.CacheLocation``) + ``netstudio``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from netstudio import __version__

FORMAT = "netstudio-shape-cache-1"
MAX_ENTRIES = 6000
MAX_GRAPHS = 200
MAX_FILE_BYTES = 16 * 2**20
_TORCH_VERSION: str | None = None


def cache_dir() -> Path:
    """Where NetStudio keeps caches (created on the first write)."""
    own = os.environ.get("NETSTUDIO_CACHE_DIR")
    if own:
        return Path(own)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "NetStudio"
    if sys.platform.startswith("win"):
        return Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "NetStudio" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "netstudio"


def torch_version() -> str:
    """torch's version without importing torch: read from its ``version.py`` (importing
    ``importlib.metadata`` to ask the package metadata cost about 0.1-0.2 s of the window's first paint)."""
    global _TORCH_VERSION
    if _TORCH_VERSION is None:
        _TORCH_VERSION = _version_file() or _metadata_version()
    return _TORCH_VERSION


def _version_file() -> str | None:
    import importlib.util
    import re

    try:
        spec = importlib.util.find_spec("torch")   # finds the package without running it
        if spec is None or not spec.origin:
            return None
        text = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except (OSError, ImportError, ValueError):
        return None
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
    return found.group(1) if found else None


def _metadata_version() -> str:
    try:
        from importlib.metadata import version

        return version("torch")
    except Exception:  # noqa: BLE001 - a source checkout without metadata: still a stable key
        return "unknown"


def versions() -> list[str]:
    return [__version__, torch_version()]


def node_key(type_name: str, params: dict, inputs) -> str:
    """The cache key of one layer: type, parameters, input (shape, dtype) pairs and versions."""
    return json.dumps([*versions(), type_name, params, [[list(s), d] for s, d in inputs]], sort_keys=True,
                      separators=(",", ":"), default=str)


def graph_key(graph) -> str:
    """A hash of the graph's canonical JSON (positions do not change shapes) and the versions."""
    data = graph.to_dict()
    for node in data.get("nodes", []):
        node.pop("pos", None)
    if any(n.get("type") == "Block" for n in data.get("nodes", [])):  # the blocks' insides decide the shapes
        data = {"graph": data, "blocks": {n: b.to_dict() for n, b in sorted(graph.blocks.items())}}
    text = json.dumps([*versions(), data], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class ShapeCache:
    """Node and graph results, loaded from ``path`` on first use; ``flush`` writes what changed."""

    def __init__(self, path: str | Path | None = None, max_entries: int = MAX_ENTRIES,
                 max_graphs: int = MAX_GRAPHS) -> None:
        self.path = Path(path) if path is not None else cache_dir() / "shapes.json"
        self.max_entries, self.max_graphs = max_entries, max_graphs
        self._lock = threading.RLock()
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._graphs: OrderedDict[str, dict] = OrderedDict()
        self._extra: dict[str, object] = {}
        self._loaded = False
        self._dirty = False

    # ----- reading -----
    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        data = _read(self.path)
        if data is not None:
            self._entries.update(data.get("entries") or {})
            self._graphs.update(data.get("graphs") or {})
            self._extra.update(data.get("extra") or {})

    def get(self, key: str) -> dict | None:
        with self._lock:
            self._load()
            record = self._entries.get(key)
            if record is not None:
                self._entries.move_to_end(key)
            return record

    def get_graph(self, key: str) -> dict | None:
        with self._lock:
            self._load()
            return self._graphs.get(key)

    def get_extra(self, name: str):
        """A versioned extra value (e.g. the names PyTorch modules reserve), None when unknown."""
        with self._lock:
            self._load()
            value = self._extra.get(name)
            return value["value"] if isinstance(value, dict) and value.get("versions") == versions() else None

    # ----- writing -----
    def put(self, key: str, record: dict) -> None:
        with self._lock:
            self._load()
            self._entries[key] = record
            self._entries.move_to_end(key)
            _trim(self._entries, self.max_entries)
            self._dirty = True

    def put_graph(self, key: str, record: dict) -> None:
        with self._lock:
            self._load()
            self._graphs[key] = record
            self._graphs.move_to_end(key)
            _trim(self._graphs, self.max_graphs)
            self._dirty = True

    def put_extra(self, name: str, value) -> None:
        with self._lock:
            self._load()
            self._extra[name] = {"versions": versions(), "value": value}
            self._dirty = True

    def __len__(self) -> int:
        with self._lock:
            self._load()
            return len(self._entries)

    def flush(self) -> bool:
        """Write the file atomically when something changed; False when it could not be written."""
        with self._lock:
            if not self._dirty:
                return True
            on_disk = _read(self.path) or {}
            entries = OrderedDict(on_disk.get("entries") or {})  # another process's results are kept too
            entries.update(self._entries)
            graphs = OrderedDict(on_disk.get("graphs") or {})
            graphs.update(self._graphs)
            _trim(entries, self.max_entries)
            _trim(graphs, self.max_graphs)
            extra = {**(on_disk.get("extra") or {}), **self._extra}
            text = json.dumps({"format": FORMAT, "entries": entries, "graphs": graphs, "extra": extra},
                              separators=(",", ":"))
            try:
                _write_atomic(self.path, text)
            except OSError:  # a read-only home or a full disk: the cache is an optimisation only
                return False
            self._dirty = False
            return True


def _trim(d: OrderedDict, limit: int) -> None:
    while len(d) > limit:
        d.popitem(last=False)


def _read(path: Path) -> dict | None:
    """The file's content, or None when it is missing, not a regular file, too big or damaged."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    for part in ("entries", "graphs", "extra"):
        if not isinstance(data.get(part, {}), dict):
            return None
    return data


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".shapes-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_SHARED: dict[str, ShapeCache] = {}
_SHARED_LOCK = threading.Lock()


def shared_cache() -> ShapeCache:
    """The process-wide cache for the current cache directory (tests point it elsewhere by env)."""
    path = str(cache_dir() / "shapes.json")
    with _SHARED_LOCK:
        cache = _SHARED.get(path)
        if cache is None:
            cache = _SHARED[path] = ShapeCache(path)
        return cache


class CachedInference:
    """``ShapeInference``'s ``infer`` for one-shot commands (``netstudio check``/``summary``).

    An unchanged graph comes from its whole-graph record; a graph whose every layer is cached is walked
    without torch; otherwise torch runs what is missing and the results are kept for next time.
    """

    def __init__(self, store: ShapeCache | None = None, one_shot: bool = False) -> None:
        """``one_shot``: the process only infers shapes and ends (``check``, ``summary``): when torch is
        needed, the parts of it that inference does not use are deferred (``meta_torch``)."""
        self.store = store if store is not None else shared_cache()
        self.used_torch = False
        self.one_shot = one_shot

    def infer(self, graph) -> dict:
        from .shapes import NodeInfo, ShapeInference

        key = graph_key(graph)
        # a Block node's info carries its layers' infos (costs need them), which records do not keep: such
        # a graph is walked layer by layer, each layer from the cache (no torch when all are there)
        blocks = any(n.type == "Block" for n in graph)
        record = None if blocks else self.store.get_graph(key)
        if record is not None:
            try:
                return {nid: NodeInfo.from_record(r) for nid, r in record.items()}
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # damaged: infer again below
        infos = ShapeInference(store=self.store, offline=True).infer(graph)
        if any(i.pending for i in infos.values()):
            self.used_torch = True
            if self.one_shot:
                from .meta_torch import install

                install()
            infos = ShapeInference(store=self.store).infer(graph)
        if not blocks:
            self.store.put_graph(key, {nid: i.to_record() for nid, i in infos.items()})
        return infos

    def flush(self) -> None:
        self.store.flush()

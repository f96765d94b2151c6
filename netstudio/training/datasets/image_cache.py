"""Decoded images kept on disk as one uint8 ``.npy`` (memory-mappable) plus a small JSON index.

A cache entry lives beside the data (``<folder>/.netstudio-cache/<key>.npy``), or, where that folder
cannot be written, in the user's cache folder (``$XDG_CACHE_HOME/netstudio/image-cache``). The key
covers everything the decoded pixels depend on (each file's relative path, size and mtime, the
target shape, grey or RGB, the cache version), so a changed, added or removed file, or another
Input size, reads as a miss and is decoded again. Entries are written to a temporary file and
renamed into place, the index last: a crash leaves no entry that looks valid. A damaged entry
(bad index, truncated array, wrong shape) is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

CACHE_VERSION = 1
CACHE_DIR_NAME = ".netstudio-cache"


def user_cache_dir() -> Path:
    """Where entries go when the data folder is read-only: $XDG_CACHE_HOME or ~/.cache, then netstudio/image-cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netstudio" / "image-cache"


def file_entries(root: Path, files: Iterable[Path]) -> list[list]:
    """[relative path, size, mtime in ns] for each file: what the key hashes."""
    out = []
    for f in files:
        st = os.stat(f)
        out.append([f.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns])
    return out


def cache_key(entries: list, shape: tuple[int, ...], kind: str) -> str:
    """A hex digest of the file entries, the decoded shape (N, C, H, W), what is decoded and the cache version."""
    blob = json.dumps({"version": CACHE_VERSION, "kind": kind, "shape": list(shape), "files": entries},
                      separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _can_write(folder: Path) -> bool:
    """True when ``folder`` exists (or can be made) and may be written; a hook the tests replace."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


class ImageCache:
    """The cache entry of one decoded array (``shape``, uint8) of the data in ``root``.

    Parameters
    ----------
    root : Path
        The data folder; entries go into ``root/.netstudio-cache`` when it may be written.
    key : str
        From ``cache_key``.
    shape : tuple of int or None
        The decoded array's shape; an entry of another shape is a miss. None: known only once
        decoded (the key then covers what fixes it).
    """

    def __init__(self, root: Path, key: str, shape: tuple[int, ...] | None) -> None:
        self.root = Path(root)
        self.key = key
        self.shape = tuple(int(s) for s in shape) if shape is not None else None
        where = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:16]
        self.folders = [self.root / CACHE_DIR_NAME, user_cache_dir() / where]
        self.found: Path | None = None      # the .npy the last ``load`` mapped

    def _files(self, folder: Path) -> tuple[Path, Path]:
        return folder / f"{self.key}.npy", folder / f"{self.key}.json"

    def find(self) -> Path | None:
        """The ``.npy`` of a valid entry, or None (a miss, or every entry found is damaged)."""
        for folder in self.folders:
            npy, index = self._files(folder)
            if not index.is_file() or not npy.is_file():
                continue
            try:
                meta = json.loads(index.read_text(encoding="utf-8"))
                if not isinstance(meta, dict) or meta.get("version") != CACHE_VERSION or meta.get("key") != self.key:
                    continue
                array = np.load(npy, mmap_mode="r", allow_pickle=False)
                if array.dtype != np.uint8 or meta.get("shape") != list(array.shape):
                    continue
                if self.shape is not None and array.shape != self.shape:
                    continue
                expected = array.offset + array.nbytes
                del array
                if npy.stat().st_size != expected:
                    continue
            except (OSError, ValueError, RecursionError, EOFError):
                continue     # damaged: rebuilt by the caller
            return npy
        return None

    def load(self, mmap_mode: str = "c") -> np.ndarray | None:
        """The entry as a memory map (pages are read when touched), or None on a miss."""
        self.found = self.find()
        if self.found is None:
            return None
        try:
            return np.load(self.found, mmap_mode=mmap_mode, allow_pickle=False)
        except (OSError, ValueError):
            self.found = None
            return None

    def write(self, fill: Callable[[np.ndarray], None], info: dict | None = None,
              shape: tuple[int, ...] | None = None) -> Path | None:
        """Create the entry: ``fill(array)`` writes the pixels into a memory-mapped temporary file.

        Tries the data folder, then the user cache folder; returns the ``.npy`` written, or None when
        neither may be written (the caller then decodes into memory). Exceptions from ``fill``
        (an unreadable image) propagate, and the temporary file is removed.
        """
        shape = tuple(int(s) for s in (shape if shape is not None else self.shape))
        for folder in self.folders:
            if not _can_write(folder):
                continue
            npy, index = self._files(folder)
            try:
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npy", dir=folder)
                os.close(fd)
            except OSError:
                continue
            try:
                array = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint8, shape=shape)
                _reserve(tmp)
                fill(array)
                array.flush()
                del array
                _share(tmp)
                os.replace(tmp, npy)
                meta = {"version": CACHE_VERSION, "key": self.key, "shape": list(shape), **(info or {})}
                _write_json(index, meta)
            except OSError:
                _remove(tmp)
                continue     # a full disk or a folder that refuses the rename: try the next place
            except BaseException:
                _remove(tmp)
                raise
            self._drop_stale(folder, info)
            return npy
        return None

    def _drop_stale(self, folder: Path, info: dict | None) -> None:
        """Remove older entries of the same view of the data (same ``info["view"]``): they can never hit again."""
        view = (info or {}).get("view")
        if view is None:
            return
        for other in folder.glob("*.json"):
            if other.stem == self.key:
                continue
            try:
                if json.loads(other.read_text(encoding="utf-8")).get("view") == view:
                    _remove(other)
                    _remove(other.with_suffix(".npy"))
            except (OSError, ValueError, RecursionError, AttributeError):
                continue


def _reserve(path: str) -> None:
    """Claim the file's disk space now: a full disk then raises OSError here, where writing through the
    memory map would kill the process with SIGBUS."""
    if hasattr(os, "posix_fallocate"):
        with open(path, "r+b") as fh:
            os.posix_fallocate(fh.fileno(), 0, os.fstat(fh.fileno()).st_size)


def _share(path: str) -> None:
    """mkstemp makes files 0600: give them the mode the umask asks for, as any other saved file."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def _write_json(path: Path, meta: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
        _share(tmp)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass

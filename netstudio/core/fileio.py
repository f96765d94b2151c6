"""Safe file I/O: atomic writes that a crash never leaves half-done, and bounded reads of user files."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .errors import ProjectError

# A temp file older than this beside a target is the leftover of a killed save, not a save in progress
# in another process (those rewrite their temp file within seconds).
LEFTOVER_AGE_S = 60.0
# mkstemp's random part: 8 characters from this alphabet (CPython's tempfile._RandomNameSequence)
_MKSTEMP_PART = "[a-z0-9_]{8}"

_MIB = 1024 * 1024


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (os.umask can only set it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # set-and-restore: the only portable way to read it
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """Keep the permissions of a file being replaced; a new file gets what ``open()`` would give it."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _temp_pattern(target: Path) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(target.name)}\.{_MKSTEMP_PART}\.tmp$")


def _remove_leftovers(target: Path, before: float) -> None:
    """Delete temp files of earlier, killed saves of ``target`` (only ours, only older than ``before``)."""
    pattern = _temp_pattern(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < before:
                os.unlink(entry.path)
        except OSError:  # gone already, or not ours to delete: the save itself succeeded
            pass


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it into place with ``os.replace``.

    The file gets the mode a plain ``open(path, "w")`` would give it (mkstemp alone makes it 0600,
    which other users of a shared folder cannot read), and temp files that killed saves of the same
    target left behind are removed.
    """
    target = Path(path)
    started = time.time()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), _mode_for(target))
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _remove_leftovers(target, started - LEFTOVER_AGE_S)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file_bytes(path: str | os.PathLike, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``what`` names it in messages.

    Devices, pipes and sockets are refused before reading: ``/dev/zero`` would fill the memory and a
    FIFO with no writer blocks forever. The file is opened non-blocking and checked with ``fstat``, so
    a path swapped for a pipe after a check cannot hang the program.

    Raises
    ------
    ProjectError
        naming the path and what is wrong with it.
    """
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ProjectError(f"{name}: no such file", path=name) from None
    except OSError as exc:
        if os.path.isdir(name):
            raise ProjectError(f"{name}: is a folder, not a {what}", path=name) from None
        raise ProjectError(f"{name}: cannot read the file ({exc.strerror or exc})", path=name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ProjectError(f"{name}: is a folder, not a {what}", path=name)
        if not stat.S_ISREG(info.st_mode):
            raise ProjectError(f"{name}: is {_kind_of(info.st_mode)}, not a {what}", path=name)
        too_big = ProjectError(f"{name}: is larger than {max_bytes / _MIB:g} MiB, the limit for a {what}",
                               path=name)
        if info.st_size > max_bytes:
            raise too_big
        chunks, total = [], 0
        while True:  # read past st_size: a file may grow while it is read
            chunk = os.read(fd, min(max_bytes + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise too_big
        return b"".join(chunks)
    except OSError as exc:
        raise ProjectError(f"{name}: cannot read the file ({exc.strerror or exc})", path=name) from None
    finally:
        os.close(fd)


def safe_file_stem(text: str, max_length: int = 48, fallback: str = "file") -> str:
    """A short, portable file-name part from user text (a project name, a node id).

    Runs of characters other than ASCII letters, digits, ``_`` and ``-`` become ``_``; text longer
    than ``max_length`` keeps its start and gets a hash of the whole, so two long names stay distinct
    and no name exceeds a file system's 255-byte limit.
    """
    import hashlib

    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_-") or fallback
    if len(stem) > max_length:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        stem = f"{stem[:max_length - 9].rstrip('_')}_{digest}"
    return stem

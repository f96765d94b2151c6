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


def _save_target(path: str | os.PathLike) -> tuple[Path, os.stat_result | None]:
    """The file a save of ``path`` must write, and its current state (None when it does not exist yet).

    A symbolic link is followed to its target (a chain too; a dangling link names the file to create),
    so saving through a link updates the real file instead of replacing the link. Anything that is not
    a regular file, and a regular file the user has made read-only, is refused the way other editors
    refuse it.

    Raises
    ------
    ProjectError
        for a link loop, a device, pipe, socket or folder, and a read-only file.
    """
    name = str(path)
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:  # ELOOP for a link loop, EACCES for a folder on the way
        raise ProjectError(f"{name}: cannot save there ({exc.strerror or exc})", path=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise ProjectError(f"{name}: is a folder; choose a file name to save to", path=name)
    if not stat.S_ISREG(info.st_mode):
        # os.replace would swap the device or pipe itself for a plain file (as root, /dev/full too)
        raise ProjectError(f"{name}: is {_kind_of(info.st_mode)}, not a regular file; refusing to replace it",
                           path=name)
    # os.access says yes to root for any file; a file nobody may write was made read-only on purpose
    if not (info.st_mode & 0o222) or not os.access(target, os.W_OK):
        raise ProjectError(f"{name} is read-only; make it writable (chmod u+w) or save under another name",
                           path=name)
    return target, info


def _keep_owner(fd: int, info: os.stat_result | None) -> None:
    """Give the new file the owner and group of the one it replaces, where the OS lets us (root, or a
    group the user belongs to); otherwise it keeps ours, as when any editor rewrites the file."""
    if info is None or not hasattr(os, "fchown"):
        return
    try:
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        try:  # not root: the group alone may still be allowed
            os.fchown(fd, -1, info.st_gid)
        except OSError:
            pass
    except OSError:
        pass


def _write_temp(target: Path, data: bytes, info: os.stat_result | None) -> str:
    """A complete, synced copy of ``data`` in a temp file beside ``target``, with its mode and owner."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # name the file the user asked for, not our temp file
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            _keep_owner(fh.fileno(), info)  # before the mode: chown clears set-id bits
            mode = stat.S_IMODE(info.st_mode) if info is not None else _mode_for(target)
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _write_in_place(target: Path, data: bytes, tmp: str) -> None:
    """Overwrite a hard-linked ``target`` in place; ``tmp`` already holds the same ``data``.

    Why in place: ``os.replace`` gives the name a new inode, so every other name of a hard-linked file
    would silently keep the old content; the user linked the names to share one file. Like vim's
    ``backupcopy=auto``, we keep a safety copy while the in-place write runs: ``tmp`` is a complete,
    synced copy of the new content written first (it also proves the disk has room), so a crash in
    the middle of the overwrite leaves the content recoverable. If the overwrite fails, the copy is
    kept under a visible name and the error says where.
    """
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        kept = target.with_name(target.name + ".unsaved")
        try:
            os.replace(tmp, kept)
        except OSError:
            kept = Path(tmp)
        raise ProjectError(f"cannot save {target}: {exc.strerror or exc}; the new content is in {kept}",
                           path=str(target)) from None
    _unlink_quietly(tmp)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it into place with ``os.replace``.

    What is on disk is respected: a symbolic link is saved through (its target is written, the link
    stays), a replaced file keeps its mode and, where permitted, its owner and group, a hard-linked
    file is overwritten in place after a safety copy (see ``_write_in_place``), and read-only files,
    devices, pipes and folders are refused. A new file gets the mode a plain ``open(path, "w")`` would
    give it (mkstemp alone makes it 0600, which other users of a shared folder cannot read), and temp
    files that killed saves of the same target left behind are removed.

    Raises
    ------
    ProjectError
        when the target must not be replaced (read-only, not a regular file, a link loop).
    OSError
        when writing fails (a full disk, a folder the user cannot write); the file is then unchanged.
    """
    target, info = _save_target(path)
    started = time.time()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(target, data, info)
    if info is not None and info.st_nlink > 1:
        _write_in_place(target, data, tmp)
    else:
        try:
            os.replace(tmp, target)
        except BaseException:
            _unlink_quietly(tmp)
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

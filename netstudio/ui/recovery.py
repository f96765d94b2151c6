"""Recovery files: the autosave of unsaved work, offered back after a crash or a kill.

Each open document writes ``<recovery dir>/<pid>-<n>.nsrecovery`` (atomically) while it has
unsaved changes, and deletes it when saved or closed cleanly. At start, files whose process is
gone are the ones to offer.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from netstudio.core.errors import NetStudioError, ProjectError
from netstudio.core.fileio import atomic_write_text, read_file_bytes
from netstudio.core.project import MAX_PROJECT_BYTES, Project

RECOVERY_FORMAT = "netstudio-recovery"
SUFFIX = ".nsrecovery"
_counter = itertools.count(1)


def recovery_dir() -> Path:
    """Where recovery files live (NETSTUDIO_RECOVERY_DIR overrides, for tests and portable installs)."""
    override = os.environ.get("NETSTUDIO_RECOVERY_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".netstudio") / "recovery"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # cannot tell cheaply; offering a live window's file is harmless
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError):  # not a process number at all: nobody is writing that file
        return False
    return True


class RecoveryFile:
    """The recovery file of one open document."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or recovery_dir()) / f"{os.getpid()}-{next(_counter)}{SUFFIX}"

    def write(self, project: Project) -> None:
        payload = {"format": RECOVERY_FORMAT, "pid": os.getpid(), "saved_at": time.time(),
                   "original_path": project.path, "project": project.to_dict()}
        atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False))

    def discard(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


@dataclass
class Recoverable:
    path: Path
    original_path: str | None
    saved_at: float
    name: str


DAMAGED_SUFFIX = ".damaged"
# A recovery file holds one project (core/project.py's limit) and a few fields around it
_MAX_RECOVERY_BYTES = MAX_PROJECT_BYTES + 1024 * 1024
# Linux's largest pid is 2**22; a larger number, zero or a negative one (os.kill would signal a whole
# process group) cannot be a process that wrote the file
_MAX_PID = 2**22
# localtime() overflows far above this (year 5138); a time before 1970 or after it is not a real save
_MAX_SAVED_AT = 1e11


class DamagedRecovery(ValueError):
    """A recovery file that cannot be read or does not hold what NetStudio writes."""


def _read_payload(path: Path) -> dict:
    """The fields of a recovery file, each of the type ``RecoveryFile.write`` gives it.

    Raises
    ------
    DamagedRecovery
        saying what is wrong, for anything else: unreadable, not JSON, too deep, a wrong field type.
    """
    try:
        data = json.loads(read_file_bytes(path, _MAX_RECOVERY_BYTES, "recovery file").decode("utf-8"))
    except (NetStudioError, ValueError, RecursionError) as exc:  # RecursionError: nesting too deep
        raise DamagedRecovery(str(exc) or type(exc).__name__) from None
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        raise DamagedRecovery("not a NetStudio recovery file")
    pid, saved_at, original, project = (data.get("pid"), data.get("saved_at"), data.get("original_path"),
                                        data.get("project"))
    if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid <= _MAX_PID:
        raise DamagedRecovery(f"'pid' must be a process number, not {str(pid)[:40]}")
    if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) \
            or not 0 <= saved_at <= _MAX_SAVED_AT:  # also refuses NaN
        raise DamagedRecovery(f"'saved_at' must be a time, not {str(saved_at)[:40]}")
    if original is not None and not isinstance(original, str):
        raise DamagedRecovery("'original_path' must be a file name")
    if not isinstance(project, dict):
        raise DamagedRecovery("'project' must be a JSON object")
    return data


def set_aside(path: Path) -> Path | None:
    """Rename a recovery file that cannot be used to ``*.damaged`` (kept for a bug report, never offered
    again); None when even that fails (then it is left where it is)."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target


def find_recoverable(directory: Path | None = None, damaged: list[Path] | None = None) -> list[Recoverable]:
    """Recovery files left by processes that are no longer running, newest first.

    A file that cannot be read or holds fields of the wrong type is set aside (see ``set_aside``) and
    its new path appended to ``damaged``, so one bad file never stops the window from starting.
    """
    folder = directory or recovery_dir()
    found = []
    try:
        paths = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
    except OSError:
        paths = []
    for path in paths:
        try:
            data = _read_payload(path)
        except DamagedRecovery:
            moved = set_aside(path)
            if moved is not None and damaged is not None:
                damaged.append(moved)
            continue
        if _pid_alive(data["pid"]):
            continue
        name = data["project"].get("name")
        found.append(Recoverable(path, data.get("original_path"), float(data["saved_at"]),
                                 name if isinstance(name, str) and name else path.stem))
    found.sort(key=lambda r: -r.saved_at)
    return found


def load_recovered(item: Recoverable) -> Project:
    """The project stored in a recovery file (validated like any project); raises ProjectError."""
    from netstudio import project_from_dict

    try:
        data = _read_payload(item.path)
    except DamagedRecovery as exc:
        raise ProjectError(f"{item.path}: {exc}", path=str(item.path)) from None
    project = project_from_dict(data["project"], item.original_path or str(item.path))
    project.path = item.original_path
    return project

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

from netstudio.core.fileio import atomic_write_text
from netstudio.core.project import Project

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


def find_recoverable(directory: Path | None = None) -> list[Recoverable]:
    """Recovery files left by processes that are no longer running, newest first."""
    folder = directory or recovery_dir()
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
            continue
        if _pid_alive(int(data.get("pid", -1))):
            continue
        project = data.get("project") or {}
        found.append(Recoverable(path, data.get("original_path"), float(data.get("saved_at", 0)),
                                 str(project.get("name", path.stem))))
    found.sort(key=lambda r: -r.saved_at)
    return found


def load_recovered(item: Recoverable) -> Project:
    """The project stored in a recovery file (validated like any project); raises ProjectError."""
    from netstudio import project_from_dict

    data = json.loads(item.path.read_text(encoding="utf-8"))
    project = project_from_dict(data["project"], item.original_path or str(item.path))
    project.path = item.original_path
    return project

"""File and folder paths in ``data.options``: stored relative to the project file, resolved against it.

A project folder holding the project and its data can be zipped and opened elsewhere: a path to data
inside the project's folder is stored relative to it ("data/flowers"). A path outside that folder stays
absolute, since moving the project alone would break a relative one and there is no folder to share.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

PATH_OPTIONS = ("path", "root", "folder")   # the data.options that name a file or folder


def project_dir(project_path: str | os.PathLike | None) -> Path | None:
    return Path(project_path).resolve().parent if project_path else None


def resolve(value: str, project_path: str | os.PathLike | None) -> Path:
    """Where a stored path points: relative ones from the project file's folder (else the working folder)."""
    p = Path(os.path.expanduser(value))
    if p.is_absolute():
        return p
    base = project_dir(project_path)
    return (base / p) if base is not None else Path.cwd() / p


def stored_path(chosen: str | os.PathLike, project_path: str | os.PathLike | None) -> str:
    """The text to store for a file or folder the user chose: relative (with "/") inside the project's folder."""
    target = Path(os.path.abspath(os.path.expanduser(str(chosen))))
    base = project_dir(project_path)
    if base is not None:
        try:
            return target.resolve().relative_to(base).as_posix() or "."
        except ValueError:
            pass
    return str(target)


def rebase_paths(data: dict, old_project_path, new_project_path) -> dict | None:
    """``data`` with its paths rewritten for a project saved at a new place, or None when nothing changes.

    Every path keeps pointing at the same file: relative ones are read against the old folder (an
    unsaved project's against the working folder), then stored for the new one.
    """
    options = (data or {}).get("options")
    if not isinstance(options, dict):
        return None
    new = copy.deepcopy(data)
    changed = False
    for key in PATH_OPTIONS:
        value = options.get(key)
        if not isinstance(value, str) or not value:
            continue
        stored = stored_path(resolve(value, old_project_path), new_project_path)
        if stored != value:
            new["options"][key] = stored
            changed = True
    return new if changed else None

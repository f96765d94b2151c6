"""The user's block library ("My blocks"): one ``.nsblock`` file per saved block, in a folder of its own.

The folder is ``<AppDataLocation>/blocks`` (QStandardPaths), or ``$NETSTUDIO_BLOCKS_DIR`` when set
(tests, portable installs). The reader is tolerant: a damaged, foreign or unreadable file becomes an
entry with a one-sentence problem (shown greyed in the palette), never an exception, so one bad file
cannot hide the others.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from netstudio.core.blocks import BlockDef, block_from_json, block_to_json, merge_blocks
from netstudio.core.errors import NetStudioError
from netstudio.core.fileio import atomic_write_text

SUFFIX = ".nsblock"
ENV = "NETSTUDIO_BLOCKS_DIR"
MAX_FILE_BYTES = 16 * 1024 * 1024   # a block of a few hundred layers is tens of KiB


@dataclass
class LibraryEntry:
    """One file of the library: its main block's name and blocks, or why it cannot be used."""

    path: Path
    name: str
    blocks: dict[str, BlockDef] = field(default_factory=dict)
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None


def library_dir() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".netstudio") / "blocks"


def read_entry(path: Path) -> LibraryEntry:
    """One library file; never raises (a problem sentence instead)."""
    from netstudio.layers import validate_node

    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return LibraryEntry(path, path.stem, problem=f"{path.name} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return LibraryEntry(path, path.stem, problem=f"{path.name} is larger than a block file can be "
                                                          f"({info.st_size:,} bytes)")
        text = path.read_text(encoding="utf-8")
        name, blocks = block_from_json(text, str(path), validate_node)
    except NetStudioError as exc:
        return LibraryEntry(path, path.stem, problem=str(exc))
    except UnicodeDecodeError:
        return LibraryEntry(path, path.stem, problem=f"{path.name} is not a text file")
    except (OSError, ValueError, RecursionError) as exc:
        why = getattr(exc, "strerror", None) or exc
        return LibraryEntry(path, path.stem, problem=f"cannot read {path.name}: {why}")
    return LibraryEntry(path, name, blocks)


def read_library(folder: Path | None = None) -> list[LibraryEntry]:
    """Every ``.nsblock`` file of the library, by name; an absent folder is an empty library."""
    folder = Path(folder) if folder is not None else library_dir()
    try:
        paths = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))
    except OSError:
        return []
    return sorted((read_entry(p) for p in paths), key=lambda e: e.name.lower())


def save_block(name: str, blocks: dict[str, BlockDef], folder: Path | None = None) -> Path:
    """Write block ``name`` (and the blocks it uses) as ``<folder>/<name>.nsblock``; returns the path.

    Raises NetStudioError (no such block) or OSError (the folder cannot be written).
    """
    folder = Path(folder) if folder is not None else library_dir()
    text = block_to_json(name, blocks)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{SUFFIX}"
    atomic_write_text(path, text)
    return path


def copy_into(project_blocks: dict[str, BlockDef], entry: LibraryEntry) -> tuple[str, str | None]:
    """Copy a library block (and the blocks it uses) into a project's blocks.

    Returns (the name it has in the project, a sentence when it had to be renamed because the
    project already has a different block of that name, else None). An equal block is reused.
    """
    renames = merge_blocks(project_blocks, entry.blocks)
    used = renames.get(entry.name, entry.name)
    note = None
    if used != entry.name:
        note = (f"this project already has a different block named {entry.name}; the one from My blocks "
                f"was added as {used}")
    return used, note

"""An undoable edit of one of a project's settings sections (task, data, training), free of Qt.

The core's commands edit graphs; the training panel edits the plain-dict sections of the
project, so it needs its own command with the same interface (``netstudio.core.commands.Command``)
to go through ``Document.push`` and the window's undo stack.
"""

from __future__ import annotations

import copy
from typing import Any

from netstudio.core.commands import Command

SECTIONS = ("task", "data", "training")


class SetSection(Command):
    """Replace ``project.<section>`` with ``new``; undo puts the old dict back.

    Parameters
    ----------
    project : netstudio.core.project.Project
    section : str
        ``"task"``, ``"data"`` or ``"training"``.
    new : dict
        The whole new section (copied).
    text : str
        The undo stack's description ("Set learning rate").
    field : str, optional
        When given, consecutive edits of the same field of the same section merge into one undo
        step (typing 0.001 in a number box is one edit, not five).
    """

    def __init__(self, project, section: str, new: dict[str, Any], text: str = "", field: str | None = None) -> None:
        if section not in SECTIONS:
            raise ValueError(f"unknown project section {section!r} (known: {', '.join(SECTIONS)})")
        self.project = project
        self.section = section
        self.old = copy.deepcopy(getattr(project, section))
        self.new = copy.deepcopy(new)
        self.text = text or f"Edit {section} settings"
        self.merge_key = ("section", id(project), section, field) if field else None

    def redo(self) -> None:
        setattr(self.project, self.section, copy.deepcopy(self.new))

    def undo(self) -> None:
        setattr(self.project, self.section, copy.deepcopy(self.old))

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, SetSection) or other.project is not self.project or other.merge_key != self.merge_key \
                or self.merge_key is None:
            return False
        self.new = copy.deepcopy(other.new)
        return True

    @property
    def changes_nothing(self) -> bool:
        return self.old == self.new


def with_value(section: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``section`` with ``section[path[0]][path[1]]... = value``; ``None`` removes the key."""
    out = copy.deepcopy(section or {})
    node = out
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out

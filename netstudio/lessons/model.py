"""The lesson model: a Lesson holds Steps, a Step holds Checks. Texts are ``{"en": ..., "zh": ...}``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netstudio.core.errors import NetStudioError

LANGUAGES = ("en", "zh")


class LessonError(NetStudioError):
    """A lesson file that cannot be used; the message names the file and the field at fault."""


def pick(texts: dict | None, lang: str):
    """The text for ``lang`` ("en", "zh", or a Qt name such as "zh_CN"), falling back to English."""
    if not texts:
        return None
    lang = "zh" if str(lang).lower().startswith("zh") else "en"
    return texts.get(lang) if texts.get(lang) not in (None, "", []) else texts.get("en")


@dataclass
class Check:
    """One automatic check. ``kind`` is one of ``checks.KINDS``; ``fields`` keeps its other keys."""

    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    key: str = ""          # "step.check" (1-based), names the typed answer of a prediction

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def label_text(self, lang: str) -> str:
        from .checks import default_label

        return pick(self.label, lang) or default_label(self, lang)

    @property
    def is_prediction(self) -> bool:
        return self.kind == "prediction"


@dataclass
class Step:
    text: dict[str, str] = field(default_factory=dict)
    action: dict[str, str] = field(default_factory=dict)
    hints: dict[str, list[str]] = field(default_factory=dict)
    project: str | None = None       # a project file next to lesson.toml, loaded as a copy
    checks: list[Check] = field(default_factory=list)


@dataclass
class Lesson:
    id: str
    path: Path                       # lesson.toml
    title: dict[str, str]
    summary: dict[str, str] = field(default_factory=dict)
    minutes: int = 0
    steps: list[Step] = field(default_factory=list)
    solution: str | None = None
    order: float = 1000          # lessons are listed by it, then by id

    def text(self, name: str, lang: str = "en") -> str:
        """``lesson.text("title", "zh")``: a lesson-level text in ``lang`` (English when missing)."""
        return pick(getattr(self, name), lang) or ""

    @property
    def folder(self) -> Path:
        return self.path.parent

    def file(self, name: str) -> Path:
        """A file named in the lesson (a step's project, the solution), next to lesson.toml."""
        return self.folder / name

    def step_project(self, index: int) -> Path | None:
        """The project the student works on at step ``index``: that step's, else the last one before it."""
        for step in reversed(self.steps[: index + 1]):
            if step.project:
                return self.file(step.project)
        return None

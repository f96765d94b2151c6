"""Lessons: TOML files of steps a student follows, each with checks the engine evaluates against the
project and its runs (no Qt here). The format for teachers is docs/lessons.md.

The names below load on first use (PEP 562): the window imports ``lessons.model`` and ``lessons.exercise``
while it is built, and the checks (with the run history) and the TOML reader only when a lesson is opened.
"""

from importlib import import_module

_WHERE = {"CheckResult": "checks", "evaluate": "checks", "parse_number": "checks", "parse_shape": "checks",
          "Check": "model", "Lesson": "model", "LessonError": "model", "Step": "model",
          "load_lesson": "reader", "shipped_dir": "reader", "shipped_lessons": "reader"}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

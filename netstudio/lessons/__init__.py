"""Lessons: TOML files of steps a student follows, each with checks the engine evaluates against the
project and its runs (no Qt here). The format for teachers is docs/lessons.md."""

from .checks import CheckResult, evaluate, parse_number, parse_shape
from .model import Check, Lesson, LessonError, Step
from .reader import load_lesson, shipped_dir, shipped_lessons

__all__ = ["Check", "CheckResult", "Lesson", "LessonError", "Step", "evaluate", "load_lesson", "parse_number",
           "parse_shape", "shipped_dir", "shipped_lessons"]

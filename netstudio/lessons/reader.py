"""Reading lesson.toml (stdlib tomllib) into a checked Lesson; every fault is one LessonError sentence."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

from .model import LANGUAGES, Check, Lesson, LessonError, Step

MAX_LESSON_BYTES = 2 * 1024 * 1024
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_SHIPPED = Path(__file__).resolve().parent / "shipped"


def shipped_dir() -> Path:
    return _SHIPPED


def shipped_lessons() -> list[Lesson]:
    """Every lesson under ``netstudio/lessons/shipped/<id>/lesson.toml``, in the order of their ``order``
    field, then by id (a lesson that does not load is skipped: the tests load each one)."""
    found = []
    for path in sorted(_SHIPPED.glob("*/lesson.toml")):
        try:
            found.append(load_lesson(path))
        except LessonError:
            continue
    return sorted(found, key=lambda l: (l.order, l.id))


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str):
        raise LessonError(f"{self.path}: {where}: {message}")

    def texts(self, value: Any, where: str, required: bool = True) -> dict[str, str]:
        """``{en = "...", zh = "..."}``; a plain string counts as English."""
        if value is None:
            if required:
                self.fail(where, "is missing (give the text as { en = \"...\", zh = \"...\" })")
            return {}
        if isinstance(value, str):
            return {"en": value}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fail(where, "must be a text or { en = \"...\", zh = \"...\" }")
        self.languages(value, where)
        if required and not value.get("en"):
            self.fail(where, "needs an English text (en)")
        return dict(value)

    def languages(self, value: dict, where: str) -> None:
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            self.fail(where, f"has language {unknown[0]!r}; the languages are en and zh")

    def hint_lists(self, value: Any, where: str) -> dict[str, list[str]]:
        if value is None:
            return {}
        if isinstance(value, list):
            value = {"en": value}
        if not isinstance(value, dict) or not all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                                                   for v in value.values()):
            self.fail(where, "must be { en = [\"...\", ...], zh = [\"...\", ...] }")
        self.languages(value, where)
        return {k: list(v) for k, v in value.items()}

    def file(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in Path(value).parts:
            self.fail(where, "must be the name of a file next to lesson.toml")
        if not (self.path.parent / value).is_file():
            self.fail(where, f"names {value}, which is not next to lesson.toml")
        return value


def load_lesson(path: str | Path) -> Lesson:
    """Read and check one lesson file.

    Raises
    ------
    LessonError
        one sentence naming the file and the field at fault (``steps[2].checks[1].shape: ...``).
    """
    from .checks import check_fields

    path = Path(path)
    r = _Reader(path)
    try:
        if not path.is_file():
            raise LessonError(f"{path}: no such lesson file")
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise LessonError(f"{path}: a lesson file is at most {MAX_LESSON_BYTES // 1024 // 1024} MiB")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LessonError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise LessonError(f"{path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise LessonError(f"{path}: not valid TOML (nested too deeply)") from None

    lesson_id = data.get("id", path.parent.name)
    if not isinstance(lesson_id, str) or not _ID.match(lesson_id):
        r.fail("id", "must be a short name of lower-case letters, digits, - and _ (e.g. \"cnn-pooling\")")
    minutes = data.get("minutes", 0)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1000:
        r.fail("minutes", "must be a whole number of minutes from 0 to 1000")
    order = data.get("order", 1000)
    if not isinstance(order, (int, float)) or isinstance(order, bool):
        r.fail("order", "must be a number (lessons are listed by it)")
    steps_data = data.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        r.fail("steps", "needs at least one [[steps]] table")
    steps = []
    for i, sd in enumerate(steps_data):
        where = f"steps[{i + 1}]"
        if not isinstance(sd, dict):
            r.fail(where, "must be a [[steps]] table")
        unknown = set(sd) - {"text", "action", "hints", "project", "checks"}
        if unknown:
            r.fail(where, f"has an unknown field {sorted(unknown)[0]!r} (fields: text, action, hints, project, "
                          "checks)")
        checks_data = sd.get("checks", [])
        if not isinstance(checks_data, list):
            r.fail(f"{where}.checks", "must be a list of [[steps.checks]] tables")
        checks = []
        for j, cd in enumerate(checks_data):
            cwhere = f"{where}.checks[{j + 1}]"
            if not isinstance(cd, dict):
                r.fail(cwhere, "must be a [[steps.checks]] table")
            fields = {k: v for k, v in cd.items() if k not in ("kind", "label")}
            check = Check(str(cd.get("kind")), fields, r.texts(cd.get("label"), f"{cwhere}.label", required=False),
                          key=f"{i + 1}.{j + 1}")
            problem = check_fields(check, cd.get("kind"))
            if problem is not None:
                field, message = problem
                r.fail(f"{cwhere}.{field}", message)
            if check.kind == "prediction":
                check.fields["question"] = r.texts(cd.get("question"), f"{cwhere}.question")
            checks.append(check)
        steps.append(Step(text=r.texts(sd.get("text"), f"{where}.text"),
                          action=r.texts(sd.get("action"), f"{where}.action", required=False),
                          hints=r.hint_lists(sd.get("hints"), f"{where}.hints"),
                          project=r.file(sd.get("project"), f"{where}.project"), checks=checks))
    lesson = Lesson(id=lesson_id, path=path, title=r.texts(data.get("title"), "title"),
                    summary=r.texts(data.get("summary"), "summary", required=False), minutes=minutes, steps=steps,
                    solution=r.file(data.get("solution"), "solution"), order=order)
    unknown = set(data) - {"id", "title", "summary", "minutes", "order", "steps", "solution"}
    if unknown:
        r.fail(sorted(unknown)[0], "is not a lesson field (fields: id, title, summary, minutes, order, solution, "
                                   "steps)")
    return lesson


def finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

"""Find every sentence the engine can say to a user, as a template, by reading the source (no import).

A sentence is a string (or f-string, or a concatenation of them) passed to a NetStudio error, to a
``Problem``, to one of the validation helpers (``_fail``, ``_bad``, ...) or as ``message=``. Each
``{expression}`` of an f-string becomes ``{}`` in the template. The translation test runs this over the
packages whose messages reach the window, so a new sentence without a translation fails the suite.
"""

from __future__ import annotations

import ast
from pathlib import Path

#: Packages whose messages the window shows (the CLI prints to a terminal and stays English).
PACKAGES = ("core", "layers", "compiler", "training", "export")
#: Callables whose string arguments are user-facing sentences.
_MESSAGE_CALLS = {"Problem", "_fail", "_bad", "fail", "refuse", "_end", "write_error", "output_error",
                  "TrialFailed", "Diverged", "NonFiniteLoss", "DamagedRecovery", "NodeFailure", "_failure",
                  "_problem", "_error"}
#: Exceptions meant for programmers, not users.
_INTERNAL = {"ValueError", "TypeError", "KeyError", "AssertionError", "OSError", "RuntimeError",
             "NotImplementedError", "ArgumentTypeError", "IndexError", "AttributeError"}
_MIN_LETTERS = 4


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def template(node: ast.AST) -> str | None:
    """The template of a string expression, or None when ``node`` is not built from literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                parts.append("{}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _branches(args: list[ast.AST]) -> list[ast.AST]:
    """``a if c else b`` as a message: both sides are sentences."""
    out = []
    for arg in args:
        if isinstance(arg, ast.IfExp):
            out += _branches([arg.body, arg.orelse])
        else:
            out.append(arg)
    return out


def _is_sentence(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text.replace("{}", ""))
    return letters >= _MIN_LETTERS and " " in text


def _wanted(call: ast.Call) -> bool:
    name = _callee(call)
    if name in _MESSAGE_CALLS:
        return True
    return name.endswith("Error") and name not in _INTERNAL


#: Variables that hold a sentence before it is raised or sent (``message = f"..."``).
_MESSAGE_NAMES = {"message", "msg", "why", "hint", "note", "reason"}


def _sentence_args(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        return [node.value] if names & _MESSAGE_NAMES else []
    if not isinstance(node, ast.Call):
        return []
    args = list(node.args) if _wanted(node) else []
    func = node.func  # notes.append("...") / warnings.append(...): the run's first event lists them
    if isinstance(func, ast.Attribute) and func.attr == "append" and isinstance(func.value, ast.Name) \
            and func.value.id in {"notes", "warnings"}:
        args += list(node.args)
    return args + [kw.value for kw in node.keywords if kw.arg == "message"]


def templates_in_source(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        args = _sentence_args(node)
        for arg in _branches(args):
            text = template(arg)
            if text is not None and _is_sentence(text):
                found.add(text)
    return found


def engine_templates(root: Path | None = None) -> dict[str, str]:
    """Every template -> the first file that says it."""
    root = root or Path(__file__).resolve().parents[2]
    out: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for text in sorted(templates_in_source(path.read_text(encoding="utf-8"))):
                out.setdefault(text, str(path.relative_to(root.parent)))
    return out

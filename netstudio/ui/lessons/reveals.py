"""What the student has revealed of the hidden values, and how each prediction went (for this session only:
a reveal is not an edit of the project, and reopening the exercise hides the values again)."""

from __future__ import annotations

from netstudio.lessons.exercise import hides

_revealed: dict[tuple[str, str], tuple[str, bool, str]] = {}   # (node id, what) -> (typed, right, true value)


def clear() -> None:
    _revealed.clear()


def reveal(node_id: str, what: str, typed: str, right: bool, truth: str) -> None:
    _revealed[(node_id, what)] = (typed, right, truth)


def result(node_id: str, what: str) -> tuple[str, bool, str] | None:
    return _revealed.get((node_id, what))


def hidden(node, what: str) -> bool:
    """``what`` ("shape" or "params") of ``node`` shows as "?" now (hidden and not yet revealed)."""
    return hides(node, what) and (node.id, what) not in _revealed


def hides_total(graph) -> bool:
    """A total parameter count would give a hidden count away."""
    return any(hidden(n, "params") for n in graph)


def still_hidden(node_id: str, hidden_values: list[str] | set[str], what: str) -> bool:
    """For a canvas item that keeps the node's ``hidden`` list: ``what`` still shows as "?"."""
    return what in hidden_values and (node_id, what) not in _revealed

"""A tiny Qt-free observer so the document can notify views without knowing them."""

from __future__ import annotations

from typing import Any, Callable


class Event:
    """A list of callbacks; ``emit`` calls each with the given arguments.

    The core stays free of Qt, so the UI adapts these to Qt signals itself.
    """

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)

"""The engine's sentences (shape errors, settings errors, training messages) in the interface language.

The engine stays English (the CLI and logs read it); the window passes each sentence it shows through
``engine_text`` at the moment it shows it, so switching the language needs no recomputation.
"""

from __future__ import annotations

from netstudio.core.i18n import translate

from .app import current_language


def engine_text(text: str | None) -> str:
    """``text`` in the current interface language (unchanged in English or when no template matches)."""
    return translate(text or "", current_language())

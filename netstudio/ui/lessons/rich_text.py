"""A lesson's markdown-lite as HTML for a QLabel/QTextBrowser: paragraphs, **bold**, `code`."""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def inline(text: str) -> str:
    """One paragraph: escaped, then `code` (kept verbatim) and **bold**."""
    parts = _CODE.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:   # inside backticks
            out.append(f"<code style='background:rgba(127,127,127,0.15)'>{html.escape(part)}</code>")
        else:
            out.append(_BOLD.sub(r"<b>\1</b>", html.escape(part)))
    return "".join(out)


def to_html(text: str) -> str:
    """Paragraphs split on blank lines; single line breaks inside a paragraph are kept."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{inline(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)

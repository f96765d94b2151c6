"""The engine's sentences in other languages, without Qt: shape errors, settings errors, training messages.

The engine speaks English and builds its sentences with f-strings; ``extract`` reads those templates
from the source. A catalog (``zh_CN.json``: English template -> translation) maps each template onto the
other language, and ``translate`` matches a finished sentence against the templates, translating the
values it captured too (a node's error inside a file's error). Keeping the engine's code as it is means
the CLI, logs and tests still read English while the window shows the user's language.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "zh_CN")
_PLACEHOLDER = re.compile(r"\{(\d*)\}")
# separators where composed messages join: "file.nsproj: node 'x': <the layer's sentence>"
_JOINS = (": ", "; ", " (")


def literal_parts(template: str) -> list[str]:
    """The literal text between the ``{}`` of a template, unescaped (``{{`` -> ``{``)."""
    parts, buf, i = [], [], 0
    while i < len(template):
        two = template[i:i + 2]
        if two in ("{{", "}}"):
            buf.append(two[0])
            i += 2
        elif two == "{}":
            parts.append("".join(buf))
            buf = []
            i += 2
        else:
            buf.append(template[i])
            i += 1
    parts.append("".join(buf))
    return parts


class Catalog:
    """One language's translations, matched most specific template first."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = entries
        compiled = []
        for source, target in entries.items():
            parts = literal_parts(source)
            literal = sum(len(p) for p in parts)
            pattern = "(.+?)".join(re.escape(p) for p in parts)
            compiled.append((literal, re.compile(f"^{pattern}$", re.DOTALL), target))
        compiled.sort(key=lambda item: -item[0])
        self._compiled = compiled
        self.translate = lru_cache(maxsize=8192)(self._translate)

    def _translate(self, text: str) -> str:
        whole = self._whole(text)
        if whole is not None:
            return whole
        for join in _JOINS:  # "prefix: sentence" where only the sentence is a template
            head, sep, tail = text.partition(join)
            while sep:
                translated = self._whole(tail)
                if translated is not None:
                    return self.translate(head) + ("：" if join == ": " else join) + translated
                more_head, sep, tail = tail.partition(join)
                head = head + join + more_head
        return text

    def _whole(self, text: str) -> str | None:
        for _literal, regex, target in self._compiled:
            match = regex.match(text)
            if match:
                values = [self.translate(v) for v in match.groups()]
                return _fill(target, values)
        return None


def _fill(target: str, values: list[str]) -> str:
    counter = iter(range(len(values)))

    def one(match: re.Match) -> str:
        index = int(match.group(1)) if match.group(1) else next(counter, 0)
        return values[index] if index < len(values) else ""
    # escaped braces in the translation stay literal
    pieces = re.split(r"(\{\{|\}\})", target)
    return "".join({"{{": "{", "}}": "}"}.get(p, None) or _PLACEHOLDER.sub(one, p) for p in pieces)


@lru_cache(maxsize=None)
def catalog(lang: str) -> Catalog | None:
    path = _DIR / f"{lang}.json"
    if not path.is_file():
        return None
    return Catalog(json.loads(path.read_text(encoding="utf-8")))


def translate(text: str, lang: str) -> str:
    """``text`` (an engine sentence) in ``lang``; English, or text no template matches, comes back as is."""
    if not text or lang == "en":
        return text
    found = catalog(lang)
    return found.translate(text) if found is not None else text

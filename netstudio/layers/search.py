"""Finding layers by name, keyword or category (shared by the palette and quick-add)."""

from __future__ import annotations

from .catalog import all_specs
from .spec import LayerSpec


def search_specs(text: str, needs_input: bool = False, needs_output: bool = False) -> list[LayerSpec]:
    """Specs matching every word of ``text``, best first (name prefix, then name, then keywords).

    ``needs_input``/``needs_output`` keep only layers that can be wired to a dangling wire.
    """
    words = text.lower().split()
    ranked = []
    for order, spec in enumerate(all_specs()):
        if needs_input and not spec.inputs:
            continue
        if needs_output and not spec.outputs and spec.output_ports is None:
            continue
        name = spec.type.lower()
        haystack = " ".join((name, spec.category.lower(), *(k.lower() for k in spec.keywords),
                             (spec.torch_class or "").lower()))
        if not all(w in haystack for w in words):
            continue
        if not words:
            rank = 0
        elif name == words[0]:
            rank = 0
        elif name.startswith(words[0]):
            rank = 1
        elif words[0] in name:
            rank = 2
        else:
            rank = 3
        ranked.append((rank, order, spec))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [spec for _, _, spec in ranked]

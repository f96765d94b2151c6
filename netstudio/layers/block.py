"""The "Block" node type: one node standing for a named subgraph (``netstudio.core.blocks``).

Its ports and shapes come from the block's definition in the project, not from this spec: every pass
over a graph expands Block nodes first (``core.blocks.expand``), so this spec only validates the two
params when a file is read. It is kept out of ``all_specs()`` (the layer list of the palette, the
reference and ``netstudio summary --layers``): a block is made from a selection or dragged from the
palette's "My blocks", never added empty.
"""

from __future__ import annotations

from .spec import INT, STR, LayerSpec, Param

CATEGORY = "Blocks"


def _label(params: dict) -> str:
    repeat = params.get("repeat", 1)
    name = params.get("block") or "?"
    return f"{name} x {repeat}" if isinstance(repeat, int) and repeat > 1 else str(name)


BLOCK_SPEC = LayerSpec(
    "Block", CATEGORY,
    params=(Param("block", STR, required=True),
            Param("repeat", INT, 1, min=1, max=10_000)),
    inputs=(), variadic=True, min_inputs=0, label=_label,
    keywords=("subgraph", "group", "module", "repeat"),
)
SPECS = (BLOCK_SPEC,)

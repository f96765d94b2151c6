"""The registry of layer specs, in palette order (torch-free)."""

from __future__ import annotations

from . import activations, dense_conv, norm, pooling, sequence, structure
from .block import BLOCK_SPEC
from .spec import LayerSpec

_MODULES = (structure, dense_conv, pooling, norm, activations, sequence)
CATEGORIES: tuple[str, ...] = tuple(m.CATEGORY for m in _MODULES)
_LAYERS: dict[str, LayerSpec] = {spec.type: spec for m in _MODULES for spec in m.SPECS}
# "Block" is a node type the loader and the compiler know, but not a layer of the palette's list
_SPECS: dict[str, LayerSpec] = {**_LAYERS, BLOCK_SPEC.type: BLOCK_SPEC}


def get_spec(type_name: str) -> LayerSpec | None:
    """The spec of ``type_name``, or None for a type the catalog does not know (a file may name one)."""
    return _SPECS.get(type_name)


def require_spec(type_name: str) -> LayerSpec:
    """The spec of ``type_name`` where the type is already known to be valid (a checked graph).

    Raises
    ------
    KeyError
        for an unknown type: a bug in the caller, not a user's mistake.
    """
    spec = _SPECS.get(type_name)
    if spec is None:
        raise KeyError(f"unknown layer type '{type_name}'")
    return spec


def all_specs() -> list[LayerSpec]:
    """Every layer type (not "Block", see ``netstudio.layers.block``)."""
    return list(_LAYERS.values())


def specs_in(category: str) -> list[LayerSpec]:
    return [s for s in _LAYERS.values() if s.category == category]


def validate_node(node) -> tuple[str, str] | None:
    """The project loader's check of one node: (field, sentence) or None."""
    spec = _SPECS.get(node.type)
    if spec is None:
        import difflib

        lower = {t.lower(): t for t in _SPECS}
        close = ([lower[node.type.lower()]] if node.type.lower() in lower
                 else difflib.get_close_matches(node.type, list(_SPECS), n=1))
        hint = f"did you mean {close[0]}?" if close else "see `netstudio summary --layers` for the list"
        return "type", f"unknown layer type '{node.type}' ({hint})"
    return spec.validate_params(node.params)

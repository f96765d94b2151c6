"""The layer catalog: one declarative spec per layer type. Importing it does not import torch."""

from .catalog import CATEGORIES, all_specs, get_spec, require_spec, specs_in, validate_node
from .shape_format import shape_text
from .spec import LayerSpec, Param, Port, Problem

__all__ = ["CATEGORIES", "LayerSpec", "Param", "Port", "Problem", "all_specs", "get_spec", "require_spec",
           "shape_text", "specs_in", "validate_node"]

"""The layer catalog: one declarative spec per layer type. Importing it does not import torch."""

from .catalog import CATEGORIES, all_specs, get_spec, spec_for, specs_in, validate_node
from .spec import LayerSpec, Param, Port, Problem

__all__ = ["CATEGORIES", "LayerSpec", "Param", "Port", "Problem", "all_specs", "get_spec", "spec_for", "specs_in",
           "validate_node"]

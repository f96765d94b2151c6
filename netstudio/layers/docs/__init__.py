"""Learner-facing explanations of every layer type, in English and Simplified Chinese (data only).

One module per catalog category, each holding ``CATEGORY`` (the catalog's name for it), ``NAME``
({"en", "zh"}) and ``DOCS`` ({type: {"en", "zh", "formula"?, "params"?}}). Read them through
:mod:`netstudio.layers.explanations`, which adds the language fallbacks. Torch-free and Qt-free.
"""

from . import activations, dense_conv, norm, pooling, sequence, structure

MODULES = (structure, dense_conv, pooling, norm, activations, sequence)

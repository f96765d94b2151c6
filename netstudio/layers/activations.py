"""Activation functions."""

from __future__ import annotations

from .spec import CHOICE, FLOAT, INT, LayerSpec, Param

CATEGORY = "Activations"


def _act(name: str, *params: Param, label=None, keywords=()):
    return LayerSpec(name, CATEGORY, torch_class=name, params=params, label=label,
                     keywords=("activation", "nonlinearity") + tuple(keywords))


SPECS = [
    _act("ReLU", keywords=("rectifier",)),
    _act("LeakyReLU", Param("negative_slope", FLOAT, 0.01, min=0), label=lambda p: f"{p['negative_slope']:g}"),
    _act("PReLU", Param("num_parameters", INT, 1, min=1), Param("init", FLOAT, 0.25), keywords=("parametric",)),
    _act("ELU", Param("alpha", FLOAT, 1.0, min=0)),
    _act("GELU", Param("approximate", CHOICE, "none", choices=("none", "tanh")), keywords=("transformer",)),
    _act("SiLU", keywords=("swish",)),
    _act("Sigmoid", keywords=("logistic",)),
    _act("Tanh", keywords=("hyperbolic",)),
    _act("Softmax", Param("dim", INT, -1), label=lambda p: f"dim={p['dim']}", keywords=("probabilities",)),
    _act("LogSoftmax", Param("dim", INT, -1), label=lambda p: f"dim={p['dim']}", keywords=("nll",)),
    _act("Softplus", Param("beta", FLOAT, 1.0, min=0), Param("threshold", FLOAT, 20.0)),
    _act("ReLU6", keywords=("mobilenet", "clipped")),
    _act("Hardswish", keywords=("mobilenet", "swish")),
    _act("Hardsigmoid", keywords=("mobilenet", "gate")),
]

"""Normalisation and regularisation layers."""

from __future__ import annotations

from .common import image_fix, need_rank
from .shape_format import shape_text
from .spec import BOOL, CHOICE, FLOAT, INT, SHAPE, LayerSpec, Param, Problem

CATEGORY = "Normalisation & regularisation"


def _bn_params():
    return (Param("num_features", INT, inferred=True, min=1),
            Param("eps", FLOAT, 1e-5, min=0, advanced=True),
            Param("momentum", FLOAT, 0.1, optional=True, min=0, max=1, advanced=True),
            Param("affine", BOOL, True, advanced=True),
            Param("track_running_stats", BOOL, True, advanced=True))


def _bn1d_check(params, shapes, dtypes):
    if len(shapes[0]) not in (1, 2):
        return [Problem(f"BatchNorm1d expects features (C,) or (C, L) but receives {shape_text(shapes[0])}: "
                        "use BatchNorm2d for images, or Flatten first")]
    return []


def _group_check(params, shapes, dtypes):
    c, g = shapes[0][0], params["num_groups"]
    if c % g:
        return [Problem(f"GroupNorm num_groups={g} must divide the {c} channels of its input")]
    return []


def _layernorm_check(params, shapes, dtypes):
    given = params.get("normalized_shape")
    if given is not None and tuple(shapes[0][-len(given):]) != tuple(given):
        return [Problem(f"LayerNorm normalized_shape {given} must match the last dimensions of its input "
                        f"{shape_text(shapes[0])}; leave it empty to use the last dimension")]
    return []


def _dropout(name: str, **kw):
    return LayerSpec(name, CATEGORY, torch_class=name, params=(Param("p", FLOAT, 0.5, min=0, max=1),),
                     label=lambda p: f"p={p['p']:g}", keywords=("regularization", "regularisation"), **kw)


SPECS = [
    LayerSpec("BatchNorm1d", CATEGORY, torch_class="BatchNorm1d", params=_bn_params(),
              infer=lambda p, s: {"num_features": s[0][0]}, check=_bn1d_check, keywords=("batch norm", "bn")),
    LayerSpec("BatchNorm2d", CATEGORY, torch_class="BatchNorm2d", params=_bn_params(),
              infer=lambda p, s: {"num_features": s[0][0]},
              check=need_rank("BatchNorm2d", (3,), "an image (C, H, W)", image_fix), keywords=("batch norm", "bn")),
    LayerSpec("LayerNorm", CATEGORY, torch_class="LayerNorm", params=(
        Param("normalized_shape", SHAPE, inferred=True),
        Param("eps", FLOAT, 1e-5, min=0, advanced=True),
        Param("elementwise_affine", BOOL, True, advanced=True),
        Param("bias", BOOL, True, advanced=True)),
        infer=lambda p, s: {"normalized_shape": [s[0][-1]]}, check=_layernorm_check,
        keywords=("layer norm", "ln", "transformer")),
    LayerSpec("GroupNorm", CATEGORY, torch_class="GroupNorm", params=(
        Param("num_groups", INT, required=True, min=1, initial=8),
        Param("num_channels", INT, inferred=True, min=1),
        Param("eps", FLOAT, 1e-5, min=0, advanced=True),
        Param("affine", BOOL, True, advanced=True)),
        infer=lambda p, s: {"num_channels": s[0][0]}, check=_group_check, label=lambda p: f"{p['num_groups']} groups"),
    _dropout("Dropout"),
    _dropout("Dropout2d", check=need_rank("Dropout2d", (3,), "an image (C, H, W)", image_fix)),
    # EfficientNet's residual branches (torchvision.ops.StochasticDepth); the module is NetStudio's own
    # copy so that exported files need no torchvision
    LayerSpec("StochasticDepth", CATEGORY, torch_class="StochasticDepth", custom_class=True, params=(
        Param("p", FLOAT, 0.2, min=0, max=1),
        Param("mode", CHOICE, "row", choices=("row", "batch"))),
        label=lambda p: f"p={p['p']:g} {p['mode']}", keywords=("drop path", "droppath", "efficientnet", "residual")),
]

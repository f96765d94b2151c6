"""Linear, convolutions and upsampling."""

from __future__ import annotations

from .common import chain, image_fix, kernel_error, label_kernel, need_rank, seq_fix
from .shape_format import shape_text
from .spec import BOOL, CHOICE, FLOAT, INT, INTS, PADDING, LayerSpec, Param, Problem

CATEGORY = "Dense & convolution"


def _linear_warning(params, shapes, dtypes):
    shape = shapes[0]
    if len(shape) >= 3:
        return [Problem(f"Linear expects a flat vector but receives {shape_text(shape)}: it acts on the last dimension "
                        f"only ({shape[-1]}); add a Flatten before it", severity="warning")]
    return []


def _padding_same_check(params, shapes, dtypes):
    if params.get("padding") == "same" and params.get("stride", 1) not in (1, [1], [1, 1]):
        return [Problem("padding 'same' works only with stride 1: set padding to a number instead")]
    return []


def _upsample_check(params, shapes, dtypes):
    if params.get("size") is None and params.get("scale_factor") is None:
        return [Problem("Upsample needs a size or a scale_factor: set scale_factor to 2 to double the size")]
    if params.get("mode") in ("bilinear", "bicubic") and len(shapes[0]) != 3:
        return [Problem(f"Upsample mode {params['mode']} needs an image (C, H, W) but receives "
                        f"{shape_text(shapes[0])}")]
    return []


def _conv_params(length: int, transpose: bool = False) -> tuple[Param, ...]:
    params = [
        Param("in_channels", INT, inferred=True, min=1),
        Param("out_channels", INT, required=True, min=1, initial=32),
        Param("kernel_size", INTS, required=True, min=1, length=length, initial=3),
        Param("stride", INTS, 1, min=1, length=length),
        Param("padding", INTS if transpose else PADDING, 0, min=0, length=length),
    ]
    if transpose:
        params.append(Param("output_padding", INTS, 0, min=0, length=length, advanced=True))
    params += [
        Param("dilation", INTS, 1, min=1, length=length, advanced=True),
        Param("groups", INT, 1, min=1, advanced=True),
        Param("bias", BOOL, True),
    ]
    if not transpose:
        params.append(Param("padding_mode", CHOICE, "zeros", choices=("zeros", "reflect", "replicate", "circular"),
                            advanced=True))
    return tuple(params)


def _channels(rank: int):
    """in_channels from an input of the right rank; nothing from a wrong one (the rank check explains)."""
    return lambda params, shapes: {"in_channels": shapes[0][0]} if len(shapes[0]) == rank else {}


def _groups_check(params, shapes, dtypes):
    g = params.get("groups", 1)
    if shapes[0][0] % g or params["out_channels"] % g:
        return [Problem(f"groups={g} must divide both in_channels ({shapes[0][0]}) and out_channels "
                        f"({params['out_channels']})")]
    return []


def _label_conv(p):
    return f"{p['out_channels']} {label_kernel(p)}"


SPECS = [
    LayerSpec("Linear", CATEGORY, torch_class="Linear", params=(
        Param("in_features", INT, inferred=True, min=1),
        Param("out_features", INT, required=True, min=1, initial=64),
        Param("bias", BOOL, True)),
        infer=lambda p, s: {"in_features": s[0][-1]}, check=_linear_warning,
        label=lambda p: str(p["out_features"]), keywords=("dense", "fully connected", "fc", "mlp")),
    LayerSpec("Conv1d", CATEGORY, torch_class="Conv1d", params=_conv_params(1), infer=_channels(2),
              check=chain(need_rank("Conv1d", (2,), "a sequence (C, L)", seq_fix), _padding_same_check, _groups_check),
              explain_error=kernel_error("Conv1d"), label=_label_conv, keywords=("convolution", "temporal")),
    LayerSpec("Conv2d", CATEGORY, torch_class="Conv2d", params=_conv_params(2), infer=_channels(3),
              check=chain(need_rank("Conv2d", (3,), "an image (C, H, W)", image_fix), _padding_same_check,
                          _groups_check),
              explain_error=kernel_error("Conv2d"), label=_label_conv, keywords=("convolution", "cnn", "filter")),
    LayerSpec("ConvTranspose2d", CATEGORY, torch_class="ConvTranspose2d", params=_conv_params(2, transpose=True),
              infer=_channels(3), check=chain(need_rank("ConvTranspose2d", (3,), "an image (C, H, W)", image_fix),
                                           _groups_check),
              explain_error=kernel_error("ConvTranspose2d"), label=_label_conv,
              keywords=("deconvolution", "upconv", "transposed", "generator")),
    LayerSpec("Upsample", CATEGORY, torch_class="Upsample", params=(
        Param("size", INTS, None, optional=True, min=1),
        Param("scale_factor", FLOAT, None, optional=True, min=0, initial=2.0),
        Param("mode", CHOICE, "nearest", choices=("nearest", "linear", "bilinear", "bicubic", "trilinear")),
        Param("align_corners", BOOL, None, optional=True, advanced=True)),
        check=_upsample_check, label=lambda p: f"x{p['scale_factor']:g}" if p.get("scale_factor") else "",
        keywords=("resize", "interpolate", "zoom")),
]

"""Pooling layers."""

from __future__ import annotations

from .common import chain, image_fix, kernel_error, label_kernel, need_rank, seq_fix
from .spec import BOOL, INTS, LayerSpec, Param, Problem

CATEGORY = "Pooling"


def _pool_params(length: int, avg: bool = False) -> tuple[Param, ...]:
    params = [
        Param("kernel_size", INTS, required=True, min=1, length=length, initial=2),
        Param("stride", INTS, None, optional=True, min=1, length=length),
        Param("padding", INTS, 0, min=0, length=length),
    ]
    if not avg:
        params.append(Param("dilation", INTS, 1, min=1, length=length, advanced=True))
    params.append(Param("ceil_mode", BOOL, False, advanced=True))
    if avg:
        params.append(Param("count_include_pad", BOOL, True, advanced=True))
    return tuple(params)


def _half_kernel_padding(params, shapes, dtypes):
    k, p = params["kernel_size"], params.get("padding", 0)
    ks = k if isinstance(k, list) else [k]
    ps = p if isinstance(p, list) else [p] * len(ks)
    if any(pi * 2 > ki for pi, ki in zip(ps, ks)):
        return [Problem(f"padding {p} must be at most half the kernel_size {k}")]
    return []


def _adaptive(name: str):
    return LayerSpec(name, CATEGORY, torch_class=name, params=(
        Param("output_size", INTS, required=True, min=1, length=2, initial=1),),
        check=need_rank(name, (3,), "an image (C, H, W)", image_fix),
        label=lambda p: f"-> {label_kernel({'kernel_size': p['output_size']})}",
        keywords=("global", "adaptive"))


SPECS = [
    LayerSpec("MaxPool1d", CATEGORY, torch_class="MaxPool1d", params=_pool_params(1),
              check=chain(need_rank("MaxPool1d", (2,), "a sequence (C, L)", seq_fix), _half_kernel_padding),
              explain_error=kernel_error("MaxPool1d"), label=label_kernel, keywords=("downsample",)),
    LayerSpec("MaxPool2d", CATEGORY, torch_class="MaxPool2d", params=_pool_params(2),
              check=chain(need_rank("MaxPool2d", (3,), "an image (C, H, W)", image_fix), _half_kernel_padding),
              explain_error=kernel_error("MaxPool2d"), label=label_kernel, keywords=("downsample", "subsample")),
    LayerSpec("AvgPool2d", CATEGORY, torch_class="AvgPool2d", params=_pool_params(2, avg=True),
              check=chain(need_rank("AvgPool2d", (3,), "an image (C, H, W)", image_fix), _half_kernel_padding),
              explain_error=kernel_error("AvgPool2d"), label=label_kernel, keywords=("average", "downsample")),
    _adaptive("AdaptiveAvgPool2d"),
    _adaptive("AdaptiveMaxPool2d"),
]

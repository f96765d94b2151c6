"""``shapes``: generated small grey images of circles, squares and triangles (3 classes, offline)."""

from __future__ import annotations

import numpy as np
import torch

from .base import Context, Raw
from .options import check_known, opt_float, opt_int

CLASSES = ["circle", "square", "triangle"]


def render(kind: np.ndarray, cx, cy, r, size: int) -> np.ndarray:
    """(N, size, size) uint8 masks: kind 0 circle, 1 square, 2 upright triangle of half-size r at (cx, cy)."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    dx, dy = xx[None] - cx[:, None, None], yy[None] - cy[:, None, None]
    rr = r[:, None, None]
    circle = dx ** 2 + dy ** 2 <= rr ** 2
    square = (np.abs(dx) <= rr * 0.85) & (np.abs(dy) <= rr * 0.85)
    # apex at the top (dy = -r), base at dy = +r; the half-width grows linearly downwards
    triangle = (dy >= -rr) & (dy <= rr) & (np.abs(dx) <= (dy + rr) * 0.6)
    k = kind[:, None, None]
    mask = np.where(k == 0, circle, np.where(k == 1, square, triangle))
    return (mask * 255).astype(np.uint8)


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "shapes", ("samples", "size", "noise", "seed"))
    n = opt_int(options, "samples", 3000, lo=3)
    default_size = ctx.input_shape[-1] if ctx.input_shape and len(ctx.input_shape) == 3 else 28
    size = opt_int(options, "size", default_size, lo=8, hi=256)
    noise = opt_float(options, "noise", 0.1, hi=1)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    kind = np.arange(n) % 3
    rng.shuffle(kind)
    r = rng.uniform(size * 0.15, size * 0.35, n)
    cx = rng.uniform(r, size - r)
    cy = rng.uniform(r, size - r)
    images = render(kind, cx, cy, r, size).astype(np.float32)
    images += rng.normal(0, noise * 255, images.shape)
    x = torch.from_numpy(np.clip(images, 0, 255).astype(np.uint8)[:, None])
    return Raw(x, torch.from_numpy(kind.astype(np.int64)), "image", CLASSES, mean=[0.2], std=[0.4])

"""2-D point clouds for playground-style teaching: spirals, moons, circles, blobs."""

from __future__ import annotations

import numpy as np
import torch

from .base import Context, Raw
from .options import check_known, opt_float, opt_int

OPTIONS = ("samples", "noise", "classes", "seed")


def _finish(x: np.ndarray, y: np.ndarray, names: list[str], rng: np.random.Generator) -> Raw:
    order = rng.permutation(len(x))
    return Raw(torch.from_numpy(x[order].astype(np.float32)), torch.from_numpy(y[order].astype(np.int64)),
               "points", names)


def spirals(options: dict, ctx: Context) -> Raw:
    """Interleaved spiral arms, one per class (the classic "hard for a linear model" set)."""
    check_known(options, "spirals", OPTIONS)
    n = opt_int(options, "samples", 1000, lo=4)
    k = opt_int(options, "classes", 2, lo=2, hi=10)
    noise = opt_float(options, "noise", 0.1, hi=5)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    per = n // k
    xs, ys = [], []
    for c in range(k):
        t = np.sqrt(rng.uniform(0.02, 1.0, per))          # sqrt: even density along the arm
        angle = t * 3.0 * np.pi + 2 * np.pi * c / k
        pts = np.stack([t * np.cos(angle), t * np.sin(angle)], 1) + rng.normal(0, noise * 0.1, (per, 2))
        xs.append(pts)
        ys.append(np.full(per, c))
    return _finish(np.concatenate(xs), np.concatenate(ys), [f"arm {c}" for c in range(k)], rng)


def moons(options: dict, ctx: Context) -> Raw:
    """Two interleaving half circles (as scikit-learn's make_moons)."""
    check_known(options, "moons", OPTIONS[:2] + ("seed",))
    n = opt_int(options, "samples", 1000, lo=4)
    noise = opt_float(options, "noise", 0.1, hi=5)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    half = n // 2
    t = rng.uniform(0, np.pi, half)
    outer = np.stack([np.cos(t), np.sin(t)], 1)
    t = rng.uniform(0, np.pi, n - half)
    inner = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1)
    x = np.concatenate([outer, inner]) + rng.normal(0, noise, (n, 2))
    x = (x - [0.5, 0.25]) / 1.2
    y = np.concatenate([np.zeros(half), np.ones(n - half)])
    return _finish(x, y, ["upper moon", "lower moon"], rng)


def circles(options: dict, ctx: Context) -> Raw:
    """A ring around a disc: separable only by a curved boundary."""
    check_known(options, "circles", OPTIONS[:2] + ("seed",))
    n = opt_int(options, "samples", 1000, lo=4)
    noise = opt_float(options, "noise", 0.05, hi=5)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    half = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.concatenate([np.full(half, 1.0), np.full(n - half, 0.5)])
    x = np.stack([r * np.cos(t), r * np.sin(t)], 1) + rng.normal(0, noise, (n, 2))
    y = np.concatenate([np.zeros(half), np.ones(n - half)])
    return _finish(x, y, ["outer ring", "inner disc"], rng)


def blobs(options: dict, ctx: Context) -> Raw:
    """Gaussian clusters, one per class, around centres on a circle."""
    check_known(options, "blobs", OPTIONS)
    n = opt_int(options, "samples", 1000, lo=4)
    k = opt_int(options, "classes", 3, lo=2, hi=20)
    noise = opt_float(options, "noise", 0.25, hi=5)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    centres = np.stack([np.cos(2 * np.pi * np.arange(k) / k), np.sin(2 * np.pi * np.arange(k) / k)], 1) * 0.7
    y = np.arange(n) % k
    x = centres[y] + rng.normal(0, noise, (n, 2))
    return _finish(x, y, [f"blob {c}" for c in range(k)], rng)

"""``sine``: noisy sine waves; the target is the value one step after the sequence (RNN regression)."""

from __future__ import annotations

import numpy as np
import torch

from .base import Context, Raw
from .options import check_known, opt_float, opt_int


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "sine", ("samples", "length", "noise", "seed"))
    default_len = ctx.input_shape[0] if ctx.input_shape and len(ctx.input_shape) == 2 else 50
    n = opt_int(options, "samples", 2000, lo=3)
    length = opt_int(options, "length", default_len, lo=2, hi=10000)
    noise = opt_float(options, "noise", 0.05, hi=5)
    rng = np.random.default_rng(opt_int(options, "seed", 0, lo=0, hi=2**31))
    freq = rng.uniform(0.05, 0.25, (n, 1))           # radians per step: one wave every 25 to 125 steps
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    amp = rng.uniform(0.5, 1.0, (n, 1))
    t = np.arange(length + 1)[None]
    clean = amp * np.sin(freq * t + phase)
    noisy = clean[:, :length] + rng.normal(0, noise, (n, length))
    x = torch.from_numpy(noisy.astype(np.float32)).unsqueeze(-1)    # (N, T, 1)
    y = torch.from_numpy(clean[:, length:].astype(np.float32))      # (N, 1): the next clean value
    return Raw(x, y, "sequence")

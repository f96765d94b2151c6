"""Checks and helpers shared by several layer specs (torch-free)."""

from __future__ import annotations

import math
from typing import Callable

from .shape_format import shape_text
from .spec import Problem, Shape, ints_text


def need_rank(type_name: str, ranks: tuple[int, ...], what: str, fix: Callable[[Shape], str]):
    """A ``check`` that accepts inputs of the given ranks (batch excluded) and explains the fix otherwise."""

    def check(params: dict, shapes: list[Shape], dtypes: list[str]) -> list[Problem]:
        shape = shapes[0]
        if len(shape) not in ranks:
            return [Problem(f"{type_name} expects {what} but receives {shape_text(shape)}: {fix(shape)}")]
        return []

    return check


# Image sides the Unflatten hint tries: a side search up to sqrt(n) froze the window for a 20-digit size
# (and ``n ** 0.5`` overflows above 1e308); no image a student unflattens has sides above this.
MAX_HINT_SIDE = 4096


def square_image_shape(n: int) -> list[int] | None:
    """A plausible (C, H, W) with H == W for ``n`` values: 784 -> [1, 28, 28], 5408 -> [32, 13, 13].

    Tries at most ``MAX_HINT_SIDE`` sides, so it answers in bounded time for any ``n``.
    """
    if not isinstance(n, int) or n < 4:
        return None
    side = min(math.isqrt(n), MAX_HINT_SIDE)
    for h in range(side, 1, -1):
        if n % (h * h) == 0:
            return [n // (h * h), h, h]
    return None


def image_fix(shape: Shape) -> str:
    if len(shape) == 1:
        guess = square_image_shape(shape[0])
        example = f" (e.g. to {guess})" if guess else f" whose sizes multiply to {shape[0]}"
        return f"add an Unflatten{example} before it, or use Linear for flat vectors"
    if len(shape) == 2:
        return "add an Unflatten to give it a channel axis, or use Conv1d for sequences"
    return "use Conv3d-style data only after reshaping it to (C, H, W)"


def seq_fix(shape: Shape) -> str:
    if len(shape) == 1:
        return "add an Unflatten to split the vector into (length, channels), or use Linear"
    return "add a Flatten(start_dim=2) or a Reshape to (C, L) before it"


def rnn_fix(shape: Shape) -> str:
    if len(shape) == 3:
        c, h, w = shape
        return (f"it looks like an image; add a Reshape to [{h}, {c * w}] to read its rows as {h} time steps, "
                "or use Conv2d for images")
    if len(shape) == 1:
        return f"add a Reshape to [{shape[0]}, 1] to read it as {shape[0]} steps of one feature, or use an Embedding for tokens"
    return "reshape it to (time steps, features)"


def chain(*checks):
    """Run several checks; the first one that finds an error wins, warnings add up."""

    def check(params: dict, shapes: list[Shape], dtypes: list[str]) -> list[Problem]:
        found: list[Problem] = []
        for c in checks:
            problems = c(params, shapes, dtypes)
            found += problems
            if any(p.severity == "error" for p in problems):
                break
        return found

    return check


def kernel_error(type_name: str):
    """Turns PyTorch's "Kernel size can't be greater..." / "Output size is too small" into a fix."""

    def explain(message: str, params: dict, shapes: list[Shape]) -> str | None:
        if "Kernel size can't be greater" in message or "Output size is too small" in message \
                or "output size is too small" in message.lower():
            size = "x".join(str(d) for d in shapes[0][1:])
            return (f"{type_name} kernel {ints_text(params.get('kernel_size', params.get('output_size')))} is "
                    f"larger than its input {size} (padding {ints_text(params.get('padding', 0))}): use a smaller "
                    "kernel_size, add padding, or remove a pooling layer before it")
        return None

    return explain


def label_kernel(p: dict) -> str:
    k = p["kernel_size"]
    k = f"{k}x{k}" if isinstance(k, int) else ints_text(k)
    extra = ""
    if p.get("stride", 1) not in (1, None, [1, 1]):
        extra += f" s{ints_text(p['stride'])}"
    if p.get("padding", 0) not in (0, [0, 0]):
        extra += f" p{ints_text(p['padding'])}"
    return f"{k}{extra}"

"""Image augmentation from ``torchvision.transforms.v2``, applied per sample to training batches.

A v2 transform given a whole batch draws *one* random angle/crop for all of it; per-sample draws
are what augmentation is for, so each image goes through the transform on its own. Images are
stored normalised; they are mapped back to [0, 1] around the transforms so that padding and
rotation fill with black and colour jitter sees real colours.
"""

from __future__ import annotations

from typing import Callable

import torch

from netstudio.core.errors import ProjectError


def _bad(name: str, message: str):
    raise ProjectError(f"data.augment.{name} {message}", field="augment")


def build_transforms(cfg: dict, sample_shape: tuple[int, ...]):
    """The ``v2.Compose`` described by ``data.augment`` for images of ``sample_shape`` (C, H, W), or None."""
    if not cfg:
        return None
    if len(sample_shape) != 3:
        raise ProjectError(f"data.augment works on images, but this dataset's samples have shape {list(sample_shape)}:"
                           " remove data.augment", field="augment")
    from torchvision.transforms import v2

    c, h, w = sample_shape
    steps = []
    if "random_crop" in cfg:
        v = cfg["random_crop"]
        pad = v.get("padding", 4) if isinstance(v, dict) else v
        if not isinstance(pad, int) or isinstance(pad, bool) or pad < 0:
            _bad("random_crop", f"must be {{\"padding\": N}} or a whole number of pixels, not {v!r}")
        steps.append(v2.RandomCrop((h, w), padding=pad))
    if "rotation" in cfg:
        deg = cfg["rotation"]
        if not isinstance(deg, (int, float)) or isinstance(deg, bool) or not 0 <= deg <= 180:
            _bad("rotation", f"must be a number of degrees from 0 to 180, not {deg!r}")
        steps.append(v2.RandomRotation(deg))
    if "affine_scale" in cfg:
        s = cfg["affine_scale"]
        if not (isinstance(s, list) and len(s) == 2 and all(isinstance(v, (int, float)) and v > 0 for v in s)
                and s[0] <= s[1]):
            _bad("affine_scale", f"must be [min, max] scale factors such as [0.9, 1.1], not {s!r}")
        steps.append(v2.RandomAffine(degrees=0, scale=tuple(s)))
    if "horizontal_flip" in cfg:
        p = cfg["horizontal_flip"]
        p = 0.5 if p is True else (0.0 if p is False else p)
        if not isinstance(p, (int, float)) or not 0 <= p <= 1:
            _bad("horizontal_flip", f"must be true/false or a probability, not {cfg['horizontal_flip']!r}")
        if p:
            steps.append(v2.RandomHorizontalFlip(p))
    if "color_jitter" in cfg:
        j = cfg["color_jitter"]
        keys = ("brightness", "contrast", "saturation", "hue")
        if not isinstance(j, dict) or set(j) - set(keys) or not all(isinstance(v, (int, float)) for v in j.values()):
            _bad("color_jitter", f"must be an object with brightness, contrast, saturation, hue numbers, not {j!r}")
        if c != 3 and (j.get("saturation") or j.get("hue")):
            _bad("color_jitter", "saturation and hue need colour (3-channel) images")
        steps.append(v2.ColorJitter(**j))
    return v2.Compose(steps) if steps else None


def build_augment(cfg: dict, sample_shape: tuple[int, ...], mean=None, std=None
                  ) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """A function (B, C, H, W) -> (B, C, H, W) applying the augmentation to every image independently."""
    transform = build_transforms(cfg, sample_shape)
    if transform is None:
        return None

    def augment(xb: torch.Tensor) -> torch.Tensor:
        if mean is not None:
            m = torch.tensor(mean, device=xb.device, dtype=xb.dtype).view(1, -1, 1, 1)
            s = torch.tensor(std, device=xb.device, dtype=xb.dtype).view(1, -1, 1, 1)
            xb = xb * s + m
        out = torch.stack([transform(img) for img in xb.clamp(0, 1)])
        return (out - m) / s if mean is not None else out

    return augment

"""``image_folder``: one sub-folder per class (``cats/``, ``dogs/``), every image resized to the model's input."""

from __future__ import annotations

import numpy as np
import torch

from .base import Context, DatasetError, Raw
from .options import check_known, opt_str

EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def load_image(path, channels: int, size: tuple[int, int]) -> np.ndarray:
    """One image file as (C, H, W) uint8, converted to grey or RGB and resized; DatasetError if unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im = im.convert("L" if channels == 1 else "RGB")
            if im.size != (size[1], size[0]):
                im = im.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            array = np.asarray(im, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DatasetError(f"{path} is not a readable image ({type(exc).__name__}): remove or replace it") from None
    return array[None] if array.ndim == 2 else array.transpose(2, 0, 1)


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "image_folder", ("path",))
    root = ctx.path(opt_str(options, "path", None), "path")
    if not root.is_dir():
        raise DatasetError(f"image folder {root} does not exist (data.options.path)")
    shape = ctx.input_shape
    if not shape or len(shape) != 3 or shape[0] not in (1, 3):
        raise DatasetError("image_folder needs the model's Input shape to be [channels, height, width] with 1 or 3 "
                           f"channels, not {list(shape) if shape else None}")
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(classes) < 2:
        raise DatasetError(f"image folder {root} needs one sub-folder per class (at least two), found "
                           f"{len(classes)}")
    images, labels = [], []
    for c, name in enumerate(classes):
        files = sorted(f for f in (root / name).rglob("*") if f.suffix.lower() in EXTENSIONS)
        if not files:
            raise DatasetError(f"class folder {root / name} holds no images ({', '.join(sorted(EXTENSIONS))})")
        for f in files:
            images.append(load_image(f, shape[0], (shape[1], shape[2])))
            labels.append(c)
    x = torch.from_numpy(np.stack(images))
    return Raw(x, torch.tensor(labels, dtype=torch.int64), "image", classes, standardize=True)

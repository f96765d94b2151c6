"""``image_folder``: one sub-folder per class (``cats/``, ``dogs/``), every image resized to the model's input."""

from __future__ import annotations

import numpy as np
import torch

from ..memory import machine_memory
from .base import Context, DatasetError, Raw
from .options import check_known, opt_str

EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
# The most pixels (width x height) of an image file NetStudio decodes, and of the size images are resized
# to (the Input's height x width): 50 megapixels is a 8,660 x 5,773 photo, and 200 MB as RGB bytes.
# A file claiming more (a "decompression bomb" is a tiny file whose header claims 20000 x 20000) is refused
# from its header, before any pixel is decoded.
MAX_IMAGE_PIXELS = 50_000_000


def check_target_size(size: tuple[int, int], channels: int, where: str) -> None:
    """Refuse resizing images to ``size`` (height, width) above MAX_IMAGE_PIXELS, naming ``where`` it comes from."""
    h, w = size
    if h * w > MAX_IMAGE_PIXELS:
        raise DatasetError(f"{where} [{channels}, {h}, {w}] asks for images of {h * w:,} pixels, more than the "
                           f"{MAX_IMAGE_PIXELS:,} NetStudio reads: make the Input's height and width smaller")


def load_image(path, channels: int, size: tuple[int, int]) -> np.ndarray:
    """One image file as (C, H, W) uint8, converted to grey or RGB and resized; DatasetError if unreadable.

    The header is read first (PIL opens lazily): a file of more than MAX_IMAGE_PIXELS pixels is
    refused before it is decoded.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    check_target_size(size, channels, "the model's Input")
    too_large = (f"{path} is too large: its header claims more than {MAX_IMAGE_PIXELS:,} pixels (the most "
                 "NetStudio decodes; a tiny file claiming that is a decompression bomb): shrink or remove it")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im_file = Image.open(path)
        with im_file as im:
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                raise DatasetError(f"{path} is too large: {width} x {height} = {width * height:,} pixels, more than "
                                   f"the {MAX_IMAGE_PIXELS:,} NetStudio decodes: shrink or remove it")
            im = im.convert("L" if channels == 1 else "RGB")
            if im.size != (size[1], size[0]):
                im = im.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            array = np.asarray(im, dtype=np.uint8)
    except Image.DecompressionBombError:
        raise DatasetError(too_large) from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
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
    check_target_size((shape[1], shape[2]), shape[0], "the model's Input")
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(classes) < 2:
        raise DatasetError(f"image folder {root} needs one sub-folder per class (at least two), found "
                           f"{len(classes)}")
    per_class = []
    for name in classes:
        files = sorted(f for f in (root / name).rglob("*") if f.suffix.lower() in EXTENSIONS)
        if not files:
            raise DatasetError(f"class folder {root / name} holds no images ({', '.join(sorted(EXTENSIONS))})")
        per_class.append(files)
    count = sum(len(files) for files in per_class)
    # held as uint8 while loading, then as float32: five bytes per value
    need = count * shape[0] * shape[1] * shape[2] * 5
    have = machine_memory(torch.device("cpu"))
    if have is not None and need > have // 2:
        raise DatasetError(f"image folder {root}: {count:,} images at the Input's size {list(shape)} need about "
                           f"{need / 1e9:,.1f} GB of memory, and this computer has {have / 1e9:,.1f} GB: make the "
                           "Input's height and width smaller or use fewer images")
    images, labels = [], []
    for c, files in enumerate(per_class):
        for f in files:
            images.append(load_image(f, shape[0], (shape[1], shape[2])))
            labels.append(c)
    x = torch.from_numpy(np.stack(images))
    return Raw(x, torch.tensor(labels, dtype=torch.int64), "image", classes, standardize=True)

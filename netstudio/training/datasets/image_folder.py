"""``image_folder``: one sub-folder per class (``cats/``, ``dogs/``), every image resized to the model's input.

Images are decoded once, by a pool of processes (PIL holds the GIL for most of a small image's
decode, so threads do not help), straight into a memory-mapped uint8 cache file
(``image_cache``); later runs map that file and decode nothing until a file changes.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch

from ..memory import machine_memory
from .base import Context, DatasetError, Raw
from .image_cache import ImageCache, cache_key
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


DECODE_CHUNK = 256           # images per task sent to a decoding process
PARALLEL_MIN_FILES = 1024    # below this, starting processes costs more than it saves


def decode_workers(count: int) -> int:
    """Processes that decode ``count`` images: one per CPU, none beyond what the chunks can keep busy."""
    if count < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, count // DECODE_CHUNK))


def _decode_chunk(job: tuple[list, int, tuple[int, int]]):
    """Decode a chunk in a worker process; a DatasetError comes back as its message (exceptions pickle badly)."""
    files, channels, size = job
    try:
        return np.stack([load_image(f, channels, size) for f in files])
    except DatasetError as exc:
        return str(exc)


def decode_into(out: np.ndarray, files: list, channels: int, size: tuple[int, int], workers: int | None = None) -> None:
    """Decode ``files`` into ``out`` (N, C, H, W) uint8, in parallel processes when there are many."""
    workers = decode_workers(len(files)) if workers is None else workers
    if workers <= 1:
        for i, f in enumerate(files):
            out[i] = load_image(f, channels, size)
        return
    starts = list(range(0, len(files), DECODE_CHUNK))
    jobs = [(files[lo:lo + DECODE_CHUNK], channels, size) for lo in starts]
    methods = multiprocessing.get_all_start_methods()
    # fork: the children need nothing re-imported (spawn would import torch again in each one)
    context = multiprocessing.get_context("fork") if "fork" in methods else None
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for lo, result in zip(starts, pool.map(_decode_chunk, jobs)):
            if isinstance(result, str):
                raise DatasetError(result)
            out[lo:lo + len(result)] = result


def _scan(folder: str, rel: str, out: list) -> None:
    """Append (relative path, path, size, mtime ns) of every image under ``folder``; os.scandir, as pathlib's
    rglob and relative_to cost more than the second load of 20,000 images may take in all."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in EXTENSIONS and not entry.is_dir():
                st = entry.stat()
                out.append((rel + name, entry.path, st.st_size, st.st_mtime_ns))
            elif entry.is_dir():
                _scan(entry.path, rel + name + "/", out)


def list_images(root: Path) -> tuple[list[str], list[str], list[int], list[list]]:
    """(class names, image files in a stable order, the class of each file, [relative path, size, mtime] of each)."""
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(classes) < 2:
        raise DatasetError(f"image folder {root} needs one sub-folder per class (at least two), found "
                           f"{len(classes)}")
    files: list[str] = []
    labels: list[int] = []
    entries: list[list] = []
    for c, name in enumerate(classes):
        found: list = []
        try:
            _scan(str(root / name), name + "/", found)
        except OSError as exc:
            raise DatasetError(f"image folder {root}: {exc.filename} cannot be read ({exc.strerror})") from None
        if not found:
            raise DatasetError(f"class folder {root / name} holds no images ({', '.join(sorted(EXTENSIONS))})")
        found.sort(key=lambda f: f[0].split("/"))     # the order of sorted(Path)
        files += [f[1] for f in found]
        labels += [c] * len(found)
        entries += [[f[0], f[2], f[3]] for f in found]
    return classes, files, labels, entries


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
    classes, files, labels, entries = list_images(root)
    full = (len(files), *shape)
    cache = ImageCache(root, cache_key(entries, full, "image_folder"), full)
    size = (shape[1], shape[2])
    x = cache.load()
    if x is None:
        written = cache.write(lambda out: decode_into(out, files, shape[0], size),
                              {"view": f"image_folder {shape[0]}x{shape[1]}x{shape[2]}", "images": len(files)})
        x = cache.load() if written is not None else None
    cache_file = str(cache.found) if x is not None else None
    if x is None:    # no folder for a cache could be written: decode into memory, if it fits
        _check_fits(root, full)
        x = np.empty(full, np.uint8)
        decode_into(x, files, shape[0], size)
    return Raw(torch.from_numpy(x), torch.from_numpy(np.array(labels, np.int64)), "image", classes, standardize=True,
               cache_file=cache_file)


def _check_fits(root: Path, full: tuple[int, ...]) -> None:
    count = full[0]
    # held as uint8 while loading, then as float32: five bytes per value
    need = int(np.prod(full, dtype=np.int64)) * 5
    have = machine_memory(torch.device("cpu"))
    if have is not None and need > have // 2:
        raise DatasetError(f"image folder {root}: {count:,} images at the Input's size {list(full[1:])} need about "
                           f"{need / 1e9:,.1f} GB of memory, this computer has {have / 1e9:,.1f} GB, and no cache "
                           "file to stream from could be written (the folder and the user cache folder are "
                           "read-only): make the Input's height and width smaller or use fewer images")

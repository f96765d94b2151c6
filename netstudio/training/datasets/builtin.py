"""``mnist``, ``fashion_mnist``, ``cifar10``: the standard sets, downloaded once into a cache folder.

MNIST and Fashion-MNIST are downloaded by ``torchvision.datasets`` and read from their IDX files
(plain or .gz) by NetStudio's reader, so files a user copies in by hand work too.
CIFAR-10 is read from its *binary* release: torchvision's ``CIFAR10`` unpickles the Python
release, and NetStudio never unpickles files from the internet.
The decoded images (training rows, then test rows) go into the same uint8 cache file as an image
folder's (``image_cache``), so that later runs map it instead of parsing the downloads, and a
memory budget smaller than the set streams from it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import torch

from .base import Context, DatasetError, Raw
from .idx import read_idx
from .image_cache import ImageCache, cache_key, file_entries
from .options import check_known, opt_bool, opt_str

CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
CIFAR_MD5 = "c32a1d4ab5d03f1284b67883e8d87530"
CIFAR_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot"]
OPTIONS = ("root", "download")


def cache_root() -> Path:
    """Where downloads go: $NETSTUDIO_DATA, else ~/.cache/netstudio/datasets."""
    env = os.environ.get("NETSTUDIO_DATA")
    return Path(env) if env else Path.home() / ".cache" / "netstudio" / "datasets"


def _root(options: dict, ctx: Context) -> Path:
    root = opt_str(options, "root", None)
    return ctx.path(root, "root") if root else cache_root()


def _find(raw_dir: Path, stem: str) -> Path | None:
    for name in (stem, stem + ".gz"):   # torchvision unpacks the downloads; a user may drop the .gz files
        if (raw_dir / name).exists():
            return raw_dir / name
    return None


def _torchvision_idx(cls_name: str, folder: str, files: list[str], options: dict, ctx: Context,
                     class_names: list[str], mean, std) -> Raw:
    """Read the four IDX files from ``<root>/<folder>/raw``; download them with torchvision when missing."""
    check_known(options, cls_name.lower(), OPTIONS)
    root = _root(options, ctx)
    raw_dir = root / folder / "raw"
    stems = [f[:-3] for f in files]
    download = opt_bool(options, "download", True)
    if any(_find(raw_dir, s) is None for s in stems):
        why = "downloading is off (data.options.download)"
        if download:
            from torchvision import datasets

            try:
                print(f"Downloading {cls_name} into {root} ...", file=sys.stderr)
                for train in (True, False):
                    getattr(datasets, cls_name)(str(root), train=train, download=True)
                why = ""
            except Exception as exc:  # torchvision raises RuntimeError/URLError/OSError when offline
                why = f"it could not be downloaded ({str(exc).splitlines()[0][:160]})"
        if why:
            raise DatasetError(f"{cls_name} is not in {raw_dir} and {why}: put {', '.join(files)} in that folder, "
                               "or use the offline dataset mnist10k")
    y_train, y_test = (read_idx(_find(raw_dir, s)).long() for s in (stems[1], stems[3]))

    def read() -> np.ndarray:
        x_train, x_test = (read_idx(_find(raw_dir, s)).unsqueeze(1).numpy() for s in (stems[0], stems[2]))
        return np.concatenate([x_train, x_test])

    x, cache_file = cached_images(raw_dir, [_find(raw_dir, stems[0]), _find(raw_dir, stems[2])], cls_name, read,
                                  len(y_train) + len(y_test))
    n = len(y_train)
    return Raw(x[:n], y_train, "image", class_names, test=(x[n:], y_test), mean=mean, std=std,
               default_split={"val": 1 / 12}, cache_file=cache_file)


def cached_images(folder: Path, sources: list[Path], view: str, read, count: int) -> tuple[torch.Tensor, str | None]:
    """``read()``'s uint8 (N, C, H, W) images through the image cache: (a memory-mapped tensor, its file).

    Without any writable cache folder: the decoded array itself and None (held in memory).
    """
    try:
        key = cache_key(file_entries(folder, sources), (), view)
    except OSError:
        return torch.from_numpy(read()), None
    cache = ImageCache(folder, key, None)
    array = cache.load()
    if array is None or len(array) != count:
        data = read()
        if len(data) != count:
            raise DatasetError(f"{folder}: the image and label files hold {len(data)} and {count} samples: "
                               "download them again")
        cache.write(lambda out: np.copyto(out, data), {"view": view}, shape=data.shape)
        array = cache.load()
        if array is None:
            return torch.from_numpy(data), None
    return torch.from_numpy(array), str(cache.found)


_MNIST_FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"]


def mnist(options: dict, ctx: Context) -> Raw:
    return _torchvision_idx("MNIST", "MNIST", _MNIST_FILES, options, ctx, [str(d) for d in range(10)],
                            [0.1307], [0.3081])


def fashion_mnist(options: dict, ctx: Context) -> Raw:
    return _torchvision_idx("FashionMNIST", "FashionMNIST", _MNIST_FILES, options, ctx, FASHION_CLASSES,
                            [0.2860], [0.3530])


def _read_cifar_batch(path: Path) -> tuple[torch.Tensor, torch.Tensor]:
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise DatasetError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if raw.size == 0 or raw.size % 3073:
        raise DatasetError(f"{path} is damaged (its size is not a whole number of 3,073-byte records): "
                           "download it again")
    records = raw.reshape(-1, 3073)
    labels = torch.from_numpy(records[:, 0].astype(np.int64))
    if int(labels.max()) > 9:
        raise DatasetError(f"{path} is damaged (label {int(labels.max())} is not a CIFAR-10 class)")
    images = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).copy())
    return images, labels


def cifar10(options: dict, ctx: Context) -> Raw:
    check_known(options, "cifar10", OPTIONS)
    root = _root(options, ctx)
    folder = root / "cifar-10-batches-bin"
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    if not all((folder / n).exists() for n in names):
        if not opt_bool(options, "download", True):
            raise DatasetError(f"CIFAR-10 is not in {folder} and downloading is off (data.options.download): "
                               f"put {', '.join(names)} from {CIFAR_URL} in that folder")
        try:
            from torchvision.datasets.utils import download_and_extract_archive

            print(f"Downloading CIFAR-10 into {root} ...", file=sys.stderr)
            download_and_extract_archive(CIFAR_URL, str(root), md5=CIFAR_MD5)
        except Exception as exc:  # network errors come as URLError, OSError or RuntimeError
            raise DatasetError(f"CIFAR-10 is not in {folder} and could not be downloaded "
                               f"({str(exc).splitlines()[0][:160]}): unpack {CIFAR_URL} into {root}") from None
    labels = [_cifar_labels(folder / n) for n in names]

    def read() -> np.ndarray:
        return np.concatenate([_read_cifar_batch(folder / n)[0].numpy() for n in names])

    y = torch.cat(labels[:5])
    x, cache_file = cached_images(folder, [folder / n for n in names], "CIFAR-10", read, len(y) + len(labels[5]))
    n = len(y)
    return Raw(x[:n], y, "image", CIFAR_CLASSES, test=(x[n:], labels[5]), mean=[0.4914, 0.4822, 0.4465],
               std=[0.2470, 0.2435, 0.2616], default_split={"val": 0.1}, cache_file=cache_file)


def _cifar_labels(path: Path) -> torch.Tensor:
    """The labels of a CIFAR-10 binary file (the first byte of each record), without decoding its images."""
    try:
        size = path.stat().st_size
        if size == 0 or size % 3073:
            raise DatasetError(f"{path} is damaged (its size is not a whole number of 3,073-byte records): "
                               "download it again")
        labels = np.memmap(path, dtype=np.uint8, mode="r")[::3073].astype(np.int64)
    except OSError as exc:
        raise DatasetError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if int(labels.max()) > 9:
        raise DatasetError(f"{path} is damaged (label {int(labels.max())} is not a CIFAR-10 class)")
    return torch.from_numpy(labels)

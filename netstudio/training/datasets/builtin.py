"""``mnist``, ``fashion_mnist``, ``cifar10``: the standard sets, downloaded once into a cache folder.

MNIST and Fashion-MNIST are downloaded by ``torchvision.datasets`` and read from their IDX files
(plain or .gz) by NetStudio's reader, so files a user copies in by hand work too.
CIFAR-10 is read from its *binary* release: torchvision's ``CIFAR10`` unpickles the Python
release, and NetStudio never unpickles files from the internet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import torch

from .base import Context, DatasetError, Raw
from .idx import read_idx
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
    x_train, y_train, x_test, y_test = (read_idx(_find(raw_dir, s)) for s in stems)
    return Raw(x_train.unsqueeze(1).contiguous(), y_train.long(), "image", class_names,
               test=(x_test.unsqueeze(1).contiguous(), y_test.long()), mean=mean, std=std,
               default_split={"val": 1 / 12})


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
    parts = [_read_cifar_batch(folder / n) for n in names[:5]]
    test = _read_cifar_batch(folder / names[5])
    x = torch.cat([p[0] for p in parts])
    y = torch.cat([p[1] for p in parts])
    return Raw(x, y, "image", CIFAR_CLASSES, test=test, mean=[0.4914, 0.4822, 0.4465], std=[0.2470, 0.2435, 0.2616],
               default_split={"val": 0.1})

"""``mnist``, ``fashion_mnist``, ``cifar10``: the standard sets, downloaded once into a cache folder.

MNIST and Fashion-MNIST come through ``torchvision.datasets`` (their IDX files hold no pickle).
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


def _torchvision_idx(cls_name: str, folder: str, files: list[str], options: dict, ctx: Context,
                     class_names: list[str], mean, std) -> Raw:
    from torchvision import datasets

    check_known(options, cls_name.lower(), OPTIONS)
    root = _root(options, ctx)
    download = opt_bool(options, "download", True)
    cls = getattr(datasets, cls_name)
    try:
        train = cls(str(root), train=True, download=download)
        test = cls(str(root), train=False, download=download)
    except Exception as exc:  # torchvision raises RuntimeError/URLError/OSError for missing or failed downloads
        where = root / folder / "raw"
        why = "downloading is off (data.options.download)" if not download else \
            f"it could not be downloaded ({str(exc).splitlines()[0][:160]})"
        raise DatasetError(f"{cls_name} is not in {where} and {why}: put {', '.join(files)} in that folder, "
                           "or use the offline dataset mnist10k") from None
    return Raw(train.data.unsqueeze(1).contiguous(), train.targets.long(), "image", class_names,
               test=(test.data.unsqueeze(1).contiguous(), test.targets.long()), mean=mean, std=std,
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

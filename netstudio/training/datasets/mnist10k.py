"""``mnist10k``: the real MNIST test set (10,000 digits) shipped inside the package, for offline work.

Split 8,000 / 1,000 / 1,000 by default with a fixed seed; the licence note is beside the files
(netstudio/data/mnist10k/README.md).
"""

from __future__ import annotations

from pathlib import Path

from .base import Context, DatasetError, Raw
from .idx import read_idx
from .options import check_known, opt_str

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "mnist10k"
MNIST_MEAN, MNIST_STD = [0.1307], [0.3081]
DIGITS = [str(d) for d in range(10)]


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "mnist10k", ("folder",))
    folder = ctx.path(opt_str(options, "folder", str(DATA_DIR)), "folder")
    images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    if images.dim() != 3 or labels.dim() != 1 or len(images) != len(labels):
        raise DatasetError(f"{folder}: the image and label files do not match ({tuple(images.shape)} images, "
                           f"{tuple(labels.shape)} labels)")
    return Raw(images.unsqueeze(1), labels.long(), "image", DIGITS, mean=MNIST_MEAN, std=MNIST_STD,
               default_split={"train": 0.8, "val": 0.1, "test": 0.1})

"""The dataset ids, without importing torch: the training panel lists them while the window starts.

``netstudio.training.datasets.LOADERS`` must have exactly these keys, in this order (a test checks).
"""

from __future__ import annotations

DATASET_IDS: tuple[str, ...] = (
    "mnist", "fashion_mnist", "cifar10", "mnist10k", "image_folder", "csv", "spirals", "moons", "circles", "blobs",
    "shapes", "sine", "text", "text_order", "verse_or_prose",
)

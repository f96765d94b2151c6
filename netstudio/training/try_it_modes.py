"""Which form "Try it" takes for a task and its data; no torch, so the window can ask before anything loads."""

from __future__ import annotations

#: The kind of data each dataset gives (datasets/*.py ``Raw.kind``), known before anything is loaded.
DATASET_KINDS = {"mnist": "image", "fashion_mnist": "image", "cifar10": "image", "mnist10k": "image",
                 "image_folder": "image", "shapes": "image", "csv": "table", "spirals": "points", "moons": "points",
                 "circles": "points", "blobs": "points", "sine": "sequence", "text": "text", "text_order": "text",
                 "verse_or_prose": "text"}


def try_it_mode(task_kind: str, data_kind: str | None, sample_shape=None) -> str | None:
    """What "Try it" offers: "image" (draw or drop), "text" (type a sentence, see class probabilities),
    "chars" (type a prompt, see the continuation), "points" (click the plane), "reconstruct" (draw or
    drop an image, see an autoencoder's reconstruction) or None (hidden).

    ``sample_shape`` None means "not known yet" (before training): the data kind decides alone.
    """
    shape = tuple(sample_shape) if sample_shape is not None else None
    if task_kind == "classify":
        if data_kind == "image" and (shape is None or len(shape) == 3):
            return "image"
        if data_kind == "text" and (shape is None or len(shape) == 1):
            return "text"
        if data_kind in ("points", "table") and shape == (2,):
            return "points"
        if data_kind == "points" and shape is None:
            return "points"
    if task_kind == "next_char" and data_kind == "text" and (shape is None or len(shape) == 1):
        return "chars"
    if task_kind == "autoencode" and data_kind == "image" and (shape is None or len(shape) == 3):
        return "reconstruct"     # draw a digit, see what the autoencoder makes of it
    return None

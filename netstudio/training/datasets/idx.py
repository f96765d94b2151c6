"""Reading MNIST's IDX files (gzip or plain) without any pickle."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import torch

from .base import DatasetError

_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> torch.Tensor:
    """The array stored in an IDX file, e.g. (N, 28, 28) uint8 images or (N,) uint8 labels.

    Raises
    ------
    DatasetError
        naming the file when it is missing, truncated or not IDX.
    """
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except FileNotFoundError:
        raise DatasetError(f"{path} is missing") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DatasetError(f"{path} is damaged ({exc}): download it again") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _DTYPES:
        raise DatasetError(f"{path} is not an IDX file (bad header): download it again")
    ndim = raw[3]
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    dtype = np.dtype(_DTYPES[raw[2]])
    count = int(np.prod(dims))
    body = raw[4 + 4 * ndim:]
    if len(body) < count * dtype.itemsize:
        raise DatasetError(f"{path} is truncated ({len(body)} of {count * dtype.itemsize} bytes): download it again")
    array = np.frombuffer(body, dtype=dtype, count=count).reshape(dims)
    return torch.from_numpy(array.astype(array.dtype.newbyteorder("=")).copy())

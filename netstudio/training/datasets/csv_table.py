"""``csv``: a table with a header row; numeric feature columns and one target column."""

from __future__ import annotations

import csv

import torch

from .base import Context, DatasetError, Raw
from .options import check_known, opt_str


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "csv", ("path", "target", "features", "delimiter"))
    path = ctx.path(opt_str(options, "path", None), "path")
    delimiter = opt_str(options, "delimiter", ",")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = [r for r in csv.reader(fh, delimiter=delimiter) if r and any(c.strip() for c in r)]
    except FileNotFoundError:
        raise DatasetError(f"CSV file {path} does not exist (data.options.path)") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"CSV file {path} cannot be read ({exc})") from None
    if len(rows) < 4:
        raise DatasetError(f"CSV file {path} needs a header row and at least 3 data rows")
    header = [h.strip() for h in rows[0]]
    target = opt_str(options, "target", header[-1])
    if target not in header:
        raise DatasetError(f"data.options.target '{target}' is not a column of {path} (columns: {', '.join(header)})")
    features = options.get("features") or [h for h in header if h != target]
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise DatasetError("data.options.features must be a list of column names")
    for f in features:
        if f not in header:
            raise DatasetError(f"data.options.features: '{f}' is not a column of {path}")
    cols = [header.index(f) for f in features]
    t = header.index(target)
    values, targets = [], []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DatasetError(f"{path} line {line} has {len(row)} fields but the header has {len(header)}")
        try:
            values.append([float(row[c]) for c in cols])
        except ValueError:
            bad = next(c for c in cols if not _is_float(row[c]))
            raise DatasetError(f"{path} line {line}, column '{header[bad]}': {row[bad]!r} is not a number") from None
        targets.append(row[t].strip())
    x = torch.tensor(values, dtype=torch.float32)
    if ctx.task_kind == "regress":
        try:
            y = torch.tensor([[float(v)] for v in targets], dtype=torch.float32)
        except ValueError:
            raise DatasetError(f"{path}: the target column '{target}' must hold numbers for a regression task") \
                from None
        return Raw(x, y, "table", standardize=True)
    names = sorted(set(targets), key=lambda v: (not _is_float(v), float(v) if _is_float(v) else 0, v))
    if len(names) < 2:
        raise DatasetError(f"{path}: the target column '{target}' has only one value, nothing to classify")
    index = {n: i for i, n in enumerate(names)}
    y = torch.tensor([index[v] for v in targets], dtype=torch.int64)
    return Raw(x, y, "table", names, standardize=True)


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False

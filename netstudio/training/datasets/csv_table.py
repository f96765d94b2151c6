"""``csv``: a table (with or without a header row); numeric feature columns and one target column.

Without a header row (``"header": false``) the columns are named "column 1", "column 2", ... so that
``features`` and ``target`` can still name them.
"""

from __future__ import annotations

import csv
import math

import torch

from .base import Context, DatasetError, Raw
from .options import check_known, opt_bool, opt_str

FLOAT32_MAX = 3.4028234663852886e38
OPTIONS = ("path", "target", "features", "delimiter", "header")


def load(options: dict, ctx: Context) -> Raw:
    check_known(options, "csv", OPTIONS)
    path = ctx.path(opt_str(options, "path", None), "path")
    delimiter = _delimiter(options)
    has_header = opt_bool(options, "header", True)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            rows, lines = [], []   # lines: the file's line number of each row (blank lines are skipped)
            for r in reader:
                if r and any(c.strip() for c in r):
                    rows.append(r)
                    lines.append(reader.line_num)
    except FileNotFoundError:
        raise DatasetError(f"CSV file {path} does not exist (data.options.path)") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"CSV file {path} cannot be read ({exc})") from None
    if not has_header and rows:    # the columns get names, and the first row is data
        rows.insert(0, numbered_columns(len(rows[0])))
        lines.insert(0, 0)
    if len(rows) < 4:
        raise DatasetError(f"CSV file {path} needs a header row and at least 3 data rows")
    header = [h.strip() for h in rows[0]]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DatasetError(f"CSV file {path} has two columns named '{name}' in its header row: rename one")
        seen.add(name)
    target = opt_str(options, "target", header[-1])
    if target not in header:
        raise DatasetError(f"data.options.target '{target}' is not a column of {path} (columns: {', '.join(header)})")
    features = options.get("features")
    if features is None:
        features = [h for h in header if h != target]
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise DatasetError("data.options.features must be a list of column names")
    if not features:
        raise DatasetError("data.options.features is empty: list the columns or leave it out for all")
    if len(set(features)) != len(features):
        twice = next(f for f in features if features.count(f) > 1)
        raise DatasetError(f"data.options.features names the column '{twice}' twice")
    for f in features:
        if f not in header:
            raise DatasetError(f"data.options.features: '{f}' is not a column of {path}")
    cols = [header.index(f) for f in features]
    t = header.index(target)
    values, targets = [], []
    for line, row in zip(lines[1:], rows[1:]):
        if len(row) != len(header):
            raise DatasetError(f"{path} line {line} has {len(row)} fields but the header has {len(header)}")
        try:
            values.append([float(row[c]) for c in cols])
        except ValueError:
            bad = next(c for c in cols if not _is_float(row[c]))
            raise DatasetError(f"{path} line {line}, column '{header[bad]}': {row[bad]!r} is not a number") from None
        for c, v in zip(cols, values[-1]):
            if not _storable(v):
                raise DatasetError(f"{path} line {line}, column '{header[c]}': {row[c].strip()!r} is not a finite "
                                   f"number that fits in float32 (|x| <= {FLOAT32_MAX:.3g}): fix or remove the row")
        targets.append(row[t].strip())
    x = torch.tensor(values, dtype=torch.float32)
    if ctx.task_kind == "regress":
        try:
            y = torch.tensor([[float(v)] for v in targets], dtype=torch.float32)
        except ValueError:
            raise DatasetError(f"{path}: the target column '{target}' must hold numbers for a regression task") \
                from None
        for line, v in zip(lines[1:], targets):
            if not _storable(float(v)):
                raise DatasetError(f"{path} line {line}, column '{target}': {v!r} is not a finite number that fits "
                                   f"in float32 (|x| <= {FLOAT32_MAX:.3g}): fix or remove the row")
        return Raw(x, y, "table", standardize=True, feature_names=list(features))
    names = sorted(set(targets), key=lambda v: (not _is_float(v), float(v) if _is_float(v) else 0, v))
    if len(names) < 2:
        raise DatasetError(f"{path}: the target column '{target}' has only one value, nothing to classify")
    index = {n: i for i, n in enumerate(names)}
    y = torch.tensor([index[v] for v in targets], dtype=torch.int64)
    return Raw(x, y, "table", names, standardize=True, feature_names=list(features))


def _delimiter(options: dict) -> str:
    delimiter = opt_str(options, "delimiter", ",")
    if len(delimiter) != 1 or delimiter in "\r\n\"":
        raise DatasetError(f"data.options.delimiter must be one character such as \",\" or \";\", not {delimiter!r}")
    return delimiter


def numbered_columns(count: int) -> list[str]:
    """The names of the columns of a file without a header row."""
    return [f"column {i + 1}" for i in range(count)]


def read_columns(options: dict, ctx: Context) -> list[str]:
    """The column names of ``options["path"]`` from its first row alone (for the panel's column lists).

    Raises DatasetError naming the file when it is missing, unreadable or empty.
    """
    path = ctx.path(opt_str(options, "path", None), "path")
    delimiter = _delimiter(options)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter=delimiter):
                if row and any(c.strip() for c in row):
                    if opt_bool(options, "header", True):
                        return [c.strip() for c in row]
                    return numbered_columns(len(row))
    except FileNotFoundError:
        raise DatasetError(f"CSV file {path} does not exist (data.options.path)") from None
    except IsADirectoryError:
        raise DatasetError(f"{path} is a folder, not a CSV file (data.options.path)") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"CSV file {path} cannot be read ({exc})") from None
    raise DatasetError(f"CSV file {path} is empty")


def _storable(value: float) -> bool:
    """Finite, and still finite as float32 (1e39 becomes inf there and the loss NaN)."""
    return math.isfinite(value) and abs(value) <= FLOAT32_MAX


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False

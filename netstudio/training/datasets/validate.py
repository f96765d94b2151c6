"""Quick checks of a user's own data (csv, image_folder) as the panel's fields change.

Cheap: a CSV's first row and a folder's listing, never the whole dataset, so they can run on every
keystroke. Each problem is one sentence that names the file and what to do; "" when all is well.
"""

from __future__ import annotations

from pathlib import Path

from .base import Context, DatasetError
from .csv_table import read_columns
from .image_folder import EXTENSIONS
from netstudio.core.data_paths import project_dir


def class_folders(root: Path) -> list[str]:
    """The sub-folders of ``root`` that hold at least one image (at any depth), sorted: the classes."""
    names = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if any(f.suffix.lower() in EXTENSIONS for f in sub.rglob("*")):
            names.append(sub.name)
    return names


def quick_problem(data: dict, project_path=None, input_shape: tuple[int, ...] | None = None) -> str:
    """The first problem of ``data`` (a project's data section) that a look at the files shows, or ""."""
    dataset = (data or {}).get("dataset")
    options = (data or {}).get("options") or {}
    if dataset not in ("csv", "image_folder") or not isinstance(options, dict):
        return ""
    path = options.get("path")
    what = "CSV file" if dataset == "csv" else "image folder"
    if not isinstance(path, str) or not path.strip():
        return f"Choose the {what} to train on (data.options.path is empty)."
    base = project_dir(project_path) or Path.cwd()
    ctx = Context(input_shape=input_shape, base_dir=base)
    try:
        full = ctx.path(path, "path")
        if dataset == "csv":
            return _csv_problem(options, ctx, full)
        return _folder_problem(full, input_shape)
    except DatasetError as exc:
        return str(exc)
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc})."


def _csv_problem(options: dict, ctx: Context, full: Path) -> str:
    if not full.exists():
        return f"The CSV file {full} does not exist (data.options.path)."
    columns = read_columns(options, ctx)
    target = options.get("target")
    if target is not None and target not in columns:
        return f"The target column '{target}' is not a column of {full.name} (columns: {', '.join(columns)})."
    features = options.get("features")
    if isinstance(features, list):
        if not features:
            return "No feature columns are chosen: tick at least one column to learn from."
        for name in features:
            if name not in columns:
                return f"The feature column '{name}' is not a column of {full.name}."
            if name == (target if target is not None else columns[-1]):
                return f"'{name}' is the target column and cannot be a feature as well."
    return ""


def _folder_problem(full: Path, input_shape) -> str:
    if not full.exists():
        return f"The image folder {full} does not exist (data.options.path)."
    if not full.is_dir():
        return f"{full} is a file: choose a folder that holds one sub-folder of images per class."
    classes = class_folders(full)
    if len(classes) < 2:
        found = f"only '{classes[0]}'" if classes else "none"
        return (f"The image folder {full} needs one sub-folder of images per class, at least two "
                f"(found {found}): put each class's images in their own folder, such as cats/ and dogs/.")
    if input_shape is not None and (len(input_shape) != 3 or input_shape[0] not in (1, 3)):
        return (f"Images need an Input of shape [channels, height, width] with 1 or 3 channels; this model's Input "
                f"is {list(input_shape)}.")
    return ""

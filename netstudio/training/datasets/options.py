"""Reading a dataset's ``data.options`` with messages that name the option."""

from __future__ import annotations

from typing import Any

from .base import DatasetError


def check_known(options: dict, dataset: str, known: tuple[str, ...]) -> None:
    extra = sorted(set(options) - set(known))
    if extra:
        raise DatasetError(f"data.options.{extra[0]} is not an option of the {dataset} dataset "
                           f"(its options: {', '.join(known) or 'none'})")


def opt_int(options: dict, name: str, default: int, lo: int = 1, hi: int = 10_000_000) -> int:
    value = options.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise DatasetError(f"data.options.{name} must be a whole number from {lo} to {hi}, not {value!r}")
    return value


def opt_float(options: dict, name: str, default: float, lo: float = 0.0, hi: float = 1e9) -> float:
    value = options.get(name, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not lo <= value <= hi:
        # NaN fails every comparison and lands here too; inf is above any hi
        raise DatasetError(f"data.options.{name} must be a finite number from {lo:g} to {hi:g}, not {value!r}")
    return float(value)


def opt_bool(options: dict, name: str, default: bool) -> bool:
    value = options.get(name, default)
    if not isinstance(value, bool):
        raise DatasetError(f"data.options.{name} must be true or false, not {value!r}")
    return value


def opt_str(options: dict, name: str, default: Any) -> Any:
    value = options.get(name, default)
    if value is not None and not isinstance(value, str):
        raise DatasetError(f"data.options.{name} must be text, not {value!r}")
    return value

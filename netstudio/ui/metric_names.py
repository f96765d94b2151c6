"""Metric names in the interface language (the engine's keys, such as ``val_acc``, are not for users)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_NAMES = {
    "acc": QT_TRANSLATE_NOOP("Metrics", "accuracy"),
    "loss": QT_TRANSLATE_NOOP("Metrics", "loss"),
    "reconstruction_error": QT_TRANSLATE_NOOP("Metrics", "reconstruction error"),
    "mae": QT_TRANSLATE_NOOP("Metrics", "MAE"),
    "rmse": QT_TRANSLATE_NOOP("Metrics", "RMSE"),
    "perplexity": QT_TRANSLATE_NOOP("Metrics", "perplexity"),
    "d_acc": QT_TRANSLATE_NOOP("Metrics", "discriminator accuracy"),
}


def metric_name(key: str) -> str:
    """``val_acc`` -> "accuracy" (in Chinese: 准确率); a key without a name reads with spaces for underscores."""
    base = key.removeprefix("val_")
    text = _NAMES.get(base)
    return QCoreApplication.translate("Metrics", text) if text else base.replace("_", " ")

"""Early stopping: end training when a monitored metric has stopped improving (``training.early_stopping``)."""

from __future__ import annotations


class EarlyStopping:
    """Counts epochs without improvement of ``settings["monitor"]``; its state travels in checkpoints.

    Parameters
    ----------
    settings : dict or None
        ``{"monitor": "val_loss" | "val_acc" | ..., "patience": int, "min_delta": float}``;
        None or empty: never stop early. ``val_loss`` improves downwards, every other metric upwards.
    """

    def __init__(self, settings: dict | None) -> None:
        self.settings = settings
        self.best: float | None = None
        self.bad_epochs = 0

    def update(self, metrics: dict) -> str | None:
        """Record one epoch's metrics; the reason to stop as a sentence, or None to go on."""
        es = self.settings
        if not es:
            return None
        key = es["monitor"]
        value = metrics.get(key)
        if value is None:
            return None
        better = (self.best is None or (value < self.best - es["min_delta"] if key == "val_loss"
                                        else value > self.best + es["min_delta"]))
        if better:
            self.best, self.bad_epochs = value, 0
            return None
        self.bad_epochs += 1
        if self.bad_epochs >= es["patience"]:
            return (f"early stopping: {key} has not improved for {self.bad_epochs} epoch(s) "
                    f"(best {self.best:.4g})")
        return None

    def state(self) -> dict:
        """What a checkpoint stores to continue counting after a resume."""
        return {"best": self.best, "bad_epochs": self.bad_epochs}

    def restore(self, meta: dict) -> None:
        """Continue from a checkpoint's ``state()`` (missing keys: start afresh)."""
        self.best, self.bad_epochs = meta.get("best"), int(meta.get("bad_epochs", 0))

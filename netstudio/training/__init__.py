"""The training engine: datasets, tasks, the Trainer, runs and checkpoints (plain Python + torch, no Qt).

Import the parts you need, e.g. ``from netstudio.training.engine import Trainer``; importing this
package itself stays cheap (no torch until a submodule is used).
"""

from __future__ import annotations

__all__ = ["config", "datasets", "devices", "engine", "events", "runs", "snapshots", "tasks", "predict", "augment"]

"""The training tasks; ``make_task`` picks one from the task section."""

from __future__ import annotations

from .autoencode import AutoencodeTask
from .base import Task
from .classify import ClassifyTask
from .gan import GanTask
from .regress import RegressTask
from .sequence import NextCharTask

TASK_CLASSES = {"classify": ClassifyTask, "regress": RegressTask, "autoencode": AutoencodeTask, "gan": GanTask,
                "next_char": NextCharTask}


def make_task(project, task_cfg, training_cfg, data, device) -> Task:
    """The task object for ``task_cfg.kind`` (a sequence task in classify mode is a classifier)."""
    return TASK_CLASSES[task_cfg.kind](project, task_cfg, training_cfg, data, device)


__all__ = ["Task", "make_task", "TASK_CLASSES", "ClassifyTask", "RegressTask", "AutoencodeTask", "GanTask",
           "NextCharTask"]

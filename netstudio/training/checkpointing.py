"""A run's folder on disk: the event log, checkpoints (written, and read back to resume), images, error reports."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import torch

from netstudio.core.errors import ProjectError

from . import runs
from .config import TaskConfig, parse_training
from .divergence import DivergenceGuard
from .early_stopping import EarlyStopping
from .events import TrainingEvent
from .progress import Progress
from .schedules import Schedules, adapt_resumed
from .snapshots import filter_mosaic


def _detail(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def _check_param_states(state: dict, name: str, source) -> None:
    """Every parameter with optimizer state holds the same entries (Adam: step, exp_avg, exp_avg_sq).

    A missing tensor would pass ``load_state_dict`` and fail at the first step with a KeyError.
    """
    keys = set().union(*(set(per_param) for per_param in state.values())) if state else set()
    for idx, per_param in sorted(state.items()):
        missing = sorted(keys - set(per_param))
        if per_param and missing:
            raise ProjectError(f"checkpoint {source} is damaged: its .state.safetensors lacks "
                               f"optim/{name}/{idx}/{missing[0]}")


class Checkpointer:
    """Everything one run writes, and resuming from what an earlier run wrote.

    Until ``open_folder`` (or with ``run_dir=False``) there is no folder and every write is skipped.

    Parameters
    ----------
    project : netstudio.core.project.Project
        The project being trained; its settings are saved beside every checkpoint.
    task_cfg : TaskConfig
        A checkpoint resumes only a run of the same task type.
    progress, early_stopping
        The run's counters: saved into each checkpoint and restored by ``resume``.
    """

    def __init__(self, project, task_cfg: TaskConfig, progress: Progress, early_stopping: EarlyStopping) -> None:
        self.project = project
        self.task_cfg = task_cfg
        self.progress = progress
        self.early_stopping = early_stopping
        self.folder: runs.RunFolder | None = None
        self.last_checkpoint: str | None = None
        self.last_metric: tuple[int, str, float] | None = None   # (epoch, "validation loss", value) of it
        self.divergence = DivergenceGuard()
        self.resume_notes: list[str] = []    # how the resumed run differs from its checkpoint (started event)

    # ----- the folder -----
    def open_folder(self, setting: str | Path | None | bool, resumed_from: str | Path | None) -> None:
        """Create (or, resuming, reopen) the run folder.

        ``setting`` is the Trainer's ``run_dir``: a path, None for ``runs/<project>-<time>`` (the
        checkpoint's own run when resuming), False for no folder at all.
        """
        if setting is False:
            return
        if setting:
            path = Path(setting)
        elif resumed_from is not None:
            path = runs.checkpoint_stem(resumed_from).parent.parent
        else:
            path = runs.default_run_dir(self.project.name)
        resumed = resumed_from is not None
        self.folder = runs.RunFolder(path, self.project, resume=resumed,
                                     resume_step=self.progress.step if resumed else None)

    def log(self, event: TrainingEvent) -> None:
        if self.folder is not None:
            self.folder.log(event.to_json())

    def write_error(self, text: str) -> None:
        """The traceback of an unexpected error, for a bug report."""
        if self.folder is not None:
            try:
                (self.folder.path / "error.log").write_text(text, encoding="utf-8")
            except OSError:  # a full disk must not turn the one-line failure into a traceback
                pass

    def close(self) -> None:
        if self.folder is not None:
            self.folder.close()

    # ----- checkpoints -----
    def save(self, task, data, schedules: Schedules, epoch: int, batch_in_epoch: int,
             metric: tuple[str, float] | None = None) -> str | None:
        """Write a checkpoint that resumes at batch ``batch_in_epoch`` of ``epoch``.

        ``metric``: (name, value) of the loss the epoch was judged by (None inside an epoch).
        Returns the checkpoint's path; with NaN weights nothing is written and the previous
        checkpoint (or None) is returned, so the last checkpoint is always a usable one.
        """
        if self.folder is None:
            return None
        for module in task.modules.values():   # never save weights that are already NaN
            for p in module.parameters():
                if not bool(torch.isfinite(p).all()):
                    return self.last_checkpoint
        progress = self.progress
        meta = {"step": progress.step, "epoch": epoch, "batch_in_epoch": batch_in_epoch,
                "task": self.task_cfg.type, "project": self.project.name, "data": data.meta(),
                "schedulers": schedules.state_dict(), **self.early_stopping.state(), "history": progress.history,
                "training": copy.deepcopy(self.project.training),
                "loss_kind": metric[0] if metric else None, "val_loss": metric[1] if metric else None,
                "reference_val_loss": self.divergence.reference}
        stem = self.folder.path / "checkpoints" / f"step{progress.step:07d}"
        path = runs.save_checkpoint(stem, task.modules, task.optimizers, meta)
        runs.write_last(stem.parent, path, meta)
        self.last_checkpoint = str(path)
        self.last_metric = (epoch, *metric) if metric else None
        return self.last_checkpoint

    def kept_sentence(self) -> str:
        """What a diverged run leaves to resume from: the newest checkpoint with its loss, or that none is usable.

        Epochs are judged before their checkpoint is written (divergence.py), so the newest one passed.
        """
        if not self.last_checkpoint:
            return " No checkpoint is usable: none had been saved before the training diverged."
        if self.last_metric is None:
            return (f" The last good checkpoint is {self.last_checkpoint} (written during an epoch, before the "
                    "divergence; its validation loss was not measured).")
        epoch, what, value = self.last_metric
        return (f" The last good checkpoint is {self.last_checkpoint} (after epoch {epoch}, {what} {value:.4g}); "
                "resume from it with a lower learning rate.")

    def resume(self, source: str | Path, task, schedules: Schedules, steps_per_epoch: int) -> dict:
        """Load weights, optimizer and scheduler state, RNG and counters from checkpoint ``source``.

        Returns the checkpoint's metadata.

        Raises
        ------
        ProjectError
            when the checkpoint cannot be read or was made for another task or another graph.
        """
        weights, optim, meta = runs.load_checkpoint(source)
        if meta.get("task") != self.task_cfg.type:
            raise ProjectError(f"checkpoint {source} was made for a {meta.get('task')} task, not "
                               f"{self.task_cfg.type}")
        runs.load_module_weights(task.modules, weights, source)
        described = runs.checkpoint_stem(source).name + ".json"
        for name, opt in task.optimizers.items():
            if name in optim:
                _check_param_states(optim[name]["state"], name, source)
                saved, ours = optim[name]["param_groups"], opt.state_dict()["param_groups"]
                misfit = len(saved) != len(ours) or any(len(a["params"]) != len(b["params"])
                                                        for a, b in zip(saved, ours))
                if not misfit:
                    try:
                        opt.load_state_dict(optim[name])
                    except (ValueError, KeyError, TypeError, RuntimeError, IndexError) as exc:
                        raise ProjectError(f"checkpoint {source} is damaged: the optimizer state in {described} and "
                                           f"its .state.safetensors cannot be loaded ({_detail(exc)})") from None
                # torch fills in the settings it added over the years; any other missing one would fail at step 1
                missing = sorted({k for group in opt.param_groups for k in opt.defaults if k not in group})
                if misfit or missing:
                    raise ProjectError(f"checkpoint {source} does not fit this run's optimizer: {described} "
                                       f"holds {len(saved)} parameter group(s)"
                                       + (f" without {', '.join(missing)}" if missing else "")
                                       + " (was training.optimizer changed, or the file damaged?)")
        try:
            saved = parse_training(meta.get("training"))
        except ProjectError:
            saved = None   # a checkpoint of an older version: nothing to compare with
        now = parse_training(self.project.training)
        if saved is not None and saved.schedule["type"] != now.schedule["type"]:
            old = saved.schedule["type"]
            raise ProjectError(f"training.schedule is {now.schedule['type']} but checkpoint {source} was trained with "
                               f"{old}: a resumed run continues its schedule; set training.schedule back to {old}, "
                               "or start a new run")
        try:
            schedules.load_state_dict(meta.get("schedulers", {}))
        except (ValueError, KeyError, TypeError, AttributeError, RuntimeError, IndexError) as exc:
            raise ProjectError(f"checkpoint {source} is damaged: the scheduler state in {described} cannot be "
                               f"loaded ({_detail(exc)})") from None
        self.resume_notes = adapt_resumed(schedules, task.optimizers, now, saved, steps_per_epoch)
        if meta.get("rng_state") is not None:
            try:
                torch.set_rng_state(meta["rng_state"])
            except (RuntimeError, TypeError) as exc:
                raise ProjectError(f"checkpoint {source} is damaged: the random-number state (rng/torch) in its "
                                   f".state.safetensors cannot be restored ({_detail(exc)})") from None
        reference = meta.get("reference_val_loss")
        self.divergence.reference = reference if isinstance(reference, (int, float)) else None
        self.last_checkpoint = str(runs.checkpoint_stem(source)) + ".safetensors"
        value = meta.get("val_loss")
        self.last_metric = ((int(meta["epoch"]), meta.get("loss_kind") or "validation loss", float(value))
                            if isinstance(value, (int, float)) and not isinstance(value, bool) else None)
        progress = self.progress
        progress.step = int(meta["step"])
        progress.start_epoch = int(meta["epoch"])
        progress.start_batch = int(meta.get("batch_in_epoch", 0))
        if progress.start_batch >= steps_per_epoch:
            progress.start_epoch, progress.start_batch = progress.start_epoch + 1, 0
        self.early_stopping.restore(meta)
        progress.history = list(meta.get("history", []))
        return meta

    # ----- pictures -----
    def write_epoch_images(self, task, epoch: int, snapshot: dict[str, Any]) -> None:
        """The task's pictures of an epoch-end snapshot and the first layer's filters, as PNGs."""
        if self.folder is None:
            return
        for name, images in task.images(snapshot).items():
            self.folder.save_png(f"epoch{epoch:03d}_{name}", images)
        for node, w in list(snapshot.get("filters", {}).items())[:1]:
            if w.ndim == 4:
                self.folder.save_png(f"epoch{epoch:03d}_filters_{node.replace('/', '_')}", filter_mosaic(w))

    def write_test_mistakes(self, wrong: dict[str, np.ndarray] | None) -> None:
        """The misclassified test images (``evaluate``'s ``wrong``), when they are images."""
        if (wrong and self.folder is not None and getattr(wrong.get("images"), "ndim", 0) == 4
                and len(wrong["images"])):
            self.folder.save_png("test_wrong", wrong["images"])

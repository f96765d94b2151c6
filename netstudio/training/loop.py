"""The training loop: epochs of shuffled batches, what ends an epoch, and the final test.

Datasets live as tensors (on the device where they fit); each epoch gathers the shuffled data
once and slices contiguous batches; images over the memory budget come from a DataLoader over
their cache file instead (``datasets.streaming.BatchSource``), in the same order. The loop asks
``RunControls`` before every batch, so pause, single steps and stop take effect between batches.
"""

from __future__ import annotations

import time
from typing import Callable, NamedTuple

import torch

from .checkpointing import Checkpointer
from .config import TrainingConfig
from .controls import Gate, RunControls
from .datasets.streaming import EPOCH_GATHER_LIMIT, BatchSource
from .divergence import Diverged
from .early_stopping import EarlyStopping
from .events import ControlEvent, EpochEvent, TestEvent, TrainingEvent
from .pacing import SnapshotTaker, StepPacer
from .progress import Progress
from .schedules import Schedules, current_lr
from .threads import ThreadTuner

__all__ = ["EPOCH_GATHER_LIMIT", "LoopOutcome", "TrainingLoop", "batches_per_epoch"]


class LoopOutcome(NamedTuple):
    """How the loop ended: ``finished`` or ``stopped``, why in one sentence, and the test metrics."""

    kind: str
    message: str
    metrics: dict


def batches_per_epoch(samples: int, batch_size: int) -> tuple[int, int]:
    """(batch size, batches per epoch) for ``samples`` training samples."""
    b = min(batch_size, samples)
    return b, samples // b + (1 if samples % b > 1 else 0)   # a last batch of 1 breaks BatchNorm: drop it


class TrainingLoop:
    """Trains a prepared task on its data; the Trainer builds one per run.

    Parameters
    ----------
    cfg : TrainingConfig
        Epochs, batch size, seed, max_steps, checkpoint and snapshot settings.
    task : netstudio.training.tasks.Task
        Prepared (models built, optimizers made).
    data : netstudio.training.datasets.base.DataBundle
        train, val and test splits.
    augment : callable or None
        Applied to each training batch.
    progress, controls, steps, snapshots, early_stopping, checkpoints
        The Trainer's parts this loop drives.
    emit : callable
        Sends an event to the listeners and the log.
    shard : netstudio.training.distributed.DistributedRun, optional
        One worker of a distributed run: it trains on its shard of each epoch with its part of the
        global batch, step losses are averaged over the workers, and rank 0 alone validates and tests.
    """

    def __init__(self, *, cfg: TrainingConfig, task, data, augment: Callable | None, progress: Progress,
                 controls: RunControls, steps: StepPacer, snapshots: SnapshotTaker, early_stopping: EarlyStopping,
                 checkpoints: Checkpointer, emit: Callable[[TrainingEvent], None],
                 threads: ThreadTuner | None = None, shard=None) -> None:
        self.cfg = cfg
        self.threads = threads or ThreadTuner(cfg.threads, "cuda")   # "cuda": a tuner that does nothing
        self.task = task
        self.data = data
        self.augment = augment
        self.progress = progress
        self.controls = controls
        self.steps = steps
        self.snapshots = snapshots
        self.early_stopping = early_stopping
        self.checkpoints = checkpoints
        self.emit = emit
        self.shard = shard
        if shard is None:
            self.batch_size, self.steps_per_epoch = batches_per_epoch(len(data.train), cfg.batch_size)
        else:   # the same number of steps as one process with the global batch
            self.batch_size, self.steps_per_epoch = batches_per_epoch(shard.shard_size(len(data.train)),
                                                                      cfg.batch_size // shard.world_size)
        self.schedules = Schedules(cfg, task.optimizers, self.steps_per_epoch)
        self.batches = BatchSource(data.train, task.device)

    def run(self, started: float) -> LoopOutcome:
        """Train from ``progress.start_epoch``/``start_batch`` to the end, a stop or ``max_steps``.

        ``started`` is the run's start (``time.perf_counter()``), for the ETA of step events.
        """
        try:
            return self._run(started)
        finally:
            self.batches.close()    # a streaming run's DataLoader workers

    def _run(self, started: float) -> LoopOutcome:
        cfg, task, progress = self.cfg, self.task, self.progress
        total_steps = cfg.epochs * self.steps_per_epoch
        if cfg.max_steps:
            total_steps = min(total_steps, cfg.max_steps)
        now = time.perf_counter()
        workers = self.shard.world_size if self.shard is not None else 1
        self.steps.start(total_steps, self.batch_size * workers, started, now)
        self.snapshots.start(cfg.snapshot_every, now)
        task.set_train(True)
        train = self.data.train
        if progress.step == 0 and self.checkpoints.divergence.reference is None:
            self.checkpoints.divergence.measure(task, self.data)   # the yardstick of divergence
        stop_message = None
        for epoch in range(progress.start_epoch, cfg.epochs):
            progress.epoch = epoch
            t_epoch = time.perf_counter()
            losses_sum = torch.zeros((), device=task.device)
            losses_n = 0
            perm = torch.randperm(len(train), generator=torch.Generator().manual_seed(cfg.seed * 100003 + epoch))
            if self.shard is not None:
                perm = self.shard.shard(perm)
            first = progress.start_batch if epoch == progress.start_epoch else 0
            batches = self.batches.epoch(perm, self.batch_size, first, self.steps_per_epoch)
            for b in range(first, self.steps_per_epoch):
                gate = self.controls.gate(self._paused, self._resumed)
                if gate is Gate.STOP:
                    return self._stopped(epoch, b)
                single_step = gate is Gate.STEP
                xb, yb = next(batches)
                if xb.device != task.device:
                    xb, yb = xb.to(task.device, non_blocking=True), yb.to(task.device, non_blocking=True)
                if self.augment is not None:
                    xb = self.augment(xb)
                self.threads.before_step()
                # a snapshot follows this step (timed, single step, epoch's or run's end): hook its layers
                sampled = self.snapshots.live_due(time.perf_counter(), single_step)
                self.snapshots.arm(task, sampled or b == self.steps_per_epoch - 1
                                   or bool(cfg.max_steps and progress.step + 1 >= cfg.max_steps))
                try:
                    values = task.train_step(xb, yb)
                finally:
                    self.snapshots.disarm()
                if self.shard is not None:
                    values = self.shard.average(values)
                self.threads.after_step()
                progress.step += 1
                progress.batch_in_epoch = b + 1
                losses_sum += values["loss"]
                losses_n += 1
                self.steps.add(values)
                self.schedules.after_batch()
                now = time.perf_counter()
                if single_step or self.steps.due(now):   # a single step is shown at once
                    self.steps.flush(now)
                if sampled:
                    self.snapshots.take_live(task, now)
                if cfg.max_steps and progress.step >= cfg.max_steps:
                    stop_message = f"reached training.max_steps ({cfg.max_steps})"
                    break
            self.steps.flush(time.perf_counter())
            done = progress.batch_in_epoch
            partial = done if stop_message and done < self.steps_per_epoch else None
            progress.batch_in_epoch = 0
            train_loss = float(losses_sum / max(losses_n, 1)) if losses_n else float("nan")
            stop_message = self._end_epoch(epoch, train_loss, time.perf_counter() - t_epoch,
                                           partial_batches=partial) or stop_message
            if stop_message:
                break
        metrics = self._test()
        return LoopOutcome("finished", stop_message or f"trained {progress.epoch + 1} epoch(s), {progress.step} steps",
                           metrics)

    # ----- controls -----
    def _paused(self) -> None:
        self.steps.flush(time.perf_counter())
        self.emit(ControlEvent(kind="paused", step=self.progress.step, epoch=self.progress.epoch))

    def _resumed(self) -> None:
        self.emit(ControlEvent(kind="resumed", step=self.progress.step, epoch=self.progress.epoch))
        self.steps.restart_clock(time.perf_counter())

    def _stopped(self, epoch: int, batch: int) -> LoopOutcome:
        self.steps.flush(time.perf_counter())
        self.progress.batch_in_epoch = batch
        path = self._checkpoint(epoch, batch)
        return LoopOutcome("stopped", f"stopped at step {self.progress.step} (epoch {epoch + 1}); checkpoint saved "
                                      f"in {path}", {})

    def _checkpoint(self, epoch: int, batch_in_epoch: int) -> str | None:
        return self.checkpoints.save(self.task, self.data, self.schedules, epoch, batch_in_epoch)

    # ----- epoch end and test -----
    def _end_epoch(self, epoch: int, train_loss: float, seconds: float, partial_batches: int | None) -> str | None:
        """Validation, schedulers, early stopping, checkpoint, epoch event and snapshot; the reason to stop or None.

        ``partial_batches``: the epoch ended early (max_steps) after this many batches; the
        checkpoint then resumes inside the epoch and epoch-based schedulers do not step.
        """
        partial = partial_batches is not None
        cfg, task = self.cfg, self.task
        main = self.shard is None or self.shard.is_main
        val = task.evaluate(self.data.val, full=True) if main else {}
        task.set_train(True)
        arrays = {k: val.pop(k) for k in ("confusion", "wrong", "text") if k in val}
        if self.shard is not None:
            val = self.shard.share(val)
        metrics = {"train_loss": train_loss}
        metrics.update({f"val_{k}": v for k, v in val.items()})
        if not partial:
            self.schedules.after_epoch(val.get("loss", train_loss))
        stop = self.early_stopping.update(metrics)
        record = {"epoch": epoch + 1, **{k: v for k, v in metrics.items() if not isinstance(v, list)}}
        self.progress.history.append(record)
        guard = self.checkpoints.divergence
        judged = guard.monitored(val, train_loss)
        diverged = not guard.sane(judged[1])
        checkpoint = None
        if not diverged and ((epoch + 1) % cfg.checkpoint_every == 0 or epoch + 1 == cfg.epochs or stop or partial):
            where = (epoch, partial_batches) if partial else (epoch + 1, 0)
            checkpoint = self.checkpoints.save(task, self.data, self.schedules, *where, metric=judged)
        others = {k: v for k, v in metrics.items() if k not in ("train_loss", "val_loss", "val_acc")}
        self.emit(EpochEvent(step=self.progress.step, epoch=epoch + 1, train_loss=train_loss,
                             val_loss=val.get("loss"), val_acc=val.get("acc"), metrics=others,
                             lr=current_lr(task), seconds=seconds, checkpoint=checkpoint))
        if diverged:   # no checkpoint of this epoch: the newest one on disk stays the last good one
            raise Diverged(epoch + 1, self.progress.step, judged[0], judged[1], guard.reference, current_lr(task))
        if self.snapshots.enabled:
            snap = self.snapshots.take(task, extra=arrays)
            self.checkpoints.write_epoch_images(task, epoch + 1, snap.data)
        return stop

    def _test(self) -> dict:
        """Metrics on the test split (a ``test`` event); empty without one."""
        if not len(self.data.test) or (self.shard is not None and not self.shard.is_main):
            return {}
        result = self.task.evaluate(self.data.test, full=True)
        if "confusion" in result:
            result["confusion"] = result["confusion"].tolist()
        wrong = result.pop("wrong", None)
        text = result.pop("text", None)
        if text is not None:
            result["sample_text"] = text
        self.emit(TestEvent(step=self.progress.step, metrics=result))
        self.checkpoints.write_test_mistakes(wrong)
        return {k: v for k, v in result.items() if not isinstance(v, list) or k == "per_class_acc"}

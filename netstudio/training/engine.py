"""The one training engine behind the CLI and the GUI.

``Trainer(project).run()`` trains synchronously in the calling thread and reports through
events (``trainer.subscribe(fn)``); ``pause``, ``resume``, ``stop`` and ``step_once`` may be
called from any other thread and take effect before the next batch. Faults a user can cause
(NaN loss, a shape error inside forward, GPU out of memory, a missing dataset) end the run
with a ``failed`` event naming the cause; ``run`` never raises for them.

The Trainer sets a run up and composes its parts: ``TrainingLoop`` (loop.py) trains,
``RunControls`` (controls.py) carries pause and stop across threads, ``StepPacer`` and
``SnapshotTaker`` (pacing.py) report, ``EarlyStopping`` (early_stopping.py) decides when to give
up, and ``Checkpointer`` (checkpointing.py) writes the run folder and resumes from it.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Callable

import torch

from netstudio.core.errors import GraphError, NetStudioError

from .augment import build_augment
from .checkpointing import Checkpointer
from .config import apply_overrides, parse_data, parse_task, parse_training
from .controls import RunControls
from .datasets import input_shape_of, load_dataset
from .devices import resolve_device
from .divergence import Diverged
from .early_stopping import EarlyStopping
from .events import EndEvent, StartedEvent, TrainingEvent
from .loop import TrainingLoop
from .memory import check_memory, memory_warning
from .pacing import NonFiniteLoss, SnapshotTaker, StepPacer
from .progress import Progress
from .schedules import current_lr
from .tasks import make_task
from .threads import ThreadTuner


class Trainer:
    """Train a project's model(s) according to its task, data and training sections.

    Parameters
    ----------
    project : netstudio.core.project.Project
        The project to train; it is copied, so later edits do not reach a running trainer.
    overrides : dict, optional
        Training settings that replace the project's (``epochs``, ``batch_size``, ``lr``,
        ``device``, ``max_steps``, ...), as the CLI options do.
    run_dir : path, optional
        The run folder; default ``runs/<project>-<time>`` (when resuming: the checkpoint's run).
        ``False`` writes no run folder at all (previews, tests).
    resume : path, optional
        A checkpoint (``.safetensors``/``.json`` or a run folder) to continue from; step numbers,
        epochs and curves continue where it stopped.
    distributed : netstudio.training.distributed.DistributedRun, optional
        This process is one worker of a torchrun launch: it trains its shard through DDP (only
        rank 0 should be given a run folder).

    Attributes
    ----------
    snapshot_nodes : set of str
        Node ids whose activations snapshots carry; may be replaced from another thread.
    step_event_interval : float or None
        Seconds between step events (default 0.05); None: only at epoch ends and pauses.
    task, data, device
        Set up by ``run`` (None before).
    result : EndEvent or None
        How the last ``run`` ended.

    Raises
    ------
    ProjectError
        from the constructor when a section holds a wrong value (cheap, before any loading).
    """

    def __init__(self, project, overrides: dict | None = None, run_dir: str | Path | None | bool = None,
                 resume: str | Path | None = None, distributed=None) -> None:
        self.project = project.copy()
        self.project.training = apply_overrides(self.project.training, overrides)
        self.task_cfg = parse_task(self.project.task)
        self.data_cfg = parse_data(self.project.data)
        self.cfg = parse_training(self.project.training)
        self.resume_from = resume
        self.run_dir_setting = run_dir
        self.dist = distributed
        self.progress = Progress()
        self.controls = RunControls()
        self.early_stopping = EarlyStopping(self.cfg.early_stopping)
        self.checkpoints = Checkpointer(self.project, self.task_cfg, self.progress, self.early_stopping)
        self.step_events = StepPacer(self.progress, self.controls, self._emit, self.current_lr, self._has_audience)
        self.snapshots = SnapshotTaker(self.progress, self._emit)
        self._listeners: list[Callable[[TrainingEvent], None]] = []
        self.device: torch.device | None = None
        self._weights_bytes = 0      # float32 bytes of the trained weights (check_memory)
        self._memory_warning: str | None = None   # the training estimate exceeds the device's memory
        self._weight_notes: list[str] = []   # what the project's weights file gave the model (finetune.py)
        self.data = None
        self.task = None
        self.loop: TrainingLoop | None = None
        self.result: EndEvent | None = None
        self._t0 = 0.0

    # ----- listeners and controls (thread-safe) -----
    def subscribe(self, fn: Callable[[TrainingEvent], None]) -> None:
        """Call ``fn(event)`` for every event, in the training thread."""
        self._listeners.append(fn)

    def pause(self) -> None:
        self.controls.pause()

    def resume(self) -> None:
        self.controls.resume()

    def stop(self) -> None:
        """Finish the current step, save a checkpoint and end with a ``stopped`` event."""
        self.controls.stop()

    def step_once(self) -> None:
        """While paused: run exactly one more batch, then stay paused."""
        self.controls.step_once()

    @property
    def paused(self) -> bool:
        return self.controls.paused

    @property
    def snapshot_nodes(self) -> set[str]:
        return self.snapshots.nodes

    @snapshot_nodes.setter
    def snapshot_nodes(self, nodes: set[str]) -> None:
        self.snapshots.nodes = nodes

    @property
    def step_event_interval(self) -> float | None:
        return self.step_events.interval

    @step_event_interval.setter
    def step_event_interval(self, seconds: float | None) -> None:
        self.step_events.interval = seconds

    # ----- where the run stands -----
    @property
    def global_step(self) -> int:
        return self.progress.step

    @property
    def epoch(self) -> int:
        return self.progress.epoch

    @property
    def history(self) -> list[dict]:
        return self.progress.history

    @property
    def batch_size(self) -> int | None:
        return self.loop.batch_size if self.loop is not None else None

    @property
    def steps_per_epoch(self) -> int | None:
        return self.loop.steps_per_epoch if self.loop is not None else None

    @property
    def run_folder(self):
        """The ``runs.RunFolder`` being written, or None."""
        return self.checkpoints.folder

    @property
    def last_checkpoint(self) -> str | None:
        return self.checkpoints.last_checkpoint

    def current_lr(self) -> float:
        return current_lr(self.task)

    def _emit(self, event: TrainingEvent) -> None:
        self.checkpoints.log(event)
        for fn in list(self._listeners):
            fn(event)

    def _has_audience(self) -> bool:
        return bool(self._listeners) or self.checkpoints.folder is not None

    # ----- the run -----
    def run(self) -> EndEvent:
        """Train to the end (or until stopped or failed); returns the final event, never raises for user faults."""
        self._t0 = time.perf_counter()
        try:
            self._setup()
            self._emit(self._started_event())
            outcome = self.loop.run(self._t0)
            end = self._end(outcome.kind, outcome.message, metrics=outcome.metrics)
        except (NonFiniteLoss, Diverged) as exc:
            end = self._end("failed", str(exc) + self.checkpoints.kept_sentence())
        except (torch.OutOfMemoryError, MemoryError):
            end = self._oom()
        except GraphError as exc:
            end = self._end("failed", str(exc), node_id=exc.node_id)
        except NetStudioError as exc:
            end = self._end("failed", str(exc))
        except RuntimeError as exc:
            if any(s in str(exc).lower() for s in ("out of memory", "can't allocate", "not enough memory")):
                end = self._oom()
            elif "without overflow" in str(exc):   # the optimizer step itself overflowed float32
                end = self._end("failed", str(NonFiniteLoss(self.global_step + 1, "weights", self.current_lr()))
                                + self.checkpoints.kept_sentence())
            else:
                end = self._internal(exc)
        except Exception as exc:  # noqa: BLE001 - the host process (GUI) must survive anything
            end = self._internal(exc)
        self.result = end
        try:
            self._emit(end)
        finally:
            self.checkpoints.close()
            if self.dist is not None:
                self.dist.finish()
        return end

    def _setup(self) -> None:
        """Threads, device, seed, data, task and loop; then the resumed state and the run folder."""
        cfg = self.cfg
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        if self.dist is not None:
            self.device = self.dist.start(cfg, self.task_cfg.type)
            if not self.dist.is_main:   # rank 0 alone reports and writes
                cfg.snapshot_every = None
        else:
            self.device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        graph = self.task_cfg.discriminator if self.task_cfg.type == "gan" else self.task_cfg.graph
        base_dir = Path(self.project.path).resolve().parent if self.project.path else None
        self.data = load_dataset(self.data_cfg, self.task_cfg, input_shape=input_shape_of(self.project, graph),
                                 base_dir=base_dir, device=self.device)
        self._weights_bytes = check_memory(self.project, self.task_cfg, self.device, cfg.optimizer)
        self._memory_warning = memory_warning(self.project, self.task_cfg, cfg, self.device)
        self.task = make_task(self.project, self.task_cfg, cfg, self.data, self.device)
        self.task.prepare()
        if not self.resume_from:   # a resumed run has its checkpoint's weights; a new one the project's
            from .finetune import start_weights

            self._weight_notes = start_weights(self.project, self.task)
        augment = build_augment(self.data_cfg.augment, self.data.sample_shape, self.data.mean, self.data.std)
        self.loop = TrainingLoop(cfg=cfg, task=self.task, data=self.data, augment=augment, progress=self.progress,
                                 controls=self.controls, steps=self.step_events, snapshots=self.snapshots,
                                 early_stopping=self.early_stopping, checkpoints=self.checkpoints, emit=self._emit,
                                 threads=ThreadTuner(cfg.threads, self.device.type), shard=self.dist)
        if self.resume_from:
            self.checkpoints.resume(self.resume_from, self.task, self.loop.schedules, self.loop.steps_per_epoch)
        if self.dist is not None:
            self.dist.wrap(self.task)
            self.dist.reseed(cfg.seed, self.progress.step)
        self.checkpoints.open_folder(self.run_dir_setting, self.resume_from or None)

    def _started_event(self) -> StartedEvent:
        cfg, data, task = self.cfg, self.data, self.task
        notes = list(data.notes) + self.checkpoints.resume_notes + self._weight_notes
        if self._memory_warning:
            notes.insert(0, self._memory_warning)
        if self.dist is not None:
            notes.append(self.dist.note(cfg.batch_size))
        tuner = self.loop.threads
        if tuner.enabled:
            counts = ", ".join(str(n) for n in tuner.candidates)
            notes.append(f"CPU threads: the first steps are timed at {counts} threads and the fastest is kept "
                         "(training.threads or --threads fixes the count)")
        if cfg.mixed_precision and not task.amp.enabled:
            notes.append("mixed precision is used on CUDA GPUs only; training in float32")
        if self._weights_bytes >= 2**29:
            notes.append(f"the weights take {self._weights_bytes / 1e9:.1f} GB (gradients and optimizer state "
                         "about three times as much again)")
        params = sum(p.numel() for m in task.modules.values() for p in m.parameters())
        return StartedEvent(step=self.global_step, project=self.project.name, task=self.task_cfg.type,
                            device=str(self.device), run_dir=str(self.run_folder.path) if self.run_folder else "",
                            epochs=cfg.epochs, steps_per_epoch=self.steps_per_epoch,
                            start_epoch=self.progress.start_epoch,
                            samples={k: len(v) for k, v in data.splits().items()}, parameters=params, notes=notes,
                            data_mode=data.mode)

    # ----- how a run ends -----
    def _end(self, kind: str, message: str, *, node_id=None, metrics=None) -> EndEvent:
        return EndEvent(kind=kind, step=self.global_step, epoch=self.epoch, message=message,
                        seconds=time.perf_counter() - self._t0, checkpoint=self.last_checkpoint, node_id=node_id,
                        metrics=metrics or {})

    def _oom(self) -> EndEvent:
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        where = "the GPU" if self.device is not None and self.device.type == "cuda" else "the computer"
        return self._end("failed", f"{where} ran out of memory at step {self.global_step} with batch size "
                         f"{self.cfg.batch_size}: use a smaller training.batch_size (for example "
                         f"{max(1, self.cfg.batch_size // 2)}) or a smaller model")

    def _internal(self, exc: BaseException) -> EndEvent:
        self.checkpoints.write_error(traceback.format_exc())
        return self._end("failed", f"training stopped by an unexpected error: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0][:300] if str(exc) else ''}")


__all__ = ["Trainer", "NonFiniteLoss"]

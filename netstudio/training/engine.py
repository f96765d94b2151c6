"""The one training engine behind the CLI and the GUI.

``Trainer(project).run()`` trains synchronously in the calling thread and reports through
events (``trainer.subscribe(fn)``); ``pause``, ``resume``, ``stop`` and ``step_once`` may be
called from any other thread and take effect before the next batch. Faults a user can cause
(NaN loss, a shape error inside forward, GPU out of memory, a missing dataset) end the run
with a ``failed`` event naming the cause; ``run`` never raises for them.

Speed: datasets live as tensors (on the device where they fit); each epoch gathers the shuffled
data once and slices contiguous batches. Losses stay on the device and are fetched in one
transfer per step event (about 20 per second), never with ``.item()`` per step.
"""

from __future__ import annotations

import copy
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import torch

from netstudio.core.errors import GraphError, NetStudioError, ProjectError

from . import runs
from .augment import build_augment
from .config import apply_overrides, parse_data, parse_task, parse_training
from .datasets import input_shape_of, load_dataset
from .devices import resolve_device
from .events import (ControlEvent, EndEvent, EpochEvent, Event, SnapshotEvent, StartedEvent, StepEvent,
                     TestEvent)
from .snapshots import conv_filters, weight_stats
from .tasks import make_task

STEP_EVENT_INTERVAL = 0.05          # seconds: at most ~20 step events per second
EPOCH_GATHER_LIMIT = 256 * 2**20    # bytes: smaller training sets are shuffled once per epoch, whole


class NonFiniteLoss(NetStudioError):
    def __init__(self, step: int, name: str, lr: float) -> None:
        self.step = step
        super().__init__(f"the {name.replace('_', ' ')} became NaN or infinite at step {step}: the learning rate "
                         f"({lr:g}) is probably too high; lower it (for example to {lr / 10:g}) or turn on "
                         "gradient clipping")


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

    Raises
    ------
    ProjectError
        from the constructor when a section holds a wrong value (cheap, before any loading).
    """

    def __init__(self, project, overrides: dict | None = None, run_dir: str | Path | None | bool = None,
                 resume: str | Path | None = None) -> None:
        self.project = project.copy()
        self.project.training = apply_overrides(self.project.training, overrides)
        self.task_cfg = parse_task(self.project.task)
        self.data_cfg = parse_data(self.project.data)
        self.cfg = parse_training(self.project.training)
        self.resume_from = resume
        self.run_dir_setting = run_dir
        self.step_event_interval: float | None = STEP_EVENT_INTERVAL   # None: no step events (benchmarks)
        self.snapshot_nodes: set[str] = set()     # node ids whose activations snapshots carry (settable live)
        self._listeners: list[Callable[[Event], None]] = []
        self._cond = threading.Condition()
        self._paused = False
        self._stop_requested = False
        self._step_budget = 0
        self.global_step = 0
        self.epoch = 0
        self.run_folder: runs.RunFolder | None = None
        self.task = None
        self.data = None
        self.device = None
        self.history: list[dict] = []
        self.last_checkpoint: str | None = None
        self.result: EndEvent | None = None

    # ----- listeners and controls (thread-safe) -----
    def subscribe(self, fn: Callable[[Event], None]) -> None:
        """Call ``fn(event)`` for every event, in the training thread."""
        self._listeners.append(fn)

    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self._cond.notify_all()

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._step_budget = 0
            self._cond.notify_all()

    def stop(self) -> None:
        """Finish the current step, save a checkpoint and end with a ``stopped`` event."""
        with self._cond:
            self._stop_requested = True
            self._cond.notify_all()

    def step_once(self) -> None:
        """While paused: run exactly one more batch, then stay paused."""
        with self._cond:
            self._step_budget += 1
            self._cond.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    def _emit(self, event: Event) -> None:
        if self.run_folder is not None:
            self.run_folder.log(event.to_json())
        for fn in list(self._listeners):
            fn(event)

    # ----- setup -----
    def _setup(self) -> None:
        cfg = self.cfg
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        self.device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        graph = self.task_cfg.discriminator if self.task_cfg.type == "gan" else self.task_cfg.graph
        base_dir = Path(self.project.path).resolve().parent if self.project.path else None
        self.data = load_dataset(self.data_cfg, self.task_cfg, input_shape=input_shape_of(self.project, graph),
                                 base_dir=base_dir, device=self.device)
        self.task = make_task(self.project, self.task_cfg, cfg, self.data, self.device)
        self.task.prepare()
        self.augment = build_augment(self.data_cfg.augment, self.data.sample_shape, self.data.mean, self.data.std)
        n = len(self.data.train)
        b = min(cfg.batch_size, n)
        self.batch_size = b
        self.steps_per_epoch = n // b + (1 if n % b > 1 else 0)   # a last batch of 1 breaks BatchNorm: drop it
        self.schedulers = {name: self._make_scheduler(opt) for name, opt in self.task.optimizers.items()}
        self.best = None
        self.bad_epochs = 0
        self.start_epoch, self.start_batch = 0, 0
        resume_meta = self._load_resume() if self.resume_from else None
        if self.run_dir_setting is not False:
            if self.run_dir_setting:
                path = Path(self.run_dir_setting)
            elif resume_meta is not None:
                path = runs.checkpoint_stem(self.resume_from).parent.parent
            else:
                path = runs.default_run_dir(self.project.name)
            self.run_folder = runs.RunFolder(path, self.project, resume=resume_meta is not None)

    def _make_scheduler(self, opt):
        s = self.cfg.schedule
        kind = s["type"]
        if kind == "step":
            return torch.optim.lr_scheduler.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
        if kind == "cosine":
            return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.cfg.epochs, eta_min=s["min_lr"])
        if kind == "one_cycle":
            total = self.cfg.epochs * self.steps_per_epoch
            return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=s.get("max_lr") or self.cfg.lr, total_steps=total,
                                                       pct_start=s["pct_start"])
        if kind == "plateau":
            return torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=s["factor"], patience=s["patience"],
                                                              min_lr=s["min_lr"])
        return None

    def _load_resume(self) -> dict:
        weights, optim, meta = runs.load_checkpoint(self.resume_from)
        if meta.get("task") != self.task_cfg.type:
            raise ProjectError(f"checkpoint {self.resume_from} was made for a {meta.get('task')} task, not "
                               f"{self.task_cfg.type}")
        runs.load_module_weights(self.task.modules, weights, self.resume_from)
        for name, opt in self.task.optimizers.items():
            if name in optim:
                opt.load_state_dict(optim[name])
        for name, state in meta.get("schedulers", {}).items():
            if self.schedulers.get(name) is not None and state is not None:
                self.schedulers[name].load_state_dict(state)
        if meta.get("rng_state") is not None:
            torch.set_rng_state(meta["rng_state"])
        self.global_step = int(meta["step"])
        self.start_epoch = int(meta["epoch"])
        self.start_batch = int(meta.get("batch_in_epoch", 0))
        if self.start_batch >= self.steps_per_epoch:
            self.start_epoch, self.start_batch = self.start_epoch + 1, 0
        self.best, self.bad_epochs = meta.get("best"), int(meta.get("bad_epochs", 0))
        self.history = list(meta.get("history", []))
        return meta

    # ----- the run -----
    def run(self) -> EndEvent:
        """Train to the end (or until stopped or failed); returns the final event, never raises for user faults."""
        self._t0 = time.perf_counter()
        self._paused_time = 0.0
        try:
            self._setup()
            end = self._loop()
        except NonFiniteLoss as exc:
            kept = (f" The last good checkpoint is {self.last_checkpoint}." if self.last_checkpoint
                    else " No checkpoint had been saved yet.")
            end = self._end("failed", str(exc) + kept)
        except torch.OutOfMemoryError:
            end = self._oom()
        except GraphError as exc:
            end = self._end("failed", str(exc), node_id=exc.node_id)
        except NetStudioError as exc:
            end = self._end("failed", str(exc))
        except RuntimeError as exc:
            if "out of memory" in str(exc).lower():
                end = self._oom()
            elif "without overflow" in str(exc):   # the optimizer step itself overflowed float32
                end = self._end("failed", str(NonFiniteLoss(self.global_step + 1, "weights", self.current_lr())))
            else:
                end = self._internal(exc)
        except Exception as exc:  # noqa: BLE001 - the host process (GUI) must survive anything
            end = self._internal(exc)
        self.result = end
        try:
            self._emit(end)
        finally:
            if self.run_folder is not None:
                self.run_folder.close()
        return end

    def _oom(self) -> EndEvent:
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        return self._end("failed", f"the GPU ran out of memory at step {self.global_step} with batch size "
                         f"{self.cfg.batch_size}: use a smaller training.batch_size (for example "
                         f"{max(1, self.cfg.batch_size // 2)}) or a smaller model")

    def _internal(self, exc: BaseException) -> EndEvent:
        if self.run_folder is not None:
            try:
                (self.run_folder.path / "error.log").write_text(traceback.format_exc(), encoding="utf-8")
            except OSError:  # a full disk must not turn the one-line failure into a traceback
                pass
        return self._end("failed", f"training stopped by an unexpected error: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0][:300] if str(exc) else ''}")

    def _end(self, kind: str, message: str, *, node_id=None, metrics=None) -> EndEvent:
        return EndEvent(kind=kind, step=self.global_step, epoch=self.epoch, message=message,
                        seconds=time.perf_counter() - self._t0, checkpoint=self.last_checkpoint, node_id=node_id,
                        metrics=metrics or {})

    def _loop(self) -> EndEvent:
        cfg, data, task = self.cfg, self.data, self.task
        notes = list(data.notes)
        if cfg.mixed_precision and not task.amp.enabled:
            notes.append("mixed precision is used on CUDA GPUs only; training in float32")
        params = sum(p.numel() for m in task.modules.values() for p in m.parameters())
        self._emit(StartedEvent(step=self.global_step, project=self.project.name, task=self.task_cfg.type,
                                device=str(self.device), run_dir=str(self.run_folder.path) if self.run_folder else "",
                                epochs=cfg.epochs, steps_per_epoch=self.steps_per_epoch, start_epoch=self.start_epoch,
                                samples={k: len(v) for k, v in data.splits().items()}, parameters=params, notes=notes))
        self._pending: list[dict[str, torch.Tensor]] = []
        self._first_pending = self.global_step + 1
        self._last_emit = self._last_snapshot = time.perf_counter()
        self._snapshot_cost = 0.0
        self._steps_done = 0
        total_steps = cfg.epochs * self.steps_per_epoch
        if cfg.max_steps:
            total_steps = min(total_steps, cfg.max_steps)
        self._total_steps = total_steps
        task.set_train(True)
        train = data.train
        n = len(train)
        gather_all = train.x.nbytes + train.y.nbytes <= EPOCH_GATHER_LIMIT
        stop_message = None
        for epoch in range(self.start_epoch, cfg.epochs):
            self.epoch = epoch
            t_epoch = time.perf_counter()
            losses_sum = torch.zeros((), device=self.device)
            losses_n = 0
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(cfg.seed * 100003 + epoch))
            perm = perm.to(train.x.device)
            if gather_all:
                xs, ys = train.x[perm], train.y[perm]
            first = self.start_batch if epoch == self.start_epoch else 0
            for b in range(first, self.steps_per_epoch):
                if not self._gate():
                    return self._stopped(epoch, b)
                lo, hi = b * self.batch_size, min((b + 1) * self.batch_size, n)
                if gather_all:
                    xb, yb = xs[lo:hi], ys[lo:hi]
                else:
                    idx = perm[lo:hi]
                    xb, yb = train.x[idx], train.y[idx]
                if xb.device != self.device:
                    xb, yb = xb.to(self.device, non_blocking=True), yb.to(self.device, non_blocking=True)
                if self.augment is not None:
                    xb = self.augment(xb)
                values = task.train_step(xb, yb)
                self.global_step += 1
                self._steps_done += 1
                self._batch_in_epoch = b + 1
                losses_sum += values["loss"]
                losses_n += 1
                self._pending.append(values)
                for sched in self.schedulers.values():
                    if isinstance(sched, torch.optim.lr_scheduler.OneCycleLR) and sched.last_epoch < sched.total_steps - 1:
                        sched.step()
                now = time.perf_counter()
                if self._step_budget_used or (self.step_event_interval is not None
                                              and now - self._last_emit >= self.step_event_interval):
                    self._flush(now)
                # a snapshot costing c seconds waits at least 30c: live pictures never take over 3% of training
                if cfg.snapshot_every is not None and (self._step_budget_used or (
                        cfg.snapshot_every and now - self._last_snapshot >= max(cfg.snapshot_every,
                                                                                 30 * self._snapshot_cost))):
                    self._snapshot(live=True)
                    self._last_snapshot = time.perf_counter()
                    self._snapshot_cost = self._last_snapshot - now
                self._step_budget_used = False
                if cfg.max_steps and self.global_step >= cfg.max_steps:
                    stop_message = f"reached training.max_steps ({cfg.max_steps})"
                    break
            self._flush(time.perf_counter())
            done = self._batch_in_epoch if stop_message and self._batch_in_epoch < self.steps_per_epoch else None
            self._batch_in_epoch = 0
            train_loss = float(losses_sum / max(losses_n, 1)) if losses_n else float("nan")
            stop_message = self._end_epoch(epoch, train_loss, time.perf_counter() - t_epoch,
                                           partial_batches=done) or stop_message
            if stop_message:
                break
        metrics = self._test()
        return self._end("finished", stop_message or f"trained {self.epoch + 1} epoch(s), {self.global_step} steps",
                         metrics=metrics)

    # ----- controls inside the loop -----
    _step_budget_used = False
    _batch_in_epoch = 0

    def _gate(self) -> bool:
        """Before each batch: False when a stop is requested; blocks while paused (step_once lets one through)."""
        with self._cond:
            if self._stop_requested:
                return False
            if not self._paused:
                return True
            if self._step_budget > 0:
                self._step_budget -= 1
                self._step_budget_used = True
                return True
        self._flush(time.perf_counter())
        self._emit(ControlEvent(kind="paused", step=self.global_step, epoch=self.epoch))
        t = time.perf_counter()
        with self._cond:
            while self._paused and not self._stop_requested and self._step_budget == 0:
                self._cond.wait()
            self._paused_time += time.perf_counter() - t
            if self._stop_requested:
                return False
            if self._paused:        # step_once
                self._step_budget -= 1
                self._step_budget_used = True
                return True
        self._emit(ControlEvent(kind="resumed", step=self.global_step, epoch=self.epoch))
        self._last_emit = time.perf_counter()
        return True

    def _stopped(self, epoch: int, batch: int) -> EndEvent:
        self._flush(time.perf_counter())
        self._batch_in_epoch = batch
        path = self._checkpoint(epoch, batch_in_epoch=batch)
        return self._end("stopped", f"stopped at step {self.global_step} (epoch {epoch + 1}); checkpoint saved in {path}")

    # ----- step events -----
    def _flush(self, now: float) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        keys = list(pending[0])
        # one stack and one device->host transfer for every value of every pending step
        table = torch.stack([p[k] for p in pending for k in keys]).float().view(len(pending), len(keys)).cpu()
        finite = torch.isfinite(table)
        if not bool(finite.all()):
            row, col = (~finite).nonzero()[0].tolist()
            raise NonFiniteLoss(self._first_pending + row, keys[col], self.current_lr())
        values = {k: table[:, i].tolist() for i, k in enumerate(keys)}
        first = self._first_pending
        self._first_pending = self.global_step + 1
        dt = max(now - self._last_emit, 1e-9)
        self._last_emit = now
        if self.step_event_interval is None and not self._listeners and self.run_folder is None:
            return
        elapsed = now - self._t0 - self._paused_time
        rate = self._steps_done / max(elapsed, 1e-9)
        remaining = self._total_steps - self.global_step
        self._emit(StepEvent(step=self.global_step, epoch=self.epoch, first_step=first,
                             progress=self.global_step / max(self._total_steps, 1), values=values,
                             loss=sum(values["loss"]) / len(pending), lr=self.current_lr(),
                             samples_per_sec=len(pending) * self.batch_size / dt,
                             eta_seconds=remaining / rate if rate > 0 else None))

    def current_lr(self) -> float:
        opt = next(iter(self.task.optimizers.values()))
        return float(opt.param_groups[0]["lr"])

    # ----- snapshots -----
    def _snapshot(self, live: bool, extra: dict | None = None) -> SnapshotEvent:
        task = self.task
        data: dict[str, Any] = {}
        data.update(task.live_snapshot())
        nodes = set(self.snapshot_nodes)
        if nodes:
            data["activations"] = task.node_activations(nodes)
        filters = {}
        stats = {}
        for name, module in task.modules.items():
            prefix = "" if len(task.modules) == 1 else f"{name}/"
            filters.update({prefix + k: v for k, v in conv_filters(module).items()})
            stats.update({prefix + k: v for k, v in weight_stats(module).items()})
        if filters:
            data["filters"] = filters
        data["weight_stats"] = stats
        if extra:
            data.update(extra)
        event = SnapshotEvent(step=self.global_step, epoch=self.epoch, data=data)
        self._emit(event)
        return event

    # ----- epoch end -----
    def _end_epoch(self, epoch: int, train_loss: float, seconds: float, partial_batches: int | None) -> str | None:
        """Validation, schedulers, early stopping, checkpoint, epoch event and snapshot.

        ``partial_batches``: the epoch ended early (max_steps) after this many batches; the
        checkpoint then resumes inside the epoch and epoch-based schedulers do not step.
        """
        partial = partial_batches is not None
        task = self.task
        val = task.evaluate(self.data.val, full=True)
        task.set_train(True)
        arrays = {k: val.pop(k) for k in ("confusion", "wrong", "text") if k in val}
        metrics = {"train_loss": train_loss}
        metrics.update({f"val_{k}": v for k, v in val.items()})
        for name, sched in self.schedulers.items():
            if partial:
                break
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(val.get("loss", train_loss))
            elif sched is not None and not isinstance(sched, torch.optim.lr_scheduler.OneCycleLR):
                sched.step()
        stop = self._early_stop(epoch, metrics)
        record = {"epoch": epoch + 1, **{k: v for k, v in metrics.items() if not isinstance(v, list)}}
        self.history.append(record)
        checkpoint = None
        if (epoch + 1) % self.cfg.checkpoint_every == 0 or epoch + 1 == self.cfg.epochs or stop or partial:
            checkpoint = (self._checkpoint(epoch, partial_batches) if partial else self._checkpoint(epoch + 1, 0))
        self._emit(EpochEvent(step=self.global_step, epoch=epoch + 1, train_loss=train_loss,
                              val_loss=val.get("loss"), val_acc=val.get("acc"),
                              metrics={k: v for k, v in metrics.items() if k not in ("train_loss", "val_loss", "val_acc")},
                              lr=self.current_lr(), seconds=seconds, checkpoint=checkpoint))
        if self.cfg.snapshot_every is not None:
            snap = self._snapshot(live=False, extra=arrays)
            if self.run_folder is not None:
                self._write_images(epoch + 1, snap.data)
        return stop

    def _early_stop(self, epoch: int, metrics: dict) -> str | None:
        es = self.cfg.early_stopping
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

    def _write_images(self, epoch: int, data: dict) -> None:
        for name, images in self.task.images(data).items():
            self.run_folder.save_png(f"epoch{epoch:03d}_{name}", images)
        from .snapshots import filter_mosaic

        for node, w in list(data.get("filters", {}).items())[:1]:
            if w.ndim == 4:
                self.run_folder.save_png(f"epoch{epoch:03d}_filters_{node.replace('/', '_')}", filter_mosaic(w))

    def _checkpoint(self, epoch: int, batch_in_epoch: int) -> str | None:
        if self.run_folder is None:
            return None
        for module in self.task.modules.values():   # never save weights that are already NaN
            for p in module.parameters():
                if not bool(torch.isfinite(p).all()):
                    return self.last_checkpoint
        meta = {"step": self.global_step, "epoch": epoch, "batch_in_epoch": batch_in_epoch,
                "task": self.task_cfg.type, "project": self.project.name, "data": self.data.meta(),
                "schedulers": {k: (s.state_dict() if s is not None else None) for k, s in self.schedulers.items()},
                "best": self.best, "bad_epochs": self.bad_epochs, "history": self.history,
                "training": copy.deepcopy(self.project.training)}
        stem = self.run_folder.path / "checkpoints" / f"step{self.global_step:07d}"
        path = runs.save_checkpoint(stem, self.task.modules, self.task.optimizers, meta)
        runs.write_last(stem.parent, path, meta)
        self.last_checkpoint = str(path)
        return self.last_checkpoint

    def _test(self) -> dict:
        if not len(self.data.test):
            return {}
        result = self.task.evaluate(self.data.test, full=True)
        if "confusion" in result:
            result["confusion"] = result["confusion"].tolist()
        wrong = result.pop("wrong", None)
        text = result.pop("text", None)
        if text is not None:
            result["sample_text"] = text
        self._emit(TestEvent(step=self.global_step, metrics=result))
        if wrong and self.run_folder is not None and getattr(wrong.get("images"), "ndim", 0) == 4 and len(wrong["images"]):
            self.run_folder.save_png("test_wrong", wrong["images"])
        return {k: v for k, v in result.items() if not isinstance(v, list) or k == "per_class_acc"}


def train_project(project, **kwargs) -> EndEvent:
    """Convenience: build a Trainer and run it."""
    return Trainer(project, **kwargs).run()


__all__ = ["Trainer", "train_project", "NonFiniteLoss"]

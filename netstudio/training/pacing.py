"""What the engine reports while it trains, and how often: step events and snapshots.

Step events: each step's losses stay on the device and are fetched in one transfer per event,
about 20 events per second, never with ``.item()`` per step. Snapshots (weights, filters,
activations, task pictures) are paced by their own cost, so that live pictures never take over
about 3% of the training time.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import torch

from netstudio.core.errors import NetStudioError

from .controls import RunControls
from .events import SnapshotEvent, StepEvent, TrainingEvent
from .progress import Progress
from .snapshots import ActivationProbe, conv_filters, weight_stats

STEP_EVENT_INTERVAL = 0.05     # seconds: at most ~20 step events per second
SNAPSHOT_COST_FACTOR = 30      # a live snapshot that took c seconds waits at least 30c before the next


class NonFiniteLoss(NetStudioError):
    """A loss (or the weights) became NaN or infinite; found when the losses reach the host for a step event."""

    def __init__(self, step: int, name: str, lr: float) -> None:
        self.step = step
        super().__init__(f"the {name.replace('_', ' ')} became NaN or infinite at step {step}: the learning rate "
                         f"({lr:g}) is probably too high; lower it (for example to {lr / 10:g}) or turn on "
                         "gradient clipping")


class StepPacer:
    """Collects the values of every step and reports them in batches as ``StepEvent``.

    Parameters
    ----------
    progress : Progress
        The run's position (step and epoch of each event).
    controls : RunControls
        Its paused time is left out of the speed and the ETA.
    emit : callable
        Sends an event to the listeners and the log.
    lr : callable
        The current learning rate.
    audience : callable
        False when nobody would see a step event (no listener, no run folder).
    """

    def __init__(self, progress: Progress, controls: RunControls, emit: Callable[[TrainingEvent], None],
                 lr: Callable[[], float], audience: Callable[[], bool]) -> None:
        self.interval: float | None = STEP_EVENT_INTERVAL   # None: no timed step events (benchmarks)
        self._progress = progress
        self._controls = controls
        self._emit = emit
        self._lr = lr
        self._audience = audience
        self._pending: list[dict[str, torch.Tensor]] = []
        self._first_pending = 1        # step number of _pending[0]
        self._last_emit = 0.0
        self._started = 0.0
        self._steps_done = 0           # steps trained by this run (not the resumed ones)
        self._total_steps = 0
        self._batch_size = 1

    def start(self, total_steps: int, batch_size: int, started: float, now: float) -> None:
        """Before the first batch: the run's length, its batch size and when it started (perf_counter)."""
        self._pending = []
        self._first_pending = self._progress.step + 1
        self._last_emit = now
        self._started = started
        self._steps_done = 0
        self._total_steps = total_steps
        self._batch_size = batch_size

    def add(self, values: dict[str, torch.Tensor]) -> None:
        """One step's detached 0-d values (``loss`` first), still on the device."""
        self._steps_done += 1
        self._pending.append(values)

    def due(self, now: float) -> bool:
        return self.interval is not None and now - self._last_emit >= self.interval

    def restart_clock(self, now: float) -> None:
        """After a pause: the next event's speed counts from now."""
        self._last_emit = now

    def flush(self, now: float) -> None:
        """Report the pending steps in one ``StepEvent``.

        Raises
        ------
        NonFiniteLoss
            naming the first step whose value is NaN or infinite.
        """
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        keys = list(pending[0])
        # one stack and one device->host transfer for every value of every pending step
        table = torch.stack([p[k] for p in pending for k in keys]).float().view(len(pending), len(keys)).cpu()
        finite = torch.isfinite(table)
        if not bool(finite.all()):
            row, col = (~finite).nonzero()[0].tolist()
            raise NonFiniteLoss(self._first_pending + row, keys[col], self._lr())
        values = {k: table[:, i].tolist() for i, k in enumerate(keys)}
        step = self._progress.step
        first = self._first_pending
        self._first_pending = step + 1
        dt = max(now - self._last_emit, 1e-9)
        self._last_emit = now
        if self.interval is None and not self._audience():
            return
        elapsed = now - self._started - self._controls.paused_seconds
        rate = self._steps_done / max(elapsed, 1e-9)
        remaining = self._total_steps - step
        self._emit(StepEvent(step=step, epoch=self._progress.epoch, first_step=first,
                             progress=step / max(self._total_steps, 1), values=values,
                             loss=sum(values["loss"]) / len(pending), lr=self._lr(),
                             samples_per_sec=len(pending) * self._batch_size / dt,
                             eta_seconds=remaining / rate if rate > 0 else None))


class SnapshotTaker:
    """Builds ``SnapshotEvent``: live ones during an epoch, paced by ``training.snapshot_every``, and one per epoch.

    ``nodes`` are the node ids whose activations snapshots carry; another thread (the GUI) may
    replace the set at any time, it is read once per snapshot.
    """

    def __init__(self, progress: Progress, emit: Callable[[TrainingEvent], None]) -> None:
        self.nodes: set[str] = set()
        self._progress = progress
        self._emit = emit
        self._every: float | None = None   # seconds between live snapshots; 0: at epoch ends; None: never
        self._last = 0.0
        self._cost = 0.0                   # seconds the last live snapshot took
        self.probe = ActivationProbe()     # per-layer activation statistics of the sampled steps

    def start(self, every: float | None, now: float) -> None:
        self._every = every
        self._last = now
        self._cost = 0.0

    @property
    def enabled(self) -> bool:
        return self._every is not None

    def live_due(self, now: float, forced: bool) -> bool:
        """After a step: take a live snapshot now? ``forced`` for a single step while paused."""
        if self._every is None:
            return False
        return forced or bool(self._every and now - self._last >= max(self._every, SNAPSHOT_COST_FACTOR * self._cost))

    def arm(self, task, sampled: bool) -> None:
        """Before a step: hook every layer when the step is ``sampled`` (a snapshot follows it)."""
        if sampled and self._every is not None and not self.probe.attached:
            for name, module in task.modules.items():
                self.probe.attach(module, "" if len(task.modules) == 1 else f"{name}/")

    def disarm(self) -> None:
        """After the step: the hooks go, so unsampled steps cost nothing."""
        if self.probe.attached:
            self.probe.detach()

    def take_live(self, task, now: float) -> None:
        """A snapshot during an epoch; ``now`` is when the step ended, to measure what the snapshot cost."""
        self.take(task)
        self._last = time.perf_counter()
        self._cost = self._last - now

    def take(self, task, extra: dict | None = None) -> SnapshotEvent:
        """Emit a snapshot of ``task``'s models; ``extra`` adds arrays (the epoch's confusion matrix, ...)."""
        data: dict[str, Any] = {}
        data.update(task.live_snapshot())
        nodes = set(self.nodes)
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
        acts = self.probe.stats()
        if acts:
            data["activation_stats"] = acts
        if extra:
            data.update(extra)
        event = SnapshotEvent(step=self._progress.step, epoch=self._progress.epoch, data=data)
        self._emit(event)
        return event

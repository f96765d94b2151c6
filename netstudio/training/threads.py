"""PyTorch's CPU thread count, chosen by measuring while the run trains.

PyTorch's default (one intra-op thread per core) collapses when another program keeps a core busy:
its OpenMP workers spin waiting for each other, and a step was measured 16x (MNIST CNN) to over
50x (character LSTM) slower than with the right count. No fixed rule fits every machine and model,
so the first training steps are timed at each candidate count (1, 2, 4, ... up to the cores) and
the fastest is kept; when steps later become much slower than that (something else started on the
machine), the counts are measured again. These are real training steps, so nothing is wasted.

``training.threads`` (or ``--threads``, or an ``OMP_NUM_THREADS`` in the environment) fixes the
count instead. Exact resume is bit-for-bit only with a fixed count: reductions may round differently
at another count.
"""

from __future__ import annotations

import os
import statistics
import time
from collections import deque

import torch

PROBE_STEPS = 4          # steps timed per candidate; the first is a warm-up and not counted
GIVE_UP = 3.0            # a candidate already this much slower than the best so far stops early
COLLAPSE = 2.5           # steps this much slower than at the choice: measure again
WINDOW = 16              # recent steps whose median is compared with the choice
MIN_STEPS_BETWEEN = 200  # at least this many steps between two measurements


def candidate_counts(cores: int) -> list[int]:
    """1, 2, 4, ... and the number of cores itself."""
    counts, n = [], 1
    while n < cores:
        counts.append(n)
        n *= 2
    return counts + [cores]


class ThreadTuner:
    """Call ``before_step()`` and ``after_step(seconds)`` around every training step.

    Parameters
    ----------
    fixed : int or None
        A thread count the user chose; then nothing is measured.
    device_type : str
        Only CPU runs are tuned (a GPU step does not depend on the CPU's thread count).
    cores : int, optional
        The cores to consider (default: ``os.cpu_count()``).
    """

    def __init__(self, fixed: int | None, device_type: str, cores: int | None = None) -> None:
        cores = max(1, cores or os.cpu_count() or 1)
        self.enabled = fixed is None and device_type == "cpu" and cores > 1 and not os.environ.get("OMP_NUM_THREADS")
        self.candidates = candidate_counts(cores)
        self.chosen: int | None = fixed
        self.timings: dict[int, float] = {}      # count -> median seconds per step, from the last measurement
        self.measurements = 0
        self._probing = self.enabled
        self._index = 0
        self._samples: list[float] = []
        self._recent: deque[float] = deque(maxlen=WINDOW)
        self._steps_since = 0
        self._started = 0.0

    @property
    def probing(self) -> bool:
        return self._probing

    def before_step(self) -> None:
        if self._probing:
            count = self.candidates[self._index]
            if torch.get_num_threads() != count:
                torch.set_num_threads(count)
        self._started = time.perf_counter()

    def after_step(self, seconds: float | None = None) -> None:
        if not self.enabled:
            return
        if seconds is None:
            seconds = time.perf_counter() - self._started
        self._steps_since += 1
        if self._probing:
            self._probe(seconds)
            return
        self._recent.append(seconds)
        best = self.timings.get(self.chosen or 0)
        if (best and len(self._recent) == WINDOW and self._steps_since >= MIN_STEPS_BETWEEN
                and statistics.median(self._recent) > COLLAPSE * best):
            self._start_probe()

    def _probe(self, seconds: float) -> None:
        self._samples.append(seconds)
        counted = self._samples[1:]
        best_so_far = min(self.timings.values(), default=None)
        slow = best_so_far is not None and counted and statistics.median(counted) > GIVE_UP * best_so_far
        if len(self._samples) >= PROBE_STEPS or slow or (best_so_far is not None and seconds > 10 * best_so_far):
            count = self.candidates[self._index]
            self.timings[count] = statistics.median(counted or self._samples)
            self._index += 1
            self._samples = []
            if self._index == len(self.candidates):
                self.chosen = min(self.timings, key=self.timings.get)
                torch.set_num_threads(self.chosen)
                self._probing = False
                self._recent.clear()
                self._steps_since = 0
                self.measurements += 1

    def _start_probe(self) -> None:
        self._probing = True
        self._index = 0
        self._samples = []
        self.timings = {}
        self._steps_since = 0

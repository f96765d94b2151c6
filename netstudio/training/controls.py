"""Pause, resume, stop and single steps: requested from any thread, obeyed by the training thread before each batch."""

from __future__ import annotations

import enum
import threading
import time
from typing import Callable


class Gate(enum.Enum):
    """What the training thread does with the next batch."""

    RUN = "run"     # not paused: train it
    STEP = "step"   # paused, but ``step_once`` lets this one batch through: report it at once
    STOP = "stop"   # a stop was requested: do not train it


class RunControls:
    """The thread-safe controls of one run.

    The GUI or CLI calls ``pause``, ``resume``, ``stop`` and ``step_once`` from its own thread; the
    training thread calls ``gate`` before each batch, which blocks while paused.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._paused = False
        self._stop_requested = False
        self._step_budget = 0          # batches step_once has let through that have not run yet
        self.paused_seconds = 0.0      # time spent blocked in gate, left out of speed and ETA

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
        with self._cond:
            self._stop_requested = True
            self._cond.notify_all()

    def step_once(self) -> None:
        with self._cond:
            self._step_budget += 1
            self._cond.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    def gate(self, on_pause: Callable[[], None], on_resume: Callable[[], None]) -> Gate:
        """Before each batch: whether to train it; blocks while paused.

        Parameters
        ----------
        on_pause, on_resume : callable
            Called in the training thread just before blocking and after a resume unblocks it
            (not when a single step or a stop ends the wait), to report the pause.

        Returns
        -------
        Gate
            ``STOP`` when a stop is requested (also while paused), ``STEP`` for a batch let
            through by ``step_once``, else ``RUN``.
        """
        with self._cond:
            if self._stop_requested:
                return Gate.STOP
            if not self._paused:
                return Gate.RUN
            if self._step_budget > 0:
                self._step_budget -= 1
                return Gate.STEP
        on_pause()
        t = time.perf_counter()
        with self._cond:
            while self._paused and not self._stop_requested and self._step_budget == 0:
                self._cond.wait()
            self.paused_seconds += time.perf_counter() - t
            if self._stop_requested:
                return Gate.STOP
            if self._paused:        # step_once
                self._step_budget -= 1
                return Gate.STEP
        on_resume()
        return Gate.RUN

"""The engine picks PyTorch's CPU thread count by timing the first steps, and measures again on a collapse."""

import torch

from netstudio.training import threads as threads_module
from netstudio.training.engine import Trainer
from netstudio.training.threads import COLLAPSE, MIN_STEPS_BETWEEN, PROBE_STEPS, WINDOW, ThreadTuner, candidate_counts

from .conftest import points_mlp


def test_candidates_are_powers_of_two_and_the_core_count():
    assert candidate_counts(1) == [1]
    assert candidate_counts(2) == [1, 2]
    assert candidate_counts(6) == [1, 2, 4, 6]
    assert candidate_counts(8) == [1, 2, 4, 8]


def _drive(tuner, seconds_at):
    """One step: the tuner sets the count, the 'step' takes seconds_at[count]."""
    tuner.before_step()
    tuner.after_step(seconds_at[torch.get_num_threads()])


def test_the_fastest_count_is_kept_and_a_collapse_measures_again(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        tuner = ThreadTuner(None, "cpu", cores=4)
        speeds = {1: 0.010, 2: 0.006, 4: 0.030}          # 2 threads wins; 4 spin-waits
        for _ in range(3 * PROBE_STEPS):
            _drive(tuner, speeds)
        assert not tuner.probing and tuner.chosen == 2 and torch.get_num_threads() == 2
        assert tuner.timings[4] > tuner.timings[1] > tuner.timings[2]
        for _ in range(MIN_STEPS_BETWEEN):               # steady: no new measurement
            _drive(tuner, speeds)
        assert not tuner.probing and tuner.measurements == 1
        collapsed = {1: 0.011, 2: 0.006 * (COLLAPSE + 1), 4: 0.5}   # something now holds a core
        for _ in range(WINDOW):
            _drive(tuner, collapsed)
        assert tuner.probing
        for _ in range(3 * PROBE_STEPS):
            _drive(tuner, collapsed)
        assert tuner.chosen == 1 and tuner.measurements == 2
    finally:
        torch.set_num_threads(before)


def test_a_hopeless_candidate_is_abandoned_after_two_steps(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        tuner = ThreadTuner(None, "cpu", cores=2)
        for _ in range(PROBE_STEPS):
            _drive(tuner, {1: 0.01, 2: 1.0})
        assert tuner.probing and tuner._index == 1
        _drive(tuner, {1: 0.01, 2: 1.0})                # 100x slower: one step is enough
        assert not tuner.probing and tuner.chosen == 1
    finally:
        torch.set_num_threads(before)


def test_a_fixed_count_a_gpu_or_omp_num_threads_measure_nothing(monkeypatch):
    assert not ThreadTuner(3, "cpu", cores=4).enabled
    assert not ThreadTuner(None, "cuda", cores=4).enabled
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert not ThreadTuner(None, "cpu", cores=4).enabled


def test_a_run_without_a_thread_setting_says_it_measures_and_keeps_a_count(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(threads_module.os, "cpu_count", lambda: 2)
    before = torch.get_num_threads()
    events = []
    try:
        trainer = Trainer(points_mlp(training={"threads": None, "epochs": 2}), run_dir=False)
        trainer.subscribe(events.append)
        end = trainer.run()
        assert end.kind == "finished", end.message
        started = next(e for e in events if e.kind == "started")
        assert any("CPU threads" in note for note in started.notes)
        tuner = trainer.loop.threads
        assert tuner.chosen in (1, 2) and set(tuner.timings) == {1, 2}
    finally:
        torch.set_num_threads(before)

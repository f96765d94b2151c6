"""A run whose training-memory estimate exceeds the device's memory says so in the Training dock's message
line as it starts, before its first batch."""

from __future__ import annotations

from netstudio.training import memory

from .conftest import TIMEOUT, mlp_project, start_paused, wait_idle


def test_too_big_for_this_device_shows_in_the_training_dock(qtbot, trained_window, write_project, monkeypatch,
                                                             one_torch_thread):
    weights = 4 * (2 * 16 + 16 + 16 * 2 + 2)            # the MLP's float32 weights: 328 bytes
    monkeypatch.setattr(memory, "machine_memory", lambda device: 4 * weights + 100)   # a batch does not fit
    c = start_paused(qtbot, trained_window, write_project(mlp_project(threads=1)))
    qtbot.waitUntil(lambda: "too big for this device" in c.controls.message.text(), timeout=TIMEOUT)
    message = c.controls.message.text()
    assert "a batch of 32) but this computer has 1.41 KB" in message and "lower training.batch_size" in message
    assert c.trainer.global_step == 0                    # said before training started
    c.stop()
    wait_idle(qtbot, c)

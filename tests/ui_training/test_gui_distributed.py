"""Train on two local processes from the window: torchrun workers (gloo, CPU) shown live like a run in the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from netstudio.core.commands import SetSection

from .conftest import TIMEOUT, gan_project, mlp_project, wait_idle

# each about 25 s on a quiet 2-core machine (three Python processes import torch); kept in the default suite
pytestmark = pytest.mark.slow


def _open(qtbot, w, write_project, **training):
    assert w.open_project(write_project(mlp_project(epochs=2, threads=1, workers=2, **training)))
    # the worker count sits beside the device in the training panel and shows the project's value
    assert w.training.panel.training.workers.value() == 2


def test_two_worker_run_is_shown_live_and_ends_in_one_run_folder(qtbot, trained_window, write_project):
    w = trained_window
    c = w.training
    _open(qtbot, w, write_project)
    assert c.start(), c.last_error
    assert c.state == "starting"
    wait_idle(qtbot, c, timeout=3 * TIMEOUT)
    assert c.last_end is not None and c.last_end.kind == "finished", c.last_end and c.last_end.message
    run_dir = Path(c.trainer.run_folder.path)
    # rank 0 alone wrote the run folder: one metrics file, with both epochs
    assert sorted(p.name for p in run_dir.iterdir() if p.name.endswith(".jsonl")) == ["metrics.jsonl"]
    # the live views got the run's curves from the log: step losses and both epochs
    loss = c.live.loss
    assert len(loss.raw) == c.last_end.step > 5
    assert c.controls.message.text().startswith(c.last_end.message[:20])
    assert c.last_checkpoint and Path(c.last_checkpoint).is_file()
    # the Runs dock lists the run and the launch copy of the project was cleaned up
    c.runs.refresh()
    assert str(run_dir) in c.runs.panel.paths()
    assert not list(Path(w.document.project.path).parent.glob(".*launch-*.nsproj"))


@pytest.mark.long
def test_a_dead_worker_is_named_by_rank_in_the_panel(qtbot, trained_window, write_project, monkeypatch):
    monkeypatch.setenv("NETSTUDIO_TEST_DIE_RANK", "1")      # distributed.py's test hook: rank 1 exits at step 3
    monkeypatch.setenv("NETSTUDIO_TEST_DIE_STEP", "3")
    w = trained_window
    c = w.training
    _open(qtbot, w, write_project)
    assert c.start(), c.last_error
    wait_idle(qtbot, c, timeout=3 * TIMEOUT)
    assert c.last_end.kind == "failed"
    assert "rank 1" in c.last_error and "Traceback" not in c.last_error
    assert "rank 1" in c.controls.message.text()


def test_an_uneven_batch_is_refused_before_any_process_starts(qtbot, trained_window, write_project):
    w = trained_window
    c = w.training
    assert w.open_project(write_project(mlp_project(epochs=1, threads=1, workers=3)))
    assert not c.start()
    assert "training.batch_size 32" in c.last_error and "3 workers" in c.last_error
    assert c.state == "idle" and c.run is None
    gan = gan_project()
    gan["training"]["workers"] = 2
    assert w.open_project(write_project(gan, "gan.nsproj"))
    assert not c.start()
    assert c.last_error == "A gan task trains in one process only: set Worker processes to 1."


def _processes_naming(text: str) -> list[int]:
    """Live processes whose command line holds ``text`` (the launch copy's name: launcher and workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.long
def test_stop_ends_every_worker_process(qtbot, trained_window, write_project):
    w = trained_window
    c = w.training
    _open(qtbot, w, write_project)
    training = dict(w.document.project.training, epochs=500)
    assert w.document.push(SetSection(w.document.project, "training", training))
    assert c.start(), c.last_error
    qtbot.waitUntil(lambda: len(c.live.loss.raw) > 3, timeout=3 * TIMEOUT)   # training, shown live
    launch = c.run._launch_file.name
    assert _processes_naming(launch)                  # the launcher and its workers
    c.pause()                                         # DDP workers cannot pause: the panel says so, training goes on
    assert "cannot pause" in c.controls.message.text() and c.state == "running"
    c.stop()
    wait_idle(qtbot, c, timeout=TIMEOUT)
    assert c.last_end.kind == "stopped" and "worker processes were ended" in c.last_end.message
    qtbot.waitUntil(lambda: not _processes_naming(launch), timeout=TIMEOUT)


@pytest.mark.long
def test_continue_on_two_processes_goes_on_in_the_same_run_folder(qtbot, trained_window, write_project):
    w = trained_window
    c = w.training
    assert w.open_project(write_project(mlp_project(epochs=1, threads=1, workers=2)))
    assert c.start(), c.last_error
    wait_idle(qtbot, c, timeout=3 * TIMEOUT)
    assert c.last_end.kind == "finished", c.last_end.message
    first_dir, first_steps = Path(c.trainer.run_folder.path), c.last_end.step
    assert w.document.push(SetSection(w.document.project, "training", dict(w.document.project.training, epochs=2)))
    assert c.continue_training(), c.last_error
    wait_idle(qtbot, c, timeout=3 * TIMEOUT)
    assert c.last_end.kind == "finished" and "trained 2 epoch(s)" in c.last_end.message, c.last_end.message
    assert Path(c.trainer.run_folder.path) == first_dir and c.last_end.step == 2 * first_steps
    # the live views show the continued run from its start, not the first run's end event again
    assert c.controls.message.text().startswith(c.last_end.message[:20])

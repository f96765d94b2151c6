"""Training > Sweep...: an optimizer race from the dialog ends with its trials in the table, the Runs dock and
the plots; the plan's on/off switches; Stop; and screenshots of the dialog, its results and the overlay."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from netstudio.core.errors import ProjectError
from netstudio.core.project import project_from_dict
from netstudio.ui.sweep.plan import SweepPlan, lr_values, optimizer_axis, toggle_axis

from .conftest import TIMEOUT, mlp_project

SHOTS = Path("/tmp/shots")


def _save(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))


def _dialog(qtbot, w, write_project, **training):
    assert w.open_project(write_project(mlp_project(epochs=1, threads=1, max_steps=6, **training)))
    action = w.training.chrome.actions["sweep"]
    assert action.isEnabled()
    action.trigger()
    dialog = w.training.sweep_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _race(dialog, keys) -> None:
    dialog.optimizers.setChecked(True)
    for key, box in dialog.optimizer_boxes.items():
        box.setChecked(key in keys)


def test_an_optimizer_race_fills_the_table_the_runs_dock_and_the_plots(qtbot, trained_window, write_project):
    w = trained_window
    dialog = _dialog(qtbot, w, write_project)
    _race(dialog, ("sgd", "nesterov", "adam"))
    assert dialog.summary.text().startswith("3 trial(s)")
    _save(dialog, "sweep_dialog.png")
    assert dialog.start()
    assert not dialog.start_button.isEnabled() and dialog.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=4 * TIMEOUT)

    table = dialog.results.table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == ["0", "1", "2"]
    assert [r[1] for r in rows] == ["optimizer sgd", "optimizer nesterov", "optimizer adam"]
    assert [r[3] for r in rows] == ["complete"] * 3
    assert all(float(r[2]) > 0 for r in rows)            # each trial's val_loss
    assert "best: trial" in dialog.status.text()

    # the trials are ordinary runs of the project: listed in the Runs dock, all three overlaid on the loss plot
    runs = w.training.runs
    assert len(dialog.trial_dirs) == 3 and all(Path(p, "metrics.jsonl").is_file() for p in dialog.trial_dirs)
    assert set(dialog.trial_dirs) <= set(runs.panel.paths())
    assert sorted(runs.panel.selected_paths()) == sorted(dialog.trial_dirs)
    assert len(w.training.live.loss.overlays) == 3
    # one parameter varied: one bar per optimizer, and one line per trial on the parallel plot
    assert dialog.results.importance.bars is not None
    assert len(dialog.results.importance.bars.opts["height"]) == 3
    assert len(dialog.results.parallel.lines) == 3
    dialog.results.tabs.setCurrentIndex(0)
    _save(dialog, "sweep_results.png")
    w.training.chrome.live_dock.show()
    w.training.chrome.live_dock.raise_()
    w.training.live.show_view(w.training.live.loss)
    qtbot.waitUntil(lambda: w.training.live.loss.isVisible(), timeout=TIMEOUT)
    _save(w, "runs_race_overlay.png")


def test_two_swept_parameters_get_optunas_importances(qtbot, trained_window, write_project):
    w = trained_window
    dialog = _dialog(qtbot, w, write_project)
    _race(dialog, ("sgd", "adam"))
    dialog.rates.setChecked(True)
    dialog.lr_low.setValue(0.001)
    dialog.lr_high.setValue(0.1)
    dialog.lr_count.setValue(2)
    dialog.max_steps.setValue(3)
    assert dialog.summary.text().startswith("4 trial(s)")
    assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=4 * TIMEOUT)
    assert dialog.results.table.rowCount() == 4
    importance = dialog.results.importance
    assert importance.bars is not None
    names = [t[1] for t in importance.widget.getAxis("left")._tickLevels[0]]
    assert sorted(names) == ["lr", "optimizer"]
    assert len(dialog.results.parallel.lines) == 4
    left = importance.widget.getAxis("left")
    qtbot.waitUntil(lambda: left.width() == left.fixedWidth, timeout=TIMEOUT)   # the layout gave the names room
    _save(dialog, "sweep_results_importance.png")
    dialog.results.tabs.setCurrentIndex(1)
    _save(dialog, "sweep_results_parallel.png")


@pytest.mark.long
def test_stop_ends_the_running_trial_and_the_study(qtbot, trained_window, write_project):
    w = trained_window
    dialog = _dialog(qtbot, w, write_project)
    dialog.max_steps.setValue(0)
    dialog.epochs.setValue(200)         # far longer than the test waits
    _race(dialog, ("sgd", "adam"))
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.results.table.rowCount() == 1, timeout=TIMEOUT)
    assert not w.training.start()              # one training at a time: Train waits for the sweep
    assert "A sweep is running" in w.training.last_error
    dialog.stop()
    qtbot.waitUntil(lambda: not dialog.running, timeout=TIMEOUT)
    table = dialog.results.table
    assert table.rowCount() == 1 and table.item(0, 3).text() == "stopped"
    assert dialog.start_button.isEnabled()


def test_a_bad_plan_is_one_sentence_in_the_dialog(qtbot, trained_window, write_project):
    w = trained_window
    dialog = _dialog(qtbot, w, write_project)
    dialog.optimizers.setChecked(False)
    dialog.switch.setChecked(True)
    dialog.toggle.setCurrentIndex(dialog.toggle.findData("dropout"))
    assert not dialog.start()
    assert dialog.status.text() == "the model has no Dropout layer: add one to compare training with and without it"
    assert dialog.run is None and dialog.start_button.isEnabled()


def test_switches_change_one_thing_each():
    d = mlp_project(epochs=1, threads=1)
    d["graphs"]["model"]["nodes"].insert(2, {"id": "bn", "type": "BatchNorm1d", "params": {}, "pos": [300, 0]})
    d["graphs"]["model"]["nodes"].insert(3, {"id": "drop", "type": "Dropout", "params": {"p": 0.3}, "pos": [500, 0]})
    project = project_from_dict(copy.deepcopy(d))
    for what, check in (("dropout", lambda p: p.graphs["model"].node("drop").params["p"]),
                        ("batch_norm", lambda p: p.graphs["model"].node("bn").type),
                        ("l2", lambda p: p.training["weight_decay"]),
                        ("augmentation", lambda p: p.data["augment"])):
        plan = SweepPlan(project, [toggle_axis(what, d)])
        off, on = (plan.project_for(v) for v in plan.combinations())
        assert (check(off), check(on)) == {"dropout": (0.0, 0.3), "batch_norm": ("Identity", "BatchNorm1d"),
                                           "l2": (0.0, 5e-4),
                                           "augmentation": ({}, {"random_crop": {"padding": 2}, "rotation": 10})}[what]
        assert off.training["seed"] == on.training["seed"] == 0
    race = SweepPlan(project, [optimizer_axis(["sgd+momentum", "nesterov", "adadelta"])])
    opts = [race.project_for(v).training["optimizer"] for v in race.combinations()]
    assert opts == [{"type": "sgd", "momentum": 0.9, "lr": 0.01},
                    {"type": "sgd", "momentum": 0.9, "nesterov": True, "lr": 0.01}, {"type": "adadelta", "lr": 1.0}]
    assert project.training["optimizer"] == {"type": "adam", "lr": 0.01}     # the open project is untouched
    assert lr_values(1e-4, 1e-1, 4) == [1e-4, 1e-3, 1e-2, 1e-1]
    with pytest.raises(ProjectError, match="at least 2 values"):
        lr_values(0.1, 0.01, 3)

"""The Runs view: two real runs listed, overlaid with a legend, diffed on the canvas, opened, deleted."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap

from netstudio.core import editing
from netstudio.core.commands import SetSection
from netstudio.training.events import StepEvent
from netstudio.ui.training.plots.common import PALETTE
from netstudio.ui.training.plots.loss import LossView

from .conftest import TIMEOUT, mlp_project, start_paused, wait_idle

SHOTS = Path("/tmp/shots")


def _train(qtbot, w):
    c = w.training
    assert c.start(), c.last_error
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    return str(c.trainer.run_folder.path)


def _two_runs(qtbot, w, write_project):
    """Train the tiny MLP, then change the learning rate and fc1's width and train again."""
    assert w.open_project(write_project(mlp_project(epochs=2, lr=0.01, threads=1)))
    first = _train(qtbot, w)
    doc = w.document
    training = copy.deepcopy(doc.project.training)
    training["optimizer"]["lr"] = 0.02
    assert doc.push(SetSection(doc.project, "training", training))
    assert doc.edit(editing.set_param, "model", "fc1", "out_features", 24)
    second = _train(qtbot, w)
    return first, second


def _points(curve) -> int:
    """How many points a pyqtgraph curve draws now (0 while it has no data)."""
    x = curve.getData()[0]
    return 0 if x is None else len(x)


def _save(widget_or_pixmap, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pixmap = widget_or_pixmap if isinstance(widget_or_pixmap, QPixmap) else widget_or_pixmap.grab()
    assert pixmap.save(str(SHOTS / name))


def test_two_runs_listed_overlaid_diffed_and_deleted(qtbot, trained_window, write_project, tmp_path, monkeypatch):
    w = trained_window
    runs = w.training.runs
    runs.dock.show()
    assert w.open_project(write_project(mlp_project(epochs=2, lr=0.01, threads=1)))
    assert runs.panel.paths() == [] and "No runs of this project yet" in runs.panel.hint.text()
    assert str(w.training.run_root) in runs.panel.hint.text()
    first, second = _two_runs(qtbot, w, write_project)
    loss = w.training.live.loss
    steps = w.training.last_end.step

    # two rows, newest first, both finished; the older one says what changed since
    qtbot.waitUntil(lambda: len(runs.panel.paths()) == 2, timeout=TIMEOUT)
    assert runs.panel.paths() == [second, first]
    model = runs.panel.model
    by_path = {str(info.path): (info, text) for info, text, _tip in model.rows}
    assert [by_path[p][0].status for p in (first, second)] == ["finished", "finished"]
    assert by_path[first][0].epochs == 2 and by_path[first][0].best_metric == "val_acc"
    assert "training.optimizer.lr 0.01 → 0.02" in by_path[first][1] and "1 graph change" in by_path[first][1]
    assert by_path[second][1] == "same as now"

    # the second run did not wipe the first from view: the first stays overlaid beside the live curves
    assert runs.panel.selected_paths() == [first]
    assert [o["label"] for o in loss.overlays] == [runs.label(first)]
    assert len(loss.raw) == steps > 10       # the live (second) run is still drawn

    # select both: two curves in two colours, named in the legend: the second run is the one the live
    # curves show (blue), so it is not drawn twice; the first is overlaid from its metrics.jsonl
    runs.panel.select_paths([first, second])
    assert [o["label"] for o in loss.overlays] == [runs.label(first)]
    x, y = loss.overlays[0]["items"][0].getData()
    assert len(x) == steps and np.isfinite(y).all()
    assert loss.overlays[0]["colour"] != PALETTE[0]
    assert runs.label(first) in loss.legend.text() and runs.label(second) + " (live)" in loss.legend.text()
    # the live curves are redrawn on the views' clock: the last steps may land a tick after the run ends
    # (and between two redraws the curve may hold no data at all: getData() gives None, which waitUntil, unlike
    # a failed assertion, does not retry)
    qtbot.waitUntil(lambda: _points(loss.smooth_curve) == steps, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not loss.dirty, timeout=TIMEOUT)
    w.resize(1500, 940)
    live = w.training.chrome.live_dock
    w.resizeDocks([live], [430], Qt.Orientation.Vertical)      # room for the plots in the picture
    w.resizeDocks([live, runs.dock], [880, 600], Qt.Orientation.Horizontal)
    w.training.live.splitter.setSizes([560, 320])
    qtbot.waitUntil(lambda: loss.loss_plot.height() > 150 and live.width() > 700, timeout=TIMEOUT)
    _save(w, "runs_overlay.png")

    # diff: the lr change is listed, fc1 is marked "changed" on the canvas until the diff closes
    runs.panel.request("compare")
    diff = runs.diff
    assert diff is not None and diff.isVisible()
    assert [(c.key, c.old, c.new) for c in diff.settings] == [("training.optimizer.lr", 0.01, 0.02)]
    assert diff.graphs["model"].changed == {"fc1": [("out_features", 16, 24)]}
    scene = w.scene_of("model")
    assert scene.marked_nodes() == {"fc1": "changed"}
    assert "out_features: 16 → 24" in scene.nodes["fc1"].toolTip()
    view = w.current_view()          # the canvas, fitted, beside the dialog
    view.resize(900, 420)
    view.fit_all()
    canvas = view.grab()
    shot = QPixmap(canvas.width() + diff.width(), max(canvas.height(), diff.height()))
    shot.fill(Qt.GlobalColor.white)
    painter = QPainter(shot)
    painter.drawPixmap(0, 0, canvas)
    painter.drawPixmap(canvas.width(), 0, diff.grab())
    painter.end()
    _save(shot, "runs_diff.png")
    diff.reject()
    assert runs.diff is None and scene.marked_nodes() == {}

    # delete the older run: its folder is gone (to a trash inside tmp_path), one row left
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    runs.ask_delete = lambda names: True
    runs.ask_delete_permanently = lambda names: True
    runs.panel.select_paths([first])
    runs.panel.request("delete")
    assert not Path(first).exists()
    assert list((tmp_path / "xdg" / "Trash" / "files").iterdir())[0].name == Path(first).name
    assert runs.panel.paths() == [second]
    assert [o["label"] for o in loss.overlays] == []


def test_open_continue_evaluate_export_and_an_older_folder(qtbot, trained_window, write_project, tmp_path,
                                                           monkeypatch):
    w = trained_window
    runs = w.training.runs
    assert w.open_project(write_project(mlp_project(epochs=1, lr=0.01, threads=1)))
    run = _train(qtbot, w)
    # a folder from before run.json: only its log and checkpoints; still listed, read from the log
    old = Path(w.training.run_root) / "tiny_mlp-20240101-101010"
    shutil.copytree(run, old)
    (old / "run.json").unlink()
    log = old / "metrics.jsonl"           # ... and a year older
    records = [json.loads(line) for line in log.read_text().splitlines()]
    log.write_text("".join(json.dumps({**r, "time": r["time"] - 366 * 86400}) + "\n" for r in records))
    runs.refresh()
    assert runs.panel.paths() == [run, str(old)]
    old_info = runs.info(str(old))
    assert not old_info.has_record and old_info.status == "finished" and old_info.epochs == 1

    checkpoint = runs.info(run).checkpoint
    assert checkpoint and Path(checkpoint).is_file()
    runs.evaluate_requested.disconnect(runs.evaluate_in_view)     # the Evaluation view is tested on its own
    with qtbot.waitSignal(runs.evaluate_requested) as evaluated:
        runs.panel.select_paths([run])
        runs.panel.request("evaluate")
    assert evaluated.args == [run, checkpoint]
    # export: the signal, and by default File > Export of the current graph with the run's weights
    exports = []
    monkeypatch.setattr(w.ops, "export", lambda fmt, ckpt=None: exports.append((fmt, ckpt)) or True)
    runs.ask_export_format = lambda: "onnx"
    with qtbot.waitSignal(runs.export_requested) as exported:
        runs.panel.context_menu().findChild(object, "run_action_export").trigger()
    assert exported.args == [run, checkpoint]
    assert exports == [("onnx", checkpoint)]

    # one run against the project now: a layer added since is marked "added" on the canvas
    from netstudio.core.graph import Node

    assert w.document.edit(editing.add_node, "model", Node("extra", "ReLU", {}, (400, 300)))
    diff = runs.compare([run])
    assert diff.graphs["model"].added == ["extra"] and diff.settings == []
    assert w.scene_of("model").marked_nodes() == {"extra": "added"}
    runs.close_diff()
    assert w.scene_of("model").marked_nodes() == {}
    w.document.undo_stack.undo()

    started = []
    monkeypatch.setattr(w.training, "start", lambda resume=None: started.append(resume) or True)
    runs.panel.request("continue")
    assert started == [checkpoint]

    # open as it was: a new unsaved document with the run's settings; the run's copy stays untouched
    doc = w.document
    assert doc.push(SetSection(doc.project, "training", {**doc.project.training, "epochs": 5}))
    before = (Path(run) / "project.nsproj").read_text()
    assert runs.open_run(run)
    assert w.document is not doc and w.document.project.path is None and w.document.dirty
    assert w.document.project.training["epochs"] == 1
    assert (Path(run) / "project.nsproj").read_text() == before
    assert json.loads((Path(run) / "run.json").read_text())["status"] == "finished"

    # a layer removed since the run: listed; "Open older project" shows it, marked, on the run's canvas
    assert w.document.edit(editing.remove, "model", ["act"])
    diff = runs.compare([run])
    assert diff.graphs["model"].removed == ["act"] and w.scene_of("model").marked_nodes() == {}
    diff.open_old.click()
    assert runs.diff is None and w.document.project.path is None
    assert w.scene_of("model").marked_nodes() == {"act": "removed"}


def test_smoothed_loss_is_debiased_and_keeps_up_with_a_short_run(qtbot):
    """Regression: the fixed 0.97 average started at the first value lagged far behind a 40-step run."""
    view = LossView()
    qtbot.addWidget(view)
    view.reset()
    view.set_x_extent(40)
    losses = np.linspace(2.3, 0.1, 40)
    for first in range(1, 41, 8):
        chunk = losses[first - 1:first + 7].tolist()
        view.on_step(StepEvent(step=first + 7, first_step=first, values={"loss": chunk}, lr=0.01))
    smoothed = view.smooth.ys
    assert smoothed[0] == np.float64(2.3)
    assert smoothed[-1] < 0.35          # within a few steps of the raw 0.1; the old average was still ~1.3
    assert np.all(np.diff(smoothed) < 0)


def test_overlays_get_their_own_colours_and_leave_with_the_selection(qtbot):
    from netstudio.training.run_history import RunCurves

    view = LossView()
    qtbot.addWidget(view)
    view.reset()
    view.set_x_extent(20)

    def curves(n, scale):
        steps = np.arange(1, n + 1, dtype=float)
        return RunCurves(steps, scale / steps, steps[4::5], scale / steps[4::5], "val_acc", steps[4::5],
                         np.linspace(0.5, 0.9, len(steps[4::5])))

    before = len(view.loss_plot.getPlotItem().listDataItems())
    view.set_overlays([("run A", curves(40, 2.0)), ("run B", curves(30, 3.0))])
    assert [o["colour"] for o in view.overlays] == ["#d62728", "#9467bd"]
    assert "run A" in view.legend.text() and "run B" in view.legend.text()
    assert len(view.loss_plot.getPlotItem().listDataItems()) == before + 4
    assert view.loss_range.x_extent == 40            # the longer overlaid run fits on the axis
    assert view.loss_range.y[1] >= 3.0               # and so does its highest loss
    view.reset()                                     # a new live run keeps the overlays
    assert len(view.overlays) == 2
    view.set_overlays([])
    assert len(view.loss_plot.getPlotItem().listDataItems()) == before
    assert "run A" not in view.legend.text()


def test_a_run_is_listed_when_it_starts_and_its_row_follows_it_to_the_end(qtbot, trained_window, write_project):
    w = trained_window
    runs = w.training.runs
    c = start_paused(qtbot, w, write_project(mlp_project(epochs=2, threads=1)))
    live = str(c.trainer.run_folder.path)
    assert runs.panel.paths() == [live] and runs.info(live).status == "running"
    assert runs.panel.live_path == live
    c.stop()
    c.resume()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "stopped"
    assert runs.panel.paths() == [live] and runs.info(live).status == "stopped"


def test_evaluate_shows_the_runs_scores_in_the_evaluation_view(qtbot, trained_window, write_project):
    w = trained_window
    runs = w.training.runs
    assert w.open_project(write_project(mlp_project(epochs=1, threads=1)))
    run = _train(qtbot, w)
    view = w.training.live.evaluation
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as done:
        runs.panel.select_paths([run])
        runs.panel.request("evaluate")
    assert w.training.live.tabs.currentWidget() is view
    result = done.args[0]
    assert isinstance(result, dict) and result

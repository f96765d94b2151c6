"""The Evaluation view through its real widgets: train a tiny model in the window, evaluate it off the GUI
thread, and check that what the table says agrees with the confusion matrix the view draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from netstudio.core import editing
from netstudio.training.evaluation import auc

from .conftest import TIMEOUT, diverging_project, mlp_project, open_and_train, wait_idle


def _train(qtbot, window, write_project, project: dict):
    c = open_and_train(qtbot, window, write_project(project))
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    return c


def _shown_counts(view) -> list[list[int]]:
    """The counts written on the heat map's cells, read back from the text items, row by row."""
    n = len(view.heatmap.counts)
    texts = [int(t.textItem.toPlainText()) for t in view.heatmap.texts]
    assert len(texts) == n * n
    return [texts[i * n:(i + 1) * n] for i in range(n)]


def test_three_classes_table_f1_matches_the_confusion_matrix_shown(qtbot, trained_window, write_project):
    w = trained_window
    c = _train(qtbot, w, write_project, mlp_project(dataset="blobs", classes=3, epochs=1, threads=1,
                                                    snapshot_every=None))
    view = c.live.evaluation
    c.live.show_view(view)
    assert view.latest_checkpoint == c.last_checkpoint
    view.source_box.setCurrentIndex(view.source_box.findData("best"))
    view.split_box.setCurrentIndex(view.split_box.findData("val"))
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
        assert view.running and not view.run_button.isEnabled()      # the work is on another thread
    result = blocker.args[0]
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT)
    assert result["split"] == "val" and result["samples"] == 40      # 10% of 400 points
    cm = _shown_counts(view)
    assert sum(map(sum, cm)) == 40 and view.heatmap.isVisible()
    assert not view.roc.isVisible() and not view.scatter.isVisible()
    # class 1 by hand from the matrix on screen: F1 = 2 TP / (true count + predicted count)
    tp, true_count, predicted = cm[1][1], sum(cm[1]), sum(row[1] for row in cm)
    f1 = 2 * tp / (true_count + predicted) if tp else 0.0
    assert view.table.cell(1, 0) == "blob 1"
    assert view.table.cell(1, 3) == f"{f1:.3f}"
    assert view.table.cell(1, 4) == str(true_count)
    assert view.table.rowCount() == 5 and view.table.cell(3, 0) == "macro average"
    assert view.heatmap.item.getAxis("left")._tickLevels[0][1] == (1.5, "blob 1")
    # the graph edited after training: the run's own project (project.nsproj in its folder) still fits its weights
    assert w.document.edit(editing.set_param, "model", "fc1", "out_features", 24)
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0]["confusion"] == cm
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT)


def test_binary_task_shows_roc_and_pr_with_auc_in_the_legend(qtbot, trained_window, write_project):
    w = trained_window
    c = _train(qtbot, w, write_project, mlp_project(dataset="blobs", classes=2, epochs=2, threads=1,
                                                    snapshot_every=None))
    view = c.live.evaluation
    run_dir = Path(c.last_checkpoint).parent.parent
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as blocker:
        assert view.evaluate(str(run_dir), "test")                  # what the Runs view calls
    binary = blocker.args[0]["binary"]
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT)
    c.live.show_view(view)
    assert view.roc.isVisible() and view.pr.isVisible()
    qtbot.waitUntil(lambda: min(view.roc.width(), view.roc.height(), view.pr.height()) >= 80, timeout=TIMEOUT)
    assert view.roc.legend_text() == f"ROC (AUC {binary['roc']['auc']:.3f})"
    assert view.pr.legend_text() == f"PR (AUC {binary['pr']['auc']:.3f})"
    assert binary["roc"]["auc"] > 0.8                                # two blobs separate well
    xs, ys = view.pr.curve.getData()                                 # the drawn steps enclose the reported area
    assert auc(xs, ys) == pytest.approx(binary["pr"]["auc"])
    assert view.source_box.currentText() == str(run_dir)
    # after a restart no run has ended in this window: "latest run" finds the newest run folder of the project
    view.set_latest_checkpoint(None)
    view.source_box.setCurrentIndex(view.source_box.findData("last"))
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as blocker:
        assert view.run_selected()
    assert blocker.args[0]["checkpoint"] == str(Path(c.last_checkpoint))
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT)


def test_regression_shows_mae_rmse_r2_and_the_scatter(qtbot, trained_window, write_project):
    w = trained_window
    project = diverging_project(lr=0.01)
    project["training"].update(epochs=1, threads=1, snapshot_every=None)
    c = _train(qtbot, w, write_project, project)
    view = c.live.evaluation
    with qtbot.waitSignal(view.evaluated, timeout=TIMEOUT) as blocker:
        assert view.evaluate(c.last_checkpoint, "val")
    r = blocker.args[0]
    c.live.show_view(view)
    assert view.scatter.isVisible() and not view.heatmap.isVisible()
    qtbot.waitUntil(lambda: min(view.scatter.width(), view.scatter.height()) >= 80, timeout=TIMEOUT)
    assert [view.table.cell(i, 0) for i in range(3)] == ["MAE", "RMSE", "R²"]
    assert view.table.cell(0, 1) == f"{r['mae']:.4g}" and view.table.cell(2, 1) == f"{r['r2']:.4g}"
    assert len(view.scatter.points.data) == r["scatter"]["total"] == r["samples"]
    assert "classification only" in view.status.text()


def test_a_bad_checkpoint_is_one_sentence_and_no_run_is_refused(qtbot, trained_window, write_project, tmp_path):
    w = trained_window
    assert w.open_project(write_project(mlp_project(dataset="blobs", classes=3, threads=1)))
    view = w.training.live.evaluation
    with qtbot.waitSignal(view.evaluation_failed, timeout=TIMEOUT) as blocker:
        assert not view.run_selected()                                 # "latest run" before any run
    assert blocker.args[0].startswith("This project has no run with a checkpoint yet")
    bad = tmp_path / "notes.safetensors"
    bad.write_text("not weights")
    with qtbot.waitSignal(view.evaluation_failed, timeout=TIMEOUT) as blocker:
        assert view.evaluate(str(bad), "val")
    assert str(bad) in blocker.args[0] and "Traceback" not in blocker.args[0]
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=TIMEOUT)
    assert view.status.text() == blocker.args[0]


@pytest.fixture(autouse=True)
def _one_thread(one_torch_thread):
    yield


def test_plots_get_room_in_a_view_first_shown_empty(qtbot):
    """A splitter lays out its plot side at width 0 while every plot is hidden; showing a result must widen it."""
    import numpy as np

    from netstudio.training import evaluation as ev
    from netstudio.ui.training.plots.evaluation_view import EvaluationView

    view = EvaluationView()
    qtbot.addWidget(view)
    view.resize(1100, 400)
    view.show()
    qtbot.waitExposed(view)
    labels = np.array([0, 0, 1, 1, 1, 0])
    result = {**ev.classification_report([[2, 1], [0, 3]], ["no", "yes"]), "split": "val", "samples": 6,
              "dataset": "tiny", "checkpoint": "step1.safetensors",
              "binary": ev.binary_curves(labels == 1, [0.1, 0.75, 0.7, 0.8, 0.9, 0.2], "yes")}
    view.on_succeeded(result)
    qtbot.waitUntil(lambda: min(view.roc.height(), view.heatmap.height()) >= 150, timeout=TIMEOUT)
    assert view.heatmap.width() + view.roc.width() + view.pr.width() > 600
    assert view.roc.legend_text() == "ROC (AUC 0.889)"          # 8 of the 9 (positive, negative) pairs in order
    assert "positive class yes" in view.status.text()

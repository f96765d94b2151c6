"""Pressing Train in the window: signals arrive, the views fill, the graph is read-only meanwhile."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from netstudio.core import editing

from .conftest import (TIMEOUT, autoencoder_project, char_project, cnn_project, diverging_project, gan_project,
                       mlp_project, open_and_train, start_paused, wait_idle, wait_shown)


def test_mlp_trains_loss_curve_epochs_and_boundary(qtbot, trained_window, write_project, tmp_path):
    w = trained_window
    path = write_project(mlp_project(epochs=2))
    assert w.open_project(path)
    c = w.training
    w.current_scene().select_nodes(["fc1"])            # a vector layer: its feature maps are bars
    assert c.start()
    # from the moment it starts the graph is read-only, with a visible banner, and Delete is off
    assert c.state != "idle" and c.run.running
    assert c.guard.active and c.guard.banner.isVisible()
    assert not w.actions_["delete"].isEnabled()
    wait_idle(qtbot, c)
    end = c.last_end
    assert end.kind == "finished", end.message
    loss = c.live.loss
    steps = end.step
    assert len(loss.raw) == steps > 10                        # every step is on the curve
    assert np.array_equal(loss.raw.xs, np.arange(1, steps + 1))
    assert len(loss.val) == 2 and len(loss.metric_series) == 2          # one validation point per epoch
    assert loss.metric_name == "val_acc" and 0.0 <= loss.metric_series.ys[-1] <= 1.0
    qtbot.waitUntil(lambda: not loss.dirty, timeout=TIMEOUT)
    x, y = loss.raw_curve.getData()
    assert len(x) == steps                                     # the curve on screen holds them too
    # 2-D points: the boundary view drew the class regions of the trained model, and the points
    b = c.live.boundary
    wait_shown(qtbot, b, steps)
    assert b.boundary is not None and b.heat.image.shape == (64, 64, 3)
    assert len(b.points.data) == len(b.boundary["points"])
    assert not c.guard.active and not c.guard.banner.isVisible()
    assert c.controls.train_button.isEnabled() and c.controls.continue_button.isEnabled()
    # export: one CSV row per step, and a PNG picture of the plots
    loss.export_csv(str(tmp_path / "loss.csv"))
    rows = list(csv.reader(open(tmp_path / "loss.csv", encoding="utf-8")))
    assert rows[0][:3] == ["step", "loss", "smoothed_loss"] and len(rows) == steps + 1
    assert sum(1 for r in rows[1:] if r[5]) == 2              # val loss on the two epoch-end rows
    assert loss.export_png(str(tmp_path / "loss.png")) and (tmp_path / "loss.png").stat().st_size > 2000
    assert "step" in loss.readout_at(5.2) and "loss" in loss.readout_at(5.2)
    loss.set_log_scale(True)
    assert loss.log_box.isChecked() and loss.loss_plot.getPlotItem().getAxis("left").logMode
    fm = c.live.feature_maps
    assert fm.activations.shape[1:] == (16,)
    fm.refresh()
    assert fm.mode == "bars" and len(fm.bars.opts["height"]) == 16


def test_cnn_filters_change_feature_maps_and_try_it(qtbot, trained_window, write_project, tmp_path):
    w = trained_window
    path = write_project(cnn_project(max_steps=60))
    assert w.open_project(path)
    w.current_scene().select_nodes(["conv1"])         # the feature-map view follows the canvas selection
    assert w.training.live.feature_maps.node == "conv1"
    c = start_paused(qtbot, w)
    f = c.live.filters
    cv = c.live.classification
    c.live.show_view(f)                               # from here on the confusion tab is hidden
    hidden_redraws = cv.redraws
    c.step_once()                                     # one batch, then a snapshot of the weights after it
    wait_shown(qtbot, f, 1)
    first = f.shown_image.copy()                      # the filters on screen after step 1
    assert f.layer == "conv1" and f.weights["conv1"].shape == (4, 1, 3, 3)
    step_1_weights = f.weights["conv1"]
    kept = step_1_weights.copy()
    c.resume()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    wait_shown(qtbot, f, c.last_end.step)
    assert not np.array_equal(f.shown_image, first)           # the filters learned something
    assert np.array_equal(step_1_weights, kept)               # a snapshot is a copy, not a view of the live model
    assert np.array_equal(f.image.image, f.shown_image)       # and that is the picture on the item
    # the confusion tab was hidden: it kept its data but did not redraw until shown
    assert cv.confusion is not None and cv.dirty and cv.redraws == hidden_redraws and cv.matrix.image is None
    c.live.show_view(cv)
    qtbot.waitUntil(lambda: not cv.dirty, timeout=TIMEOUT)
    assert cv.matrix.image.shape == (10, 10) and int(cv.confusion.sum()) == len(c.trainer.data.val)
    # click the third tile of the mosaic (2 x 2 for four filters): it is shown enlarged
    from PySide6.QtCore import QPointF as P
    from PySide6.QtTest import QTest

    c.live.show_view(f)
    qtbot.waitUntil(lambda: f.view.isVisible() and not f.dirty, timeout=TIMEOUT)
    QApplication.processEvents()                              # the shown tab's layout settles
    n, ncol, h, ww = f._grid
    row, col = divmod(2, ncol)
    centre = f.view.mapFromScene(f.image.mapToScene(P(1 + col * (ww + 1) + ww / 2, 1 + row * (h + 1) + h / 2)))
    QTest.mousePress(f.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseRelease(f.view.viewport(), Qt.MouseButton.LeftButton, pos=centre, delay=10)
    assert f.selected == 2
    f.refresh()
    assert f.big_image.image is not None and "filter 2" in f.big_caption.text()
    fm = c.live.feature_maps
    assert fm.activations is not None and fm.activations.shape[1:] == (4, 26, 26)
    fm.refresh()
    assert fm.mode == "image"
    w.current_scene().select_nodes(["pool1"])                # after training: computed at once
    assert fm.node == "pool1" and fm.activations.shape[1:] == (4, 13, 13)
    assert fm.step == c.trainer.global_step
    assert len(c.indicators.items) == 2                       # conv1 and fc have weights and gradients
    assert all(i.value is not None and i.value > 0 for i in c.indicators.items.values())
    # try it: draw a vertical stroke and get ten probabilities that sum to one
    t = c.live.try_it
    assert t.model is not None and t.pad.isEnabled()
    t.pad.stroke([(112, 40), (112, 190)])
    probs = t.predict_drawing()
    assert probs.shape == (10,) and abs(float(probs.sum()) - 1) < 1e-4
    assert "Prediction" in t.result.text()
    # or drop an image file: here a real validation digit, saved as a PNG
    from PySide6.QtGui import QImage

    digit = (c.trainer.data.denormalize(c.trainer.data.val.x[:1]).numpy()[0, 0] * 255).astype(np.uint8)
    png = str(tmp_path / "digit.png")
    assert QImage(np.ascontiguousarray(digit).data, 28, 28, 28, QImage.Format.Format_Grayscale8).save(png)
    probs = t.predict_file(png)
    import torch

    with torch.no_grad():        # the same digit straight from the dataset tensor, through the same model
        reference = t.model(c.trainer.data.val.x[:1]).softmax(1)[0].numpy()
    assert probs.shape == (10,) and int(probs.argmax()) == int(reference.argmax())
    assert np.allclose(probs, reference, atol=0.05)              # only the PNG's 8-bit rounding differs
    assert t.predict_file(str(tmp_path / "missing.png")) is None and "missing.png" in t.result.text()
    assert c.live.test_results.metrics.get("acc", 0) > 0.5


def test_pause_step_resume_stop_and_continue(qtbot, trained_window, write_project):
    w = trained_window
    path = write_project(mlp_project(epochs=200, snapshot_every=None))
    c = open_and_train(qtbot, w, path)
    qtbot.waitUntil(lambda: len(c.live.loss.raw) > 5, timeout=TIMEOUT)
    c.pause()
    qtbot.waitUntil(lambda: c.state == "paused", timeout=TIMEOUT)
    before = c.trainer.global_step
    assert c.controls.step_button.isEnabled() and c.controls.resume_button.isVisible()
    w.current_scene().select_nodes(["act"])                  # paused: feature maps computed at once
    assert c.live.feature_maps.activations.shape == (8, 16) and c.live.feature_maps.step == before
    c.step_once()
    qtbot.waitUntil(lambda: c.trainer.global_step == before + 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: c.live.loss.raw.xs[-1] == before + 1, timeout=TIMEOUT)
    assert c.state == "paused" and c.trainer.global_step == before + 1
    c.resume()
    qtbot.waitUntil(lambda: c.state == "running" and c.trainer.global_step > before + 5, timeout=TIMEOUT)
    c.stop()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "stopped" and c.last_checkpoint
    stopped_at = c.last_end.step
    assert c.controls.continue_button.isEnabled()
    # continue from the checkpoint: the step count goes on where it stopped
    assert c.continue_training()
    qtbot.waitUntil(lambda: c.trainer.global_step > stopped_at + 3, timeout=TIMEOUT)
    c.stop()
    wait_idle(qtbot, c)
    assert c.live.loss.raw.xs[0] == 1 and c.live.loss.raw.xs[-1] > stopped_at   # one curve across both runs


def test_gan_sample_grid_updates(qtbot, trained_window, write_project):
    w = trained_window
    c = start_paused(qtbot, w, write_project(gan_project(max_steps=40)))
    g = c.live.gan
    assert c.live.tabs.currentWidget() is g
    c.step_once()                                     # one batch, then a snapshot of the generator after it
    wait_shown(qtbot, g, 1)
    first = g.image.image.copy()                      # the samples on screen after step 1
    c.resume()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    wait_shown(qtbot, g, c.last_end.step)             # the same noise through the trained generator
    assert g.sample_updates >= 2 and not np.array_equal(g.image.image, first)
    assert g.image.image.shape[:2] == (8 * 30 + 2, 8 * 30 + 2)        # 64 samples, 8 x 8, 2 px apart
    for key in ("d_loss_real", "d_loss_fake", "g_loss", "d_x", "d_g_z"):
        assert len(g.series[key]) == c.last_end.step
    assert 0.0 <= g.series["d_x"].ys.min() and g.series["d_g_z"].ys.max() <= 1.0
    # both graphs' layers get indicators (keys "generator/g_fc", "discriminator/d_fc1", ...)
    assert {k[0] for k in c.indicators.items} == {"generator", "discriminator"}


def test_finished_run_deletes_its_worker_without_the_garbage_collector(qtbot, trained_window, write_project):
    """A QObject freed by the cyclic GC is destroyed inside whatever Qt call the GC interrupts, which can
    deadlock the GUI thread; the worker of a finished run is deleted by Qt's event loop instead."""
    import gc

    import shiboken6

    w = trained_window
    gc.collect()
    gc.disable()
    try:
        c = open_and_train(qtbot, w, write_project(mlp_project(epochs=1, snapshot_every=None)))
        worker = c.run.worker
        wait_idle(qtbot, c)
        assert c.last_end.kind == "finished", c.last_end.message
        qtbot.waitUntil(lambda: not shiboken6.isValid(worker), timeout=TIMEOUT)
        assert c.trainer is not None and c.trainer.result.kind == "finished"   # the trainer stays (try it)
    finally:
        gc.enable()


def test_nan_learning_rate_reports_and_window_stays_usable(qtbot, trained_window, write_project):
    w = trained_window
    c = open_and_train(qtbot, w, write_project(diverging_project()))
    wait_idle(qtbot, c)
    assert c.last_end.kind == "failed"
    assert "NaN or infinite" in c.last_error and "learning rate" in c.last_error
    assert c.controls.message.text() == c.last_error
    assert "learning rate" in w.statusBar().currentMessage()
    # usable: not read-only, edits work, and training can start again
    assert not c.guard.active and w.palette.isEnabled() and c.panel.isEnabled()
    assert w.document.edit(editing.set_param, "model", "fc1", "out_features", 8)
    assert w.document.graph("model").node("fc1").params["out_features"] == 8
    c.panel.lr.setValue(0.01)                                  # the fix the message suggests, undoable
    assert w.document.project.training["optimizer"]["lr"] == 0.01
    assert c.train()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    assert c.controls.train_button.isEnabled()


def test_graph_is_read_only_while_training(qtbot, trained_window, write_project):
    w = trained_window
    c = open_and_train(qtbot, w, write_project(mlp_project(epochs=200, snapshot_every=None)))
    qtbot.waitUntil(lambda: c.state == "running", timeout=TIMEOUT)
    view = w.current_view()
    nodes_before = len(w.document.graph("model"))
    mime = QMimeData()
    mime.setData("application/x-netstudio-layer", b"ReLU")
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    assert not w.current_scene().editable                   # the canvas offers no edit while training
    QApplication.sendEvent(view.viewport(), drop)
    assert len(w.document.graph("model")) == nodes_before
    w.current_scene().select_nodes(["fc1"])                  # selecting still works (feature maps)
    assert not w.actions_["delete"].isEnabled() and not w.actions_["undo"].isEnabled()
    assert not w.palette.isEnabled() and not c.panel.isEnabled()
    c.stop()
    wait_idle(qtbot, c)
    assert w.palette.isEnabled() and w.actions_["delete"].isEnabled()


@pytest.mark.parametrize("answer", [False, True])
def test_close_during_training_asks_then_stops_cleanly(qtbot, trained_window, write_project, answer):
    w = trained_window
    c = open_and_train(qtbot, w, write_project(mlp_project(epochs=500, snapshot_every=None)))
    qtbot.waitUntil(lambda: c.state == "running", timeout=TIMEOUT)
    asked = []
    c.ask_stop_on_close = lambda: asked.append(1) or answer
    thread = c.run.thread
    w.close()
    assert asked == [1]
    if not answer:
        assert w.isVisible() and thread.isRunning()        # the user said no: nothing happened
        c.stop()
        wait_idle(qtbot, c)
    else:
        assert not w.isVisible()
        assert not thread.isRunning()                       # stopped and joined before the window went
        assert c.trainer.result is not None and c.trainer.result.kind == "stopped"


def test_autoencoder_pairs_and_text_samples(qtbot, trained_window, write_project):
    w = trained_window
    c = open_and_train(qtbot, w, write_project(autoencoder_project(max_steps=15), "ae.nsproj"))
    a = c.live.autoencoder
    assert c.live.tabs.currentWidget() is a and not c.live.tabs.isTabVisible(c.live.tabs.indexOf(c.live.gan))
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    wait_shown(qtbot, a, c.last_end.step)                       # the trained model's reconstructions
    assert a.inputs.shape == a.outputs.shape == (16, 1, 28, 28)
    assert a.image.image.shape == (4 * 30 + 2, 8 * 30 + 2)     # 4 rows (input, output, input, output) of 8
    assert c.live.loss.metric_name == "val_reconstruction_error"
    c = open_and_train(qtbot, w, write_project(char_project(max_steps=6), "chars.nsproj"))
    t = c.live.text
    assert c.live.tabs.currentWidget() is t
    wait_idle(qtbot, c)
    assert c.last_end.kind == "finished", c.last_end.message
    qtbot.waitUntil(lambda: not t.dirty, timeout=TIMEOUT)
    assert t.samples and all(text.startswith("Shall I") for _, text in t.samples)
    assert "Shall I" in t.edit.toPlainText()


def test_continue_after_an_incompatible_edit_says_why(qtbot, trained_window, write_project):
    w = trained_window
    c = open_and_train(qtbot, w, write_project(mlp_project(epochs=200, snapshot_every=None)))
    qtbot.waitUntil(lambda: len(c.live.loss.raw) > 3, timeout=TIMEOUT)
    c.stop()
    wait_idle(qtbot, c)
    assert c.last_checkpoint
    # a stopped run has no test results yet: the button scores the checkpoint on the test split
    tr = c.live.test_results
    assert tr.evaluate_button.isEnabled() and not tr.metrics
    assert c.evaluate_checkpoint()
    assert 0.0 <= tr.metrics["acc"] <= 1.0 and tr.metrics["samples"] == 40   # 10% of 400 points
    qtbot.waitUntil(lambda: not tr.dirty, timeout=TIMEOUT)
    assert tr.table.rowCount() >= 3
    assert w.document.edit(editing.set_param, "model", "fc1", "out_features", 24)      # editing works after Stop
    assert not c.continue_training()                                     # refused before starting
    assert "fc1" in c.last_error and "[16, 2]" in c.last_error and "[24, 2]" in c.last_error
    assert c.controls.message.text() == c.last_error and c.state == "idle"
    w.document.undo_stack.undo()                                         # back to the trained shape
    stopped_at = c.last_end.step
    assert c.continue_training()
    qtbot.waitUntil(lambda: c.trainer.global_step > stopped_at, timeout=TIMEOUT)
    c.stop()
    wait_idle(qtbot, c)
    assert w.document.edit(editing.set_param, "model", "fc1", "out_features", 24)
    assert c.train()                                                     # from scratch works
    qtbot.waitUntil(lambda: c.trainer.global_step > 2, timeout=TIMEOUT)
    c.stop()
    wait_idle(qtbot, c)
    assert c.last_end.kind == "stopped"

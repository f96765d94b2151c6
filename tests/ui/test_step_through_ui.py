"""Training > Step through one batch, with the real window: the batch runs on a worker, the keys walk the canvas
node by node showing feature maps, bars and statistics, Backward adds gradient norms, Close clears it all;
and the "activation mean/std" and "dead units" indicators show a snapshot's activation statistics."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

import netstudio

TIMEOUT = 60_000
SHOTS = "/tmp/shots"


def _node(nid, type_, x, **params):
    return {"id": nid, "type": type_, "params": params, "pos": [x, 0]}


def cnn():
    nodes = [_node("image", "Input", 0, shape=[1, 28, 28]),
             _node("conv1", "Conv2d", 220, out_channels=8, kernel_size=3),
             _node("relu1", "ReLU", 440), _node("pool1", "MaxPool2d", 660, kernel_size=2),
             _node("flatten", "Flatten", 880), _node("fc", "Linear", 1100, out_features=3),
             _node("logits", "Output", 1320)]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])]
    return netstudio.project_from_dict({
        "format": "netstudio-project", "version": 1, "name": "Shapes CNN",
        "graphs": {"model": {"nodes": nodes, "edges": edges}}, "task": {"type": "classify"},
        "data": {"dataset": "shapes", "options": {"samples": 150}},
        "training": {"epochs": 1, "batch_size": 16, "seed": 0, "device": "cpu", "threads": 1}})


def shot(widget, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    widget.grab().save(f"{SHOTS}/{name}.png")


def press(window, key, modifier=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(window, key, modifier)


@pytest.fixture
def cnn_window(window, qtbot):
    window.resize(1500, 800)
    window.set_project(cnn())
    window.show()
    qtbot.waitExposed(window)
    return window


def test_step_through_walks_the_canvas_then_backward_and_close(cnn_window, qtbot):
    w = cnn_window
    s = w.step_through
    assert s.start_action in w.training.chrome.menu.actions()
    s.start_action.trigger()
    qtbot.waitUntil(lambda: bool(s.index == 0 or s.error), timeout=TIMEOUT)
    assert s.error is None
    assert [t.node for t in s.tensors] == ["image", "conv1", "relu1", "pool1", "flatten", "fc", "logits"]
    assert list(s.cards) == ["image"] and s.bar.isVisible()
    assert "image (1 of 7)" in s.bar.status.text() and "batch of 16" in s.bar.status.text()
    press(w, Qt.Key.Key_F8)
    press(w, Qt.Key.Key_F8)
    assert list(s.cards) == ["image", "conv1", "relu1"]
    conv = s.cards["conv1"]
    assert conv.lines()[0] == "8×26×26" and len(conv.images) == 8
    assert conv.images[0].width() == 26
    relu = s.cards["relu1"]
    assert relu.lines()[1].startswith("min 0  mean ")
    # the ring is on relu1; the tiles are drawn on the canvas (grey pixels inside the conv card)
    node = w.current_scene().nodes["relu1"]
    assert s.ring.pos() == node.scenePos()
    view = w.current_view()
    view.centerOn(conv)
    image = view.viewport().grab().toImage()
    top_left = view.mapFromScene(conv.mapToScene(conv.boundingRect().topLeft()))
    greys = set()
    for dx in range(8, 150, 3):
        for dy in range(34, 76, 3):
            c = QColor(image.pixel(top_left.x() + dx, top_left.y() + dy))
            if c.red() == c.green() == c.blue():
                greys.add(c.red())
    assert len(greys) > 10                    # many grey levels: feature maps, not a blank card
    shot(w, "step_through")
    press(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)      # previous
    assert list(s.cards) == ["image", "conv1"]
    press(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)    # run to end
    assert len(s.cards) == 7 and s.cards["fc"].tensor.kind == "vector"
    assert "initial weights" in s.bar.status.text()                 # no training run yet
    press(w, Qt.Key.Key_F9)                                          # backward
    qtbot.waitUntil(lambda: s.grads is not None, timeout=TIMEOUT)
    # the gradient walks back from the loss: first the last node, then one node upstream per key
    assert [n for n, c in s.cards.items() if c.grad is not None] == ["logits"]
    assert "backward: logits (1 of 7 from the loss)" in s.bar.status.text()
    press(w, Qt.Key.Key_F8)
    assert [n for n, c in s.cards.items() if c.grad is not None] == ["fc", "logits"]
    press(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)    # back to the input
    assert all(c.grad is not None for c in s.cards.values())
    press(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)      # one step towards the loss again
    assert s.cards["image"].grad is None and s.cards["conv1"].grad is not None
    press(w, Qt.Key.Key_F8)
    g = s.grads["conv1"]
    assert g.weight_grad_norm > 0 and g.output_norm > 0
    assert "∇w" in s.cards["conv1"].lines()[2] and s.cards["relu1"].grad is not None
    view.centerOn(s.cards["relu1"])
    shot(w, "step_backward")
    press(w, Qt.Key.Key_Escape)
    assert not s.active and not s.cards and not s.bar.isVisible()
    assert not [i for i in w.current_scene().items() if type(i).__name__ in ("TensorCard", "CurrentRing")]


def test_an_edit_closes_the_session_and_a_bad_project_says_why(cnn_window, qtbot):
    w = cnn_window
    s = w.step_through
    assert s.start()
    qtbot.waitUntil(lambda: s.index == 0, timeout=TIMEOUT)
    w.current_scene().select_nodes(["relu1"])
    assert w.ops.delete()
    qtbot.waitUntil(lambda: not s.active, timeout=TIMEOUT)
    project = cnn()
    project.data = {"dataset": "shapes", "options": {"samples": 150, "size": 20}}   # 20x20 images, 28x28 Input
    w.set_project(project)
    assert s.start()
    qtbot.waitUntil(lambda: s.error is not None, timeout=TIMEOUT)
    assert "Input 'image' has shape [1, 28, 28]" in s.error and "Traceback" not in s.error
    assert s.bar.isVisible() and s.error in s.bar.status.text()
    assert w.current_scene().selected_node_ids() == ["image"]        # the node the message names
    s.close()


def test_the_last_runs_weights_are_used_while_they_fit_the_graph(cnn_window, qtbot, tmp_path):
    import torch

    from netstudio.training.engine import Trainer
    from netstudio.training.step_through import StepThrough

    w = cnn_window
    s = w.step_through
    torch.set_num_threads(1)
    end = Trainer(cnn(), {"max_steps": 2, "optimizer": {"type": "adam", "lr": 0.05}}, run_dir=tmp_path / "a").run()
    w.training.last_checkpoint = end.checkpoint           # as a finished run leaves it
    assert s.start()
    qtbot.waitUntil(lambda: bool(s.index == 0 or s.error), timeout=TIMEOUT)
    assert "trained weights" in s.bar.status.text()
    s.to_end()
    engine = StepThrough(cnn(), checkpoint=end.checkpoint)
    engine.prepare()
    want = {t.node: t for t in engine.forward()}
    assert s.cards["conv1"].tensor.mean == pytest.approx(want["conv1"].mean, rel=1e-5)
    other = cnn()
    other.graph("model").node("conv1").params["out_channels"] = 5
    end5 = Trainer(other, {"max_steps": 1}, run_dir=tmp_path / "b").run()
    w.training.last_checkpoint = end5.checkpoint          # trained on another graph: it does not fit
    assert s.start()
    qtbot.waitUntil(lambda: bool(s.index == 0 or s.error), timeout=TIMEOUT)
    assert s.error is None and "initial weights (the graph changed since training)" in s.bar.status.text()
    s.close()


def test_activation_indicators_show_mean_std_and_dead_units(cnn_window, qtbot):
    w = cnn_window
    c = w.training
    chrome = c.chrome
    box = chrome.indicator_mode
    assert box.findData("act_mean_std") >= 0 and box.findData("dead_pct") >= 0
    data = {"weight_stats": {"conv1": {"grad_norm": 0.5, "weight_std": 0.1}, "fc": {"grad_norm": 0.2}},
            "activation_stats": {"conv1": {"mean": 0.12, "std": 0.4, "zeros": 0.0, "dead": 0.0},
                                 "relu1": {"mean": 0.05, "std": 0.1, "zeros": 0.8, "dead": 0.75},
                                 "fc": {"mean": -0.3, "std": 1.5, "zeros": 0.0, "dead": 0.0}}}
    assert c.indicators.update_snapshot(data) == 2          # gradient norm: the two layers with weights
    box.setCurrentIndex(box.findData("act_mean_std"))
    items = c.indicators.items
    assert {k[1] for k in items} == {"conv1", "relu1", "fc"}
    assert items[("model", "conv1")].text() == "0.12 ± 0.4"
    assert items[("model", "relu1")].state == "warn"          # three quarters of its units never fire
    assert items[("model", "conv1")].state == "ok"
    box.setCurrentIndex(box.findData("dead_pct"))
    relu = items[("model", "relu1")]
    assert relu.prefix() + relu.text() == "dead 75%" and relu.fill_fraction() == pytest.approx(0.75)
    box.setCurrentIndex(box.findData("act_mean_std"))
    view = w.current_view()
    view.centerOn(w.current_scene().nodes["relu1"])
    # the warning colour is on the canvas under relu1 (its pill's border), and not under conv1
    shot(w, "activation_indicator_synthetic")
    image = view.viewport().grab().toImage()

    def border_colours(item):
        left = view.mapFromScene(item.mapToScene(item.boundingRect().topLeft()))
        return {QColor(image.pixel(left.x() + dx, left.y() + dy)).name() for dx in range(-1, 3) for dy in range(4, 11)}

    light_orange = "#f8c091"     # the warning colour at the fill's opacity over white
    assert any(_near(col, light_orange, 45) for col in border_colours(relu)), border_colours(relu)
    assert not any(_near(col, light_orange, 45) for col in border_colours(items[("model", "conv1")]))
    shot(w, "activation_indicator")
    box.setCurrentIndex(box.findData("grad_norm"))
    assert {k[1] for k in items} == {"conv1", "fc"}


@pytest.mark.long   # a whole GUI run (data, live views, validation): ~10 s on an idle machine
def test_a_real_run_fills_the_activation_indicators_of_every_layer(cnn_window, qtbot, tmp_path):
    w = cnn_window
    c = w.training
    c.run_root = tmp_path / "runs"
    box = c.chrome.indicator_mode
    box.setCurrentIndex(box.findData("dead_pct"))
    project = w.document.project
    project.training = {**project.training, "max_steps": 4, "snapshot_every": 0}
    assert c.start()
    qtbot.waitUntil(lambda: c.state == "idle" and c.run is None, timeout=TIMEOUT)
    assert c.last_end.kind == "finished", c.last_end.message
    stats = c.indicators.activation_stats
    layers = {"conv1", "relu1", "pool1", "flatten", "fc"}
    assert set(stats) == layers
    assert {k[1] for k in c.indicators.items} == layers
    relu = c.indicators.items[("model", "relu1")]
    assert relu.text() == f"{stats['relu1']['dead']:.0%}" and relu.prefix() == "dead "
    assert 0.0 <= stats["relu1"]["zeros"] <= 1.0 and stats["relu1"]["mean"] >= 0.0
    box.setCurrentIndex(box.findData("act_mean_std"))
    conv = c.indicators.items[("model", "conv1")]
    assert conv.text() == f"{stats['conv1']['mean']:.2g} ± {stats['conv1']['std']:.2g}"
    w.current_view().centerOn(w.current_scene().nodes["relu1"])
    shot(w, "activation_indicator")


def _near(name: str, want: str, tolerance: int = 30) -> bool:
    a, b = QColor(name), QColor(want)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < tolerance


def test_the_picture_helpers():
    from netstudio.ui.step_through.overlay import grey_image

    img = grey_image(np.array([[0.0, 1.0], [0.5, 0.25]], dtype=np.float32))
    assert (img.width(), img.height()) == (2, 2)
    assert QColor(img.pixel(1, 0)).red() == 255 and QColor(img.pixel(0, 0)).red() == 0

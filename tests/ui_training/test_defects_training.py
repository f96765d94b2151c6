"""Regression tests for the training-related defects of issue 10 ("Defects found while trying it")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import TIMEOUT, _chain, _node, gan_project, mlp_project, wait_idle


def rank3_project():
    """Linear straight on the image: its output is (1, 28, 10) per sample, a rank error, not a width error."""
    nodes = [_node("image", "Input", 0, shape=[1, 28, 28]), _node("linear1", "Linear", 200, out_features=10),
             _node("logits", "Output", 400)]
    return {"format": "netstudio-project", "version": 1, "name": "Rank three",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "classify"}, "data": {"dataset": "mnist10k"},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.003}, "seed": 0,
                         "device": "cpu", "threads": 1, "max_steps": 3}}


def two_inputs_project():
    """Two Input nodes: the engine builds the task, then refuses the graph before the model exists."""
    nodes = [_node("points", "Input", 0, shape=[2]), dict(_node("extra", "Input", 0, shape=[2]), pos=[0, 200]),
             _node("join", "Add", 200), _node("fc", "Linear", 400, out_features=2), _node("out", "Output", 600)]
    edges = [{"from": "points", "to": "join"}, {"from": "extra", "to": "join", "to_port": 1},
             {"from": "join", "to": "fc"}, {"from": "fc", "to": "out"}]
    return {"format": "netstudio-project", "version": 1, "name": "Two inputs",
            "graphs": {"model": {"nodes": nodes, "edges": edges}},
            "task": {"type": "classify"}, "data": {"dataset": "spirals", "options": {"samples": 200, "classes": 2}},
            "training": {"epochs": 1, "batch_size": 32, "seed": 0, "device": "cpu", "threads": 1, "max_steps": 3}}


def gan_before_noise_project():
    """A GAN whose latent size disagrees with its generator's Input: both graphs are built, then refused."""
    data = gan_project(max_steps=3)
    data["task"]["latent_size"] = 8
    data["training"]["threads"] = 1
    return data


def _click_node(qtbot, window, node_id):
    view = window.current_view()
    item = view.graph_scene.nodes[node_id]
    point = view.mapFromScene(item.sceneBoundingRect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_new_and_open_come_back_after_a_run(qtbot, trained_window, write_project, one_torch_thread):
    w = trained_window
    path = write_project(mlp_project(epochs=1, threads=1, max_steps=3))
    assert w.open_project(path)
    new, open_ = w.actions_["new"], w.actions_["open"]
    assert new.isEnabled() and open_.isEnabled()
    c = w.training
    assert c.start(), c.last_error
    qtbot.waitUntil(lambda: not new.isEnabled(), timeout=TIMEOUT)   # locked while the graph is read-only
    wait_idle(qtbot, c)
    assert new.isEnabled() and open_.isEnabled()
    for action in (new, open_):    # the toolbar buttons follow their actions
        button = w.toolbar.widgetForAction(action)
        assert button is not None and button.isEnabled()


@pytest.mark.parametrize("make", [rank3_project, two_inputs_project, gan_before_noise_project])
def test_clicking_a_node_after_a_failed_run_is_quiet(qtbot, trained_window, write_project, one_torch_thread, make):
    """A run that failed after building its model, and one that failed before (no 'model' module yet)."""
    w = trained_window
    c = w.training
    assert w.open_project(write_project(make()))
    assert c.start(), c.last_error
    wait_idle(qtbot, c)
    assert c.last_end is not None and c.last_end.kind == "failed"
    if make is rank3_project:   # out_features is already 10: the rank is what is wrong
        message = c.controls.message.text()    # what the Training dock shows
        for text in (c.last_error, message):
            assert "wrong shape" in text and "(1, 28, 10)" in text and "add a Flatten before 'linear1'" in text
            assert "set out_features" not in text
    w.last_error = None
    for node in list(w.current_scene().nodes)[:2]:
        _click_node(qtbot, w, node)
        assert w.current_scene().selected_node_ids() == [node]
    assert w.last_error is None
    assert "Internal error" not in w.statusBar().currentMessage()


def test_pause_and_stop_keys_work_with_the_canvas_focused(qtbot, trained_window, write_project, one_torch_thread):
    w = trained_window
    c = w.training
    assert w.open_project(write_project(mlp_project(epochs=200, threads=1)))
    view = w.current_view()
    w.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=TIMEOUT)
    QTest.keyClick(view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: c.state == "running", timeout=TIMEOUT)
    _click_node(qtbot, w, "fc1")     # looking at a layer's feature maps, as one does while it trains
    assert w.current_scene().selected_node_ids() == ["fc1"] and view.hasFocus()
    QTest.keyClick(view.viewport(), Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: c.state == "paused", timeout=TIMEOUT)
    QTest.keyClick(view.viewport(), Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, c)
    assert c.last_end.kind == "stopped"
    assert c.last_end.step < 200 * 13     # it did not run to the end


def test_output_rank_sentences():
    from netstudio.core.graph import Edge, Graph, Node
    from netstudio.training.compatibility import output_rank_fix

    g = Graph("model")
    for node in (Node("x", "Input", {"shape": [3, 8, 8]}), Node("conv", "Conv2d", {"out_channels": 10, "kernel_size": 8}),
                 Node("fc", "Linear", {"out_features": 4})):
        g.add_node(node)
    g.add_edge(Edge("x", "conv"))
    assert output_rank_fix(g, "conv", (10,), 10) is None                      # right rank: a width question
    assert output_rank_fix(g, "conv", (10, 1, 1), 10).endswith("add a Flatten after 'conv'")
    assert output_rank_fix(g, "conv", (10, 2, 2), 10).endswith(
        "add a Flatten after 'conv', then a Linear with out_features=10")
    assert output_rank_fix(g, "fc", (1, 28, 4), 10).endswith(
        "add a Flatten before 'fc' and set its out_features to 10")

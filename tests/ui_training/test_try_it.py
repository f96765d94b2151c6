"""Try it follows the task: type a sentence, continue a prompt, click a point; hidden where it cannot serve.

Set NETSTUDIO_SHOTS=/some/folder to also save a picture of each form (looked at by hand).
"""

from __future__ import annotations

import copy
import json
import os

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import (TIMEOUT, _chain, _node, autoencoder_project, char_project, gan_project, mlp_project,
                       open_and_train, wait_idle)


def shot(window, name: str) -> None:
    folder = os.environ.get("NETSTUDIO_SHOTS")
    if folder:
        window.training.live.try_it.refresh()
        window.training.live.grab().save(os.path.join(folder, name))


def text_classifier(max_steps=40):
    nodes = [_node("chars", "Input", 0, shape=[24], dtype="int64"),
             _node("embed", "Embedding", 200, num_embeddings=96, embedding_dim=8),
             _node("flat", "Flatten", 400), _node("fc", "Linear", 600, out_features=2), _node("logits", "Output", 800)]
    return {"format": "netstudio-project", "version": 1, "name": "Verse or prose",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "sequence", "mode": "classify"}, "data": {"dataset": "verse_or_prose"},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.01}, "seed": 0,
                         "device": "cpu", "snapshot_every": None, "max_steps": max_steps, "threads": 1}}


def one_thread(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    doc["training"]["threads"] = 1
    return doc


def train(qtbot, window, write_project, doc):
    c = open_and_train(qtbot, window, write_project(doc))
    wait_idle(qtbot, c)
    assert c.last_end.kind in ("finished", "stopped"), c.last_end.message
    return c


def tab_shown(c) -> bool:
    return c.live.tabs.isTabVisible(c.live.tabs.indexOf(c.live.try_it))


def test_type_a_sentence_into_a_text_classifier(qtbot, trained_window, write_project):
    c = train(qtbot, trained_window, write_project, text_classifier())
    t = c.live.try_it
    assert tab_shown(c) and t.mode == "text" and t.text_edit.isEnabled()
    assert "draw" not in t.hint.text().lower()
    c.live.show_view(t)
    qtbot.keyClicks(t.text_edit, "Shall I compare thee to a summer's day")
    qtbot.waitUntil(lambda: t.probs is not None, timeout=TIMEOUT)
    assert t.probs.shape == (2,) and abs(float(t.probs.sum()) - 1) < 1e-5
    label = ["prose", "verse"][int(t.probs.argmax())]
    assert t.result.text().startswith(f"Prediction: {label} (")
    # the same window straight through the model: what the view shows is the model's answer
    from netstudio.training.datasets.text import encode
    from netstudio.training.predict import text_window

    window = text_window("Shall I compare thee to a summer's day", 24)
    assert len(window) == 24 and window.startswith("Shall I compare thee to ")
    with torch.no_grad():
        expected = t.model(encode(window)[None]).softmax(-1)[0].numpy()
    np.testing.assert_allclose(t.probs, expected, atol=1e-6)
    t.refresh()
    heights = t.bars.opts["height"]
    assert np.allclose(heights, t.probs)
    shot(trained_window, "tryit_text.png")
    t.text_edit.clear()
    assert t.probs is None and t.result.text() == ""


def test_a_prompt_gets_a_continuation_of_the_requested_length(qtbot, trained_window, write_project):
    c = train(qtbot, trained_window, write_project, one_thread(char_project(max_steps=6)))
    t = c.live.try_it
    assert tab_shown(c) and t.mode == "chars" and not t.plot.isVisible()
    assert t.prompt_edit.text() == "Shall I" and t.length_box.value() == 40     # the task's own settings
    c.live.show_view(t)
    t.prompt_edit.clear()
    qtbot.keyClicks(t.prompt_edit, "To be")
    t.length_box.setValue(25)
    t.temperature_box.setValue(0.5)
    qtbot.keyClick(t.prompt_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: t.continuation is not None, timeout=TIMEOUT)
    assert len(t.continuation) == 25
    assert t.output.toPlainText() == "To be" + t.continuation
    assert "25 characters" in t.result.text()
    shot(trained_window, "tryit_chars.png")
    again = t.predict_chars("To be", 10, 0.5, seed=7)
    assert again == t.predict_chars("To be", 10, 0.5, seed=7) and len(again) == 10   # a seed repeats


def test_click_a_point_and_see_its_class(qtbot, trained_window, write_project):
    c = train(qtbot, trained_window, write_project, one_thread(mlp_project("blobs", classes=3, epochs=3)))
    t = c.live.try_it
    assert tab_shown(c) and t.mode == "points"
    c.live.show_view(t)
    qtbot.waitUntil(lambda: t.plane.plot.width() > 100, timeout=TIMEOUT)
    (x0, x1), (y0, y1) = t.meta["extent"]
    assert t.plane.regions.image is not None and t.plane.regions.image.shape[:2] == (96, 96)
    # click the centre of one class's training points
    pts, labels = np.array(t.meta["points"]), np.array(t.meta["labels"])
    target = pts[labels == 1].mean(0)
    pos = t.plane.view_pos(float(target[0]), float(target[1]))
    QTest.mouseClick(t.plane.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: t.probs is not None, timeout=TIMEOUT)
    assert t.probs.shape == (3,)
    clicked = t.plane.marker.data[0]
    assert abs(clicked["x"] - target[0]) < 0.05 * (x1 - x0) and abs(clicked["y"] - target[1]) < 0.05 * (y1 - y0)
    with torch.no_grad():
        expected = t.model(torch.tensor([[clicked["x"], clicked["y"]]], dtype=torch.float32)).softmax(-1)[0]
    assert int(t.probs.argmax()) == int(expected.argmax()) == 1            # a trained blob classifier
    assert t.result.text().startswith("Prediction:")
    shot(trained_window, "tryit_points.png")


@pytest.mark.parametrize("doc, kind", [(gan_project(), "gan"), (None, "regress")])
def test_try_it_is_hidden_where_it_cannot_serve(qtbot, trained_window, write_project, doc, kind):
    if doc is None:   # a sequence regression: nothing for a person to type or draw
        doc = json.loads(json.dumps(mlp_project()))
        doc["graphs"]["model"]["nodes"][0]["params"]["shape"] = [8, 1]
        doc["task"] = {"type": "sequence", "mode": "regress", "loss": "mse"}
        doc["data"] = {"dataset": "sine", "options": {"samples": 200, "length": 8}}
    assert trained_window.open_project(write_project(doc))
    c = trained_window.training
    assert not tab_shown(c)


def test_an_image_classifier_still_draws(qtbot, trained_window, write_project):
    from netstudio.training.try_it_modes import try_it_mode

    assert try_it_mode("classify", "image", (1, 28, 28)) == "image"
    assert try_it_mode("classify", "table", (5,)) is None and try_it_mode("classify", "table", (2,)) == "points"
    assert try_it_mode("autoencode", "image", (1, 28, 28)) == "reconstruct"
    assert try_it_mode("autoencode", "table", (5,)) is None and try_it_mode("gan", "image", (1, 28, 28)) is None
    doc = mlp_project("mnist10k")
    assert trained_window.open_project(write_project(doc))
    assert tab_shown(trained_window.training)


def test_an_image_autoencoder_redraws_a_drawing(qtbot, trained_window, write_project):
    c = train(qtbot, trained_window, write_project, one_thread(autoencoder_project(max_steps=15)))
    t = c.live.try_it
    assert tab_shown(c) and t.mode == "reconstruct" and t.pad.isEnabled()
    c.live.show_view(t)
    assert t.recon.isVisible() and not t.plot.isVisible()
    t.pad.stroke([(112, 40), (112, 190)])
    out = t.predict_drawing()
    assert out.shape == (1, 28, 28) and 0 <= out.min() and out.max() <= 1
    assert t.recon.pixmap() is not None and t.recon.pixmap().width() == 196
    from netstudio.ui.training.plots.try_it import fit_drawing

    x = torch.from_numpy(fit_drawing(t.pad.array(), (28, 28))).float().div(255)[None, None]
    mean, std = (t.meta["mean"] or [0.0])[0], (t.meta["std"] or [1.0])[0]   # autoencoders: [0, 1] pixels
    with torch.no_grad():
        expected = (t.model((x - mean) / std) * std + mean).clamp(0, 1)[0].numpy()
    np.testing.assert_allclose(out, expected, atol=1e-5)
    shot(trained_window, "tryit_autoencoder.png")

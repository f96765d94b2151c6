"""Live-training GUI tests: offscreen, isolated settings, tiny projects that train in a second or two."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

QCoreApplication.setOrganizationName("NetStudioTests")
QCoreApplication.setApplicationName("NetStudioTests")

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_projects"
TIMEOUT = 60_000   # ms; the machine is shared, so generous, but every wait ends on a condition


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch, qapp):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    monkeypatch.setenv("NETSTUDIO_RECOVERY_DIR", str(tmp_path / "recovery"))
    yield tmp_path


def _node(nid, type_, x, **params):
    return {"id": nid, "type": type_, "params": params, "pos": [x, 0]}


def _chain(ids):
    return [{"from": a, "to": b} for a, b in zip(ids, ids[1:])]


def mlp_project(dataset="spirals", classes=2, epochs=2, lr=0.01, optimizer="adam", **training):
    nodes = [_node("points", "Input", 0, shape=[2]), _node("fc1", "Linear", 200, out_features=16),
             _node("act", "ReLU", 400), _node("fc2", "Linear", 600, out_features=classes),
             _node("out", "Output", 800)]
    return {"format": "netstudio-project", "version": 1, "name": "Tiny MLP",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "classify"},
            "data": {"dataset": dataset, "options": {"samples": 400, "classes": classes}},
            "training": {"epochs": epochs, "batch_size": 32, "optimizer": {"type": optimizer, "lr": lr},
                         "seed": 0, "device": "cpu", "snapshot_every": 0.05, **training}}


def diverging_project(lr=100.0):
    """A linear regression on sine windows with a far too high SGD learning rate: the loss overflows."""
    nodes = [_node("seq", "Input", 0, shape=[8, 1]), _node("flat", "Flatten", 200),
             _node("fc1", "Linear", 400, out_features=16), _node("fc2", "Linear", 600, out_features=1),
             _node("out", "Output", 800)]
    return {"format": "netstudio-project", "version": 1, "name": "Diverging",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "regress"}, "data": {"dataset": "sine", "options": {"samples": 400, "length": 8}},
            "training": {"epochs": 50, "batch_size": 32, "optimizer": {"type": "sgd", "lr": lr}, "seed": 0,
                         "device": "cpu", "snapshot_every": None}}


def cnn_project(max_steps=40, **training):
    nodes = [_node("image", "Input", 0, shape=[1, 28, 28]), _node("conv1", "Conv2d", 200, out_channels=4,
                                                                   kernel_size=3),
             _node("relu1", "ReLU", 400), _node("pool1", "MaxPool2d", 600, kernel_size=2),
             _node("flat", "Flatten", 800), _node("fc", "Linear", 1000, out_features=10),
             _node("logits", "Output", 1200)]
    return {"format": "netstudio-project", "version": 1, "name": "Tiny CNN",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "classify"}, "data": {"dataset": "mnist10k"},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.003}, "seed": 0,
                         "device": "cpu", "snapshot_every": 0.05, "max_steps": max_steps, **training}}


def autoencoder_project(max_steps=15):
    nodes = [_node("image", "Input", 0, shape=[1, 28, 28]), _node("flat", "Flatten", 200),
             _node("enc", "Linear", 400, out_features=16), _node("act", "ReLU", 600),
             _node("dec", "Linear", 800, out_features=784), _node("sig", "Sigmoid", 1000),
             _node("img", "Unflatten", 1200, dim=1, unflattened_size=[1, 28, 28]), _node("out", "Output", 1400)]
    return {"format": "netstudio-project", "version": 1, "name": "Tiny AE",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "autoencode"}, "data": {"dataset": "mnist10k"},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.003}, "seed": 0,
                         "device": "cpu", "snapshot_every": 0.05, "max_steps": max_steps}}


def char_project(max_steps=6):
    nodes = [_node("chars", "Input", 0, shape=[16], dtype="int64"),
             _node("embed", "Embedding", 200, num_embeddings=96, embedding_dim=8),
             _node("gru", "GRU", 400, hidden_size=16), _node("next_char", "Linear", 600, out_features=96),
             _node("logits", "Output", 800)]
    return {"format": "netstudio-project", "version": 1, "name": "Tiny char model",
            "graphs": {"model": {"nodes": nodes, "edges": _chain([n["id"] for n in nodes])}},
            "task": {"type": "sequence", "mode": "next_char", "generate_length": 40, "prompt": "Shall I"},
            "data": {"dataset": "text", "options": {"stride": 16}},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.01}, "seed": 0,
                         "device": "cpu", "snapshot_every": 0.05, "max_steps": max_steps}}


def gan_project(max_steps=30):
    gen = [_node("z", "Input", 0, shape=[16]), _node("g_fc", "Linear", 200, out_features=784),
           _node("g_tanh", "Tanh", 400), _node("g_img", "Unflatten", 600, dim=1, unflattened_size=[1, 28, 28]),
           _node("g_out", "Output", 800)]
    dis = [_node("x", "Input", 0, shape=[1, 28, 28]), _node("d_flat", "Flatten", 200),
           _node("d_fc1", "Linear", 400, out_features=32), _node("d_act", "LeakyReLU", 600, negative_slope=0.2),
           _node("d_fc2", "Linear", 800, out_features=1), _node("d_out", "Output", 1000)]
    return {"format": "netstudio-project", "version": 1, "name": "Tiny GAN",
            "graphs": {"generator": {"nodes": gen, "edges": _chain([n["id"] for n in gen])},
                       "discriminator": {"nodes": dis, "edges": _chain([n["id"] for n in dis])}},
            "task": {"type": "gan", "generator": "generator", "discriminator": "discriminator"},
            "data": {"dataset": "mnist10k", "split": {"train": 0.9, "val": 0.05, "test": 0.05}},
            "training": {"epochs": 1, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.0005,
                                                                      "betas": [0.5, 0.999]},
                         "seed": 0, "device": "cpu", "snapshot_every": 0.05, "max_steps": max_steps}}


@pytest.fixture
def write_project(tmp_path):
    def write(data: dict, name: str = "project.nsproj") -> str:
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)
    return write


@pytest.fixture
def trained_window(qtbot, tmp_path):
    """A MainWindow with training installed; dialogs replaced; run folders under tmp_path."""
    from netstudio.ui.main_window import MainWindow
    from netstudio.ui.training.integration import install_training

    w = MainWindow()
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.ask_save = lambda: QMessageBox.StandardButton.Discard
    w.resize(1400, 900)
    qtbot.addWidget(w)
    controller = install_training(w)
    controller.run_root = tmp_path / "runs"
    controller.ask_stop_on_close = lambda: True
    w.training = controller
    w.show()
    qtbot.waitExposed(w)
    yield w
    controller.shutdown()


def open_and_train(qtbot, window, path: str, resume=None):
    """Open ``path`` and start training; returns the controller."""
    assert window.open_project(path)
    c = window.training
    assert c.document is window.document
    assert c.start(resume=resume), c.last_error
    return c


def start_paused(qtbot, window, path: str | None = None):
    """Open ``path`` (None: the project already open) and start training paused before its first batch.

    Returns the controller.

    Live pictures come from snapshots the engine takes every ``snapshot_every`` seconds, so how
    many a short run sends, and at which steps, depends on the machine's speed and load. A test
    that compares an early picture with a later one starts paused and takes the early picture
    with ``c.step_once()``, which always sends a snapshot of the model after that one step.
    """
    assert path is None or window.open_project(path)
    c = window.training

    def pause_before_first_batch(event) -> None:      # an engine listener: runs in the training thread
        if event.kind == "started":
            c.trainer.pause()

    c.listeners.append(pause_before_first_batch)
    try:
        assert c.start(), c.last_error
    finally:
        c.listeners.remove(pause_before_first_batch)   # the trainer keeps its own subscription
    qtbot.waitUntil(lambda: c.state == "paused", timeout=TIMEOUT)
    assert c.trainer.global_step == 0
    return c


def wait_shown(qtbot, view, step: int, timeout=TIMEOUT):
    """Wait until ``view`` has drawn the pixels of the model at training step ``step``, and nothing newer is pending."""
    qtbot.waitUntil(lambda: view.shown_step == step and not view.dirty, timeout=timeout)


def wait_idle(qtbot, c, timeout=TIMEOUT):
    qtbot.waitUntil(lambda: c.state == "idle", timeout=timeout)

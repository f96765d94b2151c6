"""The training panel shows the engine's defaults (netstudio.training.config), never a copy of its own."""

from __future__ import annotations

import pytest

from netstudio.training.config import optimizer_defaults, training_defaults

from .conftest import mlp_project


@pytest.mark.parametrize("kind", ["adadelta", "sgd", "adam"])
def test_panel_shows_the_engines_default_lr(qtbot, trained_window, write_project, kind):
    doc = mlp_project()
    doc["training"] = {"optimizer": {"type": kind}}                # no lr: the engine's default applies
    w = trained_window
    assert w.open_project(write_project(doc))
    panel = w.training.panel
    assert panel.lr.value() == pytest.approx(optimizer_defaults(kind)["lr"])   # Adadelta: 1.0, not 0.001
    defaults = training_defaults()
    assert panel.epochs.value() == defaults["epochs"] and panel.batch_size.value() == defaults["batch_size"]
    assert panel.weight_decay.value() == defaults["weight_decay"]


def test_switching_optimizer_without_an_lr_takes_the_new_ones_default(qtbot, trained_window, write_project):
    doc = mlp_project()
    doc["training"] = {}
    w = trained_window
    assert w.open_project(write_project(doc))
    panel = w.training.panel
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adadelta"))
    assert w.document.project.training["optimizer"] == {"type": "adadelta", "lr": 1.0}
    assert panel.lr.value() == pytest.approx(1.0)

"""Every setting the engine accepts has a widget in the training panel, edits the right key as one
undoable step, shows the engine's default, and the Advanced fold remembers whether it was open."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from netstudio.core.errors import ProjectError
from netstudio.training.config import (EARLY_STOPPING_DEFAULTS, OPTIMIZER_DEFAULTS, OPTIMIZERS, SCHEDULE_DEFAULTS,
                                       SCHEDULES, TaskConfig, TrainingConfig, parse_training, task_defaults,
                                       training_defaults)
from netstudio.ui.training.advanced_section import SETTINGS_KEY
from netstudio.ui.training.fields import PairEdit, get_path

from .conftest import char_project, gan_project, mlp_project


def engine_keys() -> set[str]:
    """Every key parse_task / parse_training accept, nested settings included (from config, not a list here)."""
    keys = {f"task.{k}" for k in TaskConfig.__dataclass_fields__}
    assert set(task_defaults()) == set(TaskConfig.__dataclass_fields__)
    for key in TrainingConfig.__dataclass_fields__:
        assert key in training_defaults()
        keys.add(f"training.{key}")
    for kind in OPTIMIZERS:
        keys |= {f"training.optimizer.{k}" for k in ("type", *OPTIMIZER_DEFAULTS[kind])}
    for kind in SCHEDULES:
        keys |= {f"training.schedule.{k}" for k in ("type", *SCHEDULE_DEFAULTS[kind])}
    keys |= {f"training.early_stopping.{k}" for k in EARLY_STOPPING_DEFAULTS}
    # a section holding sub-settings is reached through them (and its chooser, "type")
    return keys - {"training.optimizer", "training.schedule"}


def test_every_engine_setting_has_a_widget(qtbot, trained_window):
    panel = trained_window.training.panel
    missing = sorted(engine_keys() - set(panel.widgets))
    assert not missing, f"settings the engine accepts but the panel cannot reach: {missing}"
    assert set(EDITS) >= set(panel.fields), sorted(set(panel.fields) - set(EDITS))   # each is tested below
    for key, bound in panel.fields.items():
        bound.retranslate()
        assert bound.label.text(), key
        assert bound.key in bound.widget.toolTip()           # the tooltip names the file's key and default


def _shown_rows(panel, prefix: str) -> dict:
    return {key: b.value() for key, b in panel.fields.items()
            if key.startswith(prefix) and b.widget.isVisibleTo(panel)}


def _approx(values: dict) -> dict:
    return {k: pytest.approx(v) if isinstance(v, (float, list)) else v for k, v in values.items()}


def test_panel_shows_the_configs_defaults(qtbot, trained_window, write_project):
    doc = mlp_project()
    doc["task"], doc["training"] = {}, {}
    w = trained_window
    assert w.open_project(write_project(doc))
    panel = w.training.panel
    panel.advanced.toggle.setChecked(True)
    task = {f"task.{k}": v for k, v in task_defaults().items()}
    task["task.loss"] = "cross_entropy"                         # None in config: the task's first loss
    shown = _shown_rows(panel, "task.")
    assert shown and shown == _approx({k: task[k] for k in shown})
    training = {f"training.{k}": v for k, v in training_defaults().items()}
    shown = _shown_rows(panel, "training.")
    plain = {k: v for k, v in shown.items() if not k.startswith(("training.optimizer.", "training.schedule."))}
    assert plain == _approx({k: training[k] for k in plain})
    assert "training.threads" in plain and plain["training.threads"] is None     # automatic
    for kind in OPTIMIZERS:                                      # each optimizer's own defaults (eps differs)
        assert panel.push("training", {"optimizer": {"type": kind}}, "optimizer")
        assert _shown_rows(panel, "training.optimizer.") == _approx(
            {f"training.optimizer.{k}": v for k, v in OPTIMIZER_DEFAULTS[kind].items()}), kind
    for kind in SCHEDULES:
        assert panel.push("training", {"schedule": {"type": kind}}, "schedule")
        assert _shown_rows(panel, "training.schedule.") == _approx(
            {f"training.schedule.{k}": v for k, v in SCHEDULE_DEFAULTS[kind].items()}), kind
    assert panel.push("training", {"early_stopping": {}}, "early stopping")
    assert _shown_rows(panel, "training.early_stopping.") == {
        f"training.early_stopping.{k}": v for k, v in EARLY_STOPPING_DEFAULTS.items()}
    assert panel.check() == ""


# setting -> (project maker, training/task changes before opening, value set through the widget)
_SGD = {"optimizer": {"type": "sgd", "lr": 0.01, "momentum": 0.5}}
EDITS = {
    "task.graph": (gan_project, {"task": {"type": "classify", "graph": "generator"}}, "discriminator"),
    "task.generator": (gan_project, {}, "discriminator"),
    "task.discriminator": (gan_project, {}, "generator"),
    "task.loss": (mlp_project, {}, "bce"),
    "task.latent_size": (gan_project, {}, 16),
    "task.d_steps": (gan_project, {}, 3),
    "task.prompt": (char_project, {}, "To be"),
    "task.generate_length": (char_project, {}, 60),
    "task.temperature": (char_project, {}, 1.5),
    "task.label_smoothing": (mlp_project, {}, 0.1),
    "task.top_k": (mlp_project, {}, 3),
    "training.optimizer.lr": (mlp_project, {}, 0.05),
    "training.optimizer.momentum": (mlp_project, _SGD, 0.9),
    "training.optimizer.nesterov": (mlp_project, _SGD, True),
    "training.optimizer.dampening": (mlp_project, _SGD, 0.25),
    "training.optimizer.betas": (mlp_project, {}, [0.5, 0.999]),
    "training.optimizer.eps": (mlp_project, {}, 1e-6),
    "training.optimizer.amsgrad": (mlp_project, {}, True),
    "training.optimizer.centered": (mlp_project, {"optimizer": {"type": "rmsprop"}}, True),
    "training.optimizer.alpha": (mlp_project, {"optimizer": {"type": "rmsprop"}}, 0.9),
    "training.optimizer.rho": (mlp_project, {"optimizer": {"type": "adadelta"}}, 0.8),
    "training.optimizer.lr_decay": (mlp_project, {"optimizer": {"type": "adagrad"}}, 0.01),
    "training.weight_decay": (mlp_project, {}, 0.0005),
    "training.l1": (mlp_project, {}, 0.0001),
    "training.epochs": (mlp_project, {}, 12),
    "training.batch_size": (mlp_project, {}, 128),
    "training.device": (mlp_project, {}, "auto"),
    "training.workers": (mlp_project, {}, 2),
    "training.schedule.step_size": (mlp_project, {"schedule": {"type": "step"}}, 3),
    "training.schedule.gamma": (mlp_project, {"schedule": {"type": "step"}}, 0.5),
    "training.schedule.min_lr": (mlp_project, {"schedule": {"type": "cosine"}}, 0.0001),
    "training.schedule.max_lr": (mlp_project, {"schedule": {"type": "one_cycle"}}, 0.05),
    "training.schedule.pct_start": (mlp_project, {"schedule": {"type": "one_cycle"}}, 0.25),
    "training.schedule.factor": (mlp_project, {"schedule": {"type": "plateau"}}, 0.5),
    "training.schedule.patience": (mlp_project, {"schedule": {"type": "plateau"}}, 4),
    "training.grad_clip": (mlp_project, {}, 1.0),
    "training.early_stopping.patience": (mlp_project, {"early_stopping": {}}, 5),
    "training.early_stopping.monitor": (mlp_project, {"early_stopping": {}}, "val_acc"),
    "training.early_stopping.min_delta": (mlp_project, {"early_stopping": {}}, 0.01),
    "training.seed": (mlp_project, {}, 7),
    "training.mixed_precision": (mlp_project, {}, True),
    "training.threads": (mlp_project, {}, 2),
    "training.snapshot_every": (mlp_project, {}, 1.5),
    "training.checkpoint_every": (mlp_project, {}, 2),
    "training.max_steps": (mlp_project, {}, 40),
}


def _set(widget, value) -> None:
    """What a user does: tick, pick, type, or step a number box to ``value``."""
    if isinstance(widget, QCheckBox):
        widget.setChecked(value)
    elif isinstance(widget, QComboBox):
        i = widget.findData(value)
        assert i >= 0, value
        widget.setCurrentIndex(i)
    elif isinstance(widget, QLineEdit):
        widget.clear()
        QTest.keyClicks(widget, value)
    elif isinstance(widget, PairEdit):
        widget.setValue(value)
    else:
        widget.setValue(value)


def test_each_widget_edits_its_key_and_undo_restores(qtbot, trained_window, write_project):
    w = trained_window
    panel = w.training.panel
    panel.advanced.toggle.setChecked(True)
    for key, (make, changes, value) in EDITS.items():
        doc = make()
        for section, values in changes.items() if "task" in changes else [("training", changes)]:
            doc[section].update(copy.deepcopy(values))
        assert w.open_project(write_project(doc)), key
        if key == "training.device":                          # the project says cpu: pick automatic
            assert w.document.project.training["device"] == "cpu"
        section_name, *path = key.split(".")
        before = copy.deepcopy(w.document.project.section(section_name))
        widget = panel.widgets[key]
        assert widget.isVisibleTo(panel), key                   # shown for this task, optimizer, schedule
        _set(widget, value)
        after = w.document.project.section(section_name)
        got = get_path(after, tuple(path), "missing")
        assert got == (pytest.approx(value) if isinstance(value, float) else value), key
        assert panel.check() == "", (key, panel.check())        # the engine takes what the widget wrote
        w.document.undo_stack.undo()
        assert w.document.project.section(section_name) == before, key


def test_sequence_mode_survives_a_change_of_task(qtbot, trained_window, write_project):
    w = trained_window
    assert w.open_project(write_project(char_project()))
    panel = w.training.panel
    assert panel.mode.isVisibleTo(panel) and panel.mode.currentData() == "next_char"
    panel.mode.setCurrentIndex(panel.mode.findData("classify"))
    assert w.document.project.task["mode"] == "classify"
    assert panel.loss.currentData() == "cross_entropy" and panel.loss.isVisibleTo(panel)
    assert not panel.widgets["task.prompt"].isVisibleTo(panel)                   # sampling options are for next_char only
    panel.task_type.setCurrentIndex(panel.task_type.findData("regress"))
    assert w.document.project.task["mode"] == "classify"         # dropped before this fix
    assert not panel.mode.isVisibleTo(panel)
    assert panel.loss.currentData() == "mse"
    panel.task_type.setCurrentIndex(panel.task_type.findData("sequence"))
    assert w.document.project.task == {"type": "sequence", "mode": "classify", "generate_length": 40,
                                       "prompt": "Shall I"}
    assert panel.mode.currentData() == "classify" and panel.mode.isVisibleTo(panel)
    for _ in range(3):
        w.document.undo_stack.undo()
    assert w.document.project.task["mode"] == "next_char" and panel.mode.currentData() == "next_char"


def test_engine_message_names_the_row(qtbot, trained_window, write_project):
    doc = mlp_project(optimizer="sgd")
    w = trained_window
    assert w.open_project(write_project(doc))
    panel = w.training.panel
    panel.nesterov.setChecked(True)                               # Nesterov without momentum: refused
    with pytest.raises(ProjectError) as refused:
        parse_training(w.document.project.training)
    assert panel.problem_label.text() == str(refused.value)
    assert not panel.problem_label.isHidden()
    assert "c62828" in panel.fields["training.optimizer.nesterov"].label.styleSheet()
    panel.momentum.setValue(0.9)
    assert panel.check() == "" and panel.problem_label.isHidden()
    assert panel.fields["training.optimizer.nesterov"].label.styleSheet() == ""
    assert w.document.project.training["optimizer"] == {"type": "sgd", "lr": 0.01, "momentum": 0.9,
                                                        "nesterov": True}


def test_switches_for_early_stopping_and_live_views(qtbot, trained_window, write_project):
    w = trained_window
    assert w.open_project(write_project(mlp_project()))
    panel = w.training.panel
    adv = panel.advanced
    adv.toggle.setChecked(True)
    assert not adv.es_patience.isVisibleTo(panel)
    adv.early_stopping.setChecked(True)
    assert w.document.project.training["early_stopping"] == EARLY_STOPPING_DEFAULTS
    assert adv.es_patience.isVisibleTo(panel) and adv.es_patience.value() == EARLY_STOPPING_DEFAULTS["patience"]
    adv.live_views.setChecked(False)                               # never: an explicit null in the file
    training = w.document.project.training
    assert "snapshot_every" in training and training["snapshot_every"] is None
    assert parse_training(training).snapshot_every is None
    assert not adv.snapshot_every.isVisibleTo(panel)
    adv.threads.setValue(adv.threads.minimum())                    # automatic: the key goes, null is the default
    assert "threads" not in w.document.project.training
    w.document.undo_stack.undo()
    w.document.undo_stack.undo()
    assert "early_stopping" not in w.document.project.training and not adv.early_stopping.isChecked()


def test_advanced_fold_is_remembered(qtbot, trained_window):
    from netstudio.ui.training.panel import TrainingPanel

    panel = trained_window.training.panel
    adv = panel.advanced
    assert not adv.toggle.isChecked() and not adv.body.isVisibleTo(panel)   # fresh settings: folded
    qtbot.mouseClick(adv.toggle, Qt.MouseButton.LeftButton)
    assert adv.toggle.isChecked() and adv.body.isVisibleTo(panel)
    assert QSettings().value(SETTINGS_KEY, type=bool) is True
    again = TrainingPanel()                                         # the next session's panel
    qtbot.addWidget(again)
    assert again.advanced.toggle.isChecked() and again.advanced.body.isVisibleTo(again)
    again.advanced.toggle.setChecked(False)
    assert QSettings().value(SETTINGS_KEY, type=bool) is False


def test_typing_a_learning_rate_in_scientific_notation(qtbot, trained_window, write_project):
    w = trained_window
    assert w.open_project(write_project(mlp_project()))
    panel = w.training.panel
    depth = w.document.undo_stack.count()
    panel.lr.selectAll()
    qtbot.keyClicks(panel.lr, "3e-4")
    qtbot.keyClick(panel.lr, Qt.Key.Key_Return)
    assert w.document.project.training["optimizer"]["lr"] == pytest.approx(3e-4)
    assert panel.lr.text() == "0.0003"
    assert w.document.undo_stack.count() == depth + 1            # the keystrokes merge into one step
    panel.advanced.toggle.setChecked(True)
    panel.advanced.eps.selectAll()
    qtbot.keyClicks(panel.advanced.eps, "1e-7")
    qtbot.keyClick(panel.advanced.eps, Qt.Key.Key_Return)
    assert w.document.project.training["optimizer"]["eps"] == pytest.approx(1e-7)
    assert panel.advanced.eps.text() == "1e-07"

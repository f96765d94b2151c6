"""The settings panel edits the project through undoable commands; closing mid-training exits cleanly."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from netstudio.core.project import Project
from netstudio.core.commands import SetSection, with_value

from .conftest import ROOT, SAMPLES, TIMEOUT, mlp_project


def test_set_section_redo_undo_and_merge():
    p = Project("x", training={"epochs": 3, "optimizer": {"type": "adam", "lr": 0.001}})
    a = SetSection(p, "training", with_value(p.training, ("optimizer", "lr"), 0.01), "lr", field="lr")
    a.redo()
    assert p.training["optimizer"]["lr"] == 0.01
    b = SetSection(p, "training", with_value(p.training, ("optimizer", "lr"), 0.05), "lr", field="lr")
    b.redo()
    assert a.merge_with(b) and a.new["optimizer"]["lr"] == 0.05
    a.undo()
    assert p.training == {"epochs": 3, "optimizer": {"type": "adam", "lr": 0.001}}
    other = SetSection(p, "training", with_value(p.training, ("epochs",), 9), "epochs", field="epochs")
    assert not a.merge_with(other)                             # another field: its own undo step
    assert with_value({"augment": {"rotation": 10}}, ("augment", "rotation"), None) == {"augment": {}}


def test_panel_edits_are_undoable_commands(qtbot, trained_window):
    w = trained_window
    assert w.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    panel = w.training.panel
    assert panel.epochs.value() == w.document.project.training["epochs"]
    assert panel.dataset.currentData() == "mnist10k"
    depth = w.document.undo_stack.count()
    panel.epochs.setValue(7)
    panel.epochs.setValue(8)                                   # typing: one undo step
    assert w.document.project.training["epochs"] == 8
    assert w.document.undo_stack.count() == depth + 1 and w.document.dirty
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("sgd"))
    opt = w.document.project.training["optimizer"]
    assert opt["type"] == "sgd" and "betas" not in opt        # Adam-only settings do not travel to SGD
    assert panel.momentum.isVisibleTo(panel)
    w.document.undo_stack.undo()
    assert w.document.project.training["optimizer"]["type"] == "adam"
    assert panel.optimizer.currentData() == "adam"             # the panel follows undo
    w.document.undo_stack.undo()
    assert w.document.project.training["epochs"] == 5 and panel.epochs.value() == 5
    panel.task_type.setCurrentIndex(panel.task_type.findData("gan"))
    assert w.document.project.task["type"] == "gan"
    assert "generator" in panel.check()                        # the engine's own message: no such graph
    assert panel.problem_label.text()
    w.document.undo_stack.undo()
    assert panel.check() == ""
    devices = [panel.device.itemData(i) for i in range(panel.device.count())]
    assert devices[:2] == ["auto", "cpu"]
    english = panel.device.itemText(0)
    assert english.startswith("Automatic")
    w.actions_["lang_zh_CN"].trigger()    # the device names follow the language, as the rest of the panel
    assert panel.device.itemText(0).startswith("自动") and panel.device.itemText(1).startswith("CPU")
    w.actions_["lang_en"].trigger()
    assert panel.device.itemText(0) == english


def test_dataset_preview_images_and_points(qtbot, trained_window, write_project):
    w = trained_window
    assert w.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    panel = w.training.panel
    assert panel.show_preview()
    pv = panel.preview
    assert pv.shown_kind == "image" and len(pv.shown_labels) == 16
    assert all(label in "0123456789" for label in pv.shown_labels)
    assert pv.image.image.shape == (2 * 28 + 3 * 12, 8 * 28 + 9 * 12)   # two rows of eight with label room
    assert w.open_project(write_project(mlp_project(dataset="blobs", classes=3)))
    assert panel.show_preview()
    assert pv.shown_kind == "points" and len(pv.scatter.data) > 100


EXIT_SCRIPT = textwrap.dedent("""
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication
    QCoreApplication.setOrganizationName("NetStudioTests")
    app = QApplication([])
    from netstudio.ui.main_window import MainWindow
    from netstudio.ui.training.integration import install_training
    w = MainWindow()
    w.ask_save = lambda: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.Discard
    c = install_training(w)
    c.run_root = sys.argv[2]
    c.ask_stop_on_close = lambda: True
    w.show()
    assert w.open_project(sys.argv[1])
    assert c.start()
    def check():
        if c.state == "running" and len(c.live.loss.raw) > 3:
            w.close()              # mid-training: asks (yes), stops, waits, closes
            app.quit()
        else:
            QTimer.singleShot(20, check)
    QTimer.singleShot(20, check)
    app.exec()
    print("RESULT", c.trainer.result.kind if c.trainer.result else None)
""")


def test_closing_mid_training_exits_cleanly(tmp_path, write_project):
    path = write_project(mlp_project(epochs=500, snapshot_every=None))
    script = tmp_path / "close_mid_training.py"
    script.write_text(EXIT_SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), path, str(tmp_path / "runs")], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "RESULT stopped" in proc.stdout
    assert "Destroyed while thread" not in proc.stderr and "Traceback" not in proc.stderr


def test_training_ui_follows_the_language(qtbot, trained_window):
    w = trained_window
    assert w.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    c = w.training
    assert c.controls.train_button.text() == "Train" and c.chrome.training_dock.windowTitle() == "Training"
    w.set_language("zh_CN")
    qtbot.waitUntil(lambda: c.controls.train_button.text() == "训练", timeout=TIMEOUT)
    assert c.live.tabs.tabText(c.live.tabs.indexOf(c.live.filters)) != "Filters"
    w.set_language("en")
    qtbot.waitUntil(lambda: c.controls.train_button.text() == "Train", timeout=TIMEOUT)


def test_indicator_states():
    from netstudio.ui.training.indicators import classify

    assert classify(None, "grad_norm") == "none"
    assert classify(1e-9, "grad_norm") == "dead"            # a layer that stopped learning
    assert classify(1e-9, "weight_std") == "ok"             # tiny weights are not "dead"
    assert classify(float("nan"), "grad_norm") == "exploding"
    assert classify(5e3, "grad_norm") == "exploding"
    assert classify(0.3, "grad_norm") == "ok"

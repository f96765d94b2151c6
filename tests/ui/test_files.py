"""Files: save and reopen, corrupt files, asking to save, recovery after a killed session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QMessageBox

from .helpers import SAMPLES
from netstudio.core import editing
from netstudio.ui.recovery import find_recoverable


def test_save_and_reopen_round_trip(cnn_window, tmp_path):
    w, doc = cnn_window, cnn_window.document
    doc.edit(editing.set_param, "model", "conv1", "out_channels", 8)
    doc.edit(editing.move, "model", {"fc": (1000.0, 140.0)})
    target = tmp_path / "mine.nsproj"
    w.ask_save_path = lambda *a: str(target)
    assert w.save()  # a sample opens as a copy, so Save asks where
    assert not w.isWindowModified() and w.windowTitle().startswith("mine.nsproj")
    saved = json.loads(target.read_text())
    assert saved["format"] == "netstudio-project"
    w.close_project()
    assert w.stack.currentWidget() is w.welcome
    assert w.open_project(str(target))
    graph = w.document.graph("model")
    assert graph.node("conv1").params["out_channels"] == 8
    assert graph.node("fc").pos == (1000.0, 140.0)
    assert len(graph.edges) == 6
    assert str(target.resolve()) == w.recent_files()[0]
    w.document.infer_now()
    assert w.document.infos("model")["fc"].param_count == 8 * 13 * 13 * 10 + 10


def test_sample_file_is_never_overwritten(cnn_window):
    before = (SAMPLES / "mnist_cnn.nsproj").read_text()
    cnn_window.document.edit(editing.set_param, "model", "fc", "out_features", 3)
    cnn_window.ask_save_path = lambda *a: ""  # the user cancels the Save As dialog
    assert not cnn_window.save()
    assert (SAMPLES / "mnist_cnn.nsproj").read_text() == before


def test_corrupt_file_opens_nothing_and_shows_the_core_message(window, tmp_path):
    bad = tmp_path / "bad.nsproj"
    bad.write_text('{"format": "netstudio-project", "version": 1, "graphs": {"model": {"nodes": [')
    assert not window.open_project(str(bad))
    assert window.document is None
    assert "not valid JSON" in window.errors[-1] and "bad.nsproj" in window.errors[-1]
    wrong = tmp_path / "wrong.nsproj"
    wrong.write_text(json.dumps({"format": "netstudio-project", "version": 1, "graphs": {"model": {
        "nodes": [{"id": "c", "type": "Conv2d", "params": {"out_chanels": 3}}], "edges": []}}}))
    assert not window.open_project(str(wrong))
    assert "did you mean out_channels" in window.errors[-1]


def test_opening_another_project_asks_to_save_and_cancel_keeps_the_work(cnn_window):
    w = cnn_window
    w.document.edit(editing.set_param, "model", "fc", "out_features", 5)
    asked = []
    w.ask_save = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert not w.open_project(str(SAMPLES / "mnist_mlp.nsproj"))
    assert asked and w.document.graph("model").node("fc").params["out_features"] == 5
    w.ask_save = lambda: QMessageBox.StandardButton.Discard
    assert w.open_project(str(SAMPLES / "mnist_mlp.nsproj"))
    assert w.document.project.name == "MNIST MLP"


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window_open(cnn_window):
    w = cnn_window
    w.document.edit(editing.set_param, "model", "fc", "out_features", 5)
    w.ask_save = lambda: QMessageBox.StandardButton.Cancel
    assert not w.close()
    assert w.isVisible()
    w.ask_save = lambda: QMessageBox.StandardButton.Discard


def test_autosave_writes_only_when_dirty(cnn_window):
    doc = cnn_window.document
    assert doc.autosave_timer.isActive() and doc.autosave_timer.interval() == 30_000
    assert not doc.autosave()  # nothing unsaved yet
    doc.edit(editing.set_param, "model", "fc", "out_features", 4)
    assert doc.autosave() and doc.recovery.path.exists()
    cnn_window.close_project()  # a clean close (discarding) removes the recovery file
    assert not doc.recovery.path.exists()


def test_recovery_after_a_killed_session(window, tmp_path):
    """A real process edits, autosaves and is killed with SIGKILL; the next start restores the edit."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QCoreApplication, QSettings
        QCoreApplication.setOrganizationName("NetStudioTests")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path / "child")!r})
        from netstudio.ui.app import ensure_app
        app = ensure_app()
        from netstudio.core import editing
        from netstudio.ui.main_window import MainWindow
        w = MainWindow()
        w.open_project({str(SAMPLES / "mnist_cnn.nsproj")!r})
        w.document.edit(editing.set_param, "model", "fc", "out_features", 7)
        w.document.edit(editing.remove, "model", ["logits"])
        assert w.document.autosave()
        print("autosaved", flush=True)
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(1)
    """)
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "autosaved" in proc.stdout, proc.stderr
    found = find_recoverable()
    assert len(found) == 1 and found[0].name == "MNIST CNN"
    window.ask_restore = lambda name, when: QMessageBox.StandardButton.Yes
    assert window.offer_recovery()
    graph = window.document.graph("model")
    assert graph.node("fc").params["out_features"] == 7 and "logits" not in graph
    assert window.isWindowModified()  # restored work is unsaved work
    assert find_recoverable() == []  # the dead session's file is consumed

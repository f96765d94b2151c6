"""The project's name is edited in File > Project properties: one undoable step that titles the window,
is saved in the file, names the exported class and the folders of later training runs."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from netstudio.core.commands import SetProjectInfo
from netstudio.core.errors import ProjectError
from netstudio.core.project import Project
from netstudio.export.python_code import export_class_name, generate_python

TIMEOUT = 60_000


def _rename(qtbot, window, name: str, description: str | None = None):
    window.actions_["properties"].trigger()                   # File > Project properties…
    dialog = window.findChild(QDialog, "ProjectProperties")
    assert dialog is not None and dialog.isVisible()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, name)
    if description is not None:
        dialog.description.setPlainText(description)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)


def test_rename_titles_the_window_undoably_and_is_saved(qtbot, cnn_window, tmp_path):
    w = cnn_window
    assert w.document.project.name == "MNIST CNN" and w.windowTitle().startswith("MNIST CNN")
    assert w.menus["file"].actions().count(w.actions_["properties"]) == 1
    w.actions_["show_code"].setChecked(True)
    qtbot.waitUntil(lambda: "class MnistCnn(" in w.code.toPlainText(), timeout=TIMEOUT)
    _rename(qtbot, w, "Digit reader", "Reads handwritten digits.")
    qtbot.waitUntil(lambda: "class DigitReader(" in w.code.toPlainText(), timeout=TIMEOUT)   # the code view follows
    project = w.document.project
    assert project.name == "Digit reader" and project.extra["description"] == "Reads handwritten digits."
    assert w.windowTitle().startswith("Digit reader") and w.isWindowModified()
    assert export_class_name(project) == "DigitReader"
    assert "class DigitReader(" in generate_python(project)
    w.document.undo_stack.undo()
    assert project.name == "MNIST CNN" and w.windowTitle().startswith("MNIST CNN")
    assert project.extra["description"].startswith("The course's first")
    w.document.undo_stack.redo()
    assert w.windowTitle().startswith("Digit reader")
    target = tmp_path / "digits.nsproj"
    w.ask_save_path = lambda *a: str(target)
    assert w.save()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["name"] == "Digit reader" and saved["description"] == "Reads handwritten digits."
    assert w.windowTitle().startswith("digits.nsproj") and "Digit reader" in w.windowTitle()
    assert w.close_project() and w.open_project(str(target))
    assert w.document.project.name == "Digit reader" and "Digit reader" in w.windowTitle()


def test_an_empty_name_cannot_be_applied(qtbot, cnn_window):
    w = cnn_window
    dialog = w.show_properties()
    dialog.name.clear()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.problem.text()
    assert not dialog.apply() and w.document.project.name == "MNIST CNN"
    dialog.name.setText("  Spaces trimmed  ")
    assert ok.isEnabled() and dialog.apply()
    assert w.document.project.name == "Spaces trimmed"
    with pytest.raises(ProjectError):
        SetProjectInfo(Project("x"), "   ")


def _tiny_project(path) -> str:
    nodes = [{"id": "points", "type": "Input", "params": {"shape": [2]}, "pos": [0, 0]},
             {"id": "fc", "type": "Linear", "params": {"out_features": 2}, "pos": [200, 0]},
             {"id": "out", "type": "Output", "params": {}, "pos": [400, 0]}]
    edges = [{"from": "points", "to": "fc"}, {"from": "fc", "to": "out"}]
    data = {"format": "netstudio-project", "version": 1, "name": "Untitled",
            "graphs": {"model": {"nodes": nodes, "edges": edges}}, "task": {"type": "classify"},
            "data": {"dataset": "spirals", "options": {"samples": 200, "classes": 2}},
            "training": {"epochs": 1, "batch_size": 32, "max_steps": 3, "threads": 1, "device": "cpu",
                         "snapshot_every": None, "seed": 0}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_run_after_renaming_writes_a_folder_named_after_the_project(qtbot, window, tmp_path, one_torch_thread):
    w = window
    c = w.training
    c.run_root = tmp_path / "runs"
    try:
        assert w.open_project(_tiny_project(tmp_path / "tiny.nsproj"))
        _rename(qtbot, w, "Spiral finder")
        assert c.start(), c.last_error
        qtbot.waitUntil(lambda: c.state == "idle", timeout=TIMEOUT)
        folders = [p.name for p in (tmp_path / "runs").iterdir()]
        assert len(folders) == 1 and folders[0].startswith("spiral_finder-"), folders
    finally:
        c.shutdown()

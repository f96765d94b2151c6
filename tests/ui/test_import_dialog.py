"""File > Import model…, the inspector's Trainable switch and Replace head…, File > Load weights…."""

from __future__ import annotations

import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from netstudio.core.graph import is_trainable
from netstudio.export.weights import read_weights

SMALL_NET = """
import torch
from PySide6.QtCore import Qt
import torch.nn as nn
import torch.nn.functional as F


class SmallNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc = nn.Linear(16 * 4 * 4, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(self.pool(x), 1))
"""


def _fill_file_source(dialog, source, output, classes=0):
    dialog.file_edit.setText(str(source))
    dialog.factory.setText("SmallNet")
    dialog.shape.setText("1,28,28")
    dialog.classes.setValue(classes)
    dialog.output.setText(str(output))


def test_import_dialog_imports_off_the_gui_thread_and_opens_the_project(window, qtbot, tmp_path):
    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    dialog = window.finetune.import_model(run=False)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model_name.count() > 50, timeout=60_000)   # listed off the GUI thread
    assert "resnet18" in [dialog.model_name.itemText(i) for i in range(dialog.model_name.count())]
    assert dialog.model_name.currentText() == "resnet18"
    assert dialog.from_torchvision.isChecked() and dialog.pretrained.isEnabled()
    dialog.factory.setText("")
    dialog.file_edit.setText(str(source))
    assert dialog.from_file.isChecked() and not dialog.pretrained.isEnabled()
    assert dialog.start() is False and "Give the Python file and the class" in dialog.status.text()
    _fill_file_source(dialog, source, tmp_path / "small.nsproj", classes=5)
    assert dialog.status.text() == ""
    dialog.resize(620, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save("/tmp/shots/import_dialog.png")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.worker is not None    # the import runs in its own thread; the window stays responsive
    qtbot.waitUntil(lambda: window.document is not None and window.document.project.path == str(tmp_path /
                                                                                                 "small.nsproj"),
                    timeout=60_000)
    graph = window.document.graph("model")
    assert graph.node("fc").params["out_features"] == 5
    assert "fc.weight" not in read_weights(tmp_path / "small.safetensors")
    assert "head fc replaced: 5 classes" in dialog.report


def test_a_failed_import_says_why_in_the_dialog(window, qtbot, tmp_path):
    dialog = window.finetune.import_model(run=False)
    qtbot.addWidget(dialog)
    _fill_file_source(dialog, tmp_path / "missing.py", tmp_path / "x.nsproj")
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert "missing.py: no such file" in dialog.status.text()
    assert window.document is None and not (tmp_path / "x.nsproj").exists()


def test_freezing_in_the_inspector_shows_on_the_canvas_and_replace_head_keeps_other_weights(window, qtbot, tmp_path):
    from netstudio.cli import main

    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    project = tmp_path / "small.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(project), "--input-shape", "1,28,28"]) == 0
    assert window.open_project(str(project))
    window.document.infer_now()
    scene, doc = window.current_scene(), window.document
    for node_id in ("conv1", "bn1", "conv2", "bn2"):
        scene.select_nodes([node_id])
        row = window.inspector.finetune
        assert row.isVisible() and row.trainable.isChecked() and not row.replace.isVisible()
        row.trainable.click()
        assert not is_trainable(doc.graph("model").node(node_id))
        assert scene.nodes[node_id].frozen
    scene.select_nodes(["relu"])
    assert not window.inspector.finetune.isVisible()     # no weights: nothing to freeze
    scene.select_nodes(["fc"])
    assert window.inspector.finetune.replace.isVisible()
    window.current_view().fit_all()
    window.grab().save("/tmp/shots/frozen_nodes.png")
    doc.undo()
    assert is_trainable(doc.graph("model").node("bn2")) and not scene.nodes["bn2"].frozen
    doc.redo()
    scene.select_nodes(["conv1", "bn1", "fc"])
    window.finetune.unfreeze_action.trigger()
    assert is_trainable(doc.graph("model").node("conv1")) and is_trainable(doc.graph("model").node("bn1"))
    doc.undo()                                            # one step for the whole selection
    assert not is_trainable(doc.graph("model").node("conv1")) and not is_trainable(doc.graph("model").node("bn1"))
    scene.select_nodes(["fc"])
    before = read_weights(tmp_path / "small.safetensors")
    assert window.inspector.finetune.replace_head(3)
    assert doc.graph("model").node("fc").params["out_features"] == 3
    after = read_weights(tmp_path / "small.safetensors")
    assert set(before) - set(after) == {"fc.weight", "fc.bias"}
    assert torch.equal(before["conv2.weight"], after["conv2.weight"])
    assert "fc now has 3 outputs" in window.statusBar().currentMessage()
    window.document.save()
    from netstudio import load_project

    saved = load_project(project)
    assert [n.id for n in saved.graph() if not is_trainable(n)] == ["conv1", "bn1", "conv2", "bn2"]


def test_load_weights_reports_what_fits(window, qtbot, tmp_path):
    from netstudio.cli import main
    from netstudio.export.importer import load_source

    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    project = tmp_path / "small.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(project), "--input-shape", "1,28,28"]) == 0
    model, _ = load_source(f"{source}:SmallNet", {"num_classes": 4})
    torch.nn.init.constant_(model.conv1.weight, 0.5)
    torch.save(model.state_dict(), tmp_path / "other.pth")
    assert window.open_project(str(project))
    assert window.finetune.load_weights(str(tmp_path / "other.pth"))
    report = window.finetune.last_report
    assert (len(report.matched), len(report.mismatched), len(report.missing)) == (12, 2, 0)
    assert torch.equal(read_weights(tmp_path / "small.safetensors")["conv1.weight"], torch.full((8, 1, 3, 3), 0.5))
    assert "12 of 14 tensors loaded" in window.statusBar().currentMessage()
    assert window.finetune.load_weights(str(tmp_path / "nothing.pth")) is False
    assert "nothing.pth: no such weights file" in window.errors[-1]


def test_window_export_of_an_imported_project_offers_and_uses_its_own_weights(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from netstudio.cli import main
    from netstudio.ui.export_dialog import ExportWeightsDialog

    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    project = tmp_path / "small.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(project), "--input-shape", "1,28,28",
                 "--num-classes", "5"]) == 0
    assert window.open_project(str(project))
    window.document.infer_now()
    seen = []

    def exec_(dialog):
        seen.append((dialog.own.isVisible() or not dialog.own.isHidden(), dialog.own.isChecked(), dialog.own.text()))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ExportWeightsDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "out.py"), ""))
    window.actions_["export_python"].trigger()
    assert not window.errors, window.errors
    assert seen == [(True, True, "The project's own weights (small.safetensors)")]
    exported = read_weights(tmp_path / "out.safetensors")
    imported = read_weights(tmp_path / "small.safetensors")
    assert torch.equal(exported["conv1.weight"], imported["conv1.weight"]) and exported["fc.weight"].shape == (5, 256)
    assert "with the weights of small.safetensors" in window.statusBar().currentMessage()

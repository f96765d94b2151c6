"""File > Export from the window carries the trained weights the user picks (the latest run's best by default)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

import netstudio
from netstudio.ui.export_dialog import ExportWeightsDialog

TIMEOUT = 120_000


def blob_doc(name="Blob points"):
    nodes = [{"id": "xy", "type": "Input", "params": {"shape": [2]}, "pos": [0, 0]},
             {"id": "fc1", "type": "Linear", "params": {"out_features": 8}, "pos": [200, 0]},
             {"id": "act", "type": "Tanh", "params": {}, "pos": [400, 0]},
             {"id": "fc2", "type": "Linear", "params": {"out_features": 3}, "pos": [600, 0]},
             {"id": "logits", "type": "Output", "params": {}, "pos": [800, 0]}]
    return {"format": "netstudio-project", "version": 1, "name": name,
            "graphs": {"model": {"nodes": nodes, "edges": [{"from": a["id"], "to": b["id"]}
                                                           for a, b in zip(nodes, nodes[1:])]}},
            "task": {"type": "classify"}, "data": {"dataset": "blobs", "options": {"samples": 120}},
            "training": {"epochs": 2, "batch_size": 32, "device": "cpu", "snapshot_every": 0, "threads": 1,
                         "optimizer": {"type": "adam", "lr": 0.05}}}


@pytest.fixture
def trained(window, qtbot, tmp_path, one_torch_thread):
    """The window after training the blob classifier for two epochs (run folders under tmp_path/runs)."""
    path = tmp_path / "blobs.nsproj"
    path.write_text(json.dumps(blob_doc()))
    assert window.open_project(str(path))
    c = window.training
    c.run_root = tmp_path / "runs"
    assert c.start(), c.last_error
    qtbot.waitUntil(lambda: c.state == "idle" and c.last_end is not None, timeout=TIMEOUT)
    assert c.last_end.kind == "finished" and c.last_checkpoint
    return window


@pytest.fixture
def save_to(monkeypatch):
    """Answer the save dialog with a path (the real QFileDialog would block)."""
    def answer(path):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    return answer


def accept_dialog(monkeypatch, setup=lambda dialog: None):
    """Replace the modal exec of the weights dialog: ``setup`` clicks in it, then it is accepted."""
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        setup(dialog)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ExportWeightsDialog, "exec", exec_)
    return seen


def model_from(window, checkpoint):
    from netstudio.training.predict import graph_weights

    project = window.document.project
    model = netstudio.build_model(project).eval()
    state, choice = graph_weights(project, "model", checkpoint)
    model.load_state_dict(state)
    return model, choice


def test_export_onnx_from_the_window_matches_the_trained_model_in_onnxruntime(trained, tmp_path, save_to,
                                                                               monkeypatch):
    ort = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")
    w = trained
    save_to(tmp_path / "blobs.onnx")
    seen = accept_dialog(monkeypatch)
    w.actions_["export_onnx"].trigger()
    assert not w.errors, w.errors
    dialog = seen[0]
    assert dialog.best.isEnabled() and dialog.best.isChecked()          # the latest run is the default
    run = tmp_path / "runs"
    (folder,) = list(run.iterdir())
    model, choice = model_from(w, folder)
    assert choice.which == "best" and dialog.choice()[1] == choice.path
    assert "epoch" in dialog.best_detail.text() and choice.path.name in dialog.best_detail.text()
    x = torch.randn(9, 2)
    (got,) = ort.InferenceSession(str(tmp_path / "blobs.onnx"), providers=["CPUExecutionProvider"]).run(
        None, {"xy": x.numpy()})
    with torch.no_grad():
        np.testing.assert_allclose(got, model(x).numpy(), rtol=0, atol=1e-5)
    assert choice.path.name in w.statusBar().currentMessage()


def test_export_python_with_a_chosen_checkpoint_file(trained, tmp_path, save_to, monkeypatch):
    from safetensors.torch import load_file

    w = trained
    first = sorted((tmp_path / "runs").glob("*/checkpoints/step*.safetensors"))
    first = [p for p in first if not p.name.endswith(".state.safetensors")][0]

    def pick(dialog):   # the Browse button's file dialog answers with the first epoch's checkpoint
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(first), ""))
        dialog.browse.click()
        assert dialog.file.isChecked()
    accept_dialog(monkeypatch, pick)
    save_to(tmp_path / "out" / "blobs.py")
    (tmp_path / "out").mkdir()
    w.actions_["export_python"].trigger()
    assert not w.errors, w.errors
    code = (tmp_path / "out" / "blobs.py").read_text()
    assert "class BlobPoints(nn.Module)" in code and "load_file('blobs.safetensors')" in code
    model, _ = model_from(w, first)
    saved = load_file(tmp_path / "out" / "blobs.safetensors")
    for key, value in model.state_dict().items():
        torch.testing.assert_close(saved[key], value)


@pytest.mark.filterwarnings("ignore:`torch.jit")
def test_untrained_export_and_an_export_the_runs_view_asks_for(trained, tmp_path, save_to, monkeypatch):
    w = trained

    def untrained(dialog):
        dialog.random.click()
    accept_dialog(monkeypatch, untrained)
    save_to(tmp_path / "m.py")
    w.actions_["export_python"].trigger()
    assert (tmp_path / "m.py").exists() and not (tmp_path / "m.safetensors").exists()
    assert "untrained" in w.statusBar().currentMessage()
    # a run's checkpoint given by the caller: no dialog
    monkeypatch.setattr(ExportWeightsDialog, "exec", lambda d: pytest.fail("no dialog expected"))
    (folder,) = list((tmp_path / "runs").iterdir())
    save_to(tmp_path / "m.pt")
    assert w.ops.export("torchscript", checkpoint=str(folder))
    model, choice = model_from(w, folder)
    x = torch.randn(3, 2)
    with torch.no_grad():
        torch.testing.assert_close(torch.jit.load(str(tmp_path / "m.pt"))(x), model(x))
    assert w.ops.last_export[1].path == choice.path


def test_a_run_on_disk_is_offered_after_reopening(window, tmp_path, save_to, monkeypatch, one_torch_thread, capsys):
    from netstudio.cli import main

    path = tmp_path / "blobs.nsproj"
    path.write_text(json.dumps(blob_doc()))
    assert main(["train", str(path), "--run-dir", str(tmp_path / "runs" / "blob_points-20260101-000000"),
                 "--quiet"]) == 0
    capsys.readouterr()
    assert window.open_project(str(path))
    seen = accept_dialog(monkeypatch, lambda d: None)
    save_to(tmp_path / "m.pt")
    window.actions_["export_torchscript"].trigger()
    assert seen[0].best.isChecked() and "blob_points-20260101-000000" in seen[0].best_detail.text()
    assert (tmp_path / "m.pt").exists() and "step" in window.statusBar().currentMessage()


def test_a_checkpoint_that_does_not_fit_is_one_sentence(trained, tmp_path, save_to, monkeypatch):
    w = trained
    (folder,) = list((tmp_path / "runs").iterdir())
    from netstudio.core import editing

    w.document.edit(editing.set_param, "model", "fc1", "out_features", 5)
    w.document.infer_now()
    save_to(tmp_path / "m.onnx")
    assert not w.ops.export("onnx", checkpoint=str(folder))
    assert "(size mismatch for fc1.weight: the weights have (8, 2), the graph needs (5, 2))" in w.errors[-1]
    assert len(w.errors[-1].splitlines()) == 1 and not (tmp_path / "m.onnx").exists()


def test_without_a_run_untrained_is_the_default(window, tmp_path, save_to, monkeypatch, qtbot):
    path = tmp_path / "blobs.nsproj"
    path.write_text(json.dumps(blob_doc()))
    assert window.open_project(str(path))
    dialog = ExportWeightsDialog("Export ONNX", window.ops.latest_checkpoint(), python=True, parent=window)
    qtbot.addWidget(dialog)
    assert not dialog.best.isEnabled() and dialog.random.isChecked()
    dialog.file.click()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()   # waits for a file
    dialog.path_edit.setText(str(tmp_path / "x.safetensors"))
    assert dialog.choice() == ("file", tmp_path / "x.safetensors")


@pytest.mark.filterwarnings("ignore:`torch.jit")
def test_a_plain_weights_file_can_be_chosen(window, tmp_path, save_to, monkeypatch):
    """A .safetensors with no checkpoint description beside it (an import's or an export's) is plain weights."""
    from netstudio.export.weights import save_weights

    path = tmp_path / "blobs.nsproj"
    path.write_text(json.dumps(blob_doc()))
    assert window.open_project(str(path))
    torch.manual_seed(5)
    model = netstudio.build_model(window.document.project).eval()
    save_weights(model, tmp_path / "mine.safetensors")

    def pick(dialog):
        dialog.path_edit.setText(str(tmp_path / "mine.safetensors"))
    accept_dialog(monkeypatch, pick)
    save_to(tmp_path / "m.pt")
    window.actions_["export_torchscript"].trigger()
    assert not window.errors, window.errors
    x = torch.randn(3, 2)
    with torch.no_grad():
        torch.testing.assert_close(torch.jit.load(str(tmp_path / "m.pt"))(x), model(x))
    assert window.statusBar().currentMessage().endswith("with the weights of mine.safetensors")

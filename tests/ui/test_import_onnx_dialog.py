"""File > Import model… with an ONNX file: the file's input shape, imported off the GUI thread, opened."""

from __future__ import annotations

import warnings

import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from torch import nn


def _write_onnx(path) -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(),
                          nn.Linear(4 * 8 * 8, 3)).eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.randn(1, 1, 8, 8),), str(path), dynamo=False, do_constant_folding=False,
                          input_names=["image"], dynamic_axes={"image": {0: "batch"}})


def test_import_dialog_takes_an_onnx_file_with_its_own_input_shape(window, qtbot, tmp_path):
    source = tmp_path / "tiny.onnx"
    _write_onnx(source)
    dialog = window.finetune.import_model(run=False)
    qtbot.addWidget(dialog)
    dialog.folder = tmp_path
    dialog.onnx_edit.setText(str(tmp_path / "tiny.txt"))
    assert dialog.from_onnx.isChecked() and not dialog.args.isEnabled() and dialog.shape.text() == ""
    assert dialog.start() is False and "Choose an ONNX file" in dialog.status.text()
    dialog.onnx_edit.setText(str(source))
    assert dialog.output.text() == str(tmp_path / "tiny.nsproj")
    dialog.resize(620, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save("/tmp/shots/import_dialog_onnx.png")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document is not None and window.document.project.path == str(tmp_path /
                                                                                                 "tiny.nsproj"),
                    timeout=60_000)
    graph = window.document.graph("model")
    assert [n.type for n in graph.nodes] == ["Input", "Conv2d", "BatchNorm2d", "ReLU", "Flatten", "Linear", "Output"]
    assert graph.node("image").params["shape"] == [1, 8, 8]
    assert "819 parameters" in dialog.report

"""The summary dock shows what every layer costs (FLOPs, parameter memory, activations for the project's
batch size) with a totals row and a training-memory line, and follows edits of the graph and of the batch
size; the inspector shows the selected layer's cost."""

from __future__ import annotations

from netstudio.core import editing
from netstudio.core.commands import SetSection


def _cells(table, node_id: str) -> list[str]:
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    return [table.item(rows[node_id], c).text() for c in range(table.summary_model.columnCount())]


def test_summary_shows_flops_memory_and_totals_of_the_mnist_cnn(cnn_window):
    summary = cnn_window.summary
    table = summary.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers == ["id", "type", "output shape", "params", "FLOPs", "params memory", "activations"]
    assert table.rowCount() == len(cnn_window.document.graph("model"))      # the totals row is separate
    from PySide6.QtCore import Qt

    tip = table.model().headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "2 per multiply-add" in tip and "FlopCounterMode" in tip
    # conv1: 32 x 26 x 26 outputs x 9 multiply-adds = 194,688 MACs; 320 float32 weights; batch 32 of outputs
    assert _cells(table, "conv1")[3:] == ["320", "389 kFLOPs", "1.28 KB", "2.77 MB"]
    assert _cells(table, "fc")[3:] == ["54,090", "108 kFLOPs", "216 KB", "1.28 KB"]
    assert [summary.totals.cell(c) for c in (0, 3, 4, 5, 6)] == ["Total", "54,410", "498 kFLOPs", "218 KB",
                                                                  "7.03 MB"]
    assert summary.total.text() == "Training memory about 8.59 MB (batch 32, Adam) · Total parameters: 54,410"
    assert not summary.memory_too_big
    # the totals row keeps the table's column widths when the user drags one
    table.horizontalHeader().resizeSection(4, 150)
    assert summary.totals.columnWidth(4) == 150


def test_costs_follow_an_edit_and_the_batch_size(cnn_window):
    doc, summary = cnn_window.document, cnn_window.summary
    doc.edit(editing.set_param, "model", "conv1", "out_channels", 64)
    doc.infer_now()
    assert _cells(summary.table, "conv1")[3:] == ["640", "779 kFLOPs", "2.56 KB", "5.54 MB"]
    assert summary.totals.cell(3) == f"{640 + 64 * 13 * 13 * 10 + 10:,}"
    training = dict(doc.project.training, batch_size=64)
    assert doc.push(SetSection(doc.project, "training", training))
    assert _cells(summary.table, "conv1")[6] == "11.1 MB"                   # 64 x 64 x 26 x 26 x 4 bytes
    assert "(batch 64, Adam)" in summary.total.text()
    doc.undo()                                                               # undo gives the batch of 32 back
    assert "(batch 32, Adam)" in summary.total.text() and _cells(summary.table, "conv1")[6] == "5.54 MB"


def test_a_model_too_big_for_this_computer_is_marked_red(cnn_window, monkeypatch):
    from netstudio.ui import summary_dock

    monkeypatch.setattr(summary_dock, "machine_memory", lambda device: 1_000_000)
    cnn_window.summary.refresh()
    assert cnn_window.summary.memory_too_big
    assert "too big for this computer (1.00 MB)" in cnn_window.summary.total.text()
    assert "#d3302f" in cnn_window.summary.total.styleSheet()


def test_inspector_shows_the_selected_layers_cost(cnn_window):
    cnn_window.focus_node("conv1")
    inspector = cnn_window.inspector
    assert inspector.node_id == "conv1"
    text = inspector.help.text()
    assert "389 kFLOPs per sample (194,688 multiply-adds); parameters 1.28 KB; output 2.77 MB for a batch of 32" \
        in text
    cnn_window.document.edit(editing.set_param, "model", "conv1", "kernel_size", 5)
    cnn_window.document.infer_now()
    assert "(32, 24, 24)" in inspector.help.text() and "922 kFLOPs per sample" in inspector.help.text()


def test_the_totals_show_whole_when_they_outgrow_their_columns(cnn_window):
    from PySide6.QtGui import QFontMetrics

    doc, summary = cnn_window.document, cnn_window.summary
    doc.edit(editing.set_param, "model", "fc", "out_features", 12000)   # 64,908,000 parameters in fc
    doc.infer_now()
    total = summary.totals.cell(3)
    assert total == "64,908,320"
    font = summary.totals.font()
    font.setBold(True)
    for column in (3, 4):   # "64,908,320" and its FLOPs were cut to "64,908,..." in the default widths
        needed = QFontMetrics(font).horizontalAdvance(summary.totals.cell(column))
        assert summary.table.columnWidth(column) > needed and summary.totals.columnWidth(column) > needed

"""The inspector's "How this is computed": the layer's formulas with the node's own numbers, in both languages,
and a shape error that shows (and links to) the arithmetic that came out zero."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netstudio.core import editing


def _select(window, node_id):
    window.current_scene().select_nodes([node_id])
    assert window.inspector.node_id == node_id
    return window.inspector


def _shoot(window, name):
    """The inspector dock, scrolled to its formulas, for a person to look at (when SHOTS is set)."""
    folder = os.environ.get("NETSTUDIO_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.inspector.scroll_to_formulas()
        for _ in range(3):   # the deferred scroll and the form's deferred show, for the picture
            QApplication.processEvents()
        window.docks["inspector"].grab().save(str(Path(folder) / name))


def test_conv1_shows_its_sizes_and_parameter_count_worked_out(cnn_window):
    insp = _select(cnn_window, "conv1")
    text = insp.formulas.text()
    assert "How this is computed" in text
    assert "H_out = floor((H_in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1" in text
    assert "floor((28 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 26" in text
    assert "32*1*3*3 + 32 = 320" in text
    assert "= 26" in text and "= 320" in text
    assert "monospace" in text
    assert not insp.formulas.isHidden()
    _shoot(cnn_window, "formula_en.png")
    # a layer without a size or parameter formula has no such section
    _select(cnn_window, "relu1")
    assert insp.formulas.isHidden() and insp.formulas.text() == ""


def test_formulas_follow_an_edit(cnn_window, qtbot):
    doc = cnn_window.document
    insp = _select(cnn_window, "conv1")
    doc.edit(editing.set_param, "model", "conv1", "padding", 1)
    doc.infer_now()
    assert "floor((28 + 2*1 - 1*(3-1) - 1) / 1) + 1 = 28" in insp.formulas.text()


def test_chinese_mode_titles_the_section_in_chinese(cnn_window):
    w = cnn_window
    insp = _select(w, "conv1")
    w.actions_["lang_zh_CN"].trigger()
    text = insp.formulas.text()
    assert "计算过程" in text and "How this is computed" not in text
    assert "输出高度" in text and "参数量" in text
    assert "= 26" in text and "= 320" in text          # the symbols stay the same in every language
    _shoot(w, "formula_zh.png")
    w.actions_["lang_en"].trigger()
    assert "How this is computed" in insp.formulas.text()


def test_a_kernel_larger_than_the_image_shows_the_zero_size_and_links_to_it(cnn_window, qtbot):
    w = cnn_window
    doc = w.document
    doc.edit(editing.set_param, "model", "image", "shape", [1, 2, 2])
    doc.infer_now()
    zero = "H_out = floor((2 + 2*0 - 1*(3-1) - 1) / 1) + 1 = 0"
    # the problems list: the error, then the arithmetic that came out 0
    items = [w.summary.problems.item(i) for i in range(w.summary.problems.count())]
    conv_items = [i for i in items if i.text().startswith("conv1: ")]
    assert conv_items and zero in conv_items[0].text()
    assert w.current_scene().nodes["conv1"].toolTip().endswith("\n" + zero)   # the canvas node's tooltip too
    # clicking it selects conv1 and scrolls the inspector to "How this is computed"
    w.current_scene().select_nodes(["fc"])
    insp = w.inspector
    w.resize(1400, 500)                               # a short window: the formulas start below the fold
    qtbot.waitUntil(lambda: insp.verticalScrollBar().maximum() > 0, timeout=5000)
    insp.verticalScrollBar().setValue(0)
    rect = w.summary.problems.visualItemRect(conv_items[0])
    qtbot.mouseClick(w.summary.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.current_scene().selected_node_ids() == ["conv1"]
    assert insp.node_id == "conv1"
    bar = insp.verticalScrollBar()
    # the rebuilt form (conv1's fields) is shown and laid out, and the view rests on the formulas
    qtbot.waitUntil(lambda: insp.editors["out_channels"].widget.isVisible()
                    and bar.value() == min(insp.formulas.y(), bar.maximum()) > 0, timeout=5000)
    top = insp.formulas.mapTo(insp.viewport(), insp.formulas.rect().topLeft()).y()
    assert top < insp.viewport().height()             # "How this is computed" is on screen
    # the inspector's problem names the zero size and links to the formulas; the formulas show it in red
    assert zero in insp.help.text() and "href='#formulas'" in insp.help.text()
    assert zero.split(" = ", 1)[1] in insp.formulas.text()
    assert "color:#d3302f" in insp.formulas.text()
    insp.verticalScrollBar().setValue(0)
    insp.help.linkActivated.emit("#formulas")
    qtbot.waitUntil(lambda: bar.value() == min(insp.formulas.y(), bar.maximum()) > 0, timeout=5000)
    _shoot(w, "formula_error.png")
    folder = os.environ.get("NETSTUDIO_SHOTS")
    if folder:
        insp.verticalScrollBar().setValue(0)
        w.docks["inspector"].grab().save(str(Path(folder) / "formula_error_problem.png"))
        w.docks["summary"].grab().save(str(Path(folder) / "formula_error_problems_list.png"))

"""Regression tests for the editor defects of issue 10 ("Defects found while trying it")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def _focus_field(qtbot, window, node_id, param):
    window.current_scene().select_nodes([node_id])
    field = window.inspector.editors[param].widget
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: window.inspector.editors[param].has_focus(), timeout=5000)
    return window.inspector.editors[param], field


def test_ctrl_z_in_an_inspector_field_undoes_the_document(cnn_window, qtbot):
    """A field edit is a document command (typing merges into one), so Ctrl+Z there undoes it, and the
    field shows the restored value; Ctrl+Shift+Z / Ctrl+Y brings it back."""
    doc = cnn_window.document
    conv = doc.graph("model").node("conv1")
    editor, spin = _focus_field(qtbot, cnn_window, "conv1", "out_channels")
    spin.selectAll()
    qtbot.keyClicks(spin, "16")
    assert conv.params["out_channels"] == 16
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["out_channels"] == 32
    qtbot.waitUntil(lambda: spin.value() == 32, timeout=5000)   # the form follows the document
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert conv.params["out_channels"] == 16

    editor, field = _focus_field(qtbot, cnn_window, "conv1", "kernel_size")   # a text field
    field.selectAll()
    qtbot.keyClicks(field, "5")
    assert conv.params["kernel_size"] == 5
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["kernel_size"] == 3
    qtbot.waitUntil(lambda: field.text() == "3", timeout=5000)
    # an earlier edit of another field is next on the stack: Ctrl+Z keeps undoing the document
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert conv.params["out_channels"] == 32


def test_ctrl_z_after_invalid_typing_restores_the_field_only(cnn_window, qtbot):
    """Text that is not a value was never committed: Ctrl+Z puts back the stored value, the document
    keeps its history."""
    doc = cnn_window.document
    conv = doc.graph("model").node("conv1")
    editor, field = _focus_field(qtbot, cnn_window, "conv1", "kernel_size")
    field.selectAll()
    qtbot.keyClicks(field, "x")
    assert editor.problem is not None and conv.params["kernel_size"] == 3
    index = doc.undo_stack.index()
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "3" and editor.problem is None
    assert doc.undo_stack.index() == index and conv.params["kernel_size"] == 3


def test_second_graph_tab_has_its_own_counts_and_is_fitted(window, qtbot):
    from netstudio.ui.main_window import READABLE_ZOOM

    from .helpers import SAMPLES

    window.resize(1500, 940)
    assert window.open_project(str(SAMPLES / "mnist_dcgan.nsproj"))
    doc = window.document
    doc.infer_now()
    counts = {}
    for name in ("generator", "discriminator"):
        params = sum(i.param_count for i in doc.infos(name).values())
        counts[name] = f"{len(doc.graph(name))} layers · {params:,} parameters"
    assert counts["generator"] != counts["discriminator"]
    qtbot.waitUntil(lambda: window.status_label.text().startswith(counts["generator"]), timeout=5000)
    window.tabs.setCurrentIndex(1)
    assert window.current_graph() == "discriminator"
    assert window.status_label.text().startswith(counts["discriminator"])
    view = window.current_view()
    qtbot.waitUntil(lambda: abs(view.zoom - 1.0) > 1e-6, timeout=5000)   # fitted when first shown
    # the same view a fresh fit gives, now that the tab has its real size
    before = (view.zoom, view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    view.fit_all(min_zoom=READABLE_ZOOM)
    assert before == (view.zoom, view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    first = view.mapFromScene(view.graph_scene.nodes["image"].sceneBoundingRect().center())
    assert view.viewport().rect().contains(first)    # the Input is on screen
    window.tabs.setCurrentIndex(0)
    assert window.status_label.text().startswith(counts["generator"])


def _chain13(path):
    """A 13-layer CNN whose layers were placed in one row, as double-clicking the palette places them."""
    import json

    layers = [("image", "Input", {"shape": [1, 28, 28]}),
              ("conv1", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}), ("bn1", "BatchNorm2d", {}),
              ("relu1", "ReLU", {}), ("conv2", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
              ("bn2", "BatchNorm2d", {}), ("relu2", "ReLU", {}), ("pool", "MaxPool2d", {"kernel_size": 2}),
              ("flatten", "Flatten", {}), ("fc1", "Linear", {"out_features": 128}), ("relu3", "ReLU", {}),
              ("fc2", "Linear", {"out_features": 10}), ("logits", "Output", {})]
    nodes = [{"id": i, "type": t, "params": p, "pos": [k * 240, 0]} for k, (i, t, p) in enumerate(layers)]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])]
    path.write_text(json.dumps({"format": "netstudio-project", "version": 1, "name": "Thirteen",
                                "graphs": {"model": {"nodes": nodes, "edges": edges}}, "task": {"type": "classify"},
                                "data": {"dataset": "mnist10k"}, "training": {}}))
    return path


def test_a_13_layer_chain_fits_one_screen_readably_after_auto_layout(window, qtbot, tmp_path):
    from netstudio.ui.editor.theme import LOD_DETAIL

    window.resize(1500, 940)
    assert window.open_project(str(_chain13(tmp_path / "thirteen.nsproj")))
    window.document.infer_now()
    view = window.current_view()
    window.actions_["fit"].trigger()
    assert view.zoom < 0.5                        # the stored single row: a strip
    window.actions_["auto_layout"].trigger()
    window.actions_["fit"].trigger()
    assert view.zoom >= 0.6 > LOD_DETAIL         # text and shapes are drawn, not plain boxes
    visible = view.viewport().rect()
    for item in view.graph_scene.nodes.values():
        assert visible.contains(view.mapFromScene(item.sceneBoundingRect()).boundingRect())
    window.grab().save("/tmp/shots/layout13.png")


def test_render_of_a_long_chain_is_not_a_strip(tmp_path, capsys):
    from PySide6.QtGui import QImage

    from netstudio.cli import main

    project = _chain13(tmp_path / "thirteen.nsproj")
    png = tmp_path / "thirteen.png"
    assert main(["render", str(project), "-o", str(png)]) == 0
    image = QImage(str(png))
    assert image.width() <= 3 * image.height() and image.width() <= 3200
    assert main(["render", str(project), "-o", str(png), "--layout", "file"]) == 0   # as placed, if asked
    assert QImage(str(png)).width() > 5 * QImage(str(png)).height()


def test_live_views_get_a_sensible_first_height(qtbot, tmp_path, monkeypatch):
    """No saved layout (fresh settings): the bottom docks, where the live plots show, take ~40% of the height."""
    from PySide6.QtWidgets import QMessageBox

    from netstudio.ui.main_window import MainWindow

    from .helpers import SAMPLES

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    w = MainWindow()
    w.ask_save = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    w.resize(1500, 940)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(SAMPLES / "mnist_mlp.nsproj"))
    live = w.training.chrome.live_dock
    live.show()
    live.raise_()
    qtbot.waitUntil(lambda: live.isVisible() and live.height() > 300, timeout=5000)
    assert 0.3 * w.height() <= live.height() <= 0.5 * w.height()
    assert w.current_view().height() >= 0.35 * w.height()      # the canvas keeps room too
    w.grab().save("/tmp/shots/live_first_height.png")

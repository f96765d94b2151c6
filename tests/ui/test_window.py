"""Window-level behaviour: settings persistence, theme, palette, help, exports, show code, refusals."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QKeySequence

from .helpers import SAMPLES
from netstudio.core import editing


def test_layout_recent_files_and_preferences_persist(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from netstudio.ui.main_window import MainWindow

    target = tmp_path / "kept.nsproj"
    target.write_text((SAMPLES / "mnist_mlp.nsproj").read_text())
    assert window.open_project(str(target))
    window.actions_["snap"].setChecked(False)
    window.docks["summary"].setVisible(False)
    window.resize(751, 653)  # inside the offscreen screen (800x800 clamps restored geometry)
    window.close()
    assert QSettings().value("recent_files", [], type=list) == [str(target.resolve())]
    again = MainWindow()
    again.ask_save = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(again)
    again.show()
    assert (again.size().width(), again.size().height()) == (751, 653)
    assert not again.actions_["snap"].isChecked()
    assert again.recent_files() == [str(target.resolve())]
    assert again.menus["recent"].actions()[0].text() == "kept.nsproj"
    assert again.welcome.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(target.resolve())
    again.open_project(str(target))
    assert again.docks["summary"].isHidden()  # the dock layout came back as it was left
    assert not again.current_scene().snap_to_grid


def test_dark_theme_repaints_the_canvas(cnn_window):
    w = cnn_window
    w.actions_["theme_dark"].trigger()
    assert QSettings().value("theme", type=str) == "dark"
    view = w.current_view()
    image = view.viewport().grab().toImage()
    corner = image.pixelColor(3, 3)
    assert corner.lightness() < 80, corner.name()
    w.actions_["theme_light"].trigger()
    assert view.viewport().grab().toImage().pixelColor(3, 3).lightness() > 200


def test_offscreen_colour_scheme_counts_as_light():
    from netstudio.ui.app import canvas_theme
    from netstudio.ui.editor.theme import LIGHT

    assert canvas_theme("system") is LIGHT


def test_palette_search_and_double_click_add(window):
    pal = window.palette
    pal.search.setText("pool")
    visible = []
    for i in range(pal.tree.topLevelItemCount()):
        head = pal.tree.topLevelItem(i)
        visible += [head.child(j).text(0) for j in range(head.childCount()) if not head.child(j).isHidden()]
    assert visible == ["MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d"]
    assert pal.item_for("MaxPool2d").toolTip(0)  # hovering explains the layer
    pal.tree.itemActivated.emit(pal.item_for("MaxPool2d"), 0)  # double-click / Enter
    assert window.document is not None  # a new project was started for it
    assert [n.type for n in window.document.graph("model").nodes] == ["MaxPool2d"]


def test_layer_reference_lists_every_layer(window):
    from netstudio.layers import all_specs
    from netstudio.ui.reference import reference_html

    text = reference_html()
    for spec in all_specs():
        assert f"name='{spec.type}'" in text
    assert "out_channels" in text


def test_export_python_from_the_menu(cnn_window, tmp_path):
    target = tmp_path / "model.py"
    cnn_window.ask_save_path = lambda *a: str(target)
    cnn_window.ops.ask_weights = lambda *a: ""          # untrained weights (the weights dialog is modal)
    cnn_window.actions_["export_python"].trigger()
    code = target.read_text()
    assert "nn.Conv2d" in code and "def forward" in code
    compiled = compile(code, str(target), "exec")
    assert compiled is not None


def test_export_is_refused_while_the_graph_has_errors(cnn_window, tmp_path):
    cnn_window.document.edit(editing.set_param, "model", "image", "shape", [784])
    cnn_window.ask_save_path = lambda *a: str(tmp_path / "m.onnx")
    cnn_window.actions_["export_onnx"].trigger()
    assert not (tmp_path / "m.onnx").exists()
    assert "conv1" in cnn_window.errors[-1] and "error" in cnn_window.errors[-1]


def test_export_picture_from_the_menu(cnn_window, tmp_path):
    from PySide6.QtGui import QImage

    target = tmp_path / "graph.png"
    cnn_window.ask_save_path = lambda *a: str(target)
    cnn_window.actions_["export_png"].trigger()
    assert QImage(str(target)).width() > 1000


def test_show_code_updates_live(cnn_window, qtbot):
    w = cnn_window
    w.actions_["show_code"].setChecked(True)
    assert w.docks["code"].isVisible()
    w.code.refresh()   # the code is generated on the shape worker and arrives a moment later
    qtbot.waitUntil(lambda: "Conv2d" in w.code.toPlainText(), timeout=30000)
    w.document.edit(editing.set_param, "model", "conv1", "out_channels", 24)
    w.document.infer_now()
    qtbot.waitUntil(lambda: "24" in w.code.toPlainText(), timeout=30000)


def test_loops_and_self_connections_are_refused_with_a_sentence(cnn_window):
    doc = cnn_window.document
    assert not doc.edit(editing.connect, "model", "fc", 0, "conv1", 0)
    assert "loop" in cnn_window.last_error
    assert not doc.edit(editing.connect, "model", "fc", 0, "fc", 0)
    assert "itself" in cnn_window.last_error
    assert len(doc.graph("model").edges) == 6


def test_standard_shortcuts(window):
    a = window.actions_
    assert a["undo"].shortcut().matches(QKeySequence(QKeySequence.StandardKey.Undo)) == \
        QKeySequence.SequenceMatch.ExactMatch
    assert a["copy"].shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    assert QKeySequence("Ctrl+Q") in a["quit"].shortcuts()  # StandardKey.Quit is unbound on Linux


def test_delete_key_on_the_canvas_removes_the_selection(cnn_window, qtbot):
    view, scene = cnn_window.current_view(), cnn_window.current_scene()
    scene.select_nodes(["relu1"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "relu1" not in cnn_window.document.graph("model")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "relu1" in cnn_window.document.graph("model")


def test_gui_command_refuses_a_missing_file_in_one_line(capsys):
    from netstudio.cli import main

    assert main(["/no/such/project.nsproj"]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and len(err.strip().splitlines()) == 1


def test_space_drag_pans(cnn_window, qtbot):
    from .helpers import drag_mouse

    view = cnn_window.current_view()
    view.resetTransform()
    centre = view.centre_scene_pos()
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    drag_mouse(view, centre, centre + QPointF(0, -120))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert view.centre_scene_pos().y() > centre.y() + 60
    assert cnn_window.current_scene().selected_node_ids() == []  # panning did not rubber-band


def test_summary_row_click_selects_and_centres_the_node(cnn_window):
    w = cnn_window
    view = w.current_view()
    view.resetTransform()
    view.centerOn(QPointF(-2000, -2000))
    rows = {w.summary.table.item(r, 0).text(): r for r in range(w.summary.table.rowCount())}
    assert w.summary.table.item(rows["fc"], 3).text() == "54,090"
    w.summary.table.cellClicked.emit(rows["fc"], 1)
    assert w.current_scene().selected_node_ids() == ["fc"]
    centre = w.current_scene().nodes["fc"].sceneBoundingRect().center()
    assert (view.centre_scene_pos() - centre).manhattanLength() < 40
    assert w.inspector.node_id == "fc"


def test_wire_dropped_on_a_node_body_uses_its_first_free_input(window):
    from .helpers import drag_mouse

    window.new_project()
    view, scene, doc = window.current_view(), window.current_scene(), window.document
    a = scene.add_layer_at("Input", QPointF(0, 0))
    b = scene.add_layer_at("Input", QPointF(0, 200))
    add = scene.add_layer_at("Add", QPointF(400, 100))
    view.centerOn(QPointF(250, 100))
    body = scene.nodes[add].sceneBoundingRect().center()
    drag_mouse(view, scene.nodes[a].scene_port_pos("out", 0), body)
    drag_mouse(view, scene.nodes[b].scene_port_pos("out", 0), body)
    ins = doc.graph("model").in_edges(add)
    assert [(e.src, e.dst_port) for e in ins] == [(a, 0), (b, 1)]
    assert len(scene.nodes[add].in_names) == 3  # one more free port for a third branch

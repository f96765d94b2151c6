"""The canvas driven by real input events: palette drops, wiring ports, quick-add, moving, badges."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from .helpers import drag_mouse, drop_mime, mouse
from netstudio.core import editing
from netstudio.core.graph import Edge


def _empty_window(window):
    assert window.new_project()
    return window.current_view(), window.current_scene(), window.document


def test_drag_from_palette_to_canvas_adds_the_layer_where_dropped(window, qtbot):
    view, scene, doc = _empty_window(window)
    item = window.palette.item_for("Conv2d")
    mime = window.palette.tree.mimeData([item])
    target = view.centre_scene_pos() + QPointF(100, 40)
    assert drop_mime(view, mime, target)
    graph = doc.graph("model")
    assert [n.type for n in graph.nodes] == ["Conv2d"]
    node = graph.nodes[0]
    assert node.id == "conv1"  # Graph.unique_id("Conv2d")
    from netstudio.layers import require_spec

    assert node.params == require_spec("Conv2d").initial_params()
    # the node lands under the cursor (within the snap grid), and is selected for the inspector
    rect = scene.nodes[node.id].sceneBoundingRect()
    assert rect.adjusted(-20, -20, 20, 20).contains(target)
    assert scene.selected_node_ids() == [node.id]
    assert window.inspector.node_id == node.id
    doc.undo_stack.undo()
    assert len(graph) == 0 and not scene.nodes


def test_drop_of_foreign_data_is_refused(window):
    from PySide6.QtCore import QMimeData

    view, scene, doc = _empty_window(window)
    mime = QMimeData()
    mime.setText("hello")
    assert not drop_mime(view, mime, view.centre_scene_pos())
    assert len(doc.graph("model")) == 0


def test_connect_two_ports_with_the_mouse(window, qtbot):
    view, scene, doc = _empty_window(window)
    a = scene.add_layer_at("Input", QPointF(0, 0))
    b = scene.add_layer_at("Flatten", QPointF(400, 0))
    doc.edit(editing.set_param, "model", a, "shape", [1, 28, 28])
    out_port = scene.nodes[a].scene_port_pos("out", 0)
    in_port = scene.nodes[b].scene_port_pos("in", 0)
    view.centerOn(QPointF(200, 0))
    drag_mouse(view, out_port, in_port)
    graph = doc.graph("model")
    assert [(e.src, e.dst) for e in graph.edges] == [(a, b)]
    doc.infer_now()
    edge_item = next(iter(scene.edges.values()))
    assert edge_item.label == "(1, 28, 28)"  # the shape the edge carries: the Input's output
    # the drag did not move either node
    assert graph.node(a).pos == (scene.nodes[a].x(), scene.nodes[a].y())


def test_dragging_a_connected_input_to_empty_canvas_disconnects_it(cnn_window):
    view, scene, doc = cnn_window.current_view(), cnn_window.current_scene(), cnn_window.document
    port = scene.nodes["relu1"].scene_port_pos("in", 0)
    view.centerOn(port)
    drag_mouse(view, port, port + QPointF(0, 300))
    graph = doc.graph("model")
    assert graph.edge_into("relu1", 0) is None
    assert len(graph.edges) == 5
    doc.undo_stack.undo()
    assert graph.edge_into("relu1", 0) == Edge("conv1", "relu1")


def test_dropping_a_wire_on_empty_canvas_opens_quick_add_and_connects(cnn_window, qtbot):
    view, scene, doc = cnn_window.current_view(), cnn_window.current_scene(), cnn_window.document
    graph = doc.graph("model")
    doc.edit(editing.remove, "model", ["logits"])
    start = scene.nodes["fc"].scene_port_pos("out", 0)
    view.centerOn(start)
    drag_mouse(view, start, start + QPointF(200, 120))
    popup = view.quick_add
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.search, "softm")
    assert popup.list.currentItem().text() == "Softmax"
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    assert not popup.isVisible()
    new = graph.nodes[-1]
    assert new.type == "Softmax"
    assert graph.edge_into(new.id, 0) == Edge("fc", new.id)
    doc.infer_now()
    assert doc.infos("model")[new.id].out_shapes == [(10,)]
    doc.undo_stack.undo()  # node and edge go in one step
    assert new.id not in graph and len(graph.edges) == 5


def test_tab_opens_quick_add_and_enter_inserts(window, qtbot):
    view, scene, doc = _empty_window(window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    popup = view.quick_add
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.search, "batchnorm2")
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    assert [n.type for n in doc.graph("model").nodes] == ["BatchNorm2d"]


def test_double_click_on_empty_canvas_opens_quick_add(window, qtbot):
    view, scene, doc = _empty_window(window)
    point = view.centre_scene_pos()
    mouse(view, QEvent.Type.MouseButtonDblClick, point)
    assert view.quick_add is not None and view.quick_add.isVisible()
    view.quick_add.hide()


def test_dragging_several_nodes_is_one_move_command(cnn_window):
    view, scene, doc = cnn_window.current_view(), cnn_window.current_scene(), cnn_window.document
    graph = doc.graph("model")
    before = {n.id: n.pos for n in graph.nodes}
    scene.select_nodes(["conv1", "relu1", "pool1"])
    grab = scene.nodes["relu1"].sceneBoundingRect().center()
    view.centerOn(grab)
    steps_before = doc.undo_stack.count()
    drag_mouse(view, grab, grab + QPointF(80, 100), steps=8)
    assert doc.undo_stack.count() == steps_before + 1
    for nid in ("conv1", "relu1", "pool1"):
        x, y = graph.node(nid).pos
        assert (x - before[nid][0], y - before[nid][1]) == (80, 100)  # snapped to the 20 px grid
    assert graph.node("fc").pos == before["fc"]
    doc.undo_stack.undo()
    assert {n.id: n.pos for n in graph.nodes} == before
    assert (scene.nodes["relu1"].x(), scene.nodes["relu1"].y()) == before["relu1"]


def test_rubber_band_selects_the_nodes_inside(cnn_window):
    view, scene = cnn_window.current_view(), cnn_window.current_scene()
    view.resetTransform()
    r1, r2 = scene.nodes["conv1"].sceneBoundingRect(), scene.nodes["relu1"].sceneBoundingRect()
    view.centerOn(r1.united(r2).center())
    start = r1.topLeft() + QPointF(-15, -30)
    end = r2.bottomRight() + QPointF(10, 30)
    drag_mouse(view, start, end)
    assert sorted(scene.selected_node_ids()) == ["conv1", "relu1"]


def test_wheel_zoom_keeps_the_point_under_the_cursor(cnn_window, qtbot):
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    view = cnn_window.current_view()
    vp_point = QPointF(300, 200)
    before_scene = view.mapToScene(vp_point.toPoint())
    zoom = view.zoom
    ev = QWheelEvent(vp_point, QPointF(view.viewport().mapToGlobal(vp_point.toPoint())), QPoint(0, 0),
                     QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                     Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), ev)
    assert view.zoom > zoom * 1.3
    after_scene = view.mapToScene(vp_point.toPoint())
    assert abs(after_scene.x() - before_scene.x()) < 3 / view.zoom + 1
    assert abs(after_scene.y() - before_scene.y()) < 3 / view.zoom + 1


def test_middle_button_pans_the_view(cnn_window):
    view = cnn_window.current_view()
    view.resetTransform()
    centre = view.centre_scene_pos()
    drag_mouse(view, centre, centre + QPointF(-100, 0), button=Qt.MouseButton.MiddleButton)
    assert view.centre_scene_pos().x() > centre.x() + 50


def _paint(item) -> QImage:
    image = QImage(240, 140, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(40, 30)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def _badge_colour(item) -> QColor:
    from netstudio.ui.editor.theme import NODE_WIDTH

    return _paint(item).pixelColor(int(40 + NODE_WIDTH - 2 - 5), int(30 - 1 + 4))


def test_error_badge_and_red_edge_on_a_mismatched_graph(cnn_window):
    doc, scene = cnn_window.document, cnn_window.current_scene()
    doc.edit(editing.set_param, "model", "image", "shape", [784])  # a flat vector into a Conv2d
    doc.infer_now()
    info = doc.infos("model")["conv1"]
    assert "Conv2d" in info.error and "Unflatten" in info.error
    item = scene.nodes["conv1"]
    assert item.toolTip() == info.error
    edge = scene.edges[Edge("image", "conv1").key]
    assert edge.error and edge.toolTip() == info.error
    assert edge.label == "(784,)"
    assert not scene.edges[Edge("conv1", "relu1").key].error  # downstream nodes are blocked, not wrong
    assert "Unflatten" in cnn_window.summary.problems.item(0).text()
    badge = _badge_colour(item)
    assert badge.red() > 180 and badge.green() < 90, badge.name()
    doc.undo_stack.undo()  # fixing the graph clears the badge
    doc.infer_now()
    assert scene.nodes["conv1"].toolTip() == "" and doc.infos("model")["conv1"].ok
    assert _badge_colour(scene.nodes["conv1"]).name() != badge.name()


def test_warning_badge_is_amber(cnn_window):
    doc, scene = cnn_window.document, cnn_window.current_scene()
    doc.edit(editing.remove, "model", ["flatten"])
    doc.edit(editing.connect, "model", "pool1", 0, "fc", 0)  # Linear on an image works on the last axis only: a warning
    doc.infer_now()
    info = doc.infos("model")["fc"]
    assert info.error is None and "Flatten" in info.warnings[0]
    assert scene.nodes["fc"].toolTip() == info.warnings[0]
    assert not scene.edges[Edge("pool1", "fc").key].error
    badge = _badge_colour(scene.nodes["fc"])
    assert badge.red() > 180 and 120 < badge.green() < 210 and badge.blue() < 80, badge.name()


def test_variadic_add_shows_one_free_input_and_attention_has_three(window):
    view, scene, doc = _empty_window(window)
    add = scene.add_layer_at("Add", QPointF(400, 0))
    assert len(scene.nodes[add].in_names) == 2
    a = scene.add_layer_at("Input", QPointF(0, 0))
    b = scene.add_layer_at("Input", QPointF(0, 200))
    doc.edit(editing.connect, "model", a, 0, add, 0)
    doc.edit(editing.connect, "model", b, 0, add, 1)
    assert len(scene.nodes[add].in_names) == 3
    mha = scene.add_layer_at("MultiheadAttention", QPointF(600, 0))
    assert scene.nodes[mha].in_names == ["query", "key", "value"]
    lstm = scene.add_layer_at("LSTM", QPointF(600, 300))
    assert scene.nodes[lstm].out_names == ["sequence", "last"]

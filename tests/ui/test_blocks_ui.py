"""Blocks in the editor: make, undo, unmake, the block's own tab, repeat, My blocks (save, drag, compile)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt

from netstudio.core import editing
from netstudio.core.graph import Edge, Node
from netstudio.ui.blocks.insert import file_token, project_token
from netstudio.ui.document import block_key
from netstudio.ui.editor.block_item import BlockNodeItem
from netstudio.ui.editor.scene import MIME_LAYER

from .helpers import drop_mime, mouse

CHAIN = ["conv1", "relu1", "pool1"]   # of the MNIST CNN sample: image -> conv1 -> relu1 -> pool1 -> flatten -> fc


def _make(window, name="ConvBlock"):
    scene = window.current_scene()
    scene.select_nodes(CHAIN)
    node_id = window.blocks.make_block(name)
    assert node_id is not None, window.last_error
    window.document.infer_now()
    return scene, node_id


def _shape(window, graph, node_id):
    return window.document.cached_infos(graph)[node_id].out_shapes[0]


def test_make_block_folds_three_layers_keeps_shapes_and_undoes(cnn_window, qtbot):
    w = cnn_window
    graph = w.document.graph("model")
    before = len(graph)
    flatten_before = _shape(w, "model", "flatten")
    scene = w.current_scene()
    scene.select_nodes(CHAIN)
    asked = []
    w.blocks.ask_block_name = lambda default: asked.append(default) or "ConvBlock"
    w.activateWindow()
    w.current_view().setFocus()
    qtbot.keyClick(w.current_view(), Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)   # Edit > Make block
    assert asked == ["Block"]                             # the prompt offered a free name
    node_id = next(n.id for n in graph if n.type == "Block")
    w.document.infer_now()
    assert len(graph) == before - 2
    assert isinstance(scene.nodes[node_id], BlockNodeItem)
    assert scene.nodes[node_id].title == "ConvBlock"
    assert scene.nodes[node_id].toolTip() == "Block ConvBlock: 3 layers. Double-click to open it."
    assert _shape(w, "model", node_id) == (32, 13, 13)        # what pool1 gave
    assert _shape(w, "model", "flatten") == flatten_before     # downstream shapes stay
    assert w.document.cached_infos("model")[node_id].param_count == 320   # conv1's 32*9 + 32
    assert w.palette.item_for(project_token("ConvBlock")) is not None

    w.document.undo()
    w.document.infer_now()
    assert len(graph) == before and all(n in graph for n in CHAIN) and node_id not in graph
    assert _shape(w, "model", "pool1") == (32, 13, 13)
    assert w.palette.item_for(project_token("ConvBlock")) is None   # the block went with the undo
    w.document.redo()
    assert node_id in graph and len(graph) == before - 2


def test_rename_from_the_context_menu_renames_every_use_and_its_tab_follows(cnn_window):
    w = cnn_window
    scene, node_id = _make(w)
    w.blocks.open_block("ConvBlock")
    w.tabs.setCurrentIndex(0)
    w.blocks.ask_new_name = lambda old: "Features"
    menu = w.blocks.show_context_menu(scene, node_id, w.mapToGlobal(w.rect().center()))
    rename = next(a for a in menu.actions() if a.text() == "Rename block…")
    rename.trigger()
    doc = w.document
    assert list(doc.project.blocks) == ["Features"] and doc.graph("model").node(node_id).params["block"] == "Features"
    assert block_key("ConvBlock") not in w.views and w.tabs.tabText(w.tabs.indexOf(w.views[block_key("Features")])) \
        == "Features"
    assert scene.nodes[node_id].title == "Features"                    # the node shows the new name
    doc.infer_now()
    assert _shape(w, "model", "flatten") == (32 * 13 * 13,)          # still compiles, same shapes
    assert not w.blocks.rename_block("Features", "9lives")           # refused with a sentence, nothing changes
    assert "cannot name a block" in w.last_error and "Features" in doc.project.blocks
    doc.undo()
    assert list(doc.project.blocks) == ["ConvBlock"] and doc.graph("model").node(node_id).params["block"] == "ConvBlock"
    assert set(w.views) == {"model", block_key("ConvBlock")} and scene.nodes[node_id].title == "ConvBlock"


def test_unmake_puts_the_layers_back(cnn_window):
    w = cnn_window
    graph = w.document.graph("model")
    before = len(graph)
    scene, node_id = _make(w)
    scene.select_nodes([node_id])
    assert w.blocks.actions["unmake"].isEnabled()
    new_ids = w.blocks.unmake_block()
    w.document.infer_now()
    assert sorted(new_ids) == sorted(CHAIN)
    assert len(graph) == before and node_id not in graph
    assert _shape(w, "model", "pool1") == (32, 13, 13)
    assert sorted(scene.selected_node_ids()) == sorted(CHAIN)


def test_block_tab_edit_changes_every_instance(cnn_window, qtbot):
    w = cnn_window
    scene, node_id = _make(w)
    centre = scene.nodes[node_id].sceneBoundingRect().center()
    w.current_view().centerOn(centre)
    mouse(w.current_view(), QEvent.Type.MouseButtonDblClick, centre)   # double-click the block node
    view = w.views.get(block_key("ConvBlock"))
    assert view is not None and w.tabs.count() == 2 and w.tabs.currentWidget() is view
    assert w.tabs.tabText(w.tabs.indexOf(view)) == "ConvBlock"
    assert w.current_graph() == block_key("ConvBlock")
    inner = view.graph_scene
    assert set(inner.nodes) == {"x", *CHAIN}              # the block's Input and its three layers
    assert inner.nodes["pool1"]._output_tag.text() == "block output"
    w.document.infer_now()
    assert _shape(w, block_key("ConvBlock"), "pool1") == (32, 13, 13)   # shape-checked alone, in its tab
    # an edit inside, through the inspector like a user
    inner.select_nodes(["conv1"])
    assert w.inspector.node_id == "conv1"
    w.inspector._edited("out_channels", 16)
    w.document.infer_now()
    assert _shape(w, "model", node_id) == (16, 13, 13)
    assert _shape(w, "model", "flatten") == (16 * 13 * 13,)
    w.document.undo()                                     # undo works inside the tab too
    w.document.infer_now()
    assert _shape(w, "model", node_id) == (32, 13, 13)
    w.blocks.close_tab(w.tabs.indexOf(view))
    assert w.tabs.count() == 1 and block_key("ConvBlock") not in w.views
    view = w.blocks.open_block("ConvBlock")
    w.tabs.setCurrentIndex(0)
    w.document.undo()                                     # Make block undone: its tab goes with it
    assert "ConvBlock" not in w.document.project.blocks
    assert w.tabs.count() == 1 and block_key("ConvBlock") not in w.views


def test_repeat_in_the_inspector_changes_the_parameter_count(cnn_window):
    w = cnn_window
    scene, node_id = _make(w)
    scene.select_nodes([node_id])
    form = w.inspector
    repeat = form.editors["repeat"].widget
    assert form.form.labelForField(repeat).text() == "Repeat" and repeat.minimum() == 1
    repeat.setValue(3)                                    # a user's spin: one SetParams command
    w.document.infer_now()
    info = w.document.cached_infos("model")[node_id]
    # copy 1: 1 -> 32 channels (320); copies 2 and 3: 32 -> 32 channels (9,248 each)
    assert info.param_count == 320 + 2 * 9248
    assert scene.nodes[node_id].info.param_count == 18816 and scene.nodes[node_id].label == "× 3"
    assert info.out_shapes[0] == (32, 1, 1)               # 28 -> 13 -> 5 -> 1
    assert "18,816 parameters" in form.help.text() and "3 copies, 9 layers in all" in form.help.text()
    w.document.undo()
    w.document.infer_now()
    assert w.document.cached_infos("model")[node_id].param_count == 320
    assert w.document.graph("model").node(node_id).params["repeat"] == 1


def test_save_to_my_blocks_then_drop_into_a_new_project_compiles(cnn_window, tmp_path, monkeypatch, qtbot):
    import torch

    from netstudio.compiler import build_module

    monkeypatch.setenv("NETSTUDIO_BLOCKS_DIR", str(tmp_path / "lib"))
    w = cnn_window
    scene, node_id = _make(w)
    scene.select_nodes([node_id])
    menu = w.blocks.show_context_menu(scene, node_id, w.mapToGlobal(w.rect().center()))
    save = next(a for a in menu.actions() if a.text() == "Save to My blocks")
    menu.close()
    save.trigger()
    path = tmp_path / "lib" / "ConvBlock.nsblock"
    assert path.is_file()
    item = w.palette.item_for(file_token(path))
    assert item is not None and item.text(0) == "ConvBlock"

    assert w.new_project()
    doc = w.document
    assert doc.project.blocks == {}
    new_scene = w.current_scene()
    image = new_scene.add_layer_at("Input", QPointF(100, 100))
    doc.edit(editing.set_param, "model", image, "shape", [1, 28, 28])
    mime = w.palette.tree.mimeData([w.palette.item_for(file_token(path))])   # what dragging the entry carries
    assert bytes(mime.data(MIME_LAYER)).decode() == file_token(path)
    assert drop_mime(w.current_view(), mime, QPointF(400, 100))
    block_id = next(n.id for n in doc.graph("model") if n.type == "Block")
    assert set(doc.project.blocks) == {"ConvBlock"}
    doc.edit(editing.connect, "model", image, 0, block_id, 0)
    for type_name, params in (("Flatten", {}), ("Linear", {"out_features": 10})):
        prev = list(doc.graph("model").nodes)[-1].id
        nid = doc.graph("model").unique_id(type_name)
        doc.edit(editing.add_node, "model", Node(nid, type_name, params, (700.0, 100.0)), (prev, 0))
    doc.infer_now()
    assert _shape(w, "model", block_id) == (32, 13, 13)
    module = build_module(doc.graph("model"))
    out = module(torch.zeros(2, 1, 28, 28))
    assert tuple(out.shape) == (2, 10)

    # a different block of the same name in the project: the library's comes in renamed, and says so
    doc.project.blocks["ConvBlock"].graph.node("conv1").params["out_channels"] = 8
    assert drop_mime(w.current_view(), mime, QPointF(400, 400))
    assert "ConvBlock_2" in doc.project.blocks
    assert "ConvBlock_2" in w.current_scene().last_block_note
    assert "ConvBlock_2" in w.statusBar().currentMessage()


def test_quick_add_offers_the_projects_blocks(cnn_window):
    w = cnn_window
    _make(w)
    view = w.current_view()
    popup = view.open_quick_add(QPointF(300, 500), None)
    popup.search.setText("convb")
    labels = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert labels and labels[0].startswith("ConvBlock")
    popup.accept_current()
    added = [n for n in w.document.graph("model") if n.type == "Block" and n.params["block"] == "ConvBlock"]
    assert len(added) == 2                                # the one made and the one quick-added


def test_the_library_reader_tolerates_bad_files(tmp_path):
    from netstudio.core.blocks import BlockDef
    from netstudio.core.graph import Graph
    from netstudio.ui.blocks.library import read_library, save_block

    assert read_library(tmp_path / "absent") == []
    inner = Graph("Tiny")
    inner.add_node(Node("x", "Input", {"shape": [4]}))
    inner.add_node(Node("fc", "Linear", {"out_features": 2}))
    inner.add_edge(Edge("x", "fc"))
    blocks = {"Tiny": BlockDef("Tiny", inner, ["x"], ["fc"])}
    path = save_block("Tiny", blocks, tmp_path)
    (tmp_path / "Broken.nsblock").write_text("{not json")
    (tmp_path / "Project.nsblock").write_text('{"format": "netstudio-project", "version": 2}')
    (tmp_path / "Folder.nsblock").mkdir()
    (tmp_path / "notes.txt").write_text("not a block")
    entries = {e.name: e for e in read_library(tmp_path)}
    assert set(entries) == {"Tiny", "Broken", "Project", "Folder"}
    assert entries["Tiny"].usable and entries["Tiny"].path == path
    assert entries["Tiny"].blocks["Tiny"].outputs == ["fc"]
    assert "not a NetStudio block file" in entries["Broken"].problem
    assert "not a NetStudio block file" in entries["Project"].problem
    assert "not a regular file" in entries["Folder"].problem


def test_the_shape_server_expands_blocks(qapp):
    """The worker sends the block definitions with the graph; the server process rebuilds them."""
    from netstudio import load_project
    from netstudio.core.block_commands import MakeBlock
    from netstudio.ui.shape_worker import service

    from .helpers import SAMPLES

    project = load_project(SAMPLES / "mnist_cnn.nsproj")
    graph = project.graph("model")
    make = MakeBlock(graph, CHAIN, "ConvBlock")
    make.redo()
    graph.blocks["ConvBlock"].graph.node("conv1").params["out_channels"] = 13   # a shape no cache has seen
    worker = service()
    sent = worker.requests_sent
    info = worker._infer("model", graph)[make.instance_id]   # what Document's worker request runs
    assert worker.requests_sent > sent and not worker._server_failed   # answered by the server process
    assert info.error is None and info.out_shapes == [(13, 13, 13)] and info.param_count == 13 * 9 + 13

"""Blocks in the window: Make block / Unmake block, block tabs, the context menu, My blocks.

The core does the graph work (``core.block_commands``: MakeBlock, UnmakeBlock, undoable); this module
asks for a name, pushes the commands on the document, opens a block's inside in its own tab (the same
GraphScene/GraphView, on the graph key ``"block:Name"``, so undo and shapes work there too) and keeps
the palette's block sections and the open tabs in step with the project's blocks after every edit,
undo and redo (the core has no event for its blocks dict).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QTabBar

from netstudio.core.block_commands import MakeBlock, RenameBlock, UnmakeBlock
from netstudio.core.blocks import BLOCK_TYPE, block_name, unique_block_name
from netstudio.core.errors import GraphError, NetStudioError

from ..document import block_key, block_of_key
from ..editor.scene import GraphScene
from ..editor.view import GraphView
from ..engine_text import engine_text
from . import library


def output_tag(item, text: str):
    """A small label under ``item``'s output end, in the blocks' colour (inside the view's fit margin)."""
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from ..editor.theme import CATEGORY_COLOURS, NODE_WIDTH

    tag = QGraphicsSimpleTextItem(text, item)
    tag.setBrush(QBrush(QColor(CATEGORY_COLOURS["Blocks"])))
    font = tag.font()
    font.setBold(True)
    font.setPointSizeF(8.0)
    tag.setFont(font)
    tag.setPos(NODE_WIDTH - tag.boundingRect().width(), item.height + 3)
    return tag


class BlockController(QObject):
    """Owns the block actions of ``window`` (a MainWindow) and its block tabs."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.last_menu: QMenu | None = None     # the last context menu (tests trigger its actions)
        self._signature: dict[str, int] = {}
        self._hooked: set[int] = set()
        self.actions: dict[str, QAction] = {}
        for key, keys in (("make", "Ctrl+G"), ("unmake", "Ctrl+Shift+G"), ("open", None), ("rename", None),
                          ("save", None)):
            action = QAction(window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            self.actions[key] = action
        self.actions["make"].triggered.connect(lambda: self.make_block())
        self.actions["unmake"].triggered.connect(lambda: self.unmake_block())
        self.actions["open"].triggered.connect(lambda: self.open_selected())
        self.actions["rename"].triggered.connect(lambda: self.rename_block())
        self.actions["save"].triggered.connect(lambda: self.save_to_library())
        edit = window.menus["edit"]
        edit.addSeparator()
        edit.addActions([self.actions[k] for k in ("make", "unmake", "open", "rename", "save")])
        window.tabs.tabCloseRequested.connect(self.close_tab)
        window.document_changed.connect(self._document_changed)
        window.selection_changed.connect(self._update_actions)
        window.language_changed.connect(self.retranslate)
        self.retranslate()
        self._update_actions()
        self.refresh_palette()

    def retranslate(self) -> None:
        texts = {"make": self.tr("Make &block…"), "unmake": self.tr("U&nmake block"),
                 "open": self.tr("Op&en block"), "rename": self.tr("Rena&me block…"),
                 "save": self.tr("Save to &My blocks")}
        for key, text in texts.items():
            self.actions[key].setText(text)
        self.actions["unmake"].setToolTip(self.tr("Put the block's layers back in its place (unfold in place)"))

    # ----- the document and its scenes -----
    def _document_changed(self, document) -> None:
        self._signature = {}
        if document is not None:
            document.undo_stack.indexChanged.connect(self._index_changed)
            self._hook_scenes()
            self._signature = self._blocks_signature()
        self.refresh_palette()
        self._update_actions()

    def _hook_scenes(self) -> None:
        for view in self.w.views.values():
            scene = view.graph_scene
            if id(scene) in self._hooked:
                continue
            self._hooked.add(id(scene))
            scene.open_block_requested.connect(lambda node_id, s=scene: self.open_block_of_node(s, node_id))
            scene.context_menu_requested.connect(lambda node_id, pos, s=scene: self.show_context_menu(s, node_id, pos))
            scene.destroyed.connect(lambda _obj=None, k=id(scene): self._hooked.discard(k))

    def _blocks_signature(self) -> dict[str, int]:
        doc = self.w.document
        return {n: id(b) for n, b in doc.project.blocks.items()} if doc is not None else {}

    def _index_changed(self, *_args) -> None:
        """After any edit, undo or redo: follow blocks that were made, merged or taken away."""
        doc = self.w.document
        if doc is None:
            return
        self._mark_outputs()
        signature = self._blocks_signature()
        if signature == self._signature:
            self._update_actions()
            return
        # a block renamed (by a rename, its undo or redo) is the same definition under a new name: its tab follows
        names_now = {ident: name for name, ident in signature.items()}
        renamed = {old: names_now[ident] for old, ident in self._signature.items()
                   if old not in signature and ident in names_now}
        self._signature = signature
        doc.watch_blocks()
        current = self.w.current_graph()
        for key in [k for k in self.w.views if block_of_key(k) is not None and not doc.has_graph(k)]:
            self.close_tab(self.w.tabs.indexOf(self.w.views[key]))
            new = renamed.get(block_of_key(key))
            if new is not None:
                view = self.open_block(new)
                if current != key and view is not None:   # reopened where it was, without taking the front
                    self.w.tabs.setCurrentIndex(0)
        for view in self.w.views.values():
            view.graph_scene.refresh_block_ports()
        self.refresh_palette()
        self._update_actions()

    def _update_actions(self, *_args) -> None:
        scene = self.w.current_scene()
        doc = self.w.document
        editable = doc is not None and not doc.read_only and scene is not None
        ids = scene.selected_node_ids() if scene is not None else []
        block = self._selected_block(scene)
        self.actions["make"].setEnabled(editable and bool(ids))
        self.actions["unmake"].setEnabled(editable and block is not None)
        self.actions["open"].setEnabled(block is not None)
        self.actions["rename"].setEnabled(editable and (block is not None or block_of_key(self.w.current_graph())
                                                        is not None))
        self.actions["save"].setEnabled(block is not None)

    @staticmethod
    def _selected_block(scene) -> str | None:
        """The id of the one selected node when it is a Block node."""
        if scene is None:
            return None
        ids = scene.selected_node_ids()
        if len(ids) == 1 and ids[0] in scene.graph and scene.graph.node(ids[0]).type == BLOCK_TYPE:
            return ids[0]
        return None

    # ----- make and unmake -----
    def default_name(self) -> str:
        doc = self.w.document
        return unique_block_name("Block", doc.project.blocks if doc is not None else {})

    def ask_block_name(self, default: str) -> str | None:
        """The name prompt (a method so tests can replace it); None when cancelled."""
        text, ok = QInputDialog.getText(self.w, self.tr("Make block"),
                                        self.tr("Name of the new block (letters, digits and _):"), text=default)
        return text.strip() if ok and text.strip() else None

    def make_block(self, name: str | None = None) -> str | None:
        """The selected layers become one Block node; returns its id (None when refused or cancelled)."""
        scene, doc = self.w.current_scene(), self.w.document
        if scene is None or doc is None:
            return None
        ids = scene.selected_node_ids()
        if not ids:
            self.w.show_status_error(self.tr("Select the layers to put into a block first."))
            return None
        if name is None:
            name = self.ask_block_name(self.default_name())
            if name is None:
                return None
        infos = doc.cached_infos(scene.graph_name)
        shapes = {nid: info.out_shapes for nid, info in infos.items() if info.out_shapes}
        try:
            command = MakeBlock(scene.graph, ids, name, shapes)
        except GraphError as exc:   # refused before anything changed: the sentence says why
            self.w.show_status_error(engine_text(exc.message))
            return None
        if not doc.push(command):
            return None
        self._index_changed()
        scene.select_nodes([command.instance_id])
        self.w.statusBar().showMessage(self.tr("Made block %1 from %2 layers").replace("%1", name)
                                       .replace("%2", str(len(ids))), 6000)
        return command.instance_id

    def unmake_block(self, node_id: str | None = None, scene: GraphScene | None = None) -> list[str]:
        """Unfold a Block node in place (its layers back in the graph); returns the new ids."""
        scene = scene or self.w.current_scene()
        doc = self.w.document
        node_id = node_id or self._selected_block(scene)
        if scene is None or doc is None or node_id is None:
            self.w.show_status_error(self.tr("Select one block to unmake."))
            return []
        try:
            command = UnmakeBlock(scene.graph, node_id)
        except GraphError as exc:
            self.w.show_status_error(engine_text(exc.message))
            return []
        if not doc.push(command):
            return []
        scene.select_nodes(command.new_ids)
        return list(command.new_ids)

    def ask_new_name(self, old: str) -> str | None:
        """The rename prompt (a method so tests can replace it); None when cancelled or unchanged."""
        text, ok = QInputDialog.getText(self.w, self.tr("Rename block"),
                                        self.tr("New name of block %1 (letters, digits and _):").replace("%1", old),
                                        text=old)
        return text.strip() if ok and text.strip() and text.strip() != old else None

    def rename_block(self, name: str | None = None, new: str | None = None) -> bool:
        """Rename block ``name`` (default: the selected Block node's, or the block of the current tab) and every
        use of it; its open tab follows. True when renamed."""
        doc, scene = self.w.document, self.w.current_scene()
        if name is None and scene is not None:
            node_id = self._selected_block(scene)
            name = block_name(scene.graph.node(node_id)) if node_id else block_of_key(self.w.current_graph())
        if doc is None or not name or name not in doc.project.blocks:
            self.w.show_status_error(self.tr("Select one block to rename."))
            return False
        new = new if new is not None else self.ask_new_name(name)
        if not new:
            return False
        try:
            command = RenameBlock(doc.graph(next(iter(doc.project.graphs))), name, new, doc.project.graphs.values())
        except GraphError as exc:
            self.w.show_status_error(engine_text(exc.message))
            return False
        if not doc.push(command):
            return False
        self._index_changed()    # an open tab of the block follows the new name
        self.w.statusBar().showMessage(self.tr("Renamed block %1 to %2").replace("%1", name).replace("%2", new), 6000)
        return True

    # ----- block tabs -----
    def open_selected(self) -> GraphView | None:
        scene = self.w.current_scene()
        node_id = self._selected_block(scene)
        return self.open_block_of_node(scene, node_id) if node_id else None

    def open_block_of_node(self, scene: GraphScene, node_id: str) -> GraphView | None:
        if node_id not in scene.graph:
            return None
        name = block_name(scene.graph.node(node_id))
        if not name or name not in scene.graph.blocks:
            self.w.show_status_error(self.tr("This node names no block of this project."))
            return None
        return self.open_block(name)

    def open_block(self, name: str) -> GraphView | None:
        """The block's inside in its own tab (made once, then brought to the front)."""
        doc = self.w.document
        key = block_key(name)
        if doc is None or not doc.has_graph(key):
            return None
        view = self.w.views.get(key)
        if view is None:
            scene = GraphScene(doc, key, doc, theme=self.w.theme)
            scene.snap_to_grid = self.w.actions_["snap"].isChecked()
            view = GraphView(scene, self.w.tabs)
            scene.selectionChanged.connect(self.w._selection_changed)
            self.w.views[key] = view
            index = self.w.tabs.addTab(view, name)
            self.w.tabs.setTabToolTip(index, self.tr("Inside block %1: edits here change every use of it")
                                      .replace("%1", name))
            self._closable_tabs()
            self._hook_scenes()
            self._mark_outputs()
            presentation = getattr(self.w, "presentation", None)
            if presentation is not None and presentation.on:   # F11: a new tab is magnified like the others
                from ..presentation import CANVAS_SCALE, set_view_scale

                set_view_scale(view, CANVAS_SCALE)
            doc.request_shapes(key)
        self.w.tabs.setCurrentWidget(view)
        return view

    def _mark_outputs(self) -> None:
        """In each block tab, a tag beside the nodes whose output is the block's ("block output 1"...)."""
        doc = self.w.document
        if doc is None:
            return
        for key, view in self.w.views.items():
            block = doc.project.blocks.get(block_of_key(key) or "")
            if block is None:
                continue
            scene = view.graph_scene
            outputs = list(block.outputs)
            for node_id, item in scene.nodes.items():
                tag = getattr(item, "_output_tag", None)
                wanted = None
                if node_id in outputs:
                    wanted = (self.tr("block output") if len(outputs) == 1 else
                              self.tr("block output %1").replace("%1", str(outputs.index(node_id) + 1)))
                if tag is not None and (wanted is None or tag.text() != wanted):
                    scene.removeItem(tag)
                    item._output_tag = tag = None
                if wanted is not None and tag is None:
                    item._output_tag = output_tag(item, wanted)

    def _closable_tabs(self) -> None:
        """Block tabs close; the project's own graphs do not."""
        tabs = self.w.tabs
        tabs.setTabsClosable(True)
        for i in range(tabs.count()):
            view = tabs.widget(i)
            key = next((k for k, v in self.w.views.items() if v is view), None)
            if block_of_key(key) is None:
                for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
                    if tabs.tabBar().tabButton(i, side) is not None:
                        tabs.tabBar().setTabButton(i, side, None)

    def close_tab(self, index: int) -> None:
        tabs = self.w.tabs
        view = tabs.widget(index)
        key = next((k for k, v in self.w.views.items() if v is view), None)
        if view is None or block_of_key(key) is None:
            return
        del self.w.views[key]
        tabs.removeTab(index)
        scene = view.graph_scene
        scene.selectionChanged.disconnect(self.w._selection_changed)
        scene.detach()
        self.w._fitted_views.discard(view)
        view.deleteLater()

    # ----- context menu -----
    def show_context_menu(self, scene: GraphScene, node_id: str | None, screen_pos: QPoint) -> QMenu:
        menu = QMenu(self.w)
        doc = self.w.document
        editable = doc is not None and not doc.read_only
        if scene.selected_node_ids():
            menu.addAction(self.tr("Make block…"), lambda: self.make_block()).setEnabled(editable)
        if node_id is not None and node_id in scene.graph and scene.graph.node(node_id).type == BLOCK_TYPE:
            menu.addAction(self.tr("Open block"), lambda: self.open_block_of_node(scene, node_id))
            menu.addAction(self.tr("Unfold in place"),
                           lambda: self.unmake_block(node_id, scene)).setEnabled(editable)
            menu.addAction(self.tr("Rename block…"),
                           lambda: self.rename_block(block_name(scene.graph.node(node_id)))).setEnabled(editable)
            menu.addAction(self.tr("Save to My blocks"),
                           lambda: self.save_to_library(block_name(scene.graph.node(node_id))))
        self.last_menu = menu
        if not menu.isEmpty():
            menu.popup(screen_pos)
        return menu

    # ----- My blocks -----
    def save_to_library(self, name: str | None = None):
        """Write block ``name`` (default: the selected block node's) to My blocks; returns the path."""
        doc = self.w.document
        if name is None:
            scene = self.w.current_scene()
            node_id = self._selected_block(scene)
            name = block_name(scene.graph.node(node_id)) if node_id else None
        if doc is None or not name:
            self.w.show_status_error(self.tr("Select one block to save to My blocks."))
            return None
        try:
            path = library.save_block(name, doc.project.blocks)
        except NetStudioError as exc:
            self.w.show_status_error(str(exc))
            return None
        except OSError as exc:
            self.w.show_status_error(self.tr("Cannot save the block in %1: %2")
                                     .replace("%1", str(library.library_dir()))
                                     .replace("%2", exc.strerror or str(exc)))
            return None
        self.w.statusBar().showMessage(self.tr("Saved block %1 to My blocks (%2)").replace("%1", name)
                                       .replace("%2", str(path)), 8000)
        self.refresh_palette()
        return path

    def refresh_palette(self) -> None:
        doc = self.w.document
        names = sorted(doc.project.blocks, key=str.lower) if doc is not None else []
        self.w.palette.set_blocks(names, library.read_library())

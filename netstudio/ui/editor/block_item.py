"""A Block node on the canvas: one node standing for a named subgraph (``core.blocks``).

It draws as a stack of cards with a double border, so it reads as "several layers in one" next to a
plain layer; the header names the block and "× N" when it repeats; the body shows the block's output
shape and the parameters of everything inside (the compiler folds those into the node's info).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPen

from netstudio.core.blocks import block_name, repeat_of
from netstudio.core.graph import Node

from .node_item import NodeItem
from .theme import HEADER_HEIGHT, LIGHT, LOD_DETAIL, NODE_WIDTH, CanvasTheme

STACK_OFFSET = 4.0   # each card behind the node is this much lower and to the right
CARDS = 2


class BlockNodeItem(NodeItem):
    """``blocks``: the project's block definitions (name -> BlockDef), read for the ports."""

    blocks: dict = {}

    def __init__(self, node: Node, blocks: dict, theme: CanvasTheme = LIGHT) -> None:
        super().__init__(node, theme)
        self.blocks = blocks
        self.set_model(node, [])

    @property
    def block(self) -> str:
        return self.params.get("block") or ""

    def set_model(self, node: Node, connected_inputs: list[int]) -> None:
        """Ports are the block's inputs and outputs (named when there are several)."""
        self.params = dict(node.params)
        super().set_model(node, connected_inputs)
        definition = self.blocks.get(block_name(node) or "")
        ins = list(definition.inputs) if definition is not None else ["in"]
        outs = list(definition.outputs) if definition is not None else ["out"]
        self.in_names = ins if len(ins) > 1 else [""] * len(ins)
        self.out_names = outs if len(outs) > 1 else [""] * len(outs)
        self.title = block_name(node) or QCoreApplication.translate("BlockNodeItem", "(no block)")
        n = repeat_of(node)
        self.label = f"× {n}" if n > 1 else ""
        self.prepareGeometryChange()
        self.height = self._height()
        self.update()

    def set_info(self, info) -> None:
        super().set_info(info)
        if not self.toolTip():   # no problem to tell: say what the node is and how to look inside
            definition = self.blocks.get(self.params.get("block") or "")
            layers = sum(1 for n in definition.graph if n.type != "Input") if definition is not None else 0
            text = QCoreApplication.translate("BlockNodeItem", "Block %1: %2 layers. Double-click to open it.") \
                .replace("%1", self.title).replace("%2", str(layers))
            if definition is not None and definition.description:
                text += "\n" + definition.description
            self.setToolTip(text)

    def ports_signature(self) -> tuple:
        """What the ports depend on: changes when the block's definition gains or loses a port."""
        definition = self.blocks.get(self.params.get("block") or "")
        return (tuple(definition.inputs), tuple(definition.outputs)) if definition is not None else ()

    def boundingRect(self) -> QRectF:
        rect = super().boundingRect()
        return rect.adjusted(0, 0, STACK_OFFSET * CARDS, STACK_OFFSET * CARDS)

    def paint(self, painter, option, widget=None) -> None:
        t = self.theme
        detailed = option.levelOfDetailFromTransform(painter.worldTransform()) >= LOD_DETAIL
        body = QRectF(0, 0, NODE_WIDTH, self.height)
        head = t.category("Blocks")
        # the cards behind: this node holds several layers
        painter.setPen(QPen(head.darker(115), 1.2))
        painter.setBrush(t.node_body)
        for k in range(CARDS, 0, -1):
            painter.drawRoundedRect(body.translated(STACK_OFFSET * k, STACK_OFFSET * k), 6, 6)
        type_name, self.type_name = self.type_name, self.title   # the header names the block, not "Block"
        try:
            super().paint(painter, option, widget)
        finally:
            self.type_name = type_name
        if detailed:   # the second line of the double border, inside the body
            painter.setPen(QPen(head, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(2.5, HEADER_HEIGHT, -2.5, -2.5), 4, 4)

    def mouseDoubleClickEvent(self, event) -> None:
        scene = self.scene()
        if scene is not None and event.button() == Qt.MouseButton.LeftButton:
            scene.open_block_requested.emit(self.node_id)   # the window opens the block's tab
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def make_node_item(node: Node, blocks: dict, theme: CanvasTheme) -> NodeItem:
    """The canvas item for ``node``: a BlockNodeItem for a Block node, else a NodeItem."""
    if node.type == "Block":
        return BlockNodeItem(node, blocks, theme)
    return NodeItem(node, theme)

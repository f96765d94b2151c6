"""Live indicators on the canvas: a small bar under each layer with weights showing its gradient norm
(or weight spread), from the engine's ``weight_stats`` snapshot, so a dead or exploding layer stands out.

The editor's node items are not ours: the indicators are separate child items of them, added and
removed here; the editor's files stay untouched.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem

from netstudio.ui.editor.theme import NODE_WIDTH

HEIGHT = 15.0
DEAD = 1e-7          # a gradient norm this small: the layer no longer learns
EXPLODING = 1e3      # this large: training is about to blow up
MODES = ("grad_norm", "weight_std")


def _tr(text: str) -> str:
    return QCoreApplication.translate("NodeIndicator", text)


def classify(value: float | None, mode: str) -> str:
    """"none", "dead", "exploding" or "ok" for one statistic."""
    if value is None:
        return "none"
    if not math.isfinite(value) or value > EXPLODING:
        return "exploding"
    if mode == "grad_norm" and value < DEAD:
        return "dead"
    return "ok"


_FONT: list[QFont] = []


def _font() -> QFont:
    if not _FONT:
        f = QFont()
        f.setPointSizeF(7.0)
        _FONT.append(f)
    return _FONT[0]


class NodeIndicator(QGraphicsItem):
    """A pill under a node: coloured by state, length by log-magnitude, the value as text."""

    COLOURS = {"ok": "#2e7d32", "dead": "#607d8b", "exploding": "#c62828", "none": "#9e9e9e"}

    def __init__(self, parent_item: QGraphicsItem) -> None:
        super().__init__(parent_item)
        self.value: float | None = None
        self.mode = "grad_norm"
        self.state = "none"
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)   # clicks go to the node underneath
        self.reposition()

    def reposition(self) -> None:
        parent = self.parentItem()
        height = getattr(parent, "height", 60.0)
        self.setPos(0.0, float(height) + 3.0)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, NODE_WIDTH, HEIGHT)

    def set_value(self, value: float | None, mode: str) -> None:
        self.value, self.mode = value, mode
        self.state = classify(value, mode)
        label = {"grad_norm": QCoreApplication.translate("NodeIndicator", "gradient norm"), "weight_std": QCoreApplication.translate("NodeIndicator", "weight spread")}[mode]
        hint = {"dead": QCoreApplication.translate("NodeIndicator", "almost no gradient: this layer has stopped learning"),
                "exploding": QCoreApplication.translate("NodeIndicator", "very large or not finite: lower the learning rate"),
                "ok": "", "none": QCoreApplication.translate("NodeIndicator", "no gradient yet")}[self.state]
        self.setToolTip(f"{label}: {self.text()}" + (f"\n{hint}" if hint else ""))
        self.reposition()
        self.update()

    def text(self) -> str:
        if self.value is None:
            return "–"
        return f"{self.value:.2g}" if math.isfinite(self.value) else str(self.value)

    def fill_fraction(self) -> float:
        """Log scale from 1e-6 (empty) to 1e2 (full)."""
        if self.value is None or not math.isfinite(self.value) or self.value <= 0:
            return 1.0 if self.state == "exploding" else 0.0
        return min(1.0, max(0.0, (math.log10(self.value) + 6) / 8))

    def paint(self, painter, option, widget=None) -> None:
        colour = QColor(self.COLOURS[self.state])
        rect = self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(QColor(255, 255, 255, 230)))
        painter.drawRoundedRect(rect, 4, 4)
        fill = QRectF(rect.left(), rect.top(), rect.width() * self.fill_fraction(), rect.height())
        light = QColor(colour)
        light.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(light))
        painter.drawRoundedRect(fill, 4, 4)
        painter.setFont(_font())
        painter.setPen(QColor("#202020"))
        prefix = "∇ " if self.mode == "grad_norm" else "σ "
        painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         prefix + self.text())


class NodeIndicators:
    """All indicators of a window's graphs; ``update(stats)`` with the snapshot's ``weight_stats``."""

    def __init__(self, window) -> None:
        self.window = window
        self.mode = "grad_norm"
        self.items: dict[tuple[str, str], NodeIndicator] = {}     # (graph, node) -> item
        self.visible = True

    def _node_item(self, graph: str, node: str):
        scene = self.window.scene_of(graph)
        return scene.nodes.get(node) if scene is not None else None

    def _split(self, key: str) -> tuple[str, str]:
        """Snapshot keys are ``node`` (one graph) or ``graph/node`` (a GAN's two graphs)."""
        if "/" in key:
            graph, node = key.split("/", 1)
            return graph, node
        task = (self.window.document.project.task or {}) if self.window.document is not None else {}
        return task.get("graph", "model"), key

    def update(self, stats: dict[str, dict[str, float]]) -> int:
        """Show the statistics; returns how many indicators are on the canvas."""
        from shiboken6 import isValid

        key = "grad_norm" if self.mode == "grad_norm" else "weight_std"
        for name, row in stats.items():
            graph, node = self._split(name)
            parent = self._node_item(graph, node)
            if parent is None:
                continue
            item = self.items.get((graph, node))
            if item is None or not isValid(item) or item.parentItem() is not parent:
                item = NodeIndicator(parent)
                self.items[(graph, node)] = item
            item.set_value(row.get(key), self.mode)
            item.setVisible(self.visible)
        return len(self.items)

    def set_mode(self, mode: str) -> None:
        if mode in MODES:
            self.mode = mode

    def set_visible(self, on: bool) -> None:
        self.visible = on
        from shiboken6 import isValid

        for item in self.items.values():
            if isValid(item):
                item.setVisible(on)

    def clear(self) -> None:
        """Remove every indicator (a new graph, an edit after training)."""
        from shiboken6 import isValid

        for item in self.items.values():
            if not isValid(item):       # its node (and so the item) went away with a closed project
                continue
            scene = item.scene()
            if scene is not None:
                scene.removeItem(item)
        self.items.clear()

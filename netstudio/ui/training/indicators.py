"""Live indicators on the canvas: a small bar under each layer showing its gradient norm or weight spread
(from the snapshot's ``weight_stats``, layers with weights), or its activations' mean ± std or dead units
(from ``activation_stats``, every layer), so a dead, saturated or exploding layer stands out.

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
MODES = ("grad_norm", "weight_std", "act_mean_std", "dead_pct")
ACTIVATION_MODES = ("act_mean_std", "dead_pct")
WARN = 0.5           # half the units dead, or half the values saturated: the layer barely passes anything on


def _tr(text: str) -> str:
    return QCoreApplication.translate("NodeIndicator", text)


def classify(value: float | None, mode: str) -> str:
    """"none", "dead", "exploding", "warn" (activations: many dead or saturated units) or "ok" for one statistic."""
    if value is None:
        return "none"
    if mode == "dead_pct":
        return "warn" if value >= WARN else "ok"
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

    COLOURS = {"ok": "#2e7d32", "dead": "#607d8b", "exploding": "#c62828", "none": "#9e9e9e",
               "warn": "#ef6c00"}   # activations: many dead or saturated units

    def __init__(self, parent_item: QGraphicsItem) -> None:
        super().__init__(parent_item)
        self.value: float | None = None
        self.row: dict[str, float] = {}      # the node's whole statistics row (activation modes read several)
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

    def set_row(self, row: dict[str, float] | None, mode: str) -> None:
        """Show one node's statistics row in ``mode`` (weight modes read one value, activation modes several)."""
        if mode not in ACTIVATION_MODES:
            self.row = dict(row or {})
            self.set_value((row or {}).get("grad_norm" if mode == "grad_norm" else "weight_std"), mode)
            return
        self.row, self.mode = dict(row or {}), mode
        r = self.row
        if mode == "dead_pct":
            # sigmoid/tanh saturate rather than die: their flat ends pass (almost) no gradient either
            self.value = r.get("saturated", r.get("dead"))
            self.state = classify(self.value, mode)
        else:
            self.value = r.get("std")
            mean = r.get("mean")
            if mean is None:
                self.state = "none"
            elif not all(math.isfinite(v) for v in (mean, self.value or 0.0)) or abs(mean) > EXPLODING:
                self.state = "exploding"
            elif r.get("dead", 0.0) >= WARN or r.get("saturated", 0.0) >= WARN:
                self.state = "warn"
            else:
                self.state = "ok"
        self.setToolTip(self._activation_tip())
        self.reposition()
        self.update()

    def _activation_tip(self) -> str:
        r = self.row
        if not r:
            return QCoreApplication.translate("NodeIndicator", "no activation statistics yet")
        lines = [QCoreApplication.translate("NodeIndicator", "activations: mean %1, std %2").replace("%1", f"{r.get('mean', float('nan')):.3g}")
                 .replace("%2", f"{r.get('std', float('nan')):.3g}"),
                 QCoreApplication.translate("NodeIndicator", "zeros %1, dead units %2").replace("%1", f"{r.get('zeros', 0.0):.0%}")
                 .replace("%2", f"{r.get('dead', 0.0):.0%}")]
        if "saturated" in r:
            lines.append(QCoreApplication.translate("NodeIndicator", "saturated %1").replace("%1", f"{r['saturated']:.0%}"))
        if self.state == "warn":
            lines.append(QCoreApplication.translate("NodeIndicator", "many units pass nothing on (dead or saturated): this layer hardly learns"))
        elif self.state == "exploding":
            lines.append(QCoreApplication.translate("NodeIndicator", "very large or not finite: lower the learning rate"))
        return "\n".join(lines)

    def text(self) -> str:
        if self.mode == "act_mean_std":
            mean, std = self.row.get("mean"), self.row.get("std")
            return "–" if mean is None else f"{mean:.2g} ± {std:.2g}"
        if self.value is None:
            return "–"
        if self.mode == "dead_pct":
            return f"{self.value:.0%}"
        return f"{self.value:.2g}" if math.isfinite(self.value) else str(self.value)

    def prefix(self) -> str:
        if self.mode == "dead_pct":
            return QCoreApplication.translate("NodeIndicator", "sat") + " " if "saturated" in self.row else QCoreApplication.translate("NodeIndicator", "dead") + " "
        return {"grad_norm": "∇ ", "weight_std": "σ ", "act_mean_std": "μ "}[self.mode]

    def fill_fraction(self) -> float:
        """Gradient norm, weight and activation spread: log scale from 1e-6 (empty) to 1e2 (full);
        dead units: the fraction itself."""
        if self.mode == "dead_pct":
            return min(1.0, max(0.0, self.value or 0.0))
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
        painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.prefix() + self.text())


class NodeIndicators:
    """All indicators of a window's graphs; ``update_snapshot(data)`` with a snapshot's data (its
    ``weight_stats`` and ``activation_stats``), or ``update(stats)`` with weight statistics alone."""

    def __init__(self, window) -> None:
        self.window = window
        self.mode = "grad_norm"
        self.items: dict[tuple[str, str], NodeIndicator] = {}     # (graph, node) -> item
        self.visible = True
        self.weight_stats: dict[str, dict[str, float]] = {}
        self.activation_stats: dict[str, dict[str, float]] = {}

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

    def update_snapshot(self, data: dict) -> int:
        """Keep a snapshot's statistics and show those of the current mode; how many indicators are shown."""
        if data.get("weight_stats"):
            self.weight_stats = data["weight_stats"]
        if data.get("activation_stats"):
            self.activation_stats = data["activation_stats"]
        return self._show()

    def _show(self) -> int:
        stats = self.activation_stats if self.mode in ACTIVATION_MODES else self.weight_stats
        shown = {self._split(name) for name in stats}
        for key, item in list(self.items.items()):   # a mode switch: layers without this statistic lose theirs
            if key not in shown:
                self._remove(item)
                del self.items[key]
        return self._place(stats)

    def update(self, stats: dict[str, dict[str, float]]) -> int:
        """Show weight statistics; returns how many indicators are on the canvas."""
        self.weight_stats = stats
        if self.mode in ACTIVATION_MODES:
            return len(self.items)
        return self._place(stats)

    def _place(self, stats: dict[str, dict[str, float]]) -> int:
        from shiboken6 import isValid

        for name, row in stats.items():
            graph, node = self._split(name)
            parent = self._node_item(graph, node)
            if parent is None:
                continue
            item = self.items.get((graph, node))
            if item is None or not isValid(item) or item.parentItem() is not parent:
                item = NodeIndicator(parent)
                self.items[(graph, node)] = item
            item.set_row(row, self.mode)
            item.setVisible(self.visible)
        return len(self.items)

    def set_mode(self, mode: str) -> None:
        """Switch what the bars show; the last snapshot's numbers are shown at once in the new mode."""
        if mode in MODES and mode != self.mode:
            self.mode = mode
            self._show()

    def set_visible(self, on: bool) -> None:
        self.visible = on
        from shiboken6 import isValid

        for item in self.items.values():
            if isValid(item):
                item.setVisible(on)

    def clear(self) -> None:
        """Remove every indicator (a new graph, an edit after training)."""
        for item in self.items.values():
            self._remove(item)
        self.items.clear()
        self.weight_stats, self.activation_stats = {}, {}

    @staticmethod
    def _remove(item: NodeIndicator) -> None:
        from shiboken6 import isValid

        if not isValid(item):       # its node (and so the item) went away with a closed project
            return
        scene = item.scene()
        if scene is not None:
            scene.removeItem(item)

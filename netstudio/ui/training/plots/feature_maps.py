"""Feature maps: the activations of the node selected on the canvas for one validation sample.

The controller tells the engine which node to capture (``Trainer.snapshot_nodes``); snapshots
then carry ``activations[node]`` for the first 8 validation samples. Conv outputs (C, H, W) show
as a grid of channels, vectors (F,) as bars, sequences (T, F) as a heatmap.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QStackedWidget, QVBoxLayout, QWidget

from .common import LiveView, make_image_view, make_plot, mosaic, to_uint8

MAX_CHANNELS = 64
MAX_BARS = 512


class FeatureMapsView(LiveView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feature_maps_view")
        self.node: str | None = None
        self.activations: np.ndarray | None = None     # (N, ...) for self.node
        self.step = 0
        self.mode = "none"                             # image / bars / heatmap / none
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.sample = QSpinBox(self)
        self.sample.setRange(0, 7)
        self.sample.valueChanged.connect(self._sample_changed)
        self.sample_label = QLabel(self)
        self.stack = QStackedWidget(self)
        self.image_widget, self.box, self.image = make_image_view(self.stack)
        self.bar_plot = make_plot(self.stack)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=pg.mkBrush("#1f77b4"))
        self.bar_plot.getPlotItem().addItem(self.bars)
        self.heat_widget, self.heat_box, self.heat = make_image_view(self.stack)
        self.heat.setColorMap(pg.colormap.get("viridis"))
        self.stack.addWidget(self.image_widget)
        self.stack.addWidget(self.bar_plot)
        self.stack.addWidget(self.heat_widget)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.sample_label)
        top.addWidget(self.sample)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Feature maps")

    def retranslate(self) -> None:
        self.sample_label.setText(self.tr("validation sample"))
        self._caption()

    def _caption(self) -> None:
        if self.node is None:
            text = self.tr("Click a layer on the canvas to see what it computes for a validation sample.")
        elif self.activations is None:
            text = self.tr("%1: waiting for the next snapshot…").replace("%1", self.node)
        else:
            shape = "×".join(str(d) for d in self.activations.shape[1:])
            a = self.activations[min(self.sample.value(), len(self.activations) - 1)]
            text = (self.tr("%1 output %2 at step %3: mean %4, %5% zero")
                    .replace("%1", self.node).replace("%2", shape).replace("%3", str(self.step))
                    .replace("%4", f"{float(a.mean()):.3g}")
                    .replace("%5", f"{100.0 * float((a == 0).mean()):.0f}"))
        self.caption.setText(text)

    def set_node(self, node: str | None) -> None:
        """Show ``node`` (None: nothing); the data arrives with the next snapshot."""
        if node != self.node:
            self.node = node
            self.activations = None
            self.dirty = True
            self._caption()

    def reset(self) -> None:
        self.activations = None
        super().reset()

    def on_snapshot(self, event) -> None:
        acts = event.data.get("activations") or {}
        if self.node is not None and self.node in acts:
            self.activations = np.asarray(acts[self.node])
            self.step = event.step
            self.sample.setMaximum(max(0, len(self.activations) - 1))
            self.dirty = True

    def show_activations(self, node: str, activations: np.ndarray, step: int) -> None:
        """Activations computed outside a snapshot (the run is paused or over)."""
        self.node = node
        self.activations = np.asarray(activations)
        self.step = step
        self.sample.setMaximum(max(0, len(self.activations) - 1))
        self.dirty = True

    @Slot(int)
    def _sample_changed(self, _v: int) -> None:
        self.dirty = True

    def refresh(self) -> None:
        self._caption()
        a = self.activations
        if a is None or a.size == 0:
            self.mode = "none"
            self.image.clear()
            self.shown_step = None
            super().refresh()
            return
        x = np.asarray(a[min(self.sample.value(), len(a) - 1)], dtype=np.float32)
        if x.ndim == 3:                                         # (C, H, W): one tile per channel
            x = x[:MAX_CHANNELS]
            lo, hi = float(x.min()), float(x.max())
            tiles = to_uint8(x[:, None], lo, hi if hi > lo else lo + 1)
            self.image.setImage(mosaic(tiles, pad=1, pad_value=255), levels=(0, 255), autoLevels=False)
            self.box.autoRange(padding=0.01)
            self.stack.setCurrentWidget(self.image_widget)
            self.mode = "image"
        elif x.ndim == 1:                                       # (F,): bars
            x = x[:MAX_BARS]
            self.bars.setOpts(x=np.arange(len(x)), height=x, width=0.8)
            self.bar_plot.getPlotItem().enableAutoRange()
            self.stack.setCurrentWidget(self.bar_plot)
            self.mode = "bars"
        else:                                                   # (T, F) or more: rows x features heatmap
            x = x.reshape(x.shape[0], -1)
            lo, hi = float(x.min()), float(x.max())
            self.heat.setImage(x, levels=(lo, hi if hi > lo else lo + 1))
            self.heat_box.autoRange(padding=0.01)
            self.stack.setCurrentWidget(self.heat_widget)
            self.mode = "heatmap"
        self.shown_step = self.step
        super().refresh()


"""GAN view: samples from the fixed noise batch, the three losses and the discriminator's mean outputs."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .common import (PALETTE, LiveView, StableRange, curve_pen, images_for_display, legend_html, make_image_view,
                     make_legend, make_plot, mosaic, plot_colours)
from .loss import Series

LOSS_KEYS = ("d_loss_real", "d_loss_fake", "g_loss")
PROB_KEYS = ("d_x", "d_g_z")


class GanView(LiveView):
    tasks = ("gan",)
    min_interval = 0.1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gan_view")
        self.series = {k: Series() for k in LOSS_KEYS + PROB_KEYS}
        self.samples: np.ndarray | None = None
        self.sample_step = 0
        self.sample_updates = 0
        self._drawn: dict[str, int] = {}
        self.view, self.box, self.image = make_image_view(self)
        self.caption = QLabel(self)
        self.loss_plot = make_plot(self)
        self.prob_plot = make_plot(self)
        self.prob_plot.setXLink(self.loss_plot)
        self.loss_legend = make_legend(self)
        self.prob_legend = make_legend(self)
        self.curves = {}
        for i, key in enumerate(LOSS_KEYS):
            self.curves[key] = self.loss_plot.getPlotItem().plot(pen=curve_pen(i, 1.4))
        for i, key in enumerate(PROB_KEYS):
            self.curves[key] = self.prob_plot.getPlotItem().plot(pen=curve_pen(i + 3, 1.4))
        self.prob_plot.getPlotItem().setYRange(0, 1, padding=0.02)
        self.loss_range = StableRange(self.loss_plot, floor_zero=True)
        self.prob_range = StableRange(self.prob_plot)
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        left.addWidget(self.caption)
        right = QVBoxLayout()
        right.addWidget(self.loss_legend)
        right.addWidget(self.loss_plot, 1)
        right.addWidget(self.prob_legend)
        right.addWidget(self.prob_plot, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("GAN")

    def retranslate(self) -> None:
        fg = plot_colours()[1]
        self.loss_plot.getPlotItem().setTitle(self.tr("Losses"), color=fg, size="9pt")
        self.prob_plot.getPlotItem().setTitle(self.tr("Discriminator outputs"), color=fg, size="9pt")
        names = {"d_loss_real": self.tr("D on real"), "d_loss_fake": self.tr("D on fake"),
                 "g_loss": self.tr("G"), "d_x": "D(x)", "d_g_z": "D(G(z))"}
        colours = {key: PALETTE[i] for i, key in enumerate(LOSS_KEYS + PROB_KEYS)}
        self.loss_legend.setText(legend_html([(colours[k], "━", names[k]) for k in LOSS_KEYS]))
        self.prob_legend.setText(legend_html([(colours[k], "━", names[k]) for k in PROB_KEYS]))
        self._caption()

    def _caption(self) -> None:
        if self.samples is None:
            self.caption.setText(self.tr("Samples from a fixed noise batch appear after the first snapshot."))
        else:
            self.caption.setText(self.tr("%1 samples from the same noise, step %2")
                                 .replace("%1", str(len(self.samples))).replace("%2", str(self.sample_step)))

    def reset(self) -> None:
        for s in self.series.values():
            s.clear()
        self.samples = None
        self.sample_updates = 0
        self._drawn.clear()
        self.loss_range.reset()
        self.image.clear()
        self._caption()
        super().reset()

    def set_x_extent(self, last_step: int) -> None:
        self.loss_range.set_x_extent(last_step)
        self.prob_range.set_x_extent(last_step)

    def on_step(self, event) -> None:
        for key, series in self.series.items():
            values = event.values.get(key)
            if values:
                series.append(np.arange(event.first_step, event.first_step + len(values)), values)
                self.dirty = True

    def on_snapshot(self, event) -> None:
        samples = event.data.get("samples")
        if samples is not None and np.asarray(samples).ndim == 4:
            self.samples = np.asarray(samples)
            self.sample_step = event.step
            self.sample_updates += 1
            self.dirty = True

    def refresh(self) -> None:
        for key, curve in self.curves.items():
            s = self.series[key]
            if self._drawn.get(key) != s.version:
                self._drawn[key] = s.version
                curve.setData(s.xs, s.ys)
                if key in LOSS_KEYS and len(s):
                    self.loss_range.update(s.ys[-512:])
        if self.samples is not None and self._drawn.get("samples") != self.sample_updates:
            self._drawn["samples"] = self.sample_updates
            first = self.image.image is None
            self.image.setImage(mosaic(images_for_display(self.samples), 8, pad=2, pad_value=255),
                                levels=(0, 255), autoLevels=False)
            self.shown_step = self.sample_step
            if first:
                self.box.autoRange(padding=0.01)
            self._caption()
        super().refresh()

"""Autoencoder view: validation inputs and their reconstructions, pair by pair (images) or as curves."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .common import LiveView, curve_pen, images_for_display, make_image_view, make_plot, mosaic

PAIRS_PER_ROW = 8


def pairs_mosaic(inputs: np.ndarray, outputs: np.ndarray) -> np.ndarray:
    """Rows alternate: 8 inputs, then their 8 reconstructions, and so on (as uint8)."""
    a, b = images_for_display(inputs), images_for_display(outputs)
    rows = []
    for i in range(0, len(a), PAIRS_PER_ROW):
        rows += [a[i:i + PAIRS_PER_ROW], b[i:i + PAIRS_PER_ROW]]
    return mosaic(np.concatenate(rows), PAIRS_PER_ROW, pad=2, pad_value=255)


class AutoencoderView(LiveView):
    tasks = ("autoencode",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("autoencoder_view")
        self.inputs: np.ndarray | None = None
        self.outputs: np.ndarray | None = None
        self.step = 0
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.view, self.box, self.image = make_image_view(self)
        self.plot = make_plot(self)           # non-image data: input (thin) vs reconstruction (thick)
        self.in_curve = self.plot.getPlotItem().plot(pen=curve_pen(0, 1.0))
        self.out_curve = self.plot.getPlotItem().plot(pen=curve_pen(1, 2.0))
        self.plot.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.plot, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Reconstructions")

    def retranslate(self) -> None:
        if self.inputs is None:
            self.caption.setText(self.tr("Inputs and their reconstructions appear after the first snapshot."))
        else:
            self.caption.setText(self.tr("Odd rows: validation inputs; even rows: what the autoencoder gives back "
                                         "(step %1)").replace("%1", str(self.step)))

    def reset(self) -> None:
        self.inputs = self.outputs = None
        self.image.clear()
        self.retranslate()
        super().reset()

    def on_snapshot(self, event) -> None:
        rec = event.data.get("reconstructions")
        if rec:
            self.inputs, self.outputs = np.asarray(rec["input"]), np.asarray(rec["output"])
            self.step = event.step
            self.dirty = True

    def refresh(self) -> None:
        if self.inputs is not None:
            if self.inputs.ndim == 4:
                first = self.image.image is None
                self.image.setImage(pairs_mosaic(self.inputs, self.outputs), levels=(0, 255), autoLevels=False)
                if first:
                    self.box.autoRange(padding=0.01)
                self.view.show()
                self.plot.hide()
            else:
                x, y = self.inputs[0].ravel(), self.outputs[0].ravel()
                self.in_curve.setData(np.arange(len(x)), x)
                self.out_curve.setData(np.arange(len(y)), y)
                self.view.hide()
                self.plot.show()
            self.shown_step = self.step
            self.retranslate()
        super().refresh()

"""Filters view: a convolution layer's weights as an image grid (first conv by default), click one to enlarge."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .common import LiveView, make_image_view, mosaic, tile_at, to_uint8

MAX_FILTERS = 64
ENLARGED_CHANNELS = 16


def filter_tiles(weights: np.ndarray, limit: int = MAX_FILTERS) -> np.ndarray:
    """(out, in, kh, kw) or (out, in, k) weights -> (N, C, kh, kw) uint8 tiles with one fixed scale.

    RGB-input filters (in = 3) show in colour; others show their first input channel. The scale
    is symmetric around zero (mid-grey = 0), so a tile's brightness means the same in every tile
    and over time the picture changes only when the weights do.
    """
    w = np.asarray(weights, dtype=np.float32)[:limit]
    if w.ndim == 3:                      # Conv1d: (out, in, k) -> one-row images
        w = w[:, :, None, :]
    w = w if w.shape[1] == 3 else w[:, :1]
    bound = float(np.abs(w).max()) or 1.0
    return to_uint8(w, -bound, bound)


class FiltersView(LiveView):
    """Updates with every snapshot that carries ``filters``; the chooser lists every conv layer seen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filters_view")
        self.weights: dict[str, np.ndarray] = {}
        self.step = 0                        # the training step these weights are from
        self.layer: str | None = None
        self.selected: int | None = None
        self.shown_image: np.ndarray | None = None
        self._grid = (0, 1, 1, 1)            # n, ncol, h, w of the mosaic on screen
        self.chooser = QComboBox(self)
        self.chooser.currentIndexChanged.connect(self._layer_chosen)
        self.info = QLabel(self)
        self.view, self.box, self.image = make_image_view(self)
        self.big_view, self.big_box, self.big_image = make_image_view(self)
        self.image.mouseClickEvent = self._clicked      # pyqtgraph's hook for clicks on an item
        self.big_caption = QLabel(self)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addWidget(self.info, 1)
        right = QVBoxLayout()
        right.addWidget(self.big_view, 1)
        right.addWidget(self.big_caption)
        body = QHBoxLayout()
        body.addWidget(self.view, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addLayout(body, 1)
        self.retranslate()
        self.reset()

    def title(self) -> str:
        return self.tr("Filters")

    def retranslate(self) -> None:
        self.empty.setText(self.tr("The graph has no convolution layer, or training has not sent its weights yet."))
        self.big_caption.setText(self.tr("Click a filter to enlarge it."))

    def reset(self) -> None:
        self.weights = {}
        self.step = 0
        self.shown_image = None           # a new run never shows the last run's filters
        self.image.clear()
        self.big_image.clear()
        self.layer = None
        self.selected = None
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.blockSignals(False)
        self.empty.setVisible(True)
        super().reset()

    def on_snapshot(self, event) -> None:
        filters = event.data.get("filters")
        if not filters:
            return
        self.weights = dict(filters)
        self.step = event.step
        names = list(filters)
        if [self.chooser.itemData(i) for i in range(self.chooser.count())] != names:
            self.chooser.blockSignals(True)
            self.chooser.clear()
            for name in names:
                self.chooser.addItem(name, name)
            self.chooser.blockSignals(False)
            if self.layer not in names:
                self.layer = names[0]
            self.chooser.setCurrentIndex(names.index(self.layer))
        self.dirty = True

    @Slot(int)
    def _layer_chosen(self, _index: int) -> None:
        self.layer = self.chooser.currentData()
        self.selected = None
        self.dirty = True

    def choose(self, layer: str) -> None:
        i = self.chooser.findData(layer)
        if i >= 0:
            self.chooser.setCurrentIndex(i)

    def refresh(self) -> None:
        w = self.weights.get(self.layer) if self.layer else None
        self.empty.setVisible(w is None)
        if w is None and self.shown_image is not None:
            self.image.clear()
            self.big_image.clear()
            self.shown_image = self.shown_step = None
        if w is not None:
            tiles = filter_tiles(w)
            n, _, h, ww = tiles.shape
            ncol = int(np.ceil(np.sqrt(n)))
            self._grid = (n, ncol, h, ww)
            picture = mosaic(tiles, ncol, pad=1, pad_value=255)
            first = self.shown_image is None or self.shown_image.shape != picture.shape
            self.shown_image = picture
            self.image.setImage(picture, levels=(0, 255), autoLevels=False)
            self.shown_step = self.step
            if first:
                self.box.autoRange(padding=0.01)
            shape = "×".join(str(d) for d in w.shape)
            self.info.setText(self.tr("%1 filters, weights %2; grey = 0, light = positive, dark = negative")
                              .replace("%1", str(w.shape[0])).replace("%2", shape))
            self._show_enlarged(w)
        super().refresh()

    def _clicked(self, event) -> None:
        pos = event.pos()
        n, ncol, h, w = self._grid
        index = tile_at(pos.x(), pos.y(), n, ncol, h, w)
        if index is not None:
            self.enlarge(index)
            event.accept()

    def enlarge(self, index: int) -> None:
        """Show filter ``index`` of the current layer large, with up to 16 of its input channels."""
        self.selected = index
        self.dirty = True

    def _show_enlarged(self, w: np.ndarray) -> None:
        if self.selected is None or self.selected >= len(w):
            self.big_image.clear()
            return
        f = np.asarray(w[self.selected], dtype=np.float32)        # (in, kh, kw) or (in, k)
        if f.ndim == 2:
            f = f[:, None, :]
        bound = float(np.abs(f).max()) or 1.0
        channels = to_uint8(f[:ENLARGED_CHANNELS, None], -bound, bound)
        picture = mosaic(channels, pad=1, pad_value=255)
        self.big_image.setImage(picture, levels=(0, 255), autoLevels=False)
        self.big_box.autoRange(padding=0.02)
        self.big_caption.setText(self.tr("%1 filter %2: %3 input channel(s), values %4 … %5")
                                 .replace("%1", self.layer or "").replace("%2", str(self.selected))
                                 .replace("%3", str(f.shape[0])).replace("%4", f"{f.min():.3g}")
                                 .replace("%5", f"{f.max():.3g}"))

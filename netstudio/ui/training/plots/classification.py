"""Classification view: the validation confusion matrix and the most confidently wrong examples.

Both come with the engine's epoch-end snapshot (``confusion`` and ``wrong``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .common import LiveView, images_for_display, make_image_view, make_plot, plot_colours

GALLERY_COLUMNS = 4
MAX_LABELLED_CLASSES = 20


class ClassificationView(LiveView):
    tasks = ("classify",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classification_view")
        self.class_names: list[str] = []
        self.confusion: np.ndarray | None = None
        self.wrong: dict | None = None
        self.epoch = 0
        self.matrix_plot = make_plot(self)
        pi = self.matrix_plot.getPlotItem()
        pi.invertY(True)
        pi.setAspectLocked(True)
        pi.showGrid(False, False)
        self.matrix = pg.ImageItem(axisOrder="row-major")
        self.matrix.setColorMap(pg.colormap.get("viridis"))
        pi.addItem(self.matrix)
        self.cell_text: list[pg.TextItem] = []
        self.gallery_view, self.gallery_box, self.gallery = make_image_view(self)
        self.gallery_text: list[pg.TextItem] = []
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.gallery_caption = QLabel(self)
        self.gallery_caption.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.caption)
        left.addWidget(self.matrix_plot, 1)
        right = QVBoxLayout()
        right.addWidget(self.gallery_caption)
        right.addWidget(self.gallery_view, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Confusion")

    def retranslate(self) -> None:
        fg = plot_colours()[1]
        pi = self.matrix_plot.getPlotItem()
        pi.setLabel("left", self.tr("true class"), color=fg)
        pi.setLabel("bottom", self.tr("predicted class"), color=fg)
        if self.confusion is None:
            self.caption.setText(self.tr("The confusion matrix appears after the first epoch."))
        else:
            acc = np.trace(self.confusion) / max(self.confusion.sum(), 1)
            self.caption.setText(self.tr("Validation after epoch %1: %2 correct (the diagonal)")
                                 .replace("%1", str(self.epoch)).replace("%2", f"{acc:.1%}"))
        if not self.wrong or not len(self.wrong.get("true", [])):
            self.gallery_caption.setText(self.tr("The most confidently wrong validation examples appear here."))
        else:
            self.gallery_caption.setText(self.tr("Most confidently wrong: true → predicted (confidence)"))

    def set_class_names(self, names: list[str] | None) -> None:
        self.class_names = list(names or [])

    def name(self, index: int) -> str:
        return self.class_names[index] if index < len(self.class_names) else str(index)

    def reset(self) -> None:
        self.confusion = None
        self.wrong = None
        self.matrix.clear()
        self.gallery.clear()
        for item in self.cell_text + self.gallery_text:
            item.setVisible(False)
        self.retranslate()
        super().reset()

    def on_snapshot(self, event) -> None:
        if "confusion" in event.data:
            self.confusion = np.asarray(event.data["confusion"])
            self.epoch = event.epoch + 1 if event.epoch is not None else 0
            self.dirty = True
        if "wrong" in event.data:
            self.wrong = event.data["wrong"] or None
            self.dirty = True

    def on_test(self, event) -> None:
        pass   # the test split's results have their own view

    def refresh(self) -> None:
        if self.confusion is not None:
            self._draw_matrix(self.confusion)
        if self.wrong:
            self._draw_gallery(self.wrong)
        self.retranslate()
        super().refresh()

    def _draw_matrix(self, cm: np.ndarray) -> None:
        c = cm.shape[0]
        # row-normalised: each row shows where that true class went, whatever its size
        rows = cm / np.maximum(cm.sum(1, keepdims=True), 1)
        self.matrix.setImage(rows.astype(np.float32), levels=(0.0, 1.0), autoLevels=False)
        pi = self.matrix_plot.getPlotItem()
        ticks = [(i + 0.5, self.name(i)) for i in range(c)] if c <= MAX_LABELLED_CLASSES else None
        for axis in ("left", "bottom"):
            pi.getAxis(axis).setTicks([ticks] if ticks else None)
        if c <= MAX_LABELLED_CLASSES:
            while len(self.cell_text) < c * c:
                item = pg.TextItem(anchor=(0.5, 0.5))
                pi.addItem(item)
                self.cell_text.append(item)
            for i in range(c):
                for j in range(c):
                    item = self.cell_text[i * c + j]
                    item.setText(str(int(cm[i, j])))
                    item.setColor("#000000" if rows[i, j] > 0.6 else "#ffffff")
                    item.setPos(j + 0.5, i + 0.5)
                    item.setVisible(True)
            for item in self.cell_text[c * c:]:
                item.setVisible(False)
        pi.setRange(xRange=(0, c), yRange=(0, c), padding=0.02)

    def _draw_gallery(self, wrong: dict) -> None:
        images = wrong.get("images")
        true, pred, conf = wrong.get("true", []), wrong.get("pred", []), wrong.get("confidence", [])
        if images is None or not len(true) or np.asarray(images).ndim != 4:
            return
        tiles = images_for_display(images)
        n, c, h, w = tiles.shape
        # cells wider than the images, so the label under each ("7→2 (97%)") has room
        cell_w, cell_h = 3 * w, h + h // 2 + 4
        rows = -(-n // GALLERY_COLUMNS)
        bg = 255 if plot_colours()[0] == "#ffffff" else 32
        picture = np.full((rows * cell_h, GALLERY_COLUMNS * cell_w, c), bg, np.uint8)
        for i in range(n):
            r, q = divmod(i, GALLERY_COLUMNS)
            y, x = r * cell_h + 2, q * cell_w + w
            picture[y:y + h, x:x + w] = tiles[i].transpose(1, 2, 0)
        picture = picture[..., 0] if c == 1 else picture
        first = self.gallery.image is None
        self.gallery.setImage(picture, levels=(0, 255), autoLevels=False)
        fg = plot_colours()[1]
        while len(self.gallery_text) < n:
            item = pg.TextItem(color=fg, anchor=(0.5, 0.0))
            self.gallery_box.addItem(item)
            self.gallery_text.append(item)
        for i in range(n):
            r, q = divmod(i, GALLERY_COLUMNS)
            item = self.gallery_text[i]
            item.setText(f"{self.name(int(true[i]))}→{self.name(int(pred[i]))} ({conf[i]:.0%})")
            item.setPos(q * cell_w + 1.5 * w, r * cell_h + h + 1)
            item.setVisible(True)
        for item in self.gallery_text[n:]:
            item.setVisible(False)
        if first:
            self.gallery_box.autoRange(padding=0.01)

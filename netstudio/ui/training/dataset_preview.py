"""The training panel's "Show samples": a few training samples and their labels, as the data loader sees them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

PREVIEW_COUNT = 16


class DatasetPreview(QWidget):
    """A few training samples and their labels (images as a grid, 2-D points as a scatter, text as lines).

    The picture (a pyqtgraph view) is made at the first preview: importing pyqtgraph and numpy is
    kept off the window's first paint.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = self.box = self.image = self.scatter = None   # made by ``_ensure_view``
        self.labels: list = []
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(140)
        self.text.hide()
        self._layout_box = QVBoxLayout(self)
        self._layout_box.setContentsMargins(0, 0, 0, 0)
        self._layout_box.addWidget(self.text)
        self.shown_kind: str | None = None
        self.shown_labels: list[str] = []
        self.shown_counts: dict[str, int] = {}

    def _ensure_view(self) -> None:
        if self.view is not None:
            return
        import pyqtgraph as pg

        from .plots.common import make_image_view

        self.view, self.box, self.image = make_image_view(self)
        self.view.setMinimumHeight(150)
        self.scatter = pg.ScatterPlotItem(size=4, pen=None)
        self.box.addItem(self.scatter)
        self.view.hide()
        self._layout_box.insertWidget(0, self.view)

    def show_preview(self, preview: dict) -> None:
        """Show what ``netstudio.training.datasets.preview_samples`` returned."""
        import numpy as np
        import pyqtgraph as pg

        from .plots.common import PALETTE, images_for_display, mosaic, plot_colours

        self._ensure_view()
        kind = preview["kind"]
        self.shown_kind = kind
        labels = [str(v) for v in preview.get("labels", [])]
        self.shown_labels = labels
        self.shown_counts = dict(preview.get("counts") or {})
        for item in self.labels:
            item.setVisible(False)
        if kind == "image":
            images = images_for_display(preview["x"][:PREVIEW_COUNT])
            n, _, h, w = images.shape
            metrics = QFontMetrics(self.font())
            widest = max((metrics.horizontalAdvance(t) for t in labels[:n]), default=0) + 6
            fits = [c for c in (8, 6, 4, 3, 2) if self._layout(c, n, h, w)[1] >= widest]   # long class names:
            ncol = min(fits[0] if fits else 2, n)                                             # fewer columns
            height, cell = self._layout(ncol, n, h, w)
            self.view.setMinimumHeight(int(height))
            self.image.setImage(mosaic(images, ncol, pad=12, pad_value=255 if not _dark() else 32)[:, :],
                                levels=(0, 255))
            self.image.setVisible(True)
            self.scatter.setVisible(False)
            fg = plot_colours()[1]
            while len(self.labels) < n:
                item = pg.TextItem(color=fg, anchor=(0.5, 0.0))
                self.box.addItem(item)
                self.labels.append(item)
            cell = max(24, cell - 4)   # still too long: cut ("crosse…"), never overlapping
            for i in range(n):
                r, q = divmod(i, ncol)
                item = self.labels[i]
                text = labels[i] if i < len(labels) else ""
                item.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(cell)))
                item.setToolTip(text)
                item.setPos(12 + q * (w + 12) + w / 2, 12 + r * (h + 12) + h - 1)
                item.setVisible(True)
            self.box.autoRange(padding=0.02)
            self.view.show()
            self.text.hide()
        elif kind == "points" and preview["x"].ndim == 2 and preview["x"].shape[1] == 2:
            pts = preview["x"]
            raw = preview.get("labels", [])
            brushes = [pg.mkBrush(PALETTE[hash(str(v)) % len(PALETTE)] if not isinstance(v, int) else
                                  PALETTE[v % len(PALETTE)]) for v in raw] if raw else None
            names = preview.get("class_names") or []
            if raw and names:
                brushes = [pg.mkBrush(PALETTE[names.index(v) % len(PALETTE)] if v in names else PALETTE[0])
                           for v in raw]
            self.image.setVisible(False)
            self.scatter.setData(pts[:, 0], -pts[:, 1], brush=brushes)   # the view's y points down
            self.scatter.setVisible(True)
            self.box.autoRange(padding=0.05)
            self.view.show()
            self.text.hide()
        elif kind == "table":
            columns = preview.get("columns") or []
            rows = [", ".join(f"{v:g}" for v in row) for row in np.asarray(preview["x"])[:PREVIEW_COUNT]]
            head = ", ".join(columns) + "  →  " + self.tr("target") if columns else ""
            lines = [f"{row}  →  {lab}" for row, lab in zip(rows, labels + [""] * len(rows))]
            self.text.setPlainText("\n".join([head] + lines if head else lines))
            self.text.show()
            self.view.hide()
        else:
            lines = preview.get("text") or [np.array2string(np.asarray(r), precision=3, threshold=12)
                                             for r in preview["x"][:PREVIEW_COUNT]]
            rows = [f"{line!r}  →  {lab}" if i < len(labels) else repr(line) for i, (line, lab) in
                    enumerate(zip(lines, labels + [""] * len(lines)))]
            self.text.setPlainText("\n".join(rows[:PREVIEW_COUNT]))
            self.text.show()
            self.view.hide()


    def _layout(self, ncol: int, n: int, h: int, w: int) -> tuple[float, float]:
        """(view height, screen width of one image cell) for a mosaic of ``n`` images in ``ncol`` columns.

        The view is as tall as the mosaic needs at the panel's width (150 to 360 px); the mosaic is
        scaled to fit both ways, so the cell width is what a label under an image can use.
        """
        width = max(self.width(), 100)    # the view itself may not be laid out yet
        img_w = ncol * (w + 12) + 12
        img_h = -(-n // ncol) * (h + 12) + 12
        height = min(max(width * img_h / img_w, 150), 360)
        scale = min(width / img_w, height / img_h)
        return height, scale * (w + 12)

    def summary_text(self, preview: dict) -> str:
        """"cats: 12 · dogs: 10 (22 samples in all)", or the range of a regression target."""
        size = preview.get("size")
        counts = preview.get("counts") or {}
        if counts:
            parts = " · ".join(f"{name}: {n:,}" for name, n in counts.items())
            return self.tr("%1 (%2 samples in all)").replace("%1", parts).replace("%2", f"{size:,}")
        if preview.get("target_range"):
            lo, hi = preview["target_range"]
            return self.tr("Targets from %1 to %2 (%3 samples in all)").replace("%1", f"{lo:g}").replace(
                "%2", f"{hi:g}").replace("%3", f"{size:,}")
        return self.tr("%1 samples in all").replace("%1", f"{size:,}") if size else ""


def _dark() -> bool:
    from .plots.common import plot_colours

    return plot_colours()[0] != "#ffffff"

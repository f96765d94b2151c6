"""Try it: the trained model on an input the user gives, in the form the task takes.

Image classifiers: draw with the mouse or drop an image file. Text classifiers: type a sentence and
see the class probabilities. Next-character models: type a prompt and read the continuation. 2-D
point classifiers: click the plane and see the class (and the class regions). Tasks it cannot serve
(regression, autoencoders, GANs) do not show the tab at all.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSizePolicy, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from netstudio.training.try_it_modes import DATASET_KINDS, try_it_mode

from .common import PALETTE, LiveView, make_plot
from .try_it_inputs import PAD_SIZE, REGION_GRID, DrawPad, PointPlane, fit_drawing, qimage_to_array

__all__ = ["TryItView", "DrawPad", "PointPlane", "fit_drawing", "qimage_to_array", "PAD_SIZE"]

PAGES = {"image": 0, "reconstruct": 0, "text": 1, "chars": 2, "points": 3}   # the form of each mode
RECON_SIZE = 196


class TryItView(LiveView):
    """Enabled after training; uses the trained model in memory (``set_model`` / ``offer``)."""

    tasks = ("classify", "next_char", "autoencode")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("try_it_view")
        self.model = None
        self.meta: dict = {}
        self.mode: str | None = None
        self.probs: np.ndarray | None = None
        self.continuation: str | None = None
        self.pages = QStackedWidget(self)
        # image: draw or drop
        self.pad = DrawPad(self)
        self.pad.drawn.connect(self.predict_drawing)
        self.pad.file_dropped.connect(self.predict_file)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear)
        image_page = QWidget(self)
        column = QVBoxLayout(image_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pad)
        column.addWidget(self.clear_button)
        column.addStretch(1)
        # text: type a sentence
        self.text_edit = QLineEdit(self)
        self.text_edit.textChanged.connect(self.predict_text)
        text_page = QWidget(self)
        column = QVBoxLayout(text_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text_edit)
        column.addStretch(1)
        # chars: a prompt and its continuation
        self.prompt_edit = QLineEdit(self)
        self.prompt_edit.returnPressed.connect(self.predict_chars)
        self.length_box = QSpinBox(self)
        self.length_box.setRange(1, 2000)
        self.length_box.setValue(200)
        self.temperature_box = QDoubleSpinBox(self)
        self.temperature_box.setRange(0.05, 3.0)
        self.temperature_box.setSingleStep(0.1)
        self.temperature_box.setValue(0.8)
        self.continue_button = QPushButton(self)
        self.continue_button.clicked.connect(self.predict_chars)
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        chars_page = QWidget(self)
        form = QFormLayout()
        self.prompt_label, self.length_label, self.temperature_label = QLabel(self), QLabel(self), QLabel(self)
        form.addRow(self.prompt_label, self.prompt_edit)
        form.addRow(self.length_label, self.length_box)
        form.addRow(self.temperature_label, self.temperature_box)
        column = QVBoxLayout(chars_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.continue_button)
        column.addWidget(self.output, 1)
        # points: click the plane
        self.plane = PointPlane(self)
        self.plane.clicked.connect(self.predict_point)
        for page in (image_page, text_page, chars_page, self.plane):
            self.pages.addWidget(page)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        font = self.result.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.result.setFont(font)
        self.plot = make_plot(self)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush("#1f77b4"))
        self.plot.getPlotItem().addItem(self.bars)
        self.plot.getPlotItem().setYRange(0, 1)
        right = QVBoxLayout()
        right.addWidget(self.hint)
        right.addWidget(self.result)
        right.addWidget(self.plot, 1)
        self.recon = QLabel(self)                 # an autoencoder's reconstruction of the drawing
        self.recon.setFixedSize(RECON_SIZE, RECON_SIZE)
        self.recon.setStyleSheet("background: black;")
        self.reconstruction: np.ndarray | None = None
        right.addWidget(self.recon, 0, Qt.AlignmentFlag.AlignLeft)   # aligned: the column may grow past it
        right.addStretch(0)      # takes the room only while the plot is hidden (next characters)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(2, 2, 2, 2)
        self.layout_.addWidget(self.pages, 1)
        self.layout_.addLayout(right, 1)
        self.retranslate()
        self.set_model(None, {})

    def title(self) -> str:
        return self.tr("Try it")

    # ----- which form -----
    @staticmethod
    def serves(task_kind: str, dataset: str) -> bool:
        """Whether the tab is shown for this task and dataset before training (a CSV decides after it)."""
        return try_it_mode(task_kind, DATASET_KINDS.get(dataset)) is not None

    def offer(self, trainer) -> bool:
        """Take the model of a finished run when the task has a Try-it form; True when it has one."""
        task, data = getattr(trainer, "task", None), getattr(trainer, "data", None)
        if task is None or data is None or "model" not in getattr(task, "modules", {}):
            self.set_model(None, {})
            return False
        from netstudio.training import predict

        meta = predict.try_it_meta(trainer.task_cfg, data)
        if meta["mode"] is None:
            self.set_model(None, {})
            return False
        self.set_model(task.modules["model"], meta)
        return True

    def set_model(self, model, meta: dict) -> None:
        """``meta``: ``predict.try_it_meta`` (class_names, mean, std, sample_shape, vocab, mode, ...).

        Without a ``mode``, a (C, H, W) sample shape means an image classifier.
        """
        self.model = model
        self.meta = dict(meta or {})
        mode = self.meta.get("mode")
        if mode is None and len(self.meta.get("sample_shape") or ()) == 3:
            mode = "image"
        self.mode = mode if model is not None else None
        self.probs = None
        self.continuation = None
        self.result.setText("")
        shown = self.mode or (self.meta.get("mode") or "image")
        self.pages.setCurrentIndex(PAGES.get(shown, 0))
        for i in range(self.pages.count()):   # only the form shown asks for room (the pad's 224 px, ...)
            policy = QSizePolicy.Policy.Preferred if i == self.pages.currentIndex() else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        for widget in (self.pad, self.clear_button, self.text_edit, self.prompt_edit, self.length_box,
                       self.temperature_box, self.continue_button, self.plane):
            widget.setEnabled(model is not None)
        self.plot.setVisible(self.mode not in ("chars", "reconstruct"))
        self.recon.setVisible(self.mode == "reconstruct")
        self.recon.clear()
        self.reconstruction = None
        if self.mode == "chars":
            self.length_box.setValue(min(int(self.meta.get("generate_length") or 200), 2000))
            self.temperature_box.setValue(float(self.meta.get("temperature") or 0.8))
            if not self.prompt_edit.text():
                self.prompt_edit.setText(self.meta.get("prompt") or "")
        if self.mode == "points":
            self._draw_regions()
        else:
            self.plane.clear()
        self.retranslate()
        self.dirty = True

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.continue_button.setText(self.tr("Continue the text"))
        self.prompt_label.setText(self.tr("Prompt"))
        self.length_label.setText(self.tr("Characters"))
        self.temperature_label.setText(self.tr("Temperature"))
        self.text_edit.setPlaceholderText(self.tr("Type a sentence…"))
        self.prompt_edit.setPlaceholderText(self.tr("Type the start of a text…"))
        hints = {
            "image": self.tr("Draw with the mouse (white on black) or drop an image file on the pad."),
            "reconstruct": self.tr("Draw with the mouse or drop an image file: below is what the autoencoder "
                                   "rebuilds from its code."),
            "text": self.tr("Type a sentence: the model reads it as it read its training windows (a short "
                            "sentence is repeated to fill the window) and gives each class's probability."),
            "chars": self.tr("Type a prompt and press Enter: the model writes the next characters one at a time. "
                             "A lower temperature gives safer, more repetitive text."),
            "points": self.tr("Click anywhere on the plane: the model names the class of that point. The colours "
                              "show the class it picks everywhere (pale where it is unsure)."),
        }
        if self.model is None:
            self.hint.setText(self.tr("After training a classifier of images, texts or 2-D points, or a "
                                      "next-character model, try the trained model here on your own input."))
        else:
            self.hint.setText(hints.get(self.mode, ""))

    def clear(self) -> None:
        self.pad.clear()
        self.probs = None
        self.result.setText("")
        self.dirty = True

    # ----- image -----
    def predict_drawing(self) -> np.ndarray | None:
        if self.model is None or self.mode not in ("image", "reconstruct"):
            return None
        c, h, w = self.meta["sample_shape"]
        grey = fit_drawing(self.pad.array(), (h, w))
        return self._answer(np.repeat(grey[None], c, 0))

    def predict_file(self, path: str) -> np.ndarray | None:
        if self.model is None or self.mode not in ("image", "reconstruct"):
            return None
        from netstudio.core.errors import NetStudioError
        from netstudio.training.datasets.image_folder import load_image

        c, h, w = self.meta["sample_shape"]
        try:
            image = load_image(path, c, (h, w))
        except NetStudioError as exc:
            self.result.setText(str(exc))
            return None
        # show the file on the pad so the user sees what was classified
        grey = image.mean(0).astype(np.uint8)
        pic = QImage(np.ascontiguousarray(grey).data, w, h, w, QImage.Format.Format_Grayscale8)
        self.pad.image = pic.scaled(PAD_SIZE, PAD_SIZE).convertToFormat(QImage.Format.Format_Grayscale8)
        self.pad.update()
        return self._answer(image)

    def _answer(self, image: np.ndarray) -> np.ndarray:
        return self.reconstruct(image) if self.mode == "reconstruct" else self.predict(image)

    def reconstruct(self, image: np.ndarray) -> np.ndarray:
        """The autoencoder's (C, H, W) output in [0, 1] for one (C, H, W) uint8 image, shown beside the pad."""
        from PySide6.QtGui import QPixmap

        from netstudio.training import predict

        out = predict.reconstruct_image(self.model, self.meta, image)
        pixels = np.ascontiguousarray((out.transpose(1, 2, 0) * 255).round().astype(np.uint8))
        h, w, c = pixels.shape
        if c == 3:
            pic = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        else:
            pic = QImage(np.ascontiguousarray(pixels[:, :, 0]).data, w, h, w, QImage.Format.Format_Grayscale8)
        self.recon.setPixmap(QPixmap.fromImage(pic.scaled(RECON_SIZE, RECON_SIZE)))
        self.reconstruction = out
        self.result.setText(self.tr("Reconstruction"))
        return out

    def predict(self, image: np.ndarray) -> np.ndarray:
        """Class probabilities for one (C, H, W) uint8 image, normalised as the training data was."""
        from netstudio.training import predict

        return self._show_probs(predict.classify_image(self.model, self.meta, image))

    # ----- text -----
    def predict_text(self, text: str | None = None) -> np.ndarray | None:
        if self.model is None or self.mode != "text":
            return None
        from netstudio.training import predict

        probs = predict.classify_text(self.model, self.meta, self.text_edit.text() if text is None else text)
        if probs is None:
            self.probs = None
            self.result.setText("")
            self.dirty = True
            return None
        return self._show_probs(probs)

    # ----- next characters -----
    def predict_chars(self, prompt: str | None = None, length: int | None = None,
                      temperature: float | None = None, seed: int | None = None) -> str | None:
        if self.model is None or self.mode != "chars":
            return None
        prompt = self.prompt_edit.text() if prompt is None or isinstance(prompt, bool) else prompt
        from netstudio.training import predict

        text = predict.continue_text(self.model, self.meta, prompt, length or self.length_box.value(),
                                     temperature or self.temperature_box.value(), seed)
        self.continuation = text
        self._show_continuation(prompt, text)
        self.result.setText(self.tr("%1 characters written after the prompt").replace("%1", str(len(text))))
        return text

    def _show_continuation(self, prompt: str, text: str) -> None:
        """The prompt in grey, the model's characters in bold after it."""
        from PySide6.QtGui import QTextCharFormat, QTextCursor

        self.output.clear()
        cursor = self.output.textCursor()
        given, written = QTextCharFormat(), QTextCharFormat()
        given.setForeground(self.palette().placeholderText())
        written.setFontWeight(700)
        cursor.insertText(prompt, given)
        cursor.insertText(text, written)
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.output.setTextCursor(cursor)

    # ----- points -----
    def predict_point(self, x: float, y: float) -> int | None:
        if self.model is None or self.mode != "points":
            return None
        from netstudio.training import predict

        probs = predict.classify_points(self.model, self.meta, np.array([[x, y]], np.float32))[0]
        self._show_probs(probs)
        best = int(probs.argmax())
        self.plane.mark(x, y, best)
        return best

    def _draw_regions(self) -> None:
        (x0, x1), (y0, y1) = self.meta["extent"]
        xs, ys = np.linspace(x0, x1, REGION_GRID), np.linspace(y0, y1, REGION_GRID)
        gx, gy = np.meshgrid(xs, ys)
        grid = np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32)
        from netstudio.training import predict

        probs = predict.classify_points(self.model, self.meta, grid).reshape(REGION_GRID, REGION_GRID, -1)
        self.plane.show_data(self.meta["extent"], probs, self.meta.get("points"), self.meta.get("labels"))

    # ----- the answer -----
    def _show_probs(self, probs: np.ndarray) -> np.ndarray:
        self.probs = probs
        names = self.class_names()
        best = int(probs.argmax())
        self.result.setText(self.tr("Prediction: %1 (%2)").replace("%1", names[best])
                            .replace("%2", f"{probs[best]:.0%}"))
        self.dirty = True
        return probs

    def class_names(self) -> list[str]:
        names = self.meta.get("class_names") or []
        n = len(self.probs) if self.probs is not None else len(names)
        return [names[i] if i < len(names) else str(i) for i in range(n)]

    def refresh(self) -> None:
        if self.probs is None:
            self.bars.setOpts(x=[], height=[])
        else:
            names = self.class_names()
            colours = PALETTE if self.mode == "points" else ["#1f77b4"]    # points: the regions' colours
            self.bars.setOpts(x=np.arange(len(self.probs)), height=self.probs, width=0.7,
                              brushes=[pg.mkBrush(colours[i % len(colours)]) for i in range(len(self.probs))])
            if len(names) <= 30:
                self.plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        super().refresh()

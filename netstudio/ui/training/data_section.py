"""The "Data" group of the training panel: dataset, the user's own files, split, normalisation,
augmentation (rare ones under "Advanced") and the sample preview with class counts.

Edits go through the panel's ``edit``/``push`` so every change is one undoable ``SetSection``. A file or
folder dropped anywhere on the panel becomes the dataset (csv or image_folder).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QPushButton, \
    QSpinBox

from netstudio.core.errors import NetStudioError
from netstudio.training.config import MAX_CROP_PADDING, SPLIT_DEFAULTS, DataConfig

from .data_advanced import DataAdvanced
from .data_source import DataSource, dropped_path
from .dataset_preview import PREVIEW_COUNT, DatasetPreview

IMAGE_DATASETS = {"mnist", "fashion_mnist", "cifar10", "mnist10k", "image_folder", "shapes"}
NORMALIZE = ("auto", "none", "custom")


def _select(box: QComboBox, value) -> None:
    i = box.findData(value)
    if i < 0 and value is not None:
        box.addItem(str(value), value)   # a value the project holds that the list lacks stays visible
        i = box.count() - 1
    box.setCurrentIndex(i)               # -1 (no dataset): the box shows its "choose a dataset" placeholder


class DataSection(QGroupBox):
    """Shows and edits ``project.data``; ``panel`` is the TrainingPanel that owns the document."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form = QFormLayout(self)
        from netstudio.training.dataset_names import DATASET_IDS  # torch-free: the window starts before torch

        self.dataset = QComboBox(self)
        for d in DATASET_IDS:
            self.dataset.addItem(d, d)
        self.source = DataSource(self)
        self.val_split = self._fraction()
        self.test_split = self._fraction()
        self.normalize = QComboBox(self)
        for value in NORMALIZE:
            self.normalize.addItem(value, value)
        self.rotation = QSpinBox(self)
        self.rotation.setRange(0, 180)
        self.rotation.setSuffix("°")
        self.crop = QSpinBox(self)
        self.crop.setRange(0, min(MAX_CROP_PADDING, 64))
        self.flip = QCheckBox(self)
        self.advanced = DataAdvanced(self)
        self.preview_button = QPushButton(self)
        self.preview_button.clicked.connect(self.show_preview)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = DatasetPreview(self)
        self.form.addRow(QLabel(self), self.dataset)
        self.form.addRow(self.source)
        for w in (self.val_split, self.test_split, self.normalize, self.rotation, self.crop, self.flip):
            self.form.addRow(QLabel(self), w)
        self.form.addRow(self.advanced)
        self.form.addRow(self.preview_button)
        self.form.addRow(self.counts)
        self.form.addRow(self.preview)
        self.counts.hide()
        self._document = None
        self._wire()
        self.setAcceptDrops(True)
        panel.setAcceptDrops(True)      # a file or folder dropped anywhere on the panel lands here
        panel.installEventFilter(self)

    def _fraction(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(0.0, 0.9)
        box.setDecimals(3)
        box.setSingleStep(0.05)
        return box

    def labels(self) -> dict:
        return {self.dataset: self.tr("Dataset"), self.val_split: self.tr("Validation share"),
                self.test_split: self.tr("Test share"), self.normalize: self.tr("Normalisation"),
                self.rotation: self.tr("Random rotation"), self.crop: self.tr("Random crop padding"),
                self.flip: self.tr("Horizontal flips")}

    def retranslate(self) -> None:
        self.setTitle(self.tr("Data"))
        self.dataset.setPlaceholderText(self.tr("choose a dataset"))
        self.dataset.setToolTip(self.tr("A built-in dataset, or csv / image_folder for your own files (drop a "
                                        "CSV file or a folder of class folders on this panel)."))
        self.rotation.setSpecialValueText(self.tr("off"))
        self.crop.setSpecialValueText(self.tr("off"))
        self.preview_button.setText(self.tr("Show samples"))
        self.normalize.setItemText(0, self.tr("automatic"))
        self.normalize.setItemText(1, self.tr("none"))
        self.normalize.setItemText(2, self.tr("custom mean and std"))
        self.normalize.setToolTip(self.tr("automatic: the dataset's usual mean and std (your own data: those of its "
                                          "training split); none: the values as stored; custom: type a mean and a "
                                          "std per channel under Advanced."))
        self.source.retranslate()
        self.advanced.retranslate()

    def _set_row(self, widget, visible: bool) -> None:
        if self.form.indexOf(widget) >= 0:
            self.form.setRowVisible(widget, visible)

    def load(self, data: dict) -> None:
        """Show ``project.data`` (the panel holds its loading flag while this runs)."""
        self._follow_document()
        dataset = data.get("dataset") or None
        _select(self.dataset, dataset)
        split = data.get("split") or {}
        self.val_split.setValue(float(split.get("val", SPLIT_DEFAULTS["val"])))
        self.test_split.setValue(float(split.get("test", SPLIT_DEFAULTS["test"])))
        norm = data.get("normalize", DataConfig().normalize)
        _select(self.normalize, "custom" if isinstance(norm, dict) else ("none" if norm is None else norm))
        aug = data.get("augment") or {}
        self.rotation.setValue(int(aug.get("rotation", 0) or 0))
        crop = aug.get("random_crop", 0)
        self.crop.setValue(int(crop.get("padding", 4) if isinstance(crop, dict) else (crop or 0)))
        self.flip.setChecked(aug.get("horizontal_flip", False) not in (None, False, 0))
        images = dataset in IMAGE_DATASETS or dataset is None
        for w in (self.rotation, self.crop, self.flip):
            self._set_row(w, images)       # augmentation works on images only (the engine refuses it elsewhere)
        self.source.load(data)
        self.advanced.load(data, images)

    def _follow_document(self) -> None:
        """Graph edits (the Input's shape) change the image size shown: listen to the panel's document."""
        doc = self.panel.document
        if doc is self._document:
            return
        if self._document is not None:
            try:
                self._document.inferred.disconnect(self._graph_changed)
            except (RuntimeError, TypeError):
                pass
        self._document = doc
        if doc is not None:
            doc.inferred.connect(self._graph_changed)

    @Slot(str)
    def _graph_changed(self, _graph: str) -> None:
        self.source.refresh_image_info()

    def problem(self) -> str:
        """What a look at the user's files shows is wrong with ``project.data`` ("" when nothing)."""
        project = self.panel.project
        if project is None or (project.data or {}).get("dataset") not in ("csv", "image_folder"):
            return ""     # the built-in datasets need no look at files (and torch stays unimported here)
        from netstudio.training.datasets.validate import quick_problem

        _, _, shape = self.source.input_node()
        return quick_problem(project.data or {}, project.path, tuple(shape) if shape else None)

    def _wire(self) -> None:
        edit = self.panel.edit
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self.val_split.valueChanged.connect(self._split_changed)
        self.test_split.valueChanged.connect(self._split_changed)
        self.normalize.currentIndexChanged.connect(self._normalize_changed)
        self.rotation.valueChanged.connect(lambda v: edit("data", ("augment", "rotation"), v or None,
                                                          self.tr("Set random rotation"), "rotation"))
        self.crop.valueChanged.connect(lambda v: edit("data", ("augment", "random_crop"), v or None,
                                                      self.tr("Set random crop"), "crop"))
        self.flip.toggled.connect(lambda on: edit("data", ("augment", "horizontal_flip"), True if on else None,
                                                  self.tr("Set horizontal flips")))

    def _dataset_changed(self, _i: int) -> None:
        project = self.panel.project
        if self.panel.loading or project is None or self.dataset.currentData() is None:
            return
        data = copy.deepcopy(project.data or {})
        if data.get("dataset") != self.dataset.currentData():
            data["dataset"] = self.dataset.currentData()
            data.pop("options", None)     # options belong to one dataset
            if data["dataset"] not in IMAGE_DATASETS:
                data.pop("augment", None)
        self.panel.push("data", data, self.tr("Set the dataset"))
        if data["dataset"] in ("csv", "image_folder") and not (data.get("options") or {}).get("path"):
            self.source.path.setFocus()   # the next thing to do: choose the file (the problem line says so)

    def _split_changed(self, _v: float) -> None:
        val, test = round(self.val_split.value(), 4), round(self.test_split.value(), 4)
        self.panel.edit("data", ("split",), {"val": val, "test": test}, self.tr("Set the split"), "split")

    def _normalize_changed(self, _i: int) -> None:
        if self.panel.loading or self.panel.project is None:
            return
        kind = self.normalize.currentData()
        if kind == "custom":
            current = (self.panel.project.data or {}).get("normalize")
            if isinstance(current, dict):
                return
            # a neutral start (mean 0, std 1 changes nothing) that the user then types over
            _, _, shape = self.source.input_node()
            channels = shape[0] if shape and len(shape) == 3 else 1
            value = {"mean": [0.0] * channels, "std": [1.0] * channels}
            self.advanced.set_open(True)
        else:
            value = None if kind == DataConfig().normalize else kind
        self.panel.edit("data", ("normalize",), value, self.tr("Set the normalisation"))

    # ----- drops -----
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            return self.accept_drag(event)
        if kind == QEvent.Type.Drop:
            return self.accept_drop(event)
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event) -> None:
        self.accept_drag(event)

    def dragMoveEvent(self, event) -> None:
        self.accept_drag(event)

    def dropEvent(self, event) -> None:
        self.accept_drop(event)

    def accept_drag(self, event) -> bool:
        ok = (self.panel.project is not None and self.panel.isEnabled()
              and dropped_path(event.mimeData().urls()) is not None)
        if ok:
            event.acceptProposedAction()
        else:
            event.ignore()
        return ok

    def accept_drop(self, event) -> bool:
        if self.panel.project is None or not self.panel.isEnabled():
            event.ignore()
            return False
        event.acceptProposedAction()
        return self.source.drop(event.mimeData().urls())

    # ----- preview -----
    @Slot()
    def show_preview(self) -> bool:
        """Load a few samples of the chosen dataset and show them with the class counts; a problem goes to
        the panel's problem line."""
        project = self.panel.project
        if project is None:
            return False
        problem = self.panel.check()
        if problem:
            return False
        from PySide6.QtGui import QGuiApplication

        from netstudio.training.datasets import preview_samples

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = preview_samples(project, PREVIEW_COUNT)
        except NetStudioError as exc:
            self.panel.show_problem(str(exc))
            return False
        except (OSError, ValueError, RuntimeError, MemoryError) as exc:   # a file the loaders did not foresee
            self.panel.show_problem(self.tr("Cannot read the samples: %1").replace(
                "%1", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.preview.show_preview(preview)
        self.counts.setText(self.preview.summary_text(preview))
        self.counts.setVisible(bool(self.counts.text()))
        return True

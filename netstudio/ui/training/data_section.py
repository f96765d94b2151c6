"""The "Data" group of the training panel: dataset, split, augmentation and the sample preview.

Its own file because the data settings grow per dataset (paths, columns, image options); edits go
through the panel's ``edit``/``push`` so every change is one undoable ``SetSection``.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QPushButton, \
    QSpinBox

from netstudio.core.errors import NetStudioError
from netstudio.training.config import SPLIT_DEFAULTS

from .dataset_preview import PREVIEW_COUNT, DatasetPreview


def _select(box: QComboBox, value) -> None:
    i = box.findData(value)
    if i < 0 and value is not None:
        box.addItem(str(value), value)   # a value the project holds that the list lacks stays visible
        i = box.count() - 1
    box.setCurrentIndex(max(i, 0))


class DataSection(QGroupBox):
    """Shows and edits ``project.data``; ``panel`` is the TrainingPanel that owns the document."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form = QFormLayout(self)
        from netstudio.training.datasets import dataset_ids

        self.dataset = QComboBox(self)
        for d in dataset_ids():
            self.dataset.addItem(d, d)
        self.val_split = self._fraction()
        self.test_split = self._fraction()
        self.rotation = QSpinBox(self)
        self.rotation.setRange(0, 180)
        self.rotation.setSuffix("°")
        self.crop = QSpinBox(self)
        self.crop.setRange(0, 16)
        self.flip = QCheckBox(self)
        self.preview_button = QPushButton(self)
        self.preview_button.clicked.connect(self.show_preview)
        self.preview = DatasetPreview(self)
        for w in (self.dataset, self.val_split, self.test_split, self.rotation, self.crop, self.flip):
            self.form.addRow(QLabel(self), w)
        self.form.addRow(self.preview_button)
        self.form.addRow(self.preview)
        self._wire()

    def _fraction(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(0.0, 0.9)
        box.setDecimals(3)
        box.setSingleStep(0.05)
        return box

    def labels(self) -> dict:
        return {self.dataset: self.tr("Dataset"), self.val_split: self.tr("Validation share"),
                self.test_split: self.tr("Test share"), self.rotation: self.tr("Random rotation"),
                self.crop: self.tr("Random crop padding"), self.flip: self.tr("Horizontal flips")}

    def retranslate(self) -> None:
        self.setTitle(self.tr("Data"))
        self.rotation.setSpecialValueText(self.tr("off"))
        self.crop.setSpecialValueText(self.tr("off"))
        self.preview_button.setText(self.tr("Show samples"))

    def load(self, data: dict) -> None:
        """Show ``project.data`` (the panel holds its loading flag while this runs)."""
        _select(self.dataset, data.get("dataset") or None)
        split = data.get("split") or {}
        self.val_split.setValue(float(split.get("val", SPLIT_DEFAULTS["val"])))
        self.test_split.setValue(float(split.get("test", SPLIT_DEFAULTS["test"])))
        aug = data.get("augment") or {}
        self.rotation.setValue(int(aug.get("rotation", 0) or 0))
        crop = aug.get("random_crop", 0)
        self.crop.setValue(int(crop.get("padding", 4) if isinstance(crop, dict) else (crop or 0)))
        self.flip.setChecked(bool(aug.get("horizontal_flip", False)))

    def _wire(self) -> None:
        edit = self.panel.edit
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self.val_split.valueChanged.connect(self._split_changed)
        self.test_split.valueChanged.connect(self._split_changed)
        self.rotation.valueChanged.connect(lambda v: edit("data", ("augment", "rotation"), v or None,
                                                          self.tr("Set random rotation"), "rotation"))
        self.crop.valueChanged.connect(lambda v: edit("data", ("augment", "random_crop"), v or None,
                                                      self.tr("Set random crop"), "crop"))
        self.flip.toggled.connect(lambda on: edit("data", ("augment", "horizontal_flip"), True if on else None,
                                                  self.tr("Set horizontal flips")))

    def _dataset_changed(self, _i: int) -> None:
        project = self.panel.project
        if self.panel.loading or project is None:
            return
        data = copy.deepcopy(project.data or {})
        if data.get("dataset") != self.dataset.currentData():
            data["dataset"] = self.dataset.currentData()
            data.pop("options", None)     # options belong to one dataset
        self.panel.push("data", data, self.tr("Set the dataset"))

    def _split_changed(self, _v: float) -> None:
        val, test = round(self.val_split.value(), 4), round(self.test_split.value(), 4)
        self.panel.edit("data", ("split",), {"val": val, "test": test}, self.tr("Set the split"), "split")

    @Slot()
    def show_preview(self) -> bool:
        """Load a few samples of the chosen dataset and show them; a problem goes to the panel's problem label."""
        project = self.panel.project
        if project is None:
            return False
        from PySide6.QtGui import QGuiApplication

        from netstudio.training.datasets import preview_samples

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = preview_samples(project, PREVIEW_COUNT)
        except NetStudioError as exc:
            self.panel.show_problem(str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.preview.show_preview(preview)
        return True

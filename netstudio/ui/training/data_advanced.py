"""The folding "Advanced" part of the Data group: rare augmentations, normalisation, on-device and the memory budget.

Every value not in the project shows the engine's default (``netstudio.training.config``): an
augmentation is off unless ``data.augment`` names it, normalisation is ``DataConfig().normalize``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QToolButton,
                               QVBoxLayout, QWidget)

from netstudio.training.config import DEFAULT_MEMORY_BUDGET_FRACTION, MAX_AFFINE_SCALE, DataConfig

JITTER = ("brightness", "contrast", "saturation", "hue")


def _spin(parent, lo: float, hi: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    return box


def _numbers(text: str) -> list[float] | None:
    try:
        values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
    except ValueError:
        return None
    return values or None


class DataAdvanced(QWidget):
    """A toggle button and the form it shows: zoom, flip probability, colour jitter, custom mean/std, on-device."""

    def __init__(self, section) -> None:
        super().__init__(section)
        self.section = section
        self.panel = section.panel
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(12, 0, 0, 0)
        self.scale_min = _spin(self, 0.1, MAX_AFFINE_SCALE, 0.05)
        self.scale_max = _spin(self, 0.1, MAX_AFFINE_SCALE, 0.05)
        self.flip_p = _spin(self, 0.0, 1.0, 0.1)
        self.jitter = {key: _spin(self, 0.0, 0.5 if key == "hue" else 10.0, 0.05) for key in JITTER}
        self.mean = QLineEdit(self)
        self.std = QLineEdit(self)
        self.on_device = QCheckBox(self)
        self.budget = _spin(self, 0, 2**30, 256, decimals=0)   # MB; 0 shows "automatic" (no setting)
        self.labels: dict[QWidget, QLabel] = {}
        for w in (self.scale_min, self.scale_max, self.flip_p, *self.jitter.values(), self.mean, self.std,
                  self.on_device, self.budget):
            self.labels[w] = QLabel(self)
            self.form.addRow(self.labels[w], w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.body.setVisible(False)
        self._loading = False
        self.toggle.toggled.connect(self.set_open)
        self._wire()

    def set_open(self, on: bool) -> None:
        self.toggle.setChecked(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)

    def retranslate(self) -> None:
        self.toggle.setText(self.tr("Advanced"))
        names = {self.scale_min: self.tr("Random zoom, smallest"), self.scale_max: self.tr("Random zoom, largest"),
                 self.flip_p: self.tr("Flip probability"), self.jitter["brightness"]: self.tr("Brightness jitter"),
                 self.jitter["contrast"]: self.tr("Contrast jitter"),
                 self.jitter["saturation"]: self.tr("Saturation jitter"), self.jitter["hue"]: self.tr("Hue jitter"),
                 self.mean: self.tr("Mean per channel"), self.std: self.tr("Std per channel"),
                 self.on_device: self.tr("Data on the device"), self.budget: self.tr("Memory budget")}
        for w, text in names.items():
            self.labels[w].setText(text)
        for box in (*self.jitter.values(),):
            box.setSpecialValueText(self.tr("off"))
        self.mean.setPlaceholderText(self.tr("for example 0.5, 0.5, 0.5"))
        self.std.setPlaceholderText(self.tr("for example 0.25, 0.25, 0.25"))
        self.on_device.setText(self.tr("Keep the dataset in GPU memory when it fits"))
        self.budget.setSuffix(self.tr(" MB"))
        self.budget.setSpecialValueText(self.tr("automatic ({0}% of the memory)").format(
            round(DEFAULT_MEMORY_BUDGET_FRACTION * 100)))
        self.budget.setToolTip(self.tr("Image datasets that take more memory than this (as 32-bit numbers) are read "
                                       "from their cache file batch by batch instead of held in memory."))
        self.scale_min.setToolTip(self.tr("Each training image is scaled by a random factor in this range "
                                          "(1.0 and 1.0: off)."))

    # ----- showing -----
    def load(self, data: dict, images: bool) -> None:
        aug = data.get("augment") if isinstance(data.get("augment"), dict) else {}
        self._loading = True
        try:
            scale = aug.get("affine_scale")
            lo, hi = scale if isinstance(scale, list) and len(scale) == 2 else (1.0, 1.0)
            self.scale_min.setValue(float(lo))
            self.scale_max.setValue(float(hi))
            flip = aug.get("horizontal_flip", False)
            self.flip_p.setValue(0.5 if flip is True else float(flip or 0.0))
            self.flip_p.setEnabled(flip not in (None, False, 0))
            jitter = aug.get("color_jitter") if isinstance(aug.get("color_jitter"), dict) else {}
            for key, box in self.jitter.items():
                box.setValue(float(jitter.get(key, 0.0) or 0.0))
            norm = data.get("normalize", DataConfig().normalize)
            custom = isinstance(norm, dict)
            for box, key in ((self.mean, "mean"), (self.std, "std")):
                text = ", ".join(f"{v:g}" for v in norm.get(key, [])) if custom else ""
                if box.text() != text and not box.hasFocus():
                    box.setText(text)
                self.form.setRowVisible(box, custom)
            self.on_device.setChecked(bool(data.get("on_device", DataConfig().on_device)))
            budget = data.get("memory_budget_mb", DataConfig().memory_budget_mb)
            ok = isinstance(budget, (int, float)) and not isinstance(budget, bool)
            self.budget.setValue(float(budget) if ok else 0.0)
            self.form.setRowVisible(self.budget, images)
            for w in (self.scale_min, self.scale_max, self.flip_p, *self.jitter.values()):
                self.form.setRowVisible(w, images)
        finally:
            self._loading = False

    # ----- edits -----
    def _wire(self) -> None:
        self.scale_min.valueChanged.connect(self._scale_changed)
        self.scale_max.valueChanged.connect(self._scale_changed)
        self.flip_p.valueChanged.connect(self._flip_changed)
        for box in self.jitter.values():
            box.valueChanged.connect(self._jitter_changed)
        self.mean.textEdited.connect(self._norm_typed)
        self.std.textEdited.connect(self._norm_typed)
        self.on_device.toggled.connect(self._on_device_toggled)
        self.budget.valueChanged.connect(self._budget_changed)

    def _edit(self, path: tuple[str, ...], value, text: str, field: str | None = None) -> None:
        if not self._loading:
            self.panel.edit("data", path, value, text, field)

    def _scale_changed(self, _v: float) -> None:
        lo, hi = round(self.scale_min.value(), 3), round(self.scale_max.value(), 3)
        off = lo == 1.0 and hi == 1.0
        if not off and lo > hi:
            return     # mid-way through typing a range; the other box follows
        self._edit(("augment", "affine_scale"), None if off else [lo, hi], self.tr("Set the random zoom"), "zoom")

    def _flip_changed(self, v: float) -> None:
        value = True if round(v, 3) == 0.5 else (round(v, 3) or None)   # True is the engine's 0.5
        self._edit(("augment", "horizontal_flip"), value, self.tr("Set the flip probability"), "flip_p")

    def _jitter_changed(self, _v: float) -> None:
        values = {key: round(box.value(), 3) for key, box in self.jitter.items() if box.value() > 0}
        self._edit(("augment", "color_jitter"), values or None, self.tr("Set the colour jitter"), "jitter")

    def _norm_typed(self, _text: str) -> None:
        mean, std = _numbers(self.mean.text()), _numbers(self.std.text())
        if mean is None or std is None or len(mean) != len(std) or min(std) <= 0:
            return      # incomplete: the project keeps its last valid values
        self._edit(("normalize",), {"mean": mean, "std": std}, self.tr("Set the normalisation"), "norm")

    def _on_device_toggled(self, on: bool) -> None:
        self._edit(("on_device",), None if on == DataConfig().on_device else on, self.tr("Set data on the device"))

    def _budget_changed(self, value: float) -> None:
        mb = int(round(value))
        self._edit(("memory_budget_mb",), mb or None, self.tr("Set the memory budget"), "budget")

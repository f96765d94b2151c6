"""The "Training" group of the training panel: optimizer and learning rate, momentum and Nesterov,
weight decay, epochs, batch size, device and the number of worker processes (more than 1: Train goes
through torchrun). The optimizer's rarer settings (betas, eps, ...) sit in the Advanced fold
(advanced_section.py) but are declared here, with the optimizer they belong to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox

from netstudio.training.config import (DEFAULT_OPTIMIZER, OPTIMIZER_DEFAULTS, OPTIMIZERS, optimizer_defaults,
                                       training_defaults)

from .fields import Bound, PairEdit, SciSpinBox, combo, select

BASIC_OPTIMIZER_KEYS = ("lr", "momentum", "nesterov")
ENGINE_NAME_ROLE = Qt.ItemDataRole.UserRole + 1   # the engine's (English) name of a device, relabelled per language


def _has(key: str):
    """A row shown only for optimizers that take ``key``."""
    return lambda ctx: key in OPTIMIZER_DEFAULTS.get(ctx["optimizer"], {})


def optimizer_details(panel, form: QFormLayout, parent) -> list[Bound]:
    """The optimizer settings most users leave alone, as rows of ``form`` (the Advanced fold)."""
    d = {k: v for kind in reversed(OPTIMIZERS) for k, v in OPTIMIZER_DEFAULTS[kind].items()}
    rows = []
    for key, widget in (
            ("betas", PairEdit(parent)),
            ("eps", SciSpinBox(parent, 1e-15, 1.0)),
            ("dampening", _unit(parent)),
            ("amsgrad", QCheckBox(parent)),
            ("centered", QCheckBox(parent)),
            ("rho", _unit(parent)),
            ("alpha", _unit(parent)),
            ("lr_decay", SciSpinBox(parent, 0.0, 10.0))):
        rows.append(Bound(panel, form, widget, "training", ("optimizer", key), d[key], when=_has(key)))
    return rows


def _unit(parent) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(4)
    box.setRange(0.0, 1.0)
    box.setSingleStep(0.05)
    return box


class OptimizerSection(QGroupBox):
    """Shows and edits the everyday part of ``project.training``."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form = form = QFormLayout(self)
        d = training_defaults()
        o = optimizer_defaults("sgd")
        self.optimizer = combo(self, OPTIMIZERS)
        form.addRow(QLabel(self), self.optimizer)
        self.lr = SciSpinBox(self, 1e-7, 100.0)
        self.momentum = _unit(self)
        self.nesterov = QCheckBox(self)
        self.weight_decay = SciSpinBox(self, 0.0, 10.0)
        self.epochs = QSpinBox(self)
        self.epochs.setRange(1, 100000)
        self.batch_size = QSpinBox(self)
        self.batch_size.setRange(1, 1 << 20)
        self.device = QComboBox(self)
        self.workers = QSpinBox(self)      # beside the device: torchrun's worker count (process_run.py)
        self.workers.setRange(1, 256)
        self.bound = [
            Bound(panel, form, self.lr, "training", ("optimizer", "lr"), optimizer_defaults()["lr"]),
            Bound(panel, form, self.momentum, "training", ("optimizer", "momentum"), o["momentum"],
                  when=_has("momentum")),
            Bound(panel, form, self.nesterov, "training", ("optimizer", "nesterov"), o["nesterov"],
                  when=_has("nesterov")),
            Bound(panel, form, self.weight_decay, "training", ("weight_decay",), d["weight_decay"]),
            Bound(panel, form, self.epochs, "training", ("epochs",), d["epochs"]),
            Bound(panel, form, self.batch_size, "training", ("batch_size",), d["batch_size"]),
            Bound(panel, form, self.device, "training", ("device",), d["device"]),
            Bound(panel, form, self.workers, "training", ("workers",), d["workers"]),
        ]
        self.optimizer.currentIndexChanged.connect(self._optimizer_changed)

    def _fill_devices(self) -> None:
        """The devices; until torch is imported, "auto" and "cpu" (asking torch here would make the window wait
        ~2 s for it), completed when the shape server has listed them (``devices_ready``)."""
        import sys

        if "torch" in sys.modules:
            from netstudio.training.devices import available_devices

            for value, name in available_devices():
                self._add_device(value, name)
            return
        from netstudio.ui.shape_worker import service

        self._add_device("auto", "")
        self._add_device("cpu", "")
        if service().devices is not None:
            self._refresh_devices()
        else:
            service().devices_ready.connect(self._refresh_devices)

    @Slot()
    def _refresh_devices(self) -> None:
        from netstudio.ui.shape_worker import service

        self.device.blockSignals(True)  # the same choice, better names: not an edit
        try:
            for value, name in service().devices or []:
                i = self.device.findData(value)
                if i >= 0:
                    self.device.setItemData(i, name, ENGINE_NAME_ROLE)
                    self.device.setItemText(i, self._device_label(value, name))
                else:
                    self._add_device(value, name)
        finally:
            self.device.blockSignals(False)

    def _add_device(self, value: str, engine_name: str) -> None:
        self.device.addItem(self._device_label(value, engine_name), value)
        self.device.setItemData(self.device.count() - 1, engine_name, ENGINE_NAME_ROLE)

    def _device_label(self, value: str, engine_name: str) -> str:
        """The device in the interface language: the engine names "auto" and "cpu" in English ("Automatic
        (CPU)", "CPU (4 threads)"); a GPU keeps its own name."""
        inner = engine_name[engine_name.find("(") + 1:engine_name.rfind(")")] if "(" in engine_name else ""
        if value == "auto":
            return self.tr("Automatic (%1)").replace("%1", inner) if inner else self.tr("Automatic")
        if value == "cpu":
            threads = inner.split()[0] if inner else ""
            return self.tr("CPU (%1 threads)").replace("%1", threads) if threads.isdigit() else "CPU"
        return engine_name or value

    def retranslate(self) -> None:
        self.setTitle(self.tr("Training"))
        self.form.labelForField(self.optimizer).setText(self.tr("Optimizer"))
        for b in self.bound:
            b.retranslate()
        for i in range(self.device.count()):   # filled once, in the language of that moment
            self.device.setItemText(i, self._device_label(self.device.itemData(i),
                                                          self.device.itemData(i, ENGINE_NAME_ROLE) or ""))

    def load(self, training: dict) -> None:
        if self.device.count() == 0:
            self._fill_devices()
        opt = training.get("optimizer") or {}
        kind = opt.get("type", DEFAULT_OPTIMIZER)
        select(self.optimizer, kind)
        self.bound[0].default = optimizer_defaults(kind if kind in OPTIMIZERS else DEFAULT_OPTIMIZER)["lr"]
        self.bound[0].retranslate()
        for b in self.bound:
            b.show(training)

    def _optimizer_changed(self, _i: int) -> None:
        if self.panel.loading or self.panel.project is None:
            return
        kind = self.optimizer.currentData()
        old = (self.panel.project.training or {}).get("optimizer") or {}
        # no lr given: the new optimizer's own default; other settings travel where the new one takes them
        new = {"type": kind, "lr": old.get("lr", optimizer_defaults(kind)["lr"])}
        new.update({k: v for k, v in old.items() if k in OPTIMIZER_DEFAULTS[kind] and k != "lr"})
        self.panel.edit("training", ("optimizer",), new, self.tr("Set the optimizer"))
        self.panel.load()

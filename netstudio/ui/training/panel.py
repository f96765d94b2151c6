"""The training settings panel: task, dataset (with a preview), split, augmentation, optimizer, schedule,
epochs, batch size, device. Every change is one undoable ``SetSection`` command on the document.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QSpinBox, QVBoxLayout, QWidget)

from netstudio.core.commands import SetSection, with_value
from netstudio.core.errors import NetStudioError
from netstudio.training.config import (LOSSES, OPTIMIZERS, SCHEDULES, TASKS, optimizer_defaults,
                                       parse_data, parse_task, parse_training, schedule_defaults, training_defaults)

from .data_section import DataSection

_MOMENTUM = {"sgd", "rmsprop"}
_BETAS = {"adam", "adamw"}


def _combo(parent, items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox(parent)
    for value, label in items:
        box.addItem(label, value)
    return box


def _select(box: QComboBox, value: Any) -> None:
    i = box.findData(value)
    if i < 0 and value is not None:
        box.addItem(str(value), value)   # a value the project holds that the list lacks stays visible
        i = box.count() - 1
    box.setCurrentIndex(max(i, 0))


class TrainingPanel(QWidget):
    """Settings of the current project's task, data and training sections.

    Signals
    -------
    problem(str)   the sections hold a value the engine would refuse ("" when all is well)
    """

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = None
        self.loading = False
        self.task_group = QGroupBox(self)
        self.train_group = QGroupBox(self)
        tf = QFormLayout(self.task_group)
        of = QFormLayout(self.train_group)

        self.task_type = _combo(self, [(t, t) for t in TASKS])
        self.graph = QComboBox(self)
        self.generator = QComboBox(self)
        self.discriminator = QComboBox(self)
        self.loss = QComboBox(self)
        for w in (self.task_type, self.graph, self.generator, self.discriminator, self.loss):
            tf.addRow(QLabel(self), w)

        self.data = DataSection(self)
        self.data_group = self.data
        # the data widgets stay reachable by their old names (tests and the window use them)
        for name in ("dataset", "val_split", "test_split", "rotation", "crop", "flip", "preview_button", "preview"):
            setattr(self, name, getattr(self.data, name))
        self.forms = (tf, self.data.form, of)

        self.optimizer = _combo(self, [(o, o) for o in OPTIMIZERS])
        self.lr = QDoubleSpinBox(self)
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 100.0)
        self.lr.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.momentum = QDoubleSpinBox(self)
        self.momentum.setRange(0.0, 1.0)
        self.momentum.setSingleStep(0.05)
        self.weight_decay = QDoubleSpinBox(self)
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 1.0)
        self.weight_decay.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.schedule = _combo(self, [(s, s) for s in SCHEDULES])
        self.step_size = QSpinBox(self)
        self.step_size.setRange(1, 10000)
        self.gamma = QDoubleSpinBox(self)
        self.gamma.setRange(0.0, 1.0)
        self.gamma.setSingleStep(0.05)
        self.epochs = QSpinBox(self)
        self.epochs.setRange(1, 100000)
        self.batch_size = QSpinBox(self)
        self.batch_size.setRange(1, 1 << 20)
        self.device = QComboBox(self)
        self.snapshot_every = QDoubleSpinBox(self)
        self.snapshot_every.setRange(0.0, 600.0)
        self.snapshot_every.setSingleStep(0.5)
        self.snapshot_every.setSuffix(" s")
        for w in (self.optimizer, self.lr, self.momentum, self.weight_decay, self.schedule, self.step_size,
                  self.gamma, self.epochs, self.batch_size, self.device, self.snapshot_every):
            of.addRow(QLabel(self), w)
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #c62828;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.task_group, self.data_group, self.train_group, self.problem_label):
            layout.addWidget(w)
        layout.addStretch(1)
        self._wire()
        self.retranslate()

    # ----- labels -----
    def retranslate(self) -> None:
        self.task_group.setTitle(self.tr("Task"))
        self.data.retranslate()
        self.train_group.setTitle(self.tr("Training"))
        labels = {
            self.task_type: self.tr("Task"), self.graph: self.tr("Model graph"),
            self.generator: self.tr("Generator"), self.discriminator: self.tr("Discriminator"),
            self.loss: self.tr("Loss"), **self.data.labels(),
            self.optimizer: self.tr("Optimizer"), self.lr: self.tr("Learning rate"),
            self.momentum: self.tr("Momentum"), self.weight_decay: self.tr("Weight decay"),
            self.schedule: self.tr("LR schedule"), self.step_size: self.tr("Step every (epochs)"),
            self.gamma: self.tr("LR factor"), self.epochs: self.tr("Epochs"), self.batch_size: self.tr("Batch size"),
            self.device: self.tr("Device"), self.snapshot_every: self.tr("Live views every"),
        }
        for form in self.forms:
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and label is not None and item.widget() in labels:
                    label.widget().setText(labels[item.widget()])
        self.snapshot_every.setSpecialValueText(self.tr("epoch ends only"))
        self.snapshot_every.setToolTip(self.tr("Seconds between live pictures (filters, samples, feature maps)."))

    def _set_row_visible(self, widget: QWidget, visible: bool) -> None:
        for form in self.forms:
            if form.indexOf(widget) >= 0:
                form.setRowVisible(widget, visible)

    # ----- document -----
    def set_document(self, document) -> None:
        if self.document is not None:
            try:
                self.document.sections_changed.disconnect(self._section_changed)
            except (RuntimeError, TypeError):
                pass
        self.document = document
        if document is not None:
            document.sections_changed.connect(self._section_changed)
        self.load()

    @Slot(str)
    def _section_changed(self, _section: str) -> None:
        self.load()  # an edit here, an undo or redo: the widgets show the project's values

    @property
    def project(self):
        return self.document.project if self.document is not None else None

    def load(self) -> None:
        """Show the project's sections (after opening, undo and redo)."""
        project = self.project
        self.setEnabled(project is not None)
        if project is None:
            return
        self.loading = True
        try:
            task, data, training = project.task or {}, project.data or {}, project.training or {}
            graphs = list(project.graphs)
            for box in (self.graph, self.generator, self.discriminator):
                box.clear()
                for g in graphs:
                    box.addItem(g, g)
            kind = task.get("type", "classify")
            _select(self.task_type, kind)
            _select(self.graph, task.get("graph", "model"))
            _select(self.generator, task.get("generator", "generator"))
            _select(self.discriminator, task.get("discriminator", "discriminator"))
            family = kind if kind in LOSSES else None
            self.loss.clear()
            for loss in LOSSES.get(family, ()):
                self.loss.addItem(loss, loss)
            if family:
                _select(self.loss, task.get("loss", LOSSES[family][0]))
            self._set_row_visible(self.loss, bool(family))
            gan = kind == "gan"
            self._set_row_visible(self.graph, not gan)
            self._set_row_visible(self.generator, gan)
            self._set_row_visible(self.discriminator, gan)

            self.data.load(data)

            # every value not in the file shows the engine's own default (netstudio.training.config)
            defaults = training_defaults()
            opt = training.get("optimizer") or {}
            otype = opt.get("type", defaults["optimizer"]["type"])
            _select(self.optimizer, otype)
            opt_defaults = optimizer_defaults(otype if otype in OPTIMIZERS else defaults["optimizer"]["type"])
            self.lr.setValue(float(opt.get("lr", opt_defaults["lr"])))
            self.momentum.setValue(float(opt.get("momentum", opt_defaults.get("momentum", 0.0))))  # hidden without
            self._set_row_visible(self.momentum, otype in _MOMENTUM)
            self.weight_decay.setValue(float(training.get("weight_decay", defaults["weight_decay"])))
            sched = training.get("schedule") or {}
            _select(self.schedule, sched.get("type", defaults["schedule"]["type"]))
            step_defaults = schedule_defaults("step")
            self.step_size.setValue(int(sched.get("step_size", step_defaults["step_size"])))
            self.gamma.setValue(float(sched.get("gamma", step_defaults["gamma"])))
            self._set_row_visible(self.step_size, sched.get("type") == "step")
            self._set_row_visible(self.gamma, sched.get("type") == "step")
            self.epochs.setValue(int(training.get("epochs", defaults["epochs"])))
            self.batch_size.setValue(int(training.get("batch_size", defaults["batch_size"])))
            self._fill_devices(training.get("device", defaults["device"]))
            every = training.get("snapshot_every", defaults["snapshot_every"])
            self.snapshot_every.setValue(float(every) if every is not None else 0.0)
        finally:
            self.loading = False
        self.check()

    def _fill_devices(self, current: str) -> None:
        if self.device.count() == 0:
            from netstudio.training.devices import available_devices

            for value, name in available_devices():
                self.device.addItem(name, value)
        _select(self.device, current or "auto")

    def check(self) -> str:
        """The first problem the engine would report for the current sections ("" when none)."""
        project = self.project
        message = ""
        if project is not None:
            try:
                task = parse_task(project.task)
                parse_data(project.data)
                parse_training(project.training)
                message = self._missing_graph(task)
            except NetStudioError as exc:
                message = str(exc)
        self.problem_label.setText(message)
        self.problem_label.setVisible(bool(message))
        self.problem.emit(message)
        return message

    def _missing_graph(self, task) -> str:
        roles = [("generator", task.generator), ("discriminator", task.discriminator)] if task.type == "gan" \
            else [("graph", task.graph)]
        graphs = self.project.graphs
        for role, name in roles:
            if name not in graphs:
                return (self.tr("task.%1 is \"%2\" but the project has no graph of that name (it has: %3)")
                        .replace("%1", role).replace("%2", name).replace("%3", ", ".join(graphs)))
        return ""

    # ----- edits -----
    def _wire(self) -> None:
        self.task_type.currentIndexChanged.connect(self._task_type_changed)
        self.graph.currentIndexChanged.connect(lambda _i: self.edit("task", ("graph",), self.graph.currentData(),
                                                                     self.tr("Set the model graph")))
        self.generator.currentIndexChanged.connect(lambda _i: self.edit("task", ("generator",),
                                                                         self.generator.currentData(),
                                                                         self.tr("Set the generator graph")))
        self.discriminator.currentIndexChanged.connect(lambda _i: self.edit(
            "task", ("discriminator",), self.discriminator.currentData(), self.tr("Set the discriminator graph")))
        self.loss.currentIndexChanged.connect(lambda _i: self.edit("task", ("loss",), self.loss.currentData(),
                                                                    self.tr("Set the loss")))
        self.optimizer.currentIndexChanged.connect(self._optimizer_changed)
        self.lr.valueChanged.connect(lambda v: self.edit("training", ("optimizer", "lr"), float(v),
                                                          self.tr("Set the learning rate"), "lr"))
        self.momentum.valueChanged.connect(lambda v: self.edit("training", ("optimizer", "momentum"), float(v),
                                                                self.tr("Set the momentum"), "momentum"))
        self.weight_decay.valueChanged.connect(lambda v: self.edit("training", ("weight_decay",), float(v),
                                                                    self.tr("Set the weight decay"), "wd"))
        self.schedule.currentIndexChanged.connect(self._schedule_changed)
        self.step_size.valueChanged.connect(lambda v: self.edit("training", ("schedule", "step_size"), int(v),
                                                                 self.tr("Set the schedule step"), "step_size"))
        self.gamma.valueChanged.connect(lambda v: self.edit("training", ("schedule", "gamma"), float(v),
                                                             self.tr("Set the schedule factor"), "gamma"))
        self.epochs.valueChanged.connect(lambda v: self.edit("training", ("epochs",), int(v),
                                                              self.tr("Set epochs"), "epochs"))
        self.batch_size.valueChanged.connect(lambda v: self.edit("training", ("batch_size",), int(v),
                                                                  self.tr("Set the batch size"), "batch"))
        self.device.currentIndexChanged.connect(lambda _i: self.edit("training", ("device",),
                                                                      self.device.currentData(),
                                                                      self.tr("Set the device")))
        self.snapshot_every.valueChanged.connect(lambda v: self.edit("training", ("snapshot_every",), float(v),
                                                                      self.tr("Set the live view interval"),
                                                                      "snapshot"))

    def push(self, section: str, new: dict, text: str, field: str | None = None) -> bool:
        if self.loading or self.document is None:
            return False
        command = SetSection(self.project, section, new, text, field)
        if command.changes_nothing:
            return False
        ok = self.document.push(command)
        self.check()
        return ok

    def edit(self, section: str, path: tuple[str, ...], value: Any, text: str, field: str | None = None) -> bool:
        if self.loading or self.project is None:
            return False
        current = self.project.section(section) or {}
        return self.push(section, with_value(current, path, value), text, field)

    def _task_type_changed(self, _i: int) -> None:
        if self.loading or self.project is None:
            return
        kind = self.task_type.currentData()
        task = {k: v for k, v in copy.deepcopy(self.project.task).items() if k not in ("type", "loss", "mode")}
        task["type"] = kind
        self.push("task", task, self.tr("Set the task"))
        self.load()

    def _optimizer_changed(self, _i: int) -> None:
        if self.loading or self.project is None:
            return
        kind = self.optimizer.currentData()
        old = (self.project.training or {}).get("optimizer") or {}
        new = {"type": kind, "lr": old.get("lr", optimizer_defaults(kind)["lr"])}  # no lr given: the new one's default
        if kind in _MOMENTUM and "momentum" in old:
            new["momentum"] = old["momentum"]
        if kind in _BETAS and "betas" in old:
            new["betas"] = old["betas"]
        self.edit("training", ("optimizer",), new, self.tr("Set the optimizer"))
        self.load()

    def _schedule_changed(self, _i: int) -> None:
        if self.loading or self.project is None:
            return
        kind = self.schedule.currentData()
        new = {"type": kind}
        if kind == "step":
            new.update(step_size=self.step_size.value(), gamma=self.gamma.value())
        self.edit("training", ("schedule",), new, self.tr("Set the LR schedule"))
        self.load()

    # ----- preview -----
    @Slot()
    def show_preview(self) -> bool:
        return self.data.show_preview()

    def show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setVisible(bool(message))

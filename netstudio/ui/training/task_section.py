"""The "Task" group of the training panel: what is learned (task type, sequence mode, graphs, loss) and
the options of GAN and next-character tasks. Defaults come from ``netstudio.training.config``.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox

from netstudio.training.config import LOSSES, SEQUENCE_MODES, TASKS, task_defaults

from .fields import Bound, combo, select


def task_kind(task: dict) -> str:
    """The loss family of a task section, as ``TaskConfig.kind`` (a sequence task in classify mode classifies)."""
    kind = task.get("type", task_defaults()["type"])
    if kind == "sequence":
        mode = task.get("mode", task_defaults()["mode"])
        return mode if mode in SEQUENCE_MODES else task_defaults()["mode"]
    return kind


class TaskSection(QGroupBox):
    """Shows and edits ``project.task``; ``panel`` (the TrainingPanel) owns the document and the undo steps."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form = form = QFormLayout(self)
        d = task_defaults()
        self.task_type = combo(self, TASKS)
        self.mode = combo(self, SEQUENCE_MODES)
        form.addRow(QLabel(self), self.task_type)
        form.addRow(QLabel(self), self.mode)
        self.graph = QComboBox(self)
        self.generator = QComboBox(self)
        self.discriminator = QComboBox(self)
        self.loss = QComboBox(self)
        self.latent_size = QSpinBox(self)
        self.latent_size.setRange(0, 100000)          # 0: None, the generator Input's own size
        self.d_steps = QSpinBox(self)
        self.d_steps.setRange(1, 20)
        self.prompt = QLineEdit(self)
        self.generate_length = QSpinBox(self)
        self.generate_length.setRange(1, 10000)
        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.01, 10.0)
        self.temperature.setSingleStep(0.1)
        gan = (lambda c: c["type"] == "gan")
        chars = (lambda c: c["kind"] == "next_char")
        self.bound = [
            Bound(panel, form, self.graph, "task", ("graph",), d["graph"], when=lambda c: c["type"] != "gan"),
            Bound(panel, form, self.generator, "task", ("generator",), d["generator"], when=gan),
            Bound(panel, form, self.discriminator, "task", ("discriminator",), d["discriminator"], when=gan),
            Bound(panel, form, self.loss, "task", ("loss",), None, when=lambda c: c["kind"] in LOSSES),
            Bound(panel, form, self.latent_size, "task", ("latent_size",), d["latent_size"], when=gan),
            Bound(panel, form, self.d_steps, "task", ("d_steps",), d["d_steps"], when=gan),
            Bound(panel, form, self.prompt, "task", ("prompt",), d["prompt"], when=chars),
            Bound(panel, form, self.generate_length, "task", ("generate_length",), d["generate_length"], when=chars),
            Bound(panel, form, self.temperature, "task", ("temperature",), d["temperature"], when=chars),
        ]
        self.loss_field = self.bound[3]
        self.task_type.currentIndexChanged.connect(self._type_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Task"))
        self.form.labelForField(self.task_type).setText(self.tr("Task"))
        self.form.labelForField(self.mode).setText(self.tr("Sequence mode"))
        self.mode.setToolTip(self.tr("next_char: predict the next character; classify: one class per sequence; "
                                "regress: one number per sequence."))
        for b in self.bound:
            b.retranslate()

    def load(self, task: dict) -> None:
        """Show ``project.task`` (the panel holds its loading flag while this runs)."""
        d = task_defaults()
        select(self.task_type, task.get("type", d["type"]))
        select(self.mode, task.get("mode", d["mode"]))
        for box in (self.graph, self.generator, self.discriminator):
            box.clear()
            for name in self.panel.project.graphs:
                box.addItem(name, name)
        kind = task_kind(task)
        self.loss.clear()
        for loss in LOSSES.get(kind, ()):
            self.loss.addItem(loss, loss)
        self.loss_field.default = LOSSES[kind][0] if kind in LOSSES else None
        for b in self.bound:
            b.show(task)

    def set_visible(self, ctx: dict) -> None:
        self.form.setRowVisible(self.mode, ctx["type"] == "sequence")
        for b in self.bound:
            b.set_visible(ctx)

    def _type_changed(self, _i: int) -> None:
        if self.panel.loading or self.panel.project is None:
            return
        task = copy.deepcopy(self.panel.project.task or {})
        task["type"] = self.task_type.currentData()
        self._push(task, self.tr("Set the task"))

    def _mode_changed(self, _i: int) -> None:
        if self.panel.loading or self.panel.project is None:
            return
        task = copy.deepcopy(self.panel.project.task or {})
        task["mode"] = self.mode.currentData()
        self._push(task, self.tr("Set the sequence mode"))

    def _push(self, task: dict, text: str) -> None:
        # the mode stays (it only matters for sequence tasks, and switching back must not lose it);
        # a loss the new task family does not have goes, so the family's own default applies
        if task.get("loss") not in LOSSES.get(task_kind(task), ()):
            task.pop("loss", None)
        self.panel.push("task", task, text)
        self.panel.load()

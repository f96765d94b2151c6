"""The training settings panel: task, data, training, learning-rate schedule and an "Advanced" fold.

Every setting the engine accepts (``netstudio.training.config``) has a widget here, showing the config's
own default when the project leaves it out; every change is one undoable ``SetSection`` command on the
document, and the engine's own message for a refused value shows on the problem line as you type.
The groups live in their own files (task_section, data_section, optimizer_section, schedule_section,
advanced_section); this class owns the document, the loading flag and the edits they all go through.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netstudio.core.commands import SetSection, with_value
from netstudio.core.errors import NetStudioError
from netstudio.training.config import DEFAULT_OPTIMIZER, parse_data, parse_task, parse_training, training_defaults

from .advanced_section import AdvancedSection
from .data_section import DataSection
from .fields import fit_narrow
from .optimizer_section import OptimizerSection
from .schedule_section import ScheduleSection
from .task_section import TaskSection, task_kind
from ..engine_text import engine_text

# widgets other code and tests reach through the panel by their old names
_ALIASES = {"task": ("task_type", "mode", "graph", "generator", "discriminator", "loss"),
            "data": ("dataset", "val_split", "test_split", "rotation", "crop", "flip", "preview_button", "preview"),
            "training": ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "epochs", "batch_size", "device"),
            "schedule_section": ("schedule", "step_size", "gamma"),
            "advanced": ("snapshot_every", "seed", "threads")}
_PROBLEM_STYLE = "color: #c62828;"


class TrainingPanel(QWidget):
    """Settings of the current project's task, data and training sections.

    ``fields`` maps each setting's dotted name (``training.optimizer.momentum``) to its ``Bound`` row;
    ``widgets`` maps every setting, including the choosers (``task.type``, ``training.schedule.type``),
    to the widget that edits it.

    Signals
    -------
    problem(str)   the sections hold a value the engine would refuse ("" when all is well)
    """

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = None
        self.loading = False
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(_PROBLEM_STYLE)
        self.problem_label.hide()
        self.task = TaskSection(self)
        self.task_group = self.task
        self.data = DataSection(self)
        self.data_group = self.data
        self.training = OptimizerSection(self)
        self.train_group = self.training
        self.schedule_section = ScheduleSection(self)
        self.advanced = AdvancedSection(self)
        for owner, names in _ALIASES.items():
            for name in names:
                setattr(self, name, getattr(getattr(self, owner), name))
        self.sections = (self.task, self.training, self.schedule_section, self.advanced)
        self.forms = (self.task.form, self.data.form, self.training.form, self.schedule_section.form)
        self.fields = {b.key: b for s in self.sections for b in s.bound}
        self.widgets = {key: b.widget for key, b in self.fields.items()}
        self.widgets.update({"task.type": self.task_type, "task.mode": self.mode,
                             "training.optimizer.type": self.optimizer, "training.schedule.type": self.schedule,
                             "training.early_stopping": self.advanced.early_stopping})
        self._marked: QLabel | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.problem_label, self.task, self.data, self.training, self.schedule_section, self.advanced):
            layout.addWidget(w)
        layout.addStretch(1)
        fit_narrow(self)
        self.retranslate()

    # ----- labels -----
    def retranslate(self) -> None:
        self.data.retranslate()
        labels = self.data.labels()
        for row in range(self.data.form.rowCount()):
            field = self.data.form.itemAt(row, self.data.form.ItemRole.FieldRole)
            label = self.data.form.labelForField(field.widget()) if field is not None else None
            if label is not None and field.widget() in labels:
                label.setText(labels[field.widget()])
        for section in self.sections:
            section.retranslate()

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
            self.task.load(task)
            self.data.load(data)
            self.training.load(training)
            self.schedule_section.load(training)
            self.advanced.load(task, training)
            self.set_visible(self.context(task, training))
        finally:
            self.loading = False
        self.check()

    @staticmethod
    def context(task: dict, training: dict) -> dict[str, Any]:
        """What decides which rows show: the task family, the optimizer, the schedule, two switches."""
        defaults = training_defaults()
        early = training.get("early_stopping")
        return {"type": task.get("type", "classify"), "kind": task_kind(task),
                "optimizer": (training.get("optimizer") or {}).get("type", DEFAULT_OPTIMIZER),
                "schedule": (training.get("schedule") or {}).get("type", defaults["schedule"]["type"]),
                "early": early is not None and early is not False,
                "live": training.get("snapshot_every", defaults["snapshot_every"]) is not None}

    def set_visible(self, ctx: dict) -> None:
        for section in (self.task, self.training, self.schedule_section, self.advanced):
            if hasattr(section, "set_visible"):
                section.set_visible(ctx)
            else:
                for b in section.bound:
                    b.set_visible(ctx)

    def check(self) -> str:
        """The first problem the engine would report for the current sections ("" when none)."""
        project = self.project
        message, field = "", None
        if project is not None:
            try:
                task = parse_task(project.task)
                parse_data(project.data)
                parse_training(project.training)
                message = self._missing_graph(task) or self.data.problem()
            except NetStudioError as exc:
                message, field = str(exc), getattr(exc, "field", None)
        self.show_problem(message)
        self._mark(field)
        self.problem.emit(message)
        return message

    def _mark(self, field: str | None) -> None:
        """The row the engine names turns red (``training.optimizer.nesterov``: the Nesterov row)."""
        if self._marked is not None:
            self._marked.setStyleSheet("")
            self._marked = None
        bound = self.fields.get(field or "")
        if bound is not None:
            bound.label.setStyleSheet(_PROBLEM_STYLE)
            self._marked = bound.label

    def _missing_graph(self, task) -> str:
        roles = [("generator", task.generator), ("discriminator", task.discriminator)] if task.type == "gan" \
            else [("graph", task.graph)]
        graphs = self.project.graphs
        for role, name in roles:
            if name not in graphs:
                return (self.tr("task.%1 is \"%2\" but the project has no graph of that name (it has: %3)")
                        .replace("%1", role).replace("%2", name).replace("%3", ", ".join(graphs)))
        return ""

    # ----- edits (the sections call these) -----
    def push(self, section: str, new: dict, text: str, field: str | None = None) -> bool:
        """Replace ``project.<section>`` with ``new`` as one undo step (``field`` merges typing)."""
        if self.loading or self.document is None:
            return False
        command = SetSection(self.project, section, new, text, field)
        if command.changes_nothing:
            return False
        ok = self.document.push(command)
        self.check()
        return ok

    def edit(self, section: str, path: tuple[str, ...], value: Any, text: str, field: str | None = None) -> bool:
        """Set one value of a section (``None`` removes the key, so the engine's default applies)."""
        if self.loading or self.project is None:
            return False
        current = self.project.section(section) or {}
        return self.push(section, with_value(current, path, value), text, field)

    # ----- preview -----
    @Slot()
    def show_preview(self) -> bool:
        return self.data.show_preview()

    def show_problem(self, message: str) -> None:
        self.problem_label.setText(engine_text(message))
        self.problem_label.setVisible(bool(message))

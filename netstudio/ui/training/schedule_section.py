"""The learning-rate schedule rows of the training panel: the schedule type and, for each type in
``config.SCHEDULES``, the settings ``config.SCHEDULE_DEFAULTS`` lists for it (shown only for that type).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox

from netstudio.training.config import SCHEDULE_DEFAULTS, SCHEDULES, training_defaults

from .fields import Bound, SciSpinBox, combo, select

# each setting of any schedule: a widget maker (ranges as config._SCHED_RANGES accepts)
_ROWS = {
    "step_size": lambda p: _spin(p, 1, 100000),
    "gamma": lambda p: _double(p, 0.0, 10.0, 0.05),
    "min_lr": lambda p: SciSpinBox(p, 0.0, 100.0),
    "max_lr": lambda p: SciSpinBox(p, 0.0, 100.0),
    "pct_start": lambda p: _double(p, 0.0, 1.0, 0.05),
    "factor": lambda p: _double(p, 0.0, 0.999, 0.05),
    "patience": lambda p: _spin(p, 0, 10000),
}


def _spin(parent, lo: int, hi: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(lo, hi)
    return box


def _double(parent, lo: float, hi: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(4)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    return box


def _uses(key: str):
    return lambda ctx: key in SCHEDULE_DEFAULTS.get(ctx["schedule"], {})


class ScheduleSection(QGroupBox):
    """Shows and edits ``project.training.schedule``."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.form = form = QFormLayout(self)
        self.schedule = combo(self, SCHEDULES)
        form.addRow(QLabel(self), self.schedule)
        self.bound: list[Bound] = []
        first = {}
        for kind in SCHEDULES:
            for key, value in SCHEDULE_DEFAULTS[kind].items():
                first.setdefault(key, value)
        for key, make in _ROWS.items():
            widget = make(self)
            setattr(self, key, widget)
            self.bound.append(Bound(panel, form, widget, "training", ("schedule", key), first[key], when=_uses(key)))
        self.schedule.currentIndexChanged.connect(self._schedule_changed)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Learning-rate schedule"))
        self.form.labelForField(self.schedule).setText(self.tr("Schedule"))
        for b in self.bound:
            b.retranslate()

    def load(self, training: dict) -> None:
        sched = training.get("schedule") or {}
        kind = sched.get("type", training_defaults()["schedule"]["type"])
        select(self.schedule, kind)
        for b in self.bound:
            b.default = SCHEDULE_DEFAULTS.get(kind, {}).get(b.path[-1], b.default)
            b.show(training)

    def _schedule_changed(self, _i: int) -> None:
        if self.panel.loading or self.panel.project is None:
            return
        kind = self.schedule.currentData()
        old = (self.panel.project.training or {}).get("schedule") or {}
        new = {"type": kind, **{k: v for k, v in old.items() if k in SCHEDULE_DEFAULTS.get(kind, {})}}
        self.panel.edit("training", ("schedule",), new, self.tr("Set the LR schedule"))
        self.panel.load()

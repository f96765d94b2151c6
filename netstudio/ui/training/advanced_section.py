"""The "Advanced" fold of the training panel: the settings most runs leave at the engine's defaults
(optimizer details, L1, gradient clipping, label smoothing, early stopping, seed, mixed precision,
threads, live-view and checkpoint pacing, a step limit). Folded or open is remembered in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox, QToolButton,
                               QVBoxLayout, QWidget)

from netstudio.training.config import (EARLY_STOPPING_DEFAULTS, EARLY_STOPPING_MONITORS, MAX_SEED,
                                       OPTIMIZER_DEFAULTS, task_defaults, training_defaults)

from .fields import Bound, SciSpinBox, combo, with_setting
from .optimizer_section import optimizer_details

SETTINGS_KEY = "training_panel/advanced_open"


def _spin(parent, lo: int, hi: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(lo, hi)
    return box


class AdvancedSection(QWidget):
    """A fold button and, under it, four small groups of rarely changed settings."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setStyleSheet("QToolButton { font-weight: bold; border: none; }")
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.groups = {key: QGroupBox(self.body) for key in ("optimizer", "regularise", "early", "run")}
        forms = {key: QFormLayout(g) for key, g in self.groups.items()}
        for g in self.groups.values():
            body.addWidget(g)
        d, t, es = training_defaults(), task_defaults(), EARLY_STOPPING_DEFAULTS

        self.optimizer_rows = optimizer_details(panel, forms["optimizer"], self)
        for b in self.optimizer_rows:
            setattr(self, b.path[-1], b.widget)

        f = forms["regularise"]
        self.l1 = SciSpinBox(self, 0.0, 10.0)
        self.grad_clip = SciSpinBox(self, 0.0, 1e6)            # 0: off (None), as the engine refuses 0
        self.label_smoothing = QDoubleSpinBox(self)
        self.label_smoothing.setRange(0.0, 0.5)
        self.label_smoothing.setSingleStep(0.05)
        self.top_k = _spin(self, 1, 1000)
        self.bound = self.optimizer_rows + [
            Bound(panel, f, self.l1, "training", ("l1",), d["l1"]),
            Bound(panel, f, self.grad_clip, "training", ("grad_clip",), d["grad_clip"]),
            Bound(panel, f, self.label_smoothing, "task", ("label_smoothing",), t["label_smoothing"],
                  when=lambda c: c["kind"] in ("classify", "gan")),
            Bound(panel, f, self.top_k, "task", ("top_k",), t["top_k"], when=lambda c: c["kind"] == "classify"),
        ]

        f = forms["early"]
        self.early_stopping = QCheckBox(self)
        f.addRow(self.early_stopping)
        self.es_patience = _spin(self, 1, 10000)
        self.es_monitor = combo(self, EARLY_STOPPING_MONITORS)
        self.es_min_delta = SciSpinBox(self, 0.0, 1e6)
        on = (lambda c: c["early"])
        self.bound += [
            Bound(panel, f, self.es_patience, "training", ("early_stopping", "patience"), es["patience"], when=on),
            Bound(panel, f, self.es_monitor, "training", ("early_stopping", "monitor"), es["monitor"], when=on),
            Bound(panel, f, self.es_min_delta, "training", ("early_stopping", "min_delta"), es["min_delta"], when=on),
        ]

        f = forms["run"]
        self.seed = _spin(self, 0, min(MAX_SEED, 2 ** 31 - 1))   # QSpinBox holds a C int
        self.mixed_precision = QCheckBox(self)
        self.threads = _spin(self, 0, 1024)                     # 0: None, measured at the start of a run
        self.live_views = QCheckBox(self)
        self.snapshot_every = QDoubleSpinBox(self)
        self.snapshot_every.setRange(0.0, 3600.0)
        self.snapshot_every.setSingleStep(0.5)
        self.snapshot_every.setSuffix(" s")
        self.checkpoint_every = _spin(self, 1, 100000)
        self.max_steps = _spin(self, 0, 1 << 30)                # 0: None, no limit
        self.bound += [
            Bound(panel, f, self.seed, "training", ("seed",), d["seed"]),
            Bound(panel, f, self.mixed_precision, "training", ("mixed_precision",), d["mixed_precision"]),
            Bound(panel, f, self.threads, "training", ("threads",), d["threads"]),
        ]
        f.addRow(self.live_views)
        self.bound += [
            Bound(panel, f, self.snapshot_every, "training", ("snapshot_every",), d["snapshot_every"],
                  when=lambda c: c["live"]),
            Bound(panel, f, self.checkpoint_every, "training", ("checkpoint_every",), d["checkpoint_every"]),
            Bound(panel, f, self.max_steps, "training", ("max_steps",), d["max_steps"]),
        ]
        self.early_stopping.toggled.connect(self._early_toggled)
        self.live_views.toggled.connect(self._live_toggled)
        self.toggle.toggled.connect(self._fold)
        self.toggle.setChecked(QSettings().value(SETTINGS_KEY, False, type=bool))
        self._fold(self.toggle.isChecked(), remember=False)

    def retranslate(self) -> None:
        self.toggle.setText(self.tr("Advanced training settings"))
        self.toggle.setToolTip(self.tr("Settings most runs leave at the engine's defaults"))
        for key, title in (("optimizer", self.tr("Optimizer details")), ("regularise", self.tr("Regularisation")),
                           ("early", self.tr("Early stopping")), ("run", self.tr("Run"))):
            self.groups[key].setTitle(title)
        self.early_stopping.setText(self.tr("Stop when progress stalls"))
        self.early_stopping.setToolTip(self.tr("End training when the watched validation metric has not improved "
                                          "for this many epochs."))
        self.live_views.setText(self.tr("Live views while training"))
        for b in self.bound:
            b.retranslate()
        self.snapshot_every.setSpecialValueText(self.tr("epoch ends only"))

    def _fold(self, open_: bool, remember: bool = True) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        if remember:
            QSettings().setValue(SETTINGS_KEY, open_)

    def load(self, task: dict, training: dict) -> None:
        kind = (training.get("optimizer") or {}).get("type")
        for b in self.optimizer_rows:       # eps and friends differ per optimizer
            b.default = OPTIMIZER_DEFAULTS.get(kind, {}).get(b.path[-1], b.default)
            b.retranslate()
        es = training.get("early_stopping")
        self.early_stopping.setChecked(es is not None and es is not False)
        self.live_views.setChecked(training.get("snapshot_every", training_defaults()["snapshot_every"]) is not None)
        for b in self.bound:
            b.show(task if b.section == "task" else training)

    def set_visible(self, ctx: dict) -> None:
        for b in self.bound:
            b.set_visible(ctx)
        self.groups["optimizer"].setVisible(any(b.when(ctx) for b in self.optimizer_rows))

    def _early_toggled(self, on: bool) -> None:
        self._set("early_stopping", dict(EARLY_STOPPING_DEFAULTS) if on else None, True,
                  self.tr("Turn early stopping on") if on else self.tr("Turn early stopping off"))

    def _live_toggled(self, on: bool) -> None:
        # off is an explicit null ("never"); on goes back to the engine's default interval
        self._set("snapshot_every", None, on, self.tr("Turn live views on") if on else self.tr("Turn live views off"))

    def _set(self, key: str, value, remove: bool, text: str) -> None:
        panel = self.panel
        if panel.loading or panel.project is None:
            return
        panel.push("training", with_setting(panel.project.training, (key,), value, remove), text)
        panel.load()

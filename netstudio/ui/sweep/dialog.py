"""Training > Sweep...: the classic lessons as small studies, run in the background, shown as they finish.

Choose what to compare (optimizers, learning rates, one thing switched on and off; several at once make
a grid), press Start: each trial is an ordinary run of the project (same seed, same model), listed in
the Runs dock and overlaid on the loss plot as it ends. The study's table, importance and parallel
coordinate plots fill in at the end. Stop ends the running trial (its checkpoint is kept) and the study.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from netstudio.core.errors import NetStudioError
from netstudio.ui.training.fields import SciSpinBox

from .plan import OPTIMIZER_VARIANTS, TOGGLES, SweepPlan, lr_axis, lr_values, optimizer_axis, toggle_axis, value_text
from .results import SweepResults
from ..engine_text import engine_text

OPTIMIZER_NAMES = {"sgd": "SGD", "sgd+momentum": QT_TRANSLATE_NOOP("SweepDialog", "SGD + momentum"),
                   "nesterov": "Nesterov", "adagrad": "Adagrad", "adadelta": "Adadelta", "rmsprop": "RMSprop",
                   "adam": "Adam", "adamw": "AdamW"}
TOGGLE_NAMES = {"dropout": QT_TRANSLATE_NOOP("SweepDialog", "Dropout"),
                "batch_norm": QT_TRANSLATE_NOOP("SweepDialog", "Batch norm"),
                "l2": QT_TRANSLATE_NOOP("SweepDialog", "L2 (weight decay)"),
                "augmentation": QT_TRANSLATE_NOOP("SweepDialog", "Augmentation")}
DEFAULT_RACE = ("sgd", "sgd+momentum", "adam")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SweepDialog", text)


class SweepDialog(QDialog):
    """Non-modal; one per window (``TrainingController.open_sweep``). ``results`` shows the study."""

    def __init__(self, window, training) -> None:
        super().__init__(window)
        self.window_, self.training = window, training
        self.setObjectName("sweep_dialog")
        self.run = None                 # the SweepThread while a study runs
        self.tuner = None
        self.trial_dirs: list[str] = []
        self.total = 0
        self.optimizers = QGroupBox(self)
        self.optimizers.setCheckable(True)
        grid = QGridLayout(self.optimizers)
        self.optimizer_boxes: dict[str, QCheckBox] = {}
        for i, key in enumerate(OPTIMIZER_VARIANTS):
            box = QCheckBox(self.optimizers)
            box.setChecked(key in DEFAULT_RACE)
            grid.addWidget(box, i // 2, i % 2)
            self.optimizer_boxes[key] = box
        self.rates = QGroupBox(self)
        self.rates.setCheckable(True)
        self.rates.setChecked(False)
        rates = QFormLayout(self.rates)
        self.lr_low, self.lr_high = SciSpinBox(self.rates, 1e-7, 100.0), SciSpinBox(self.rates, 1e-7, 100.0)
        self.lr_low.setValue(1e-4)
        self.lr_high.setValue(1e-1)
        self.lr_count = QSpinBox(self.rates)
        self.lr_count.setRange(2, 20)
        self.lr_count.setValue(4)
        for w in (self.lr_low, self.lr_high, self.lr_count):
            rates.addRow(QLabel(self.rates), w)
        self.switch = QGroupBox(self)
        self.switch.setCheckable(True)
        self.switch.setChecked(False)
        switch = QFormLayout(self.switch)
        self.toggle = QComboBox(self.switch)
        switch.addRow(QLabel(self.switch), self.toggle)
        self.common = QFormLayout()
        self.metric_box = QComboBox(self)
        self.epochs = QSpinBox(self)
        self.epochs.setRange(1, 100000)
        self.max_steps = QSpinBox(self)
        self.max_steps.setRange(0, 10_000_000)
        for w in (self.metric_box, self.epochs, self.max_steps):
            self.common.addRow(QLabel(self), w)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button, self.stop_button = QPushButton(self), QPushButton(self)
        self.stop_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        for w in (self.optimizers, self.rates, self.switch):
            w.toggled.connect(self._update_summary)
        for box in self.optimizer_boxes.values():
            box.toggled.connect(self._update_summary)
        self.lr_count.valueChanged.connect(self._update_summary)
        self.settings = QWidget(self)
        left = QVBoxLayout(self.settings)
        left.setContentsMargins(0, 0, 0, 0)
        for w in (self.optimizers, self.rates, self.switch):
            left.addWidget(w)
        left.addLayout(self.common)
        left.addWidget(self.summary)
        left.addStretch(1)
        self.results = SweepResults(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.settings)
        split.addWidget(self.results)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 620])
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self.resize(980, 620)
        window.language_changed.connect(self.retranslate)
        self.retranslate()
        from ..accessibility import name_form_rows

        name_form_rows(self)        # screen readers name each field after its row's label
        self.load_project()

    # ----- texts -----
    @Slot()
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sweep"))
        self.optimizers.setTitle(self.tr("Race the optimizers (each with its default learning rate)"))
        for key, box in self.optimizer_boxes.items():
            box.setText(_tr(OPTIMIZER_NAMES[key]))
        self.rates.setTitle(self.tr("Learning rates (log scale)"))
        form = self.rates.layout()
        for w, text in ((self.lr_low, self.tr("From")), (self.lr_high, self.tr("To")),
                        (self.lr_count, self.tr("Values"))):
            form.labelForField(w).setText(text)
        self.switch.setTitle(self.tr("On / off (one thing toggled)"))
        self.switch.layout().labelForField(self.toggle).setText(self.tr("Switch"))
        current = self.toggle.currentData()
        self.toggle.clear()
        for key in TOGGLES:
            self.toggle.addItem(_tr(TOGGLE_NAMES[key]), key)
        self.toggle.setCurrentIndex(max(0, self.toggle.findData(current)))
        for w, text in ((self.metric_box, self.tr("Compare by")), (self.epochs, self.tr("Epochs per trial")),
                        (self.max_steps, self.tr("Stop each trial after steps"))):
            self.common.labelForField(w).setText(text)
        self.max_steps.setSpecialValueText(self.tr("no limit"))
        self.start_button.setText(self.tr("Start"))
        self.stop_button.setText(self.tr("Stop"))
        self.results.retranslate()
        self._update_summary()

    def load_project(self) -> None:
        """Take the defaults (epochs, the metrics the task reports) from the open project."""
        project = self.project()
        training = (project.training if project is not None else None) or {}
        self.epochs.setValue(int(training.get("epochs") or 5))
        self.max_steps.setValue(int(training.get("max_steps") or 0))
        kind = ((project.task if project is not None else None) or {}).get("type", "classify")
        self.metric_box.clear()
        for metric in ("val_loss", "val_acc", "train_loss") if kind == "classify" else ("val_loss", "train_loss"):
            self.metric_box.addItem(metric, metric)

    def project(self):
        doc = self.training.document
        return doc.project if doc is not None else None

    @Slot()
    def _update_summary(self, *_args) -> None:
        try:
            plan = self.plan()
        except NetStudioError as exc:
            self.summary.setText(str(exc))
            return
        self.summary.setText(self.tr("%1 trial(s), one after another, each an ordinary run with the project's "
                                     "seed and model; they appear in the Runs dock as they end.")
                             .replace("%1", str(len(plan.combinations()))))

    # ----- the study -----
    def plan(self) -> SweepPlan:
        """The plan the widgets describe. Raises NetStudioError naming what is missing or wrong."""
        project = self.project()
        if project is None:
            raise NetStudioError(self.tr("Open a project first."))
        axes = []
        if self.optimizers.isChecked():
            axes.append(optimizer_axis([k for k, box in self.optimizer_boxes.items() if box.isChecked()]))
        if self.rates.isChecked():
            axes.append(lr_axis(lr_values(self.lr_low.value(), self.lr_high.value(), self.lr_count.value())))
        if self.switch.isChecked():
            axes.append(toggle_axis(self.toggle.currentData(), project.to_dict()))
        threads = (project.training or {}).get("threads") or self.training.torch_threads
        settings = {"epochs": self.epochs.value(), "max_steps": self.max_steps.value() or None, "threads": threads}
        return SweepPlan(project, axes, metric=self.metric_box.currentData() or "val_loss", settings=settings)

    def runs_root(self) -> Path:
        """Where the controller puts this project's runs (so the Runs dock lists the trials)."""
        return Path(self.training._run_dir(self.project())).parent

    @Slot()
    def start(self) -> bool:
        if self.run is not None:
            return False
        if self.training.running:
            self._say(self.tr("Training is running: stop it before starting a sweep."), error=True)
            return False
        try:
            plan = self.plan()
            plan.check()
        except NetStudioError as exc:
            self._say(str(exc), error=True)
            return False
        from .study import SweepTuner
        from .worker import SweepThread

        self.tuner = SweepTuner(plan, runs_root=self.runs_root())
        self.total = len(plan.combinations())
        self.trial_dirs = []
        self.results.reset(plan.metric)
        run = SweepThread(self.tuner, self)
        w = run.worker
        w.trial_started.connect(self.on_trial_started)
        w.trial_progress.connect(self.on_trial_progress)
        w.trial_ended.connect(self.on_trial_ended)
        w.done.connect(self.on_done)
        run.finished.connect(self.on_thread_finished)
        self.run = run
        self._set_running(True)
        self._say(self.tr("Starting %1 trial(s)…").replace("%1", str(self.total)))
        run.start()
        return True

    @Slot()
    def stop(self) -> None:
        if self.run is not None:
            self.run.request_stop()
            self.stop_button.setEnabled(False)
            self._say(self.tr("Stopping the running trial after this batch…"))

    @property
    def running(self) -> bool:
        return self.run is not None

    @Slot(int, object, str)
    def on_trial_started(self, number: int, params: dict, run_dir: str) -> None:
        self.trial_dirs.append(run_dir)
        self.results.set_row(number, params, None, "running")
        self._say(self.tr("Trial %1 of %2: %3").replace("%1", str(number + 1)).replace("%2", str(self.total))
                  .replace("%3", ", ".join(f"{k} {value_text(v)}" for k, v in params.items())))

    @Slot(int, int, int)
    def on_trial_progress(self, number: int, epoch: int, epochs: int) -> None:
        self._say(self.tr("Trial %1 of %2: epoch %3 of %4").replace("%1", str(number + 1))
                  .replace("%2", str(self.total)).replace("%3", str(epoch)).replace("%4", str(epochs)))

    @Slot(object)
    def on_trial_ended(self, result) -> None:
        self.results.set_row(result.number, result.params, result.value, result.state, result.message)
        self.show_in_runs()

    @Slot(object)
    def on_done(self, summary: dict) -> None:
        maximize = self.tuner is not None and self.tuner.cfg.direction == "maximize"
        self.results.show_study(summary["rows"], summary["importances"], maximize)
        self.show_in_runs()
        if summary["error"]:
            self._say(summary["error"], error=True)
            return
        done = [r for r in summary["rows"] if r["state"] == "complete" and r["value"] is not None]
        if not done:
            self._say(self.tr("No trial completed."), error=bool(summary["rows"]))
            return
        best = (max if maximize else min)(done, key=lambda r: r["value"])
        self._say(self.tr("%1 of %2 trial(s) complete; best: trial %3 (%4), %5 %6")
                  .replace("%1", str(len(done))).replace("%2", str(len(summary["rows"])))
                  .replace("%3", str(best["number"]))
                  .replace("%4", ", ".join(f"{k} {value_text(v)}" for k, v in best["params"].items()))
                  .replace("%5", self.results.metric_name).replace("%6", f"{best['value']:.4f}"))

    @Slot()
    def on_thread_finished(self) -> None:
        run, self.run = self.run, None
        if run is not None:
            run.deleteLater()
        self._set_running(False)

    def show_in_runs(self) -> None:
        """List the trials in the Runs dock and overlay the finished ones on the loss plot."""
        runs = getattr(self.training, "runs", None)
        if runs is None:
            return
        runs.refresh()
        done = [p for p in self.trial_dirs if p in runs.panel.paths() and (Path(p) / "metrics.jsonl").is_file()]
        runs.dock.show()
        runs.panel.select_paths(done)

    def shutdown(self) -> None:
        """Stop the study and wait for its thread (the dialog or the window closing)."""
        if self.run is not None:
            self.run.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.shutdown()
        super().closeEvent(event)

    # ----- helpers -----
    def _set_running(self, running: bool) -> None:
        self.settings.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(engine_text(text))
        self.status.setStyleSheet("color: #b00020;" if error else "")

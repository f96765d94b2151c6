"""The Evaluation view: pick a checkpoint (the latest run's best or last, or a file) and a split, score it
on a background thread, and show per-class precision/recall/F1, the confusion matrix, ROC and PR curves
(two classes) or MAE/RMSE/R² with a predicted-vs-true scatter (regression).

``evaluate(run_dir_or_checkpoint, split)`` is the entry point for other views (the Runs view).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from netstudio.core.errors import NetStudioError

from .common import LiveView
from .evaluation_plots import ConfusionHeatmap, CurvePlot, MetricsTable, ScatterPlot
from .evaluation_worker import EvaluationThread, run_folder_of
from ...engine_text import engine_text

SPLITS = ("val", "test")
FILE = "file:"          # source box data: "best", "last" (the latest run's) or "file:<path>"
TASK_METRICS = ("loss", "acc", "perplexity", "reconstruction_error", "d_x", "d_g_z", "samples")


class EvaluationView(LiveView):
    """Signals: ``evaluated(dict)`` with the result shown, ``evaluation_failed(str)`` with the sentence shown."""

    evaluated = Signal(object)
    evaluation_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation_view")
        self.project_source: Callable[[], object] | None = None   # set by the controller: the open project
        self.latest_checkpoint: str | None = None
        self.result: dict | None = None
        self.error: str | None = None
        self.thread: EvaluationThread | None = None
        self.source_box = QComboBox(self)
        self.source_box.setMinimumContentsLength(12)     # the live views dock is narrow beside the Runs dock
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.choose_file)
        self.split_box = QComboBox(self)
        self.run_button = QPushButton(self)
        self.run_button.clicked.connect(self.run_selected)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.table = MetricsTable(self)
        self.heatmap = ConfusionHeatmap(self)
        self.roc = CurvePlot(self)
        self.pr = CurvePlot(self)
        self.scatter = ScatterPlot(self)
        top = QHBoxLayout()        # no labels before the boxes: the dock is narrow, their tooltips say what they are
        for w in (self.source_box, self.browse_button, self.split_box, self.run_button):
            top.addWidget(w)
        top.setStretch(0, 1)
        # plots side by side in a splitter: each can be widened, none forces the dock wider than the window
        plots = QSplitter(self)
        plots.setChildrenCollapsible(False)
        for w in (self.heatmap, self.roc, self.pr, self.scatter):
            w.setMinimumWidth(100)
            plots.addWidget(w)
            w.hide()
        self.splitter = QSplitter(self)
        self.splitter.setChildrenCollapsible(False)
        self.table.setMinimumWidth(120)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(plots)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()

    # ----- text -----
    def title(self) -> str:
        return self.tr("Evaluation")

    def retranslate(self) -> None:
        self.source_box.setToolTip(self.tr("The checkpoint to evaluate: the latest run's best or last one, or a "
                                           "file chosen with File…"))
        self.split_box.setToolTip(self.tr("The part of the dataset to evaluate on"))
        self.browse_button.setText(self.tr("File…"))
        self.run_button.setText(self.tr("Evaluate"))
        names = {"best": self.tr("Latest run: best checkpoint (lowest validation loss)"),
                 "last": self.tr("Latest run: last checkpoint")}
        if self.source_box.count() == 0:
            for key in ("best", "last"):
                self.source_box.addItem(names[key], key)
        for i in range(2):
            self.source_box.setItemText(i, names[self.source_box.itemData(i)])
        split_names = {"val": self.tr("Validation split"), "test": self.tr("Test split")}
        if self.split_box.count() == 0:
            for key in SPLITS:
                self.split_box.addItem(split_names[key], key)
        for i in range(self.split_box.count()):
            self.split_box.setItemText(i, split_names[self.split_box.itemData(i)])
        if self.result is None and self.error is None and not self.running:
            self.status.setText(self.tr("Choose a checkpoint and a split, then press Evaluate: per-class precision, "
                                        "recall and F1, the confusion matrix, ROC and precision-recall curves for "
                                        "two classes, MAE, RMSE and R² for regression."))
        elif self.result is not None:
            self._show(self.result)

    # ----- choosing what to evaluate -----
    def set_latest_checkpoint(self, checkpoint: str | None) -> None:
        """The newest run's newest checkpoint (the controller calls this when a run ends)."""
        self.latest_checkpoint = checkpoint

    def reset(self) -> None:
        """A new document or a fresh run: "the latest run" has no checkpoint until that run ends."""
        self.latest_checkpoint = None
        super().reset()

    @property
    def running(self) -> bool:
        return self.thread is not None

    def ask_checkpoint_file(self) -> str:
        start = str(run_folder_of(self.latest_checkpoint) or "") if self.latest_checkpoint else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a checkpoint"), start,
                                              self.tr("Checkpoints (*.safetensors)"))
        return path

    @Slot()
    def choose_file(self) -> None:
        path = self.ask_checkpoint_file()
        if path:
            self._select_path(path)

    def _select_path(self, path: str) -> None:
        index = self.source_box.findData(FILE + str(path))
        if index < 0:
            self.source_box.addItem(str(path), FILE + str(path))
            index = self.source_box.count() - 1
        self.source_box.setCurrentIndex(index)

    def selected_checkpoint(self) -> str:
        """The weights file the source box names; raises NetStudioError with a sentence when there is none."""
        from netstudio.training.evaluation import run_checkpoint

        data = self.source_box.currentData()
        if data.startswith(FILE):
            path = Path(data[len(FILE):])
            return str(run_checkpoint(path, "best")) if path.is_dir() else str(path)
        run = run_folder_of(self.latest_checkpoint) if self.latest_checkpoint else self.newest_run()
        if run is None:
            if self.latest_checkpoint:
                return self.latest_checkpoint
            raise NetStudioError(self.tr("This project has no run with a checkpoint yet: train first, or choose a "
                                         "checkpoint file with File…"))
        return str(run_checkpoint(run, data))

    def newest_run(self) -> Path | None:
        """The newest run folder of the open project that holds a checkpoint (runs of earlier sessions too)."""
        from PySide6.QtCore import QStandardPaths

        from netstudio.training.run_history import list_runs, project_filter, run_roots

        project = self.project_source() if self.project_source is not None else None
        if project is None:
            return None
        app_data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
        roots = run_roots(project.path, Path(app_data or Path.home() / ".netstudio") / "runs")
        for info in list_runs(roots, project_filter(project.name, project.path)):
            if info.checkpoint:
                return info.path
        return None

    # ----- running -----
    def evaluate(self, run_dir_or_checkpoint: str, split: str = "val") -> bool:
        """Evaluate a checkpoint file (or a run folder's best checkpoint) on ``split`` ("val" or "test").

        Returns False (and says why in the view) when it cannot start; the result arrives later
        (``evaluated`` / ``evaluation_failed``).
        """
        self._select_path(str(run_dir_or_checkpoint))
        index = self.split_box.findData(split)
        if index < 0:
            return self._fail(self.tr("There is no split called %1: use val or test.").replace("%1", str(split)))
        self.split_box.setCurrentIndex(index)
        return self.run_selected()

    @Slot()
    def run_selected(self) -> bool:
        if self.running:
            self.status.setText(self.tr("An evaluation is already running; wait for it to finish."))
            return False
        try:
            checkpoint = self.selected_checkpoint()
        except NetStudioError as exc:
            return self._fail(str(exc))
        current = self.project_source() if self.project_source is not None else None
        split = self.split_box.currentData()
        self.error = None
        self.thread = EvaluationThread(current, checkpoint, split)
        self.thread.succeeded.connect(self.on_succeeded)
        self.thread.failed.connect(self.on_failed)
        self.thread.finished.connect(self.on_thread_finished)
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Evaluating %1 on the %2…").replace("%1", Path(checkpoint).name)
                            .replace("%2", self.split_box.currentText().lower()))
        self.thread.start()
        return True

    def _fail(self, message: str) -> bool:
        self.error = message
        self.status.setText(engine_text(message))
        self.evaluation_failed.emit(message)
        return False

    @Slot(object)
    def on_succeeded(self, result: dict) -> None:
        self.result = result
        self._show(result)
        self.evaluated.emit(result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._fail(message)

    @Slot()
    def on_thread_finished(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.deleteLater()
        self.run_button.setEnabled(True)

    @Slot()
    def shutdown(self) -> None:
        """Wait for a running evaluation (deleting a running QThread aborts the process)."""
        if self.thread is not None:
            self.thread.wait()

    # ----- showing a result -----
    def _show(self, r: dict) -> None:
        split = {"val": self.tr("validation"), "test": self.tr("test")}.get(r.get("split"), r.get("split", ""))
        text = (self.tr("%1 split of %2: %3 samples, checkpoint %4").replace("%1", split)
                .replace("%2", str(r.get("dataset", ""))).replace("%3", f"{r.get('samples', 0):,}")
                .replace("%4", Path(r.get("checkpoint", "")).name))
        for w in (self.heatmap, self.roc, self.pr, self.scatter):
            w.hide()
        if "classes" in r:
            text += "; " + self.tr("accuracy %1").replace("%1", f"{r['accuracy']:.1%}")
            self.table.show_classes(r)
            self.heatmap.show_confusion(r["confusion"], r["class_names"])
            self.heatmap.show()
            text += self._show_binary(r.get("binary"))
        elif "r2" in r:
            self.table.show_values([(self.tr("MAE"), _number(r["mae"])), (self.tr("RMSE"), _number(r["rmse"])),
                                    (self.tr("R²"), _number(r["r2"])), (self.tr("loss"), _number(r.get("loss"))),
                                    (self.tr("values"), f"{r['scatter']['total']:,}")])
            self.scatter.show_pairs(r["scatter"]["true"], r["scatter"]["pred"])
            self.scatter.show()
        else:
            names = {"loss": self.tr("loss"), "acc": self.tr("accuracy"), "perplexity": self.tr("perplexity"),
                     "reconstruction_error": self.tr("reconstruction error"), "d_x": "D(x)", "d_g_z": "D(G(z))",
                     "samples": self.tr("samples")}
            self.table.show_values([(names[k], f"{r[k]:.1%}" if k == "acc" and r[k] is not None else _number(r[k]))
                                    for k in TASK_METRICS if k in r])
        self._give_plots_room()
        if r.get("note"):
            text += "\n" + self.tr("Per-class precision, recall and F1 apply to classification only.")
        if r.get("sample_text"):
            text += "\n" + self.tr("Sample text: %1").replace("%1", r["sample_text"])
        self.status.setText(text)

    def _give_plots_room(self) -> None:
        """A splitter gives no width to a side that had nothing visible when it was laid out (and caps its own
        maximum width by it): recompute both, then share the width again."""
        self.splitter.widget(1).refresh()
        self.splitter.refresh()
        total = self.splitter.width()
        if self.splitter.sizes()[1] < 100 and total > 240:
            left = min(self.table.maximumWidth(), max(total // 3, 120))
            self.splitter.setSizes([left, total - left])

    def _show_binary(self, binary: dict | None) -> str:
        """Draw the ROC and PR curves; returns what the status line adds (the positive class, a note)."""
        if not binary:
            return ""
        roc, pr = binary.get("roc"), binary.get("pr")
        positive = binary.get("positive_class", "1")
        if roc:
            self.roc.show_curve(self.tr("ROC curve"),
                                self.tr("false positive rate"), self.tr("true positive rate"), roc["fpr"], roc["tpr"],
                                self.tr("ROC (AUC %1)").replace("%1", f"{roc['auc']:.3f}"), roc["auc"], True)
            self.roc.show()
        if pr:
            self.pr.show_curve(self.tr("Precision-recall curve"),
                               self.tr("recall"), self.tr("precision"), pr["recall"], pr["precision"],
                               self.tr("PR (AUC %1)").replace("%1", f"{pr['auc']:.3f}"), pr["auc"], False,
                               steps=True)
            self.pr.show()
        added = "; " + self.tr("ROC and PR for the positive class %1").replace("%1", positive)
        if binary.get("note"):
            added += "\n" + self.tr("No ROC curve: the split holds a single class.")
        return added


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.4g}"

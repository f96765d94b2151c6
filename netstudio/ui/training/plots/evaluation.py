"""After training: the test split's metrics, per-class accuracy, and (for a stopped run) evaluating the checkpoint."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from .common import LiveView, make_plot, plot_colours

SKIP = {"confusion", "per_class_acc", "sample_text", "wrong"}


class TestResultsView(LiveView):
    """Shows the engine's ``test`` event; ``evaluate_requested`` asks the controller to score a checkpoint."""

    evaluate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("test_results_view")
        self.metrics: dict = {}
        self.class_names: list[str] = []
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.evaluate_button = QPushButton(self)
        self.evaluate_button.clicked.connect(self.evaluate_requested)
        self.evaluate_button.setEnabled(False)
        self.table = QTableWidget(0, 2, self)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumWidth(320)
        self.plot = make_plot(self)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush("#2ca02c"))
        self.plot.getPlotItem().addItem(self.bars)
        self.plot.getPlotItem().setYRange(0, 1)
        self.sample_text = QLabel(self)
        self.sample_text.setWordWrap(True)
        self.sample_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.evaluate_button)
        body = QHBoxLayout()
        body.addWidget(self.table)
        body.addWidget(self.plot, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.sample_text)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Test results")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("metric"), self.tr("value")])
        self.evaluate_button.setText(self.tr("Evaluate the last checkpoint"))
        self.plot.getPlotItem().setTitle(self.tr("Accuracy per class"), color=plot_colours()[1], size="9pt")
        if not self.metrics:
            self.caption.setText(self.tr("Results on the test split appear when training finishes (or evaluate "
                                         "the last checkpoint after stopping)."))

    def set_class_names(self, names) -> None:
        self.class_names = list(names or [])

    def set_can_evaluate(self, on: bool) -> None:
        self.evaluate_button.setEnabled(on)

    def reset(self) -> None:
        self.metrics = {}
        self.table.setRowCount(0)
        self.bars.setOpts(x=[], height=[])
        self.sample_text.clear()
        self.retranslate()
        super().reset()

    def on_test(self, event) -> None:
        self.show_metrics(event.metrics, event.split, event.step)

    def show_metrics(self, metrics: dict, split: str = "test", step: int | None = None) -> None:
        self.metrics = dict(metrics)
        where = self.tr("after step %1").replace("%1", str(step)) if step is not None else ""
        self.caption.setText(self.tr("Results on the %1 split %2").replace("%1", split).replace("%2", where))
        self.dirty = True

    @Slot()
    def refresh(self) -> None:
        rows = [(k, v) for k, v in self.metrics.items() if k not in SKIP and isinstance(v, (int, float))]
        self.table.setRowCount(len(rows))
        for r, (k, v) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(k.replace("_", " ")))
            text = f"{v:.2%}" if k.endswith("acc") or k.startswith("top") else (f"{v:,}" if isinstance(v, int)
                                                                                 else f"{v:.4g}")
            self.table.setItem(r, 1, QTableWidgetItem(text))
        per_class = self.metrics.get("per_class_acc")
        if per_class:
            values = np.asarray(per_class, dtype=np.float32)
            self.bars.setOpts(x=np.arange(len(values)), height=values, width=0.7)
            names = [self.class_names[i] if i < len(self.class_names) else str(i) for i in range(len(values))]
            if len(values) <= 30:
                self.plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
            self.plot.show()
        else:
            self.plot.hide()
        self.sample_text.setText(self.metrics.get("sample_text", "") or "")
        super().refresh()

"""The live views dock's contents: the loss view on the left, every other view as a tab on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from .plots.autoencoder import AutoencoderView
from .plots.boundary import BoundaryView
from .plots.classification import ClassificationView
from .plots.common import LiveView
from .plots.evaluation import TestResultsView
from .plots.evaluation_view import EvaluationView
from .plots.feature_maps import FeatureMapsView
from .plots.filters import FiltersView
from .plots.gan import GanView
from .plots.loss import LossView
from .plots.text import TextView
from .plots.try_it import TryItView

POINT_DATASETS = ("spirals", "moons", "circles", "blobs")


class LiveViews(QWidget):
    """Holds one instance of each view; ``configure(task_kind, dataset)`` shows the tabs that apply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss = LossView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.gan = GanView(self.tabs)
        self.autoencoder = AutoencoderView(self.tabs)
        self.classification = ClassificationView(self.tabs)
        self.boundary = BoundaryView(self.tabs)
        self.text = TextView(self.tabs)
        self.filters = FiltersView(self.tabs)
        self.feature_maps = FeatureMapsView(self.tabs)
        self.test_results = TestResultsView(self.tabs)
        self.evaluation = EvaluationView(self.tabs)
        self.try_it = TryItView(self.tabs)
        self.tabbed: list[LiveView] = [self.gan, self.autoencoder, self.boundary, self.classification, self.text,
                                       self.filters, self.feature_maps, self.test_results, self.evaluation, self.try_it]
        for view in self.tabbed:
            self.tabs.addTab(view, view.title())
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.loss)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.configure("classify", "")

    @property
    def all(self) -> list[LiveView]:
        return [self.loss] + self.tabbed

    def configure(self, task_kind: str, dataset: str) -> None:
        """Show the views for this task; the first task-specific one becomes the current tab."""
        first = None
        for i, view in enumerate(self.tabbed):
            show = view.applies_to(task_kind)
            if view is self.boundary:
                show = show and dataset in POINT_DATASETS
            if view is self.try_it:   # its form follows the task: image, text, next characters or points
                show = self.try_it.serves(task_kind, dataset)
            self.tabs.setTabVisible(i, show)
            if show and first is None:
                first = view
        if first is not None:
            self.tabs.setCurrentWidget(first)

    def show_view(self, view: LiveView) -> None:
        self.tabs.setTabVisible(self.tabs.indexOf(view), True)
        self.tabs.setCurrentWidget(view)

    def retranslate(self) -> None:
        for view in self.all:
            if hasattr(view, "retranslate"):
                view.retranslate()
        for i, view in enumerate(self.tabbed):
            self.tabs.setTabText(i, view.title())

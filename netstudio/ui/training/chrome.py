"""The training UI's place in the main window: its two docks, its menu, toolbar and actions.

Built from a table (as ``netstudio.ui.actions`` builds the window's own) and plugged in through the
window's public seams only: ``add_dock``, ``menuBar()``, ``addToolBar`` and its signals.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from .controls import IDLE, PAUSED, RUNNING, STARTING

# key, text, shortcut, controller slot, in the menu, in the toolbar, enabled in which states
ACTIONS = (
    ("train", QT_TRANSLATE_NOOP("Training", "&Train"), "F5", "train", True, True, (IDLE,)),
    ("continue", QT_TRANSLATE_NOOP("Training", "&Continue from checkpoint"), None, "continue_training", True, False,
     (IDLE,)),
    ("pause", QT_TRANSLATE_NOOP("Training", "&Pause"), "F6", "pause", True, True, (RUNNING,)),
    ("resume", QT_TRANSLATE_NOOP("Training", "&Resume"), "Ctrl+F6", "resume", True, True, (PAUSED,)),
    ("step", QT_TRANSLATE_NOOP("Training", "Step one &batch"), "F7", "step_once", True, True, (PAUSED,)),
    ("stop", QT_TRANSLATE_NOOP("Training", "&Stop"), "Shift+F5", "stop", True, True, (STARTING, RUNNING, PAUSED)),
    ("sweep", QT_TRANSLATE_NOOP("Training", "S&weep…"), None, "open_sweep", True, False, (IDLE,)),
)
MENU_GROUPS = (("train", "continue"), ("pause", "resume", "step", "stop"), ("sweep",))
TITLES = {"training_dock": QT_TRANSLATE_NOOP("Training", "Training"),
          "live_dock": QT_TRANSLATE_NOOP("Training", "Live views"),
          "menu": QT_TRANSLATE_NOOP("Training", "&Training"),
          "indicators": QT_TRANSLATE_NOOP("Training", "Canvas indicators")}
INDICATOR_MODES = (("grad_norm", QT_TRANSLATE_NOOP("Training", "gradient norm")),
                   ("weight_std", QT_TRANSLATE_NOOP("Training", "weight spread")),
                   ("act_mean_std", QT_TRANSLATE_NOOP("Training", "activation mean/std")),
                   ("dead_pct", QT_TRANSLATE_NOOP("Training", "dead units %")),
                   ("off", QT_TRANSLATE_NOOP("Training", "off")))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Training", text)


class LivePlaceholder(QWidget):
    """Stands in the "Live views" dock until the views are built; ``painted`` once it is on screen.

    Painted means really shown (not a covered dock tab, not a window that was never drawn), so the
    views are built after the window's first paint, in the next turn of the event loop.
    """

    painted = Signal()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self.painted.emit()   # the logic is in the slot: PySide6 swallows errors raised in overrides


class TrainingChrome(QObject):
    """Docks ("Training": settings, buttons, progress; "Live views": the plots), the Training menu and
    toolbar, and the canvas-indicator choice, kept in step with the controller's state."""

    def __init__(self, controller, window) -> None:
        super().__init__(controller)
        self.controller = controller
        self.indicator_label = QLabel()
        self.indicator_mode = QComboBox()
        self.training_dock = window.add_dock("training", self._training_body(), Qt.DockWidgetArea.RightDockWidgetArea)
        window.tabifyDockWidget(window.docks["inspector"], self.training_dock)
        # a scroll area lets the dock shrink on a small screen instead of forcing the window wider
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # the views are built into ``live_host`` when first shown (``show_live``); until then it holds a
        # placeholder whose first paint says the dock is on screen
        self.live_host = QWidget()
        host_layout = QVBoxLayout(self.live_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        self.live_placeholder = LivePlaceholder(self.live_host)
        self.live_placeholder.painted.connect(self._placeholder_painted, Qt.ConnectionType.QueuedConnection)
        host_layout.addWidget(self.live_placeholder)
        scroll.setWidget(self.live_host)
        self.live_scroll = scroll
        self.live_dock = window.add_dock("live", scroll, Qt.DockWidgetArea.BottomDockWidgetArea, tab_with="summary")
        self.actions: dict[str, QAction] = {}
        for key, _text, shortcut, slot, _menu, _bar, _states in ACTIONS:
            action = QAction(window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(getattr(controller, slot))
            self.actions[key] = action
        self.menu = window.menuBar().addMenu("")
        for i, group in enumerate(MENU_GROUPS):
            if i:
                self.menu.addSeparator()
            self.menu.addActions([self.actions[k] for k in group])
        self.toolbar = window.addToolBar("")
        self.toolbar.setObjectName("toolbar_training")
        self.toolbar.addActions([self.actions[row[0]] for row in ACTIONS if row[5]])
        controller.state_changed.connect(self.state_changed)
        self.indicator_mode.currentIndexChanged.connect(self.mode_changed)
        self.retranslate()
        self.state_changed(controller.state)

    def _training_body(self) -> QWidget:
        c = self.controller
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(c.controls)
        row = QHBoxLayout()
        row.addWidget(self.indicator_label)
        row.addWidget(self.indicator_mode, 1)
        layout.addLayout(row)
        scroll = QScrollArea(body)
        scroll.setWidgetResizable(True)
        scroll.setWidget(c.panel)
        layout.addWidget(scroll, 1)
        return body

    @Slot()
    def _placeholder_painted(self) -> None:
        """The dock is on screen: build the views (queued, so the frame that showed it is done)."""
        if self.controller.live_built() is None:
            QTimer.singleShot(0, self, lambda: self.controller.live)

    def show_live(self, live: QWidget) -> None:
        """Show the freshly built live views (made with ``live_host`` as their parent) instead of the
        placeholder. Built in place rather than moved there: moving the finished plots into the window
        re-resolves every widget's font (and once crashed PySide6 6.11 when a view's attribute shadowed
        ``QWidget.metric``; see ``LossView.metric_series``)."""
        placeholder, self.live_placeholder = self.live_placeholder, None
        if placeholder is not None:   # hidden and deleted later: it may be mid-paint or mid-signal now
            placeholder.painted.disconnect(self._placeholder_painted)
            placeholder.hide()
            placeholder.deleteLater()
        self.live_host.layout().addWidget(live)

    def retranslate(self) -> None:
        self.training_dock.setWindowTitle(_tr(TITLES["training_dock"]))
        self.live_dock.setWindowTitle(_tr(TITLES["live_dock"]))
        self.menu.setTitle(_tr(TITLES["menu"]))
        self.toolbar.setWindowTitle(_tr(TITLES["training_dock"]))
        for key, text, *_rest in ACTIONS:
            self.actions[key].setText(_tr(text))
        self.indicator_label.setText(_tr(TITLES["indicators"]))
        box = self.indicator_mode
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for value, label in INDICATOR_MODES:
            box.addItem(_tr(label), value)
        box.setCurrentIndex(max(0, box.findData(current or "grad_norm")))
        box.blockSignals(False)

    @Slot(str)
    def state_changed(self, state: str) -> None:
        c = self.controller
        for key, *_rest, states in ACTIONS:
            self.actions[key].setEnabled(state in states)
        self.actions["train"].setEnabled(state == IDLE and c.document is not None)
        self.actions["continue"].setEnabled(state == IDLE and bool(c.last_checkpoint))
        if state == STARTING:     # show the progress and the plots when a run begins
            for dock in (self.live_dock, self.training_dock):
                dock.show()
                dock.raise_()

    @Slot(int)
    def mode_changed(self, _i: int) -> None:
        mode = self.indicator_mode.currentData()
        self.controller.indicators.set_visible(mode != "off")
        if mode != "off":
            self.controller.indicators.set_mode(mode)

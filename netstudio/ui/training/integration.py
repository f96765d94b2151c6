"""``install_training(window)``: adds training to an existing MainWindow through its public Qt API only.

It adds a "Training" dock (settings, buttons, progress), a "Live views" dock (plots), a Training
menu and toolbar, follows the window's current project, makes the graph read-only while training,
and on close during training asks, then stops the worker and waits for its thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout, QWidget)

from .controller import TrainingController
from .controls import IDLE, PAUSED, RUNNING, STARTING


class _WindowFilter(QObject):
    """Close during training: ask, then stop and wait. Language change: retranslate our widgets."""

    def __init__(self, controller: TrainingController) -> None:
        super().__init__(controller)
        self.controller = controller

    def decide_close(self) -> bool:
        """True when the window may close now (no training, or the user agreed and training has stopped)."""
        c = self.controller
        if not c.running:
            return True
        if not c.ask_stop_on_close():
            return False
        c.shutdown()
        return True

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and obj is self.controller.window:
            if not self.decide_close():
                event.ignore()
                return True
        elif kind == QEvent.Type.LanguageChange and obj is self.controller.window:
            self.controller.retranslate()
            _retranslate_chrome(self.controller)
        return False


def _tr(text: str) -> str:
    return QCoreApplication.translate("Training", text)


def _build_training_dock(controller: TrainingController) -> QWidget:
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(controller.controls)
    row = QHBoxLayout()
    controller.indicator_label = QLabel(body)
    controller.indicator_mode = QComboBox(body)
    row.addWidget(controller.indicator_label)
    row.addWidget(controller.indicator_mode, 1)
    layout.addLayout(row)
    scroll = QScrollArea(body)
    scroll.setWidgetResizable(True)
    scroll.setWidget(controller.panel)
    layout.addWidget(scroll, 1)
    return body


def _retranslate_chrome(c: TrainingController) -> None:
    c.training_dock.setWindowTitle(_tr("Training"))
    c.live_dock.setWindowTitle(_tr("Live views"))
    c.menu.setTitle(_tr("&Training"))
    c.toolbar.setWindowTitle(_tr("Training"))
    texts = {"train": _tr("&Train"), "continue": _tr("&Continue from checkpoint"), "pause": _tr("&Pause"),
             "resume": _tr("&Resume"), "stop": _tr("&Stop"), "step": _tr("Step one &batch")}
    for key, action in c.actions.items():
        action.setText(texts[key])
    c.indicator_label.setText(_tr("Canvas indicators"))
    current = c.indicator_mode.currentData()
    c.indicator_mode.blockSignals(True)
    c.indicator_mode.clear()
    for value, label in (("grad_norm", _tr("gradient norm")), ("weight_std", _tr("weight spread")),
                         ("off", _tr("off"))):
        c.indicator_mode.addItem(label, value)
    c.indicator_mode.setCurrentIndex(max(0, c.indicator_mode.findData(current or "grad_norm")))
    c.indicator_mode.blockSignals(False)


class _ChromeSync(QObject):
    """Keeps the menu/toolbar actions in step with the controller's state and applies the indicator mode."""

    def __init__(self, controller: TrainingController) -> None:
        super().__init__(controller)
        self.c = controller
        controller.state_changed.connect(self.state_changed)
        controller.indicator_mode.currentIndexChanged.connect(self.mode_changed)

    @Slot(str)
    def state_changed(self, state: str) -> None:
        a, c = self.c.actions, self.c
        a["train"].setEnabled(state == IDLE and c.document is not None)
        a["continue"].setEnabled(state == IDLE and bool(c.last_checkpoint))
        a["pause"].setEnabled(state == RUNNING)
        a["resume"].setEnabled(state == PAUSED)
        a["stop"].setEnabled(state in (STARTING, RUNNING, PAUSED))
        a["step"].setEnabled(state == PAUSED)
        if state == STARTING:     # show the progress and the plots when a run begins
            for dock in (c.live_dock, c.training_dock):
                dock.show()
                dock.raise_()

    @Slot(int)
    def mode_changed(self, _i: int) -> None:
        mode = self.c.indicator_mode.currentData()
        self.c.indicators.set_visible(mode != "off")
        if mode != "off":
            self.c.indicators.set_mode(mode)


def install_training(window) -> TrainingController:
    """Add live training to ``window`` (a ``netstudio.ui.main_window.MainWindow``) and return its controller.

    Uses only the window's public API: ``addDockWidget``, ``menuBar()``, ``addToolBar``,
    ``statusBar()``, ``installEventFilter``, and its ``document``, ``views``, ``tabs``,
    ``current_scene()``, ``focus_node()``, ``actions_`` and ``menus`` attributes.
    """
    existing = getattr(window, "training", None)
    if isinstance(existing, TrainingController):  # MainWindow installs it itself; tests may ask again
        return existing
    c = TrainingController(window)
    dock = QDockWidget(window)
    dock.setObjectName("dock_training")
    dock.setWidget(_build_training_dock(c))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    live = QDockWidget(window)
    live.setObjectName("dock_live_views")
    # a scroll area lets the dock shrink on a small screen instead of forcing the window wider
    scroll = QScrollArea(live)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(c.live)
    live.setWidget(scroll)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, live)
    docks = getattr(window, "docks", {})
    if "summary" in docks and not hasattr(window, "tabify_when_shown"):
        window.tabifyDockWidget(docks["summary"], live)
    if "inspector" in docks:
        window.tabifyDockWidget(docks["inspector"], dock)
    c.training_dock, c.live_dock = dock, live

    c.actions = {k: QAction(window) for k in ("train", "continue", "pause", "resume", "stop", "step")}
    c.actions["train"].setShortcut(QKeySequence("F5"))
    c.actions["stop"].setShortcut(QKeySequence("Shift+F5"))
    c.actions["pause"].setShortcut(QKeySequence("F6"))
    c.actions["resume"].setShortcut(QKeySequence("Ctrl+F6"))
    c.actions["step"].setShortcut(QKeySequence("F7"))
    for key, slot in (("train", c.train), ("continue", c.continue_training), ("pause", c.pause),
                      ("resume", c.resume), ("stop", c.stop), ("step", c.step_once)):
        c.actions[key].triggered.connect(slot)
    menu = window.menuBar().addMenu("")
    menu.addActions([c.actions[k] for k in ("train", "continue")])
    menu.addSeparator()
    menu.addActions([c.actions[k] for k in ("pause", "resume", "step", "stop")])
    c.menu = menu
    c.toolbar = window.addToolBar("")
    c.toolbar.setObjectName("toolbar_training")
    c.toolbar.addActions([c.actions[k] for k in ("train", "pause", "resume", "step", "stop")])
    view_menu = getattr(window, "menus", {}).get("view")
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(live.toggleViewAction())

    c.window_filter = _WindowFilter(c)
    window.installEventFilter(c.window_filter)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(c.shutdown)
    c.chrome = _ChromeSync(c)
    _retranslate_chrome(c)
    tabs = getattr(window, "tabs", None)
    if tabs is not None:
        tabs.currentChanged.connect(c.sync_document)
    c.sync_document()
    c.chrome.state_changed(c.state)
    return c

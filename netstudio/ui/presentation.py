"""Presentation mode, for a projector: large type, the canvas and one live view, high contrast.

One key (``PRESENT_KEY``, View menu) turns it on and off; the choice is remembered (QSettings
``presentation/on``) and the program starts in it next time. Leaving puts back the exact dock layout
of before (``saveState``/``restoreState``); while presenting, the window saves that earlier layout as its
own, so a restart in normal mode never inherits the reduced one.
"""

from __future__ import annotations

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QObject, QSettings, QSize, Qt, QTimer,
                            Slot)
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from .editor.theme import CanvasTheme

PRESENT_KEY = "F11"      # F5 is Train (F6 pause, F7 step, Shift+F5 stop): F11 is the usual "full screen" key
FONT_SCALE = 1.6         # of the interface font
CANVAS_SCALE = 1.6       # of the canvas zoom: nodes, their text and ports
NODE_TEXT_SCALE = 1.25   # of the text inside a node, on top of the zoom (the node's box stays)
ICON_SIZE = 36
LIVE_SHARE = 0.45        # of the window's height, for the live view below the canvas
SETTING_ON = "presentation/on"
SETTING_VIEW = "presentation/view"   # which live view stays: "loss" or a tabbed view's attribute name

# black on white, saturated ports, thick dark edges: readable from the back of a lit room
HIGH_CONTRAST = CanvasTheme(
    background=QColor("#ffffff"), grid=QColor("#e4e4e4"), node_body=QColor("#ffffff"),
    node_border=QColor("#000000"), node_selected=QColor("#d35400"), text=QColor("#000000"),
    text_dim=QColor("#1a1a1a"), edge=QColor("#000000"), edge_error=QColor("#c00000"),
    label_bg=QColor("#ffffff"), label_text=QColor("#000000"), error=QColor("#c00000"),
    warning=QColor("#9a6700"), port_in=QColor("#0047b3"), port_out=QColor("#00701a"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


def high_contrast_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#ffffff"), (roles.WindowText, "#000000"), (roles.Base, "#ffffff"),
                         (roles.AlternateBase, "#f0f0f0"), (roles.Text, "#000000"), (roles.Button, "#ececec"),
                         (roles.ButtonText, "#000000"), (roles.Highlight, "#0033a0"),
                         (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#ffffe0"),
                         (roles.ToolTipText, "#000000"), (roles.PlaceholderText, "#404040"),
                         (roles.Link, "#0033a0"), (roles.Light, "#ffffff"), (roles.Mid, "#606060"),
                         (roles.Dark, "#303030"), (roles.Shadow, "#000000")):
        p.setColor(role, QColor(colour))
    for role, colour in ((roles.WindowText, "#595959"), (roles.Text, "#595959"), (roles.ButtonText, "#595959")):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


class Presentation(QObject):
    """Presentation mode of a ``MainWindow``: ``set_on(bool)``, ``on``, the View menu's entries."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.on = False
        self.saved_state: QByteArray | None = None    # the dock layout to go back to
        self._saved_font: QFont | None = None
        self._saved_palette: QPalette | None = None
        self._saved_icons: dict = {}
        self._saved_heights: dict = {}
        self.action = QAction(window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(PRESENT_KEY))
        self.action.setObjectName("presentation_mode")
        self.action.toggled.connect(self.set_on)
        self.view_menu = QMenu(window)
        self.view_group = QActionGroup(window)
        view = window.menus["view"]
        anchor = next((a for a in view.actions() if a.menu() is window.menus["theme"]), None)
        view.insertAction(anchor, self.action)
        view.insertMenu(anchor, self.view_menu)
        self._fill_view_menu()
        window.document_changed.connect(self._document_changed)
        window.language_changed.connect(self.retranslate)
        controller = getattr(window, "training", None)
        if controller is not None:   # a run's start raises the training docks: reduce again after it
            controller.state_changed.connect(self._training_state)
        self.retranslate()

    # ----- which live view stays -----
    def _view_names(self) -> list[str]:
        """The choosable views, known without building the live views (they are built when first shown)."""
        return ["loss", "boundary", "classification", "autoencoder", "gan", "text", "feature_maps", "filters",
                "evaluation", "try_it"]

    def _fill_view_menu(self) -> None:
        current = self.chosen_view()
        for name in self._view_names():
            a = QAction(self.w)
            a.setCheckable(True)
            a.setData(name)
            a.setChecked(name == current)
            self.view_group.addAction(a)
            self.view_menu.addAction(a)
        self.view_group.triggered.connect(self._view_chosen)

    def chosen_view(self) -> str:
        name = QSettings().value(SETTING_VIEW, "loss", type=str) or "loss"
        return name if name in self._view_names() else "loss"

    def set_view(self, name: str) -> None:
        """Keep live view ``name`` ("loss", "boundary", ...) on screen while presenting."""
        QSettings().setValue(SETTING_VIEW, name)
        for a in self.view_group.actions():
            a.setChecked(a.data() == name)
        if self.on:
            self._show_one_view()

    @Slot(QAction)
    def _view_chosen(self, action: QAction) -> None:
        self.set_view(action.data())

    def retranslate(self) -> None:
        self.action.setText(_tr(QT_TRANSLATE_NOOP("Presentation", "&Presentation mode")))
        self.action.setToolTip(_tr(QT_TRANSLATE_NOOP(
            "Presentation", "Large type, high contrast, only the canvas and one live view (for a projector)")))
        self.view_menu.setTitle(_tr(QT_TRANSLATE_NOOP("Presentation", "Live view when &presenting")))
        from .training.view_names import view_title

        for a in self.view_group.actions():
            a.setText(view_title(a.data()))

    # ----- on and off -----
    @Slot(bool)
    def set_on(self, on: bool) -> None:
        if on == self.on:
            return
        if on:
            self.saved_state = self._editor_state()
            self._enter()
        else:
            self._leave()
        self.on = on
        QSettings().setValue(SETTING_ON, on)
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    def toggle(self) -> None:
        self.set_on(not self.on)

    def _editor_state(self) -> QByteArray:
        """The editor's dock layout, also on the welcome view (where the editor docks are hidden)."""
        w = self.w
        if w._editor_docks is not None and w.stack.currentWidget() is not w.tabs:
            w._show_editor(True)
            state = w.saveState()
            w._show_editor(False)
            return state
        return w.saveState()

    def _enter(self) -> None:
        app = QApplication.instance()
        self._saved_font = QFont(app.font())
        self._saved_palette = QPalette(app.palette())
        font = QFont(app.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * FONT_SCALE)
        app.setFont(font)
        app.setPalette(high_contrast_palette())
        QTimer.singleShot(0, self.w.statusBar(), self.w.statusBar().reformat)
        self._saved_icons = {bar: bar.iconSize() for bar in self._toolbars()}
        for bar in self._saved_icons:
            bar.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self._set_canvas(HIGH_CONTRAST, CANVAS_SCALE)
        self._reduce_docks()

    def _leave(self) -> None:
        app = QApplication.instance()
        if self._saved_font is not None:
            app.setFont(self._saved_font)
        if self._saved_palette is not None:
            app.setPalette(self._saved_palette)
        for bar, size in self._saved_icons.items():
            bar.setIconSize(size)
        self._saved_icons = {}
        from . import app as appmod

        self._set_canvas(appmod.canvas_theme(), 1.0)
        live = self._live()
        if live is not None:
            live.loss.setVisible(True)
            live.tabs.setVisible(True)
        for plot, height in self._saved_heights.items():
            plot.setMinimumHeight(height)
        self._saved_heights = {}
        w = self.w
        if self.saved_state is not None:
            on_welcome = w.stack.currentWidget() is not w.tabs
            w.restoreState(self.saved_state)
            if on_welcome:   # the restored layout is the editor's: keep it for when a project opens
                w._editor_docks = None
                w._show_editor(False)
            else:            # again once the smaller font and icons are laid out: the sizes come back exactly
                QTimer.singleShot(0, self, lambda state=QByteArray(self.saved_state): self._restore_again(state))
        self.saved_state = None

    def _restore_again(self, state: QByteArray) -> None:
        if not self.on:
            self.w.statusBar().reformat()    # QStatusBar keeps the larger font's height until asked
            self.w.restoreState(state)

    def _toolbars(self):
        from PySide6.QtWidgets import QToolBar

        return [bar for bar in self.w.findChildren(QToolBar) if bar.parent() is self.w]

    def _live(self, build: bool = False):
        """The live views; None while they are not built yet (they are built when first shown), unless
        ``build``."""
        controller = getattr(self.w, "training", None)
        if controller is None:
            return None
        if not build and hasattr(controller, "live_built"):
            return controller.live_built()
        return controller.live

    def _set_canvas(self, theme: CanvasTheme, scale: float) -> None:
        from .editor.node_item import set_font_scale

        w = self.w
        w.theme = theme      # scenes made while presenting (a project opened) get it too
        set_font_scale(NODE_TEXT_SCALE if scale != 1.0 else 1.0)
        for view in w.views.values():
            view.graph_scene.set_theme(theme)     # repaints every node and edge
            set_view_scale(view, scale)

    def _reduce_docks(self) -> None:
        """Only the live view dock stays (on the welcome view every editor dock stays hidden)."""
        w = self.w
        on_welcome = w.stack.currentWidget() is not w.tabs
        for key, dock in w.docks.items():
            keep = key == "live" and not on_welcome
            if dock.isFloating() and not keep:
                dock.setFloating(False)
            dock.setVisible(keep)
        live = w.docks.get("live")
        if live is not None and not on_welcome:
            live.raise_()
            w.resizeDocks([live], [int(w.height() * LIVE_SHARE)], Qt.Orientation.Vertical)
        self._show_one_view()

    def _show_one_view(self) -> None:
        live = self._live()
        if live is None:    # build them after this turn of the event loop, not while docks change
            QTimer.singleShot(0, self, self._build_and_show)
            return
        name = self.chosen_view()
        view = getattr(live, name, None)
        if view is None or (name != "loss" and not live.tabs.isTabVisible(live.tabs.indexOf(view))):
            name = "loss"    # the chosen view is not for this task (a decision boundary of an image model)
        self._grow_small_plots(live.loss)
        live.loss.setVisible(name == "loss")
        live.tabs.setVisible(name != "loss")
        if name != "loss":
            live.tabs.setCurrentWidget(view)

    def _grow_small_plots(self, loss) -> None:
        """The metric and learning-rate plots keep room for their larger tick labels."""
        for plot in (getattr(loss, "metric_plot", None), getattr(loss, "lr_plot", None)):
            if plot is not None and plot not in self._saved_heights:
                self._saved_heights[plot] = plot.minimumHeight()
                plot.setMinimumHeight(int(plot.minimumHeight() * FONT_SCALE))

    @Slot()
    def _build_and_show(self) -> None:
        if self.on and self._live(build=True) is not None:
            self._show_one_view()

    def visible_docks(self) -> list[str]:
        return [k for k, d in self.w.docks.items() if d.isVisible()]

    @Slot(object)
    def _document_changed(self, _doc) -> None:
        if self.on:
            self._set_canvas(HIGH_CONTRAST, CANVAS_SCALE)
            self._reduce_docks()

    @Slot(str)
    def _training_state(self, _state: str) -> None:
        if self.on:
            self._reduce_docks()

    def restore_from_settings(self) -> None:
        """At start: present again when the last session ended presenting."""
        if QSettings().value(SETTING_ON, False, type=bool):
            self.set_on(True)


def set_view_scale(view, scale: float) -> None:
    """Magnify a canvas view by ``scale`` relative to its normal zoom (1.0 puts it back)."""
    old = getattr(view, "presentation_scale", 1.0)
    view.presentation_scale = scale
    factor = scale / old
    if abs(factor - 1.0) > 1e-6:
        view.scale(factor, factor)

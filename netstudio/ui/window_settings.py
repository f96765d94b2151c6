"""View options and remembered settings of the main window: code dock, snapping, theme, language,
geometry and dock layout (QSettings). A mixin of ``MainWindow``, kept apart so that file stays readable.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication

from . import app as appmod

BOTTOM_SHARE = 0.4   # of the window's height, for the docks below the canvas (summary, live plots)


class WindowSettingsMixin:
    """Needs the window's ``docks``, ``views``, ``actions_``, ``theme``, ``retranslate`` and ``_show_editor``."""

    # ----- view options -----
    def _show_code(self, on: bool) -> None:
        dock = self.docks["code"]
        dock.setVisible(on)
        if on:
            dock.raise_()

    def _set_snap(self, on: bool) -> None:
        QSettings().setValue("snap_to_grid", on)
        for view in self.views.values():
            view.graph_scene.snap_to_grid = on

    def _presenting(self) -> bool:
        presentation = getattr(self, "presentation", None)
        return presentation is not None and presentation.on

    def set_theme(self, preference: str) -> None:
        QSettings().setValue("theme", preference)
        appmod.apply_style_scheme(preference)
        if self._presenting():     # the canvas stays high-contrast; the choice applies after presenting
            return
        self.theme = appmod.canvas_theme(preference)
        for view in self.views.values():
            view.graph_scene.set_theme(self.theme)

    def _system_scheme_changed(self, *_args) -> None:
        if appmod.theme_preference() == "system" and not self._presenting():
            self.theme = appmod.canvas_theme("system")
            for view in self.views.values():
                view.graph_scene.set_theme(self.theme)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now (LanguageChange retranslates every panel)."""
        QSettings().setValue("language", lang)
        appmod.install_language(lang)
        self.retranslate()  # also when no translator changed (switching back to English)

    # ----- settings and closing -----
    def _restore_settings(self) -> None:
        s = QSettings()
        geometry = s.value("window/geometry", QByteArray(), type=QByteArray)
        if geometry and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            size = screen.availableGeometry().size() * 0.85 if screen else None
            self.resize(size if size is not None and size.width() > 900 else self.sizeHint().expandedTo(
                self.minimumSizeHint()))
        state = s.value("window/state", QByteArray(), type=QByteArray)
        self._bottom_sized = False      # no saved layout: give the bottom docks their share when first shown
        if state and not state.isEmpty():
            self.restoreState(state)
            self._pending_tabs = []  # the saved layout already says where every dock goes
            self._bottom_sized = True
        self.actions_["snap"].setChecked(s.value("snap_to_grid", True, type=bool))
        self.actions_[f"theme_{appmod.theme_preference()}"].setChecked(True)
        self.actions_["show_code"].setChecked(self.docks["code"].isVisible())

    def size_bottom_docks(self) -> None:
        """Once, without a saved layout: the bottom dock area takes ``BOTTOM_SHARE`` of the height, so the
        live plots that show there during training are not a strip (Qt ignores ``resizeDocks`` before
        the window is on screen, so this waits for that)."""
        if self._bottom_sized or not self.isVisible():
            return
        bottom = [d for d in self.docks.values() if not d.isHidden() and not d.isFloating()
                  and self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        if not bottom:
            return
        self._bottom_sized = True
        self.resizeDocks(bottom[:1], [int(self.height() * BOTTOM_SHARE)], Qt.Orientation.Vertical)

    def save_settings(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        presentation = getattr(self, "presentation", None)
        if presentation is not None and presentation.on and presentation.saved_state is not None:
            # presenting: the layout to come back to is the one from before (presentation/on re-enters it)
            s.setValue("window/state", presentation.saved_state)
        elif self._editor_docks is not None:  # on the welcome view: store the editor's dock layout
            self._show_editor(True)
            s.setValue("window/state", self.saveState())
            self._show_editor(False)
        else:
            s.setValue("window/state", self.saveState())

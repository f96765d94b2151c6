"""The main window: welcome view or graph tabs, docks, menus, files, recovery and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMessageBox,
                               QStackedWidget, QTabWidget)

from netstudio.core.project import Project

from . import app as appmod
from .actions import (DOCK_MENU_ANCHOR, build_actions, build_menus, build_toolbar, retranslate_actions,
                      retranslate_menus, set_icons)
from .code_view import CodeView
from .document import Document
from .editor.scene import GraphScene
from .editor.view import GraphView
from .edit_ops import EditOps
from .inspector import Inspector
from .palette import Palette
from .recovery import RecoveryFile
from .summary_dock import SummaryPanel
from .welcome import WelcomePage
from .window_files import ProjectFilesMixin
from .window_settings import WindowSettingsMixin
from .engine_text import engine_text

READABLE_ZOOM = 0.7


class MainWindow(ProjectFilesMixin, WindowSettingsMixin, QMainWindow):
    """One window, one project. Dialog helpers (``ask_save``, ``show_error``...) are methods so tests
    can replace them instead of clicking through modal boxes.

    Panels that plug in (training) use the public seams: the signals below, ``add_dock``,
    ``add_close_check``, ``scene_of``, ``focus_node`` and ``current_scene``.

    Signals
    -------
    document_changed(object)  a project was opened or closed (the new ``Document`` or None)
    selection_changed(list)   the node ids selected in the current graph
    language_changed()        the interface language changed; retranslate
    """

    document_changed = Signal(object)
    selection_changed = Signal(list)
    language_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.document: Document | None = None
        self.views: dict[str, GraphView] = {}
        self._fitted_views: set[GraphView] = set()   # fitted once when first on screen
        self.last_error: str | None = None
        self.docks: dict[str, QDockWidget] = {}
        self._editor_dock_keys: list[str] = []        # docks that hide on the welcome view
        self._default_shown: dict[str, bool] = {}       # ... and whether each shows at first
        self._pending_tabs: list[tuple[str, str]] = []
        self._close_checks: list[Callable[[], bool]] = []
        self.theme = appmod.canvas_theme()
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self.stack)
        self.tabs = QTabWidget(self.stack)
        self.tabs.setTabBarAutoHide(True)  # tabs only when a project has several graphs (GAN)
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.palette = Palette(self)
        self.inspector = Inspector(self)
        self.summary = SummaryPanel(self)
        self.code = CodeView(self)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        self.actions_ = build_actions(self)
        self.menus = build_menus(self, self.actions_)
        set_icons(self.actions_, self.style())
        self.toolbar = build_toolbar(self, self.actions_)
        self.add_dock("palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea, editor=False)
        self.add_dock("inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_dock("summary", self.summary, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.add_dock("code", self.code, Qt.DockWidgetArea.RightDockWidgetArea, shown=False)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["code"])
        self.docks["inspector"].raise_()
        from .training.integration import install_training  # Train button, training panel, live views

        self.training = install_training(self)
        from .lessons import install_lessons   # the Lessons dock and the Exercise menu

        self.lessons = install_lessons(self)
        from .step_through import install_step_through  # Training > Step through one batch

        self.step_through = install_step_through(self)
        self.resizeDocks([self.docks["palette"], self.docks["inspector"]], [220, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["summary"]], [190], Qt.Orientation.Vertical)
        self.ops = EditOps(self)
        from .finetune_actions import FinetuneActions   # File > Import model…, Load weights…

        self.finetune = FinetuneActions(self)
        from .blocks import install_blocks   # Make/Unmake block, block tabs, My blocks

        self.blocks = install_blocks(self)
        self._connect()
        self.welcome.set_recent(self.recent_files())
        self._fill_samples_menu()
        self._fill_recent_menu()
        self.retranslate()
        self._restore_settings()
        self._editor_docks: dict[str, bool] | None = None
        self._show_editor(False)
        if not self._bottom_sized:   # no saved layout: the editor first shows each dock's own default
            self._editor_docks = dict(self._default_shown)
        self.update_actions()
        from .accessibility import AccessibleNames   # names and descriptions for screen readers
        from .keyboard_nav import KeyboardNav     # arrows, ports, Connect to…, focus keys (keyboard alone)
        from .presentation import Presentation    # F11: large type, high contrast, canvas and one live view

        self.keys = KeyboardNav(self)
        self.presentation = Presentation(self)
        self.a11y = AccessibleNames(self)
        self.presentation.restore_from_settings()
        self.tabs.currentChanged.connect(self._tab_changed)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # the desktop switched light/dark while we run
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    # ----- seams for panels that plug in -----
    def add_dock(self, key: str, widget, area: Qt.DockWidgetArea, *, editor: bool = True,
                 tab_with: str | None = None, shown: bool = True) -> QDockWidget:
        """Add a dock (and its toggle in the View menu) under ``key``; returns the dock.

        ``editor`` docks hide on the welcome view and come back as they were with a project;
        ``tab_with`` tabs it with that dock when the editor first appears (Qt leaves a stale tab bar
        on screen when tabified docks are hidden before the window is first shown); ``shown`` is
        whether it is visible when the editor first appears without a saved layout.
        """
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")  # saveState needs names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        if editor:
            self._editor_dock_keys.append(key)
            self._default_shown[key] = shown
        if tab_with is not None:
            self._pending_tabs.append((tab_with, key))
        anchor = next(a for a in self.menus["view"].actions() if a.objectName() == DOCK_MENU_ANCHOR)
        self.menus["view"].insertAction(anchor, dock.toggleViewAction())
        return dock

    def add_close_check(self, check: Callable[[], bool]) -> None:
        """``check()`` is asked before the window closes; False keeps it open (e.g. training runs)."""
        self._close_checks.append(check)

    def scene_of(self, graph_name: str) -> GraphScene | None:
        """The canvas scene showing graph ``graph_name`` of the current project, if any."""
        view = self.views.get(graph_name)
        return view.graph_scene if view is not None else None

    # ----- wiring -----
    def _connect(self) -> None:
        a = self.actions_
        a["new"].triggered.connect(self.new_from_template)
        a["open"].triggered.connect(lambda: self.open_project())
        a["save"].triggered.connect(self.save)
        a["save_as"].triggered.connect(self.save_as)
        a["close_project"].triggered.connect(self.close_project)
        a["properties"].triggered.connect(self.show_properties)
        a["quit"].triggered.connect(self.close)
        a["show_code"].toggled.connect(self._show_code)
        a["snap"].toggled.connect(self._set_snap)
        for key in ("theme_system", "theme_light", "theme_dark"):
            a[key].triggered.connect(lambda _=False, k=key: self.set_theme(k.split("_")[1]))
        a["languages"].triggered.connect(lambda action: self.set_language(action.data()))
        a["layer_reference"].triggered.connect(self.show_layer_reference)
        a["about"].triggered.connect(self.show_about)
        # the dock's own view action follows shown/hidden; visibilityChanged also fires for a covered tab
        self.docks["code"].toggleViewAction().toggled.connect(a["show_code"].setChecked)
        self.welcome.new_requested.connect(self.new_from_template)
        self.welcome.open_requested.connect(lambda: self.open_project())
        self.welcome.open_path.connect(lambda p: self.open_project(p))
        self.palette.add_requested.connect(self.ops.add_at_centre)
        self.summary.node_clicked.connect(self.focus_node)
        self.summary.formula_clicked.connect(self.show_formula)

    # ----- current graph -----
    def current_view(self) -> GraphView | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, GraphView) else None

    def current_scene(self) -> GraphScene | None:
        view = self.current_view()
        return view.graph_scene if view is not None else None

    def current_graph(self) -> str | None:
        scene = self.current_scene()
        return scene.graph_name if scene is not None else None

    def _tab_changed(self, _index: int) -> None:
        self._selection_changed()
        self.summary.set_target(self.document, self.current_graph())
        self.code.set_target(self.document, self.current_graph())
        self._update_status()            # the counts of the graph on screen, not of the last one inferred
        view = self.current_view()
        if view is not None and view not in self._fitted_views:
            # a tab that has never been shown has no viewport size yet: fit it once it is laid out
            QTimer.singleShot(0, lambda v=view: self._fit_first_time(v))

    def _selection_changed(self) -> None:
        scene = self.current_scene()
        ids = scene.selected_node_ids() if scene is not None else []
        self.inspector.set_target(self.document, self.current_graph(), ids[0] if len(ids) == 1 else None)
        self.update_actions()
        self.selection_changed.emit(ids)

    def focus_node(self, node_id: str) -> None:
        view = self.current_view()
        if view is not None:
            view.centre_on_node(node_id)

    def show_formula(self, node_id: str) -> None:
        """A problem's worked formula was clicked: the node selected, the inspector on its formulas."""
        self.focus_node(node_id)
        self.docks["inspector"].show()
        self.docks["inspector"].raise_()
        self.inspector.scroll_to_formulas()

    # ----- documents -----
    def set_project(self, project: Project, dirty: bool = False) -> None:
        """Show ``project`` (replacing the current one, which the caller already offered to save)."""
        self._drop_document()
        doc = Document(project, self)
        doc.recovery = RecoveryFile()
        # bound methods, not lambdas: Qt drops these connections when the window is destroyed
        doc.dirty_changed.connect(self._update_title)
        doc.path_changed.connect(self._update_title)
        doc.error.connect(self._document_error)
        doc.inferred.connect(self._update_status)
        doc.undo_stack.indexChanged.connect(self.update_actions)
        doc.undo_stack.indexChanged.connect(self._project_info_changed)   # a rename, its undo and redo
        doc.read_only_changed.connect(self._read_only_changed)
        doc.autosave_timer.start()
        self.document = doc
        for name in project.graphs:
            scene = GraphScene(doc, name, doc, theme=self.theme)
            scene.snap_to_grid = self.actions_["snap"].isChecked()
            view = GraphView(scene, self.tabs)
            scene.selectionChanged.connect(self._selection_changed)
            self.views[name] = view
            self.tabs.addTab(view, name)
        self._show_editor(True)
        if dirty:
            doc.mark_dirty()
        self.document_changed.emit(doc)
        self._tab_changed(0)
        self._update_title()
        self.update_actions()
        QTimer.singleShot(0, self.fit_all_views)

    def _show_editor(self, on: bool) -> None:
        """Welcome view without the editor's empty docks; they come back as they were with a project."""
        keys = self._editor_dock_keys
        if on and self.stack.currentWidget() is not self.tabs:
            self.stack.setCurrentWidget(self.tabs)
            shown = self._editor_docks or self._default_shown
            for key in keys:
                # a dock added after the first welcome view has no remembered state: its own default
                self.docks[key].setVisible(shown.get(key, self._default_shown.get(key, True)))
            for first, second in self._pending_tabs:
                self.tabifyDockWidget(self.docks[first], self.docks[second])
            self._pending_tabs = []
            if shown.get("inspector"):
                self.docks["inspector"].raise_()
            if shown.get("summary"):
                self.docks["summary"].raise_()
            self._editor_docks = None
            QTimer.singleShot(0, self.size_bottom_docks)
        elif not on:
            if self._editor_docks is None:
                self._editor_docks = {k: not self.docks[k].isHidden() for k in keys}
            for key in keys:
                self.docks[key].setVisible(False)
            self.stack.setCurrentWidget(self.welcome)

    def fit_all_views(self) -> None:
        """On opening: the whole graph, unless that would make its text unreadable (the tab on screen now;
        the others when they are first shown)."""
        view = self.current_view()
        if view is not None:
            self._fit_first_time(view)

    def _fit_first_time(self, view: GraphView) -> None:
        from shiboken6 import isValid

        if view in self._fitted_views or not isValid(view) or view is not self.current_view():
            return
        self._fitted_views.add(view)
        view.fit_all(min_zoom=READABLE_ZOOM)

    def _drop_document(self) -> None:
        doc = self.document
        if doc is None:
            return
        self.inspector.set_target(None, None, None)
        self.summary.set_target(None, None)
        self.code.set_target(None, None)
        while self.tabs.count():
            view = self.tabs.widget(0)
            self.tabs.removeTab(0)
            scene = view.graph_scene
            scene.selectionChanged.disconnect(self._selection_changed)  # it fires while items are destroyed
            scene.detach()
            view.deleteLater()
        self.views = {}
        self._fitted_views = set()
        if doc.recovery is not None:
            doc.recovery.discard()
        doc.close()
        doc.deleteLater()
        self.document = None
        self.document_changed.emit(None)

    # ----- messages (methods so tests can replace them) -----
    def show_error(self, title: str, message: str) -> None:
        message = engine_text(message)
        self.last_error = message
        QMessageBox.warning(self, title, message)

    def show_status_error(self, message: str) -> None:
        message = engine_text(message)
        self.last_error = message
        self.statusBar().showMessage(message, 8000)


    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        retranslate_actions(self.actions_)
        retranslate_menus(self.menus)
        titles = {"palette": self.tr("Layers"), "inspector": self.tr("Inspector"),
                  "summary": self.tr("Summary"), "code": self.tr("Code")}
        for key, title in titles.items():  # the training docks title themselves
            self.docks[key].setWindowTitle(title)
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        for panel in (self.palette, self.inspector, self.summary, self.welcome):
            panel.retranslate()
        for view in self.views.values():
            for item in view.graph_scene.nodes.values():
                item.update()
        lang = QSettings().value("language", "en", type=str) or "en"
        for action in self.actions_["languages"].actions():
            action.setChecked(action.data() == lang or (lang.startswith("en") and action.data() == "en"))
        self._update_title()
        self._update_status()
        self.language_changed.emit()

    # ----- title, status, enabled actions -----
    def _document_error(self, message: str) -> None:
        self.show_status_error(message)

    def _update_title(self, *_args) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle("NetStudio")
            self.setWindowModified(False)
            return
        name = doc.project.name or self.tr("Untitled")
        file = Path(doc.project.path).name if doc.project.path else None
        if file is None or Path(file).stem == name:
            self.setWindowTitle(f"{file or name}[*] — NetStudio")
        else:
            self.setWindowTitle(f"{file}[*] — {name} — NetStudio")
        self.setWindowModified(doc.dirty)

    def _update_status(self, _name: str | None = None) -> None:
        graph = self.current_graph()
        if self.document is None or graph is None:
            self.status_label.setText("")
            return
        infos = self.document.cached_infos(graph)
        errors = sum(1 for i in infos.values() if i.error)
        params = sum(i.param_count for i in infos.values())
        from .lessons.reveals import hides_total

        text = self.tr("%1 layers · %2 parameters").replace("%1", str(len(self.document.graph(graph)))) \
            .replace("%2", "?" if hides_total(self.document.graph(graph)) else f"{params:,}")
        if errors:
            text += " · " + self.tr("errors: %1").replace("%1", str(errors))
        self.status_label.setText(text)

    def _read_only_changed(self, on: bool) -> None:
        """Training locks the graph: the palette and the inspector's editors go grey (values stay
        readable); selecting, zooming and panning still work."""
        self.palette.setEnabled(not on)
        self.inspector.set_editable(not on)
        self.update_actions()

    def update_actions(self, *_args) -> None:
        a, doc, scene = self.actions_, self.document, self.current_scene()
        has = doc is not None
        editable = has and not doc.read_only
        selected = bool(scene and (scene.selected_node_ids() or scene.selected_edges()))
        for key in ("save", "save_as", "export_python", "export_onnx", "export_torchscript",
                    "export_png", "export_svg", "select_all", "zoom_in", "zoom_out", "fit"):
            a[key].setEnabled(has)
        for key in ("close_project", "paste", "quick_add", "auto_layout", "properties"):
            a[key].setEnabled(editable)
        for key in ("new", "open"):          # a read-only project is being trained: keep it open
            a[key].setEnabled(doc is None or editable)
        a["copy"].setEnabled(selected)
        for key in ("cut", "duplicate", "delete"):
            a[key].setEnabled(selected and editable)
        a["undo"].setEnabled(editable and doc.undo_stack.canUndo())
        a["redo"].setEnabled(editable and doc.undo_stack.canRedo())
        if has:
            a["undo"].setToolTip(engine_text(doc.undo_stack.undoText()))
            a["redo"].setToolTip(engine_text(doc.undo_stack.redoText()))

    def _project_info_changed(self, *_args) -> None:
        """The name titles the window and names the class in the code view."""
        self._update_title()
        if self.document is not None and self.code.document_ is self.document:   # not while closing
            self.code.set_target(self.document, self.current_graph())

    def show_properties(self):
        """File > Project properties (window-modal, not blocking: tests fill it in and press OK)."""
        from .project_properties import ProjectPropertiesDialog

        if self.document is None:
            return None
        dialog = ProjectPropertiesDialog(self.document, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ----- help -----
    def show_layer_reference(self) -> None:
        from .reference import LayerReference

        LayerReference(self).show()

    def show_about(self) -> None:
        from netstudio import __version__

        QMessageBox.about(self, self.tr("About NetStudio"),
                          self.tr("NetStudio %1: design neural networks as graphs, train them with PyTorch and "
                                  "export plain PyTorch code.").replace("%1", __version__))

    # ----- closing -----
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.tabs:   # a project opened before the window showed
            QTimer.singleShot(0, self.size_bottom_docks)

    def closeEvent(self, event) -> None:
        if not all(check() for check in self._close_checks) or not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self._drop_document()
        event.accept()
        super().closeEvent(event)

"""While training runs the graph is read-only: a banner says so, edit gestures on the canvas, the palette
and the inspector are swallowed and the window's edit actions are disabled. Selecting a node still
works (the feature-map view follows the selection), and so do zooming and panning.

Done from the outside with event filters, so the editor's own code stays unaware of training.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

EDIT_ACTIONS = ("undo", "redo", "cut", "paste", "duplicate", "delete", "quick_add", "auto_layout", "new", "open",
                "close_project")
_SWALLOW_ON_CANVAS = {QEvent.Type.MouseButtonDblClick, QEvent.Type.DragEnter, QEvent.Type.DragMove,
                      QEvent.Type.Drop}
_KEYS_ALLOWED = {Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                 Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End}


class Banner(QLabel):
    """A strip across the top of the canvas area."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("training_banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#training_banner { background: #fff3cd; color: #5d4200; border-bottom: 1px solid "
                           "#e0c36a; padding: 5px; font-weight: bold; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        host.installEventFilter(self)
        self.place()

    def place(self) -> None:
        host = self.parentWidget()
        self.setGeometry(0, 0, host.width(), self.sizeHint().height())
        self.raise_()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False


class ReadOnlyGuard(QObject):
    """``engage()`` when training starts, ``release()`` when it has ended."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._filtered: list[QObject] = []
        self._disabled: list[QWidget] = []
        self.banner = Banner(window.centralWidget())
        actions = getattr(window, "actions_", {})
        self.actions = [actions[k] for k in EDIT_ACTIONS if k in actions]
        for action in self.actions:
            action.changed.connect(self._reassert)

    def set_text(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.place()

    def engage(self) -> None:
        if self.active:
            return
        self.active = True
        for view in self.window.views.values():
            for obj in (view, view.viewport()):
                obj.installEventFilter(self)
                self._filtered.append(obj)
        for name in ("palette", "inspector"):
            widget = getattr(self.window, name, None)
            target = widget.widget() if name == "inspector" and hasattr(widget, "widget") else widget
            if target is not None and target.isEnabled():
                target.setEnabled(False)          # values stay readable, editors cannot change them
                self._disabled.append(target)
        self._reassert()
        self.banner.show()
        self.banner.place()

    def release(self) -> None:
        if not self.active:
            return
        self.active = False
        from shiboken6 import isValid

        for obj in self._filtered:
            if isValid(obj):
                obj.removeEventFilter(self)
        self._filtered.clear()
        for widget in self._disabled:
            if isValid(widget):
                widget.setEnabled(True)
        self._disabled.clear()
        self.banner.hide()
        update = getattr(self.window, "update_actions", None)
        if callable(update):       # let the window recompute which edit actions apply now
            update()
        else:
            for action in self.actions:
                action.setEnabled(True)

    def _reassert(self) -> None:
        """The window re-enables its actions on selection changes; keep them off while training."""
        if not self.active:
            return
        for action in self.actions:
            if action.isEnabled():
                action.setEnabled(False)

    # ----- the filter -----
    def blocks(self, obj, event) -> bool:
        """True when ``event`` on a canvas view (or its viewport) would edit the graph."""
        kind = event.type()
        if kind in _SWALLOW_ON_CANVAS:
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return event.key() not in _KEYS_ALLOWED and not (event.modifiers() & Qt.KeyboardModifier.ControlModifier
                                                             and event.key() in (Qt.Key.Key_0, Qt.Key.Key_Plus,
                                                                                 Qt.Key.Key_Minus, Qt.Key.Key_C))
        if kind == QEvent.Type.MouseMove and event.buttons() & Qt.MouseButton.LeftButton:
            return not self._panning(obj)            # no dragging nodes, wires or rubber bands
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            view = self._view_of(obj)
            if view is not None and not getattr(view, "_space", False):
                pos = view.mapToScene(event.position().toPoint())
                return view.graph_scene.port_hit(pos) is not None    # a press on a port starts a wire
        return False

    def _view_of(self, obj):
        for view in self.window.views.values():
            if obj is view or obj is view.viewport():
                return view
        return None

    def _panning(self, obj) -> bool:
        view = self._view_of(obj)
        return view is not None and getattr(view, "_pan_from", None) is not None

    def eventFilter(self, obj, event) -> bool:
        if self.active and self.blocks(obj, event):
            event.accept()
            return True
        return False

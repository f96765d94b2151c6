"""Driving the canvas with synthetic input events (QDrag.exec cannot be driven in tests)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_projects"


def viewport_pos(view, scene_point: QPointF) -> QPointF:
    return QPointF(view.mapFromScene(scene_point))


def mouse(view, kind: QEvent.Type, scene_point: QPointF, button=Qt.MouseButton.LeftButton,
          buttons=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Send one mouse event to the view's viewport at a scene position (moves keep the button held)."""
    pos = viewport_pos(view, scene_point)
    glob = QPointF(view.viewport().mapToGlobal(pos.toPoint()))
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    if kind == QEvent.Type.MouseButtonRelease:
        buttons = Qt.MouseButton.NoButton
    QApplication.sendEvent(view.viewport(), QMouseEvent(kind, pos, glob, button, buttons, modifiers))


def drag_mouse(view, start: QPointF, end: QPointF, steps: int = 5, button=Qt.MouseButton.LeftButton) -> None:
    mouse(view, QEvent.Type.MouseButtonPress, start, button, button)
    for i in range(1, steps + 1):
        t = i / steps
        mouse(view, QEvent.Type.MouseMove, start + (end - start) * t, button, button)
    mouse(view, QEvent.Type.MouseButtonRelease, end, button, button)


def drop_mime(view, mime, scene_point: QPointF) -> bool:
    """Deliver a drag-and-drop of ``mime`` onto the canvas; True when the drop was accepted."""
    pos = view.mapFromScene(scene_point)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    vp = view.viewport()
    enter = QDragEnterEvent(QPoint(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, enter)
    move = QDragMoveEvent(QPoint(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, move)
    if not move.isAccepted():
        # a refused drag ends with a leave, as Qt does; a drag left open keeps stale state in the view
        QApplication.sendEvent(vp, QDragLeaveEvent())
        return False
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, drop)
    return drop.isAccepted()

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


# ----- shapes arrive from the shape worker (document.shapes_ready) -----
def wait_for_shapes(qtbot, window_or_document, graph: str = "model", timeout: int = 60_000):
    """Wait until every shape of ``graph`` is known (the worker may compute them after an edit)."""
    doc = getattr(window_or_document, "document", window_or_document)
    qtbot.waitUntil(lambda: not doc.shapes_pending(graph), timeout=timeout)
    return doc.cached_infos(graph)


# a chain on a (1, 28, 28) image using 15 layer types; each type's first use on the meta device is slow
EDIT_TYPES = [("Conv2d", {"out_channels": 8, "kernel_size": 3}), ("BatchNorm2d", {}), ("ReLU", {}),
              ("MaxPool2d", {"kernel_size": 2}), ("Dropout2d", {}), ("LeakyReLU", {}),
              ("AvgPool2d", {"kernel_size": 2}), ("ELU", {}), ("GELU", {}), ("SiLU", {}), ("Flatten", {}),
              ("Linear", {"out_features": 32}), ("Tanh", {}), ("Sigmoid", {}), ("Softmax", {})]


def scripted_edits(doc, graph_name: str = "model"):
    """30 edits as callables: add each of ``EDIT_TYPES`` after the last node, then change the first
    convolution's channel count (every layer after it gets new input shapes)."""
    from netstudio.core import editing
    from netstudio.core.graph import Node
    from netstudio.layers import get_spec

    graph = doc.graph(graph_name)
    if "image" not in graph:
        doc.edit(editing.add_node, graph_name, Node("image", "Input", {"shape": [1, 28, 28]}, (0.0, 0.0)))
    last = ["image"]
    steps = []
    for i, (type_name, params) in enumerate(EDIT_TYPES):
        def add(i=i, type_name=type_name, params=params):
            node_id = f"n{i}_{type_name.lower()}"
            full = {**get_spec(type_name).initial_params(), **params}
            doc.edit(editing.add_node, graph_name, Node(node_id, type_name, full, (0.0, 120.0 * (i + 1))),
                     connect_from=(last[0], 0))
            last[0] = node_id

        def retune(i=i):
            doc.edit(editing.set_param, graph_name, "n0_conv2d", "out_channels", 8 + i + 1)

        steps += [add, retune]
    return steps


class GuiBlockMeter:
    """The GUI thread's longest block, as a 5 ms precise QTimer's lateness (as bench_gui_training).

    ``busy`` holds, per tick, the GUI thread's own CPU time in the interval: on a machine shared with other
    work the wall-clock lateness includes time the thread merely waited for a core, which its CPU time
    does not."""

    def __init__(self, interval_ms: int = 5) -> None:
        import time

        from PySide6.QtCore import QTimer

        self._clock, self._cpu = time.perf_counter, time.thread_time
        self.interval = interval_ms
        self.lateness: list[float] = []
        self.busy: list[float] = []
        self._last = None
        self._last_cpu = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now, cpu = self._clock(), self._cpu()
        if self._last is not None:
            self.lateness.append(max(0.0, (now - self._last) * 1000 - self.interval))
            self.busy.append((cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu

    def start(self) -> None:
        self._last = None
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.lateness, default=0.0)

    @property
    def longest_busy(self) -> float:
        return max(self.busy, default=0.0)

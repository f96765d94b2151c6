"""Random sessions of user actions on the real window: add layers from the palette, wire ports with the
mouse, delete, type garbage into inspector fields, undo, redo, save, reopen, start and stop training.

The window must stay responsive (every action returns and the event loop turns within a bound) and no
exception may reach the console. Seeded, so a failure replays; ``pytest -m fuzz`` runs longer sessions
(NETSTUDIO_GUI_ACTIONS, default 1,000).
"""

from __future__ import annotations

import os
import random
import time

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from .helpers import SAMPLES, drag_mouse

GARBAGE = ["", "-1", "0", "abc", "1e999", "nan", "[[[", "9" * 40, "3.5", "[2, -2]", "None", "  7  ", "中文"]
LAYERS = ["Linear", "ReLU", "Conv2d", "Flatten", "Add", "Concat", "Dropout", "BatchNorm1d", "LSTM", "Output",
          "MaxPool2d", "Reshape", "Softmax", "Input"]
ACTION_BOUND_S = 20.0     # generous: a busy CI machine; a frozen window never returns at all


class Session:
    def __init__(self, window, qtbot, tmp_path, rng: random.Random) -> None:
        self.w, self.qtbot, self.tmp, self.rng = window, qtbot, tmp_path, rng
        self.saved = tmp_path / "session.nsproj"
        self.edits = 0

    def scene(self):
        return self.w.current_scene()

    def random_node(self):
        scene = self.scene()
        return self.rng.choice(list(scene.nodes.values())) if scene is not None and scene.nodes else None

    # ----- actions -----
    def add_layer(self):
        if self.scene() is not None and self.rng.random() < 0.5 and self.random_node() is not None:
            self.scene().select_nodes([self.random_node().node_id])     # append after it, wired
        pal = self.w.palette
        item = pal.item_for(self.rng.choice(LAYERS))
        if item is not None and pal.isEnabled():
            pal.tree.itemActivated.emit(item, 0)

    def wire(self):
        a, b = self.random_node(), self.random_node()
        if a is None or not a.out_names or not b.in_names:
            return
        start = a.scene_port_pos("out", 0)
        end = b.scene_port_pos("in", self.rng.randrange(len(b.in_names)))
        drag_mouse(self.w.current_view(), start, end)

    def drag_node(self):
        node = self.random_node()
        if node is not None:
            centre = node.sceneBoundingRect().center()
            drag_mouse(self.w.current_view(), centre, centre + QPointF(self.rng.uniform(-200, 200), 60))

    def delete(self):
        node = self.random_node()
        if node is not None:
            self.scene().select_nodes([node.node_id])
            self.w.actions_["delete"].trigger()

    def garbage(self):
        node = self.random_node()
        if node is None:
            return
        self.scene().select_nodes([node.node_id])
        editors = list(self.w.inspector.editors.values())
        if not editors:
            return
        widget = self.rng.choice(editors).widget
        if not widget.isEnabled():
            return
        target = widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget
        if isinstance(target, QLineEdit):
            target.selectAll()
        QTest.keyClicks(target, self.rng.choice(GARBAGE))
        QTest.keyClick(target, Qt.Key.Key_Return)

    def undo(self):
        self.w.actions_["undo"].trigger()

    def redo(self):
        self.w.actions_["redo"].trigger()

    def copy_paste(self):
        node = self.random_node()
        if node is not None:
            self.scene().select_nodes([node.node_id])
            self.w.actions_["duplicate"].trigger()

    def save_and_reopen(self):
        if self.w.document is None or self.w.document.read_only:
            return
        if self.w._save_to(str(self.saved)):
            assert self.w.open_project(str(self.saved)), self.w.errors[-1:]

    def train_and_stop(self):
        c = self.w.training
        if c.start():
            c.stop()
            self.qtbot.waitUntil(lambda: c.state == "idle", timeout=60_000)
        assert not self.w.document.read_only         # editing works again after training


ACTIONS = [("add_layer", 5), ("wire", 5), ("drag_node", 2), ("delete", 2), ("garbage", 4), ("undo", 3),
           ("redo", 2), ("copy_paste", 1), ("save_and_reopen", 1), ("train_and_stop", 1)]


def _session(window, qtbot, tmp_path, capfd, count: int, seed: int) -> None:
    assert window.open_project(str(SAMPLES / "spirals_mlp.nsproj"))
    window.training.run_root = tmp_path / "runs"
    window.training.torch_threads = 1
    rng = random.Random(seed)
    session = Session(window, qtbot, tmp_path, rng)
    names = [n for n, weight in ACTIONS for _ in range(weight)]
    trains = 0
    for step in range(count):
        name = rng.choice(names)
        if name == "train_and_stop":
            trains += 1
            if trains > max(2, count // 100):     # a training start costs seconds: a few per session
                continue
        started = time.perf_counter()
        before = window.document.undo_stack.index() if window.document is not None else 0
        getattr(session, name)()
        session.edits += window.document is not None and window.document.undo_stack.index() != before
        turned = []
        QTimer.singleShot(0, lambda: turned.append(True))
        qtbot.waitUntil(lambda: bool(turned), timeout=5_000)          # the event loop still turns
        assert time.perf_counter() - started < ACTION_BOUND_S, (step, name)
    window.document.infer_now()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error calling Python override" not in err, err[-3000:]
    assert session.edits > count // 10          # the actions really edited the graph


def test_a_random_session_of_user_actions_raises_nothing_and_stays_responsive(window, qtbot, tmp_path, capfd):
    _session(window, qtbot, tmp_path, capfd, count=150, seed=1)


@pytest.mark.fuzz
@pytest.mark.timeout(7200)   # the long profile runs as long as it needs
def test_long_random_sessions(window, qtbot, tmp_path, capfd):
    _session(window, qtbot, tmp_path, capfd, count=int(os.environ.get("NETSTUDIO_GUI_ACTIONS", "1000")), seed=None)

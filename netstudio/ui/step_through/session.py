"""Training > Step through one batch: the session that walks the canvas node by node.

The batch runs forward on a worker thread (``worker.py``); when it is back, the first node (the Input) is
shown, and Next node / Previous / Run to end move the ring and the cards (``overlay.py``); Backward runs
``backward`` once, then the same controls walk the gradient back from the loss to the input, adding each
node's gradient norms to its card. A floating bar over the canvas holds the controls;
the same actions have keys (F8 next, Shift+F8 previous, Ctrl+F8 to the end, F9 backward, Esc close).
Editing the graph, another project or a training run closes the session: its numbers would be stale.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QToolButton

from .overlay import CurrentRing, TensorCard
from .worker import StepThread

# key, text, shortcut
CONTROLS = (("previous", QT_TRANSLATE_NOOP("StepThrough", "Previous"), "Shift+F8"),
            ("next", QT_TRANSLATE_NOOP("StepThrough", "Next node"), "F8"),
            ("to_end", QT_TRANSLATE_NOOP("StepThrough", "Run to end"), "Ctrl+F8"),
            ("backward", QT_TRANSLATE_NOOP("StepThrough", "Backward"), "F9"),
            ("close", QT_TRANSLATE_NOOP("StepThrough", "Close"), "Esc"))
START_TEXT = QT_TRANSLATE_NOOP("StepThrough", "Step &through one batch")


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepThrough", text)


class StepBar(QFrame):
    """The floating bar over the canvas: a status line and the five controls."""

    def __init__(self, actions: dict[str, QAction], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("step_through_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#step_through_bar { background: #fff8e1; border: 1px solid #ef6c00; border-radius: 6px; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.status = QLabel(self)
        row.addWidget(self.status)
        self.buttons = {}
        for key, action in actions.items():
            b = QToolButton(self)
            b.setDefaultAction(action)
            row.addWidget(b)
            self.buttons[key] = b


class StepThroughSession(QObject):
    """One per main window; ``start()`` opens a session on the current project, ``close()`` ends it.

    Attributes
    ----------
    tensors : list of NodeTensor
        The forward pass's nodes in order (empty while the batch runs).
    index : int
        How many nodes are revealed, minus one (-1 before the batch is back).
    grads : dict or None
        After Backward: node -> NodeGrad.
    cards : dict of str to TensorCard
        The cards on the canvas now.
    """

    def __init__(self, window, training) -> None:
        super().__init__(window)
        self.window = window
        self.training = training
        self.thread: StepThread | None = None
        self.tensors: list = []
        self.loss: float | None = None
        self.batch_size = 0
        self.index = -1
        self.grads: dict | None = None
        self.back_index = -1           # backward: the gradient is shown from this node to the end
        self.cards: dict[str, TensorCard] = {}
        self.ring: CurrentRing | None = None
        self.scene = None
        self.graph_name = "model"
        self.error: str | None = None
        self.busy = False
        self.weights = "initial"       # whose weights: "trained" (the last run's checkpoint), "misfit", "initial"
        self.start_action = QAction(window)
        self.start_action.setShortcut(QKeySequence("Ctrl+F7"))
        self.start_action.triggered.connect(self.start)
        self.actions: dict[str, QAction] = {}
        for key, _text, shortcut in CONTROLS:
            a = QAction(window)
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setEnabled(False)
            a.triggered.connect(getattr(self, key))
            window.addAction(a)          # window-wide keys, live only while a session is open
            self.actions[key] = a
        self.bar = StepBar(self.actions)
        self.bar.hide()
        window.document_changed.connect(self._document_changed)
        window.add_close_check(self._window_closing)
        training.state_changed.connect(self._training_state)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)
        self.retranslate()

    # ----- opening and closing -----
    @property
    def active(self) -> bool:
        return self.thread is not None

    @Slot()
    def start(self) -> bool:
        """Run the current project's first training batch forward; False (with a status message) when it cannot."""
        doc = self.window.document
        if doc is None:
            return False
        if self.training.running:
            self._say(QCoreApplication.translate("StepThrough", "Stop training before stepping through a batch"))
            return False
        self.close()
        task = doc.project.task or {}
        self.graph_name = task.get("graph", "model")
        self.scene = self.window.scene_of(self.graph_name)
        if self.scene is None:
            self._say(QCoreApplication.translate("StepThrough", "The project has no graph named %1 to step through").replace("%1", self.graph_name))
            return False
        self.thread = StepThread(self)
        self.thread.worker.forward_done.connect(self._forward_done)
        self.thread.worker.backward_done.connect(self._backward_done)
        self.thread.worker.failed.connect(self._failed)
        doc.undo_stack.indexChanged.connect(self._graph_edited)
        self._doc = doc
        self.error = None
        self.busy = True
        self._show_bar(QCoreApplication.translate("StepThrough", "Running one batch forward…"))
        self.thread.ask_forward.emit((doc.project.copy(), self.training.last_checkpoint))
        self._update_actions()
        return True

    @Slot()
    def close(self) -> None:
        """End the session: the cards, the ring and the bar go; the thread stops."""
        if self.thread is not None:
            self.thread.close()
            self.thread.deleteLater()
            self.thread = None
            try:
                self._doc.undo_stack.indexChanged.disconnect(self._graph_edited)
            except (RuntimeError, TypeError):
                pass
        self._clear_items()
        self.tensors, self.grads, self.index, self.back_index, self.busy = [], None, -1, -1, False
        self.bar.hide()
        self._update_actions()

    def _clear_items(self) -> None:
        from shiboken6 import isValid

        for item in list(self.cards.values()) + ([self.ring] if self.ring is not None else []):
            if isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.cards, self.ring = {}, None

    def _window_closing(self) -> bool:
        self.close()          # a QThread deleted while it runs aborts the process
        return True

    @Slot(object)
    def _document_changed(self, _doc) -> None:
        self.close()

    @Slot(int)
    def _graph_edited(self, _i: int) -> None:
        self.close()          # the numbers belong to the graph as it was

    @Slot(str)
    def _training_state(self, state: str) -> None:
        if self.active and self.training.running:
            self.close()

    # ----- worker results -----
    @Slot(object)
    def _forward_done(self, result) -> None:
        if not self.active:
            return
        self.tensors, self.loss, self.batch_size, self.weights = result
        self.busy = False
        self.index = -1
        self.next()

    @Slot(object)
    def _backward_done(self, grads) -> None:
        if not self.active:
            return
        self.busy = False
        self.grads = grads
        self.back_index = len(self.tensors)
        self.next()                    # the gradient arrives at the last node (the loss's input) first

    @Slot(str, str)
    def _failed(self, message: str, node: str) -> None:
        from ..engine_text import engine_text

        self.busy = False
        self.error = engine_text(message)
        self._show_bar(QCoreApplication.translate("StepThrough", "Step through failed: %1").replace("%1", self.error))
        self._update_actions()
        if node and self.scene is not None and node in self.scene.nodes:
            self.window.focus_node(node)      # the node the message names, selected and in view

    # ----- moving -----
    @property
    def backward_phase(self) -> bool:
        return self.grads is not None

    @Slot()
    def next(self) -> None:
        if self.backward_phase:
            if self.back_index > 0:
                self.back_index -= 1
                node = self.tensors[self.back_index].node
                card = self.cards.get(node)
                if card is not None:
                    card.set_grad(self.grads.get(node))
                self._ring_on(node)
                self._status()
            return
        if self.busy or self.index + 1 >= len(self.tensors):
            return
        self.index += 1
        self._reveal(self.tensors[self.index])
        self._status()

    @Slot()
    def previous(self) -> None:
        if self.backward_phase:
            if self.back_index < len(self.tensors) - 1:
                card = self.cards.get(self.tensors[self.back_index].node)
                if card is not None:
                    card.set_grad(None)
                self.back_index += 1
                self._ring_on(self.tensors[self.back_index].node)
                self._status()
            return
        if self.busy or self.index <= 0:
            return
        card = self.cards.pop(self.tensors[self.index].node, None)
        if card is not None and card.scene() is not None:
            card.scene().removeItem(card)
        self.index -= 1
        self._ring_on(self.tensors[self.index].node)
        self._status()

    @Slot()
    def to_end(self) -> None:
        if self.backward_phase:
            while self.back_index > 0:
                self.next()
            return
        while not self.busy and self.index + 1 < len(self.tensors):
            self.next()

    @Slot()
    def backward(self) -> None:
        """Reveal every node, then back-propagate the batch's loss once (on the worker)."""
        if self.busy or not self.tensors or self.grads is not None:
            return
        self.to_end()
        self.busy = True
        self._show_bar(QCoreApplication.translate("StepThrough", "Backward pass…"))
        self._update_actions()
        self.thread.ask_backward.emit()

    def _reveal(self, tensor) -> None:
        item = self.scene.nodes.get(tensor.node)
        if item is None:
            return
        card = TensorCard(tensor)
        card.setToolTip(QCoreApplication.translate("StepThrough", "%1: numbers over the whole batch of %2; pictures of its first sample")
                        .replace("%1", tensor.node).replace("%2", str(self.batch_size)))
        self.scene.addItem(card)
        card.place_under(item)
        self.cards[tensor.node] = card
        self._ring_on(tensor.node)
        view = self.window.current_view()
        if view is not None:
            view.ensureVisible(card, 40, 40)

    def _ring_on(self, node: str) -> None:
        item = self.scene.nodes.get(node)
        if item is None:
            return
        if self.ring is None:
            self.ring = CurrentRing()
            self.scene.addItem(self.ring)
        self.ring.around(item)

    # ----- the bar -----
    def _show_bar(self, text: str) -> None:
        view = self.window.current_view()
        if view is not None and self.bar.parent() is not view:
            self.bar.setParent(view)
        self.bar.status.setText(text)
        self.bar.adjustSize()
        self.bar.move(12, 12)
        self.bar.show()
        self.bar.raise_()

    def _status(self) -> None:
        if self.index < 0:
            return
        n = len(self.tensors)
        if self.backward_phase:
            text = QCoreApplication.translate("StepThrough", "backward: %1 (%2 of %3 from the loss) · loss %4") \
                .replace("%1", self.tensors[self.back_index].node).replace("%2", str(n - self.back_index)) \
                .replace("%3", str(n)).replace("%4", f"{self.loss:.4g}")
        else:
            text = QCoreApplication.translate("StepThrough", "%1 (%2 of %3) · batch of %4 · loss %5").replace("%1", self.tensors[self.index].node) \
                .replace("%2", str(self.index + 1)).replace("%3", str(n)) \
                .replace("%4", str(self.batch_size)).replace("%5", f"{self.loss:.4g}")
        text += " · " + {"trained": QCoreApplication.translate("StepThrough", "trained weights"), "initial": QCoreApplication.translate("StepThrough", "initial weights"),
                         "misfit": QCoreApplication.translate("StepThrough", "initial weights (the graph changed since training)")}[self.weights]
        self._show_bar(text)
        self._update_actions()

    def _update_actions(self) -> None:
        on = self.active and not self.busy and bool(self.tensors)
        if self.backward_phase:
            more, back = self.back_index > 0, self.back_index < len(self.tensors) - 1
        else:
            more, back = self.index + 1 < len(self.tensors), self.index > 0
        self.actions["next"].setEnabled(on and more)
        self.actions["previous"].setEnabled(on and back)
        self.actions["to_end"].setEnabled(on and more)
        self.actions["backward"].setEnabled(on and not self.backward_phase)
        self.actions["close"].setEnabled(self.active)

    def _say(self, text: str) -> None:
        bar = self.window.statusBar()
        if bar is not None:
            bar.showMessage(text, 5000)

    def retranslate(self) -> None:
        self.start_action.setText(_tr(START_TEXT))
        self.start_action.setToolTip(QCoreApplication.translate("StepThrough", "Run one batch of the training data forward node by node, then backward"))
        for key, text, _shortcut in CONTROLS:
            self.actions[key].setText(_tr(text))

"""The inspector's fine-tuning row: a layer's "Trainable" switch and, for a Linear head, "Replace head…"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QInputDialog, QPushButton, QWidget

from netstudio.core import editing
from netstudio.core.errors import NetStudioError
from netstudio.core.graph import is_trainable


def replace_head(document, graph_name: str, node_id: str, classes: int) -> str:
    """Give Linear ``node_id`` ``classes`` outputs (one undo step) and drop its tensors from the project's weights.

    Every other weight stays; the head's start new, and the next run's first event reports them as new.
    Returns the sentence for the status bar.
    """
    from netstudio.export.import_weights import check_classes, head_node, rewrite_without_head
    from netstudio.export.weight_matching import project_weights_path

    graph = document.graph(graph_name)
    head_node(graph, node_id)
    check_classes(classes)
    document.edit(editing.set_param, graph_name, node_id, "out_features", classes)
    path = project_weights_path(document.project)
    dropped = 0
    if path is not None and path.is_file() and document.project.extra.get("weights_graph", "model") == graph_name:
        dropped = rewrite_without_head(path, node_id)
    text = QCoreApplication.translate("FinetuneRow", "%1 now has %2 outputs").replace("%1", node_id).replace("%2", str(classes))
    if dropped:
        text += "; " + QCoreApplication.translate(
            "FinetuneRow", "its old weights were removed from %1, every other weight is kept").replace("%1", path.name)
    return text


class FinetuneRow(QWidget):
    """Shown for layers with weights: freeze them, and replace a Linear head for a new number of classes."""

    message = Signal(str)   # a sentence for the window's status bar

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("finetune_row")
        self.document = None
        self.graph_name: str | None = None
        self.node_id: str | None = None
        self.trainable = QCheckBox(self)
        self.trainable.setObjectName("trainable_check")
        self.replace = QPushButton(self)
        self.replace.setObjectName("replace_head_button")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.trainable, 1)
        row.addWidget(self.replace)
        self.trainable.clicked.connect(self._toggled)
        self.replace.clicked.connect(self.ask_replace_head)
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.trainable.setText(self.tr("Trainable"))
        self.trainable.setToolTip(self.tr("Unticked, the layer is frozen: training keeps its weights (and a "
                                          "BatchNorm its running statistics) as they are"))
        self.replace.setText(self.tr("Replace head…"))
        self.replace.setToolTip(self.tr("A new number of classes: this Linear gets new outputs and new weights, "
                                        "every other weight is kept"))

    def show_node(self, document, graph_name: str | None, node, has_weights: bool) -> None:
        self.document, self.graph_name = document, graph_name
        self.node_id = node.id if node is not None else None
        self.setVisible(node is not None and has_weights)
        if node is None:
            return
        self.trainable.setChecked(is_trainable(node))
        self.replace.setVisible(node.type == "Linear")

    def _toggled(self, on: bool) -> None:
        if self.document is not None and self.node_id is not None:
            self.document.edit(editing.set_trainable, self.graph_name, [self.node_id], on)

    def ask_replace_head(self) -> None:
        if self.document is None or self.node_id is None:
            return
        current = self.document.graph(self.graph_name).node(self.node_id).params.get("out_features", 10)
        classes, ok = QInputDialog.getInt(self, self.tr("Replace the head"),
                                          self.tr("Number of classes of the new head:"), int(current), 1, 100000)
        if ok:
            self.replace_head(classes)

    def replace_head(self, classes: int) -> bool:
        if self.document is None or self.node_id is None:
            return False
        try:
            self.message.emit(replace_head(self.document, self.graph_name, self.node_id, classes))
        except NetStudioError as exc:
            self.message.emit(str(exc))
            return False
        return True

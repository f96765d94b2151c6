"""File > Import model… and File > Load weights…: the window's entries to fine-tuning."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netstudio.core.errors import NetStudioError


def load_weights_into_project(project, file_path, graph_name: str = "model"):
    """Load a weights file into the layers of ``graph_name`` it fits and record the result as the project's weights.

    The project's own weights (if any) come first, then the file's tensors replace those they fit; the
    result is written as ``<project>.safetensors`` beside the project. Returns the WeightReport.
    """
    from safetensors.torch import save

    from netstudio.compiler import build_module
    from netstudio.core.fileio import atomic_write_bytes
    from netstudio.export.weight_matching import LAYER_SOURCES, load_matching, project_weights_for, read_any_weights

    if not project.path:
        raise NetStudioError("save the project first: its weights are kept in a file beside it")
    state = read_any_weights(file_path)
    model = build_module(project.graph(graph_name))
    if project.extra.get("weights"):
        project_weights_for(model, project, graph_name)
    report = load_matching(model, state, Path(file_path).name, project.extra.get(LAYER_SOURCES))
    if not report.matched:
        raise NetStudioError(f"{Path(file_path).name} fits no layer of graph '{graph_name}' ({report.summary()})")
    target = Path(project.path).with_suffix(".safetensors")
    try:
        atomic_write_bytes(target, save({k: v.detach().contiguous() for k, v in model.state_dict().items()}))
    except OSError as exc:
        raise NetStudioError(f"cannot write {target}: {exc.strerror or exc}") from None
    project.extra["weights"] = target.name
    if graph_name != "model":
        project.extra["weights_graph"] = graph_name
    else:
        project.extra.pop("weights_graph", None)
    return report


class FinetuneActions(QObject):
    """Adds Import model… and Load weights… to the File menu and runs them."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.import_action = QAction(window)
        self.import_action.setObjectName("import_model_action")
        self.load_action = QAction(window)
        self.load_action.setObjectName("load_weights_action")
        menu = window.menus["file"]
        anchor = window.actions_["save"]
        menu.insertAction(anchor, self.import_action)
        menu.insertAction(anchor, self.load_action)
        menu.insertSeparator(anchor)
        self.freeze_action = QAction(window)
        self.freeze_action.setObjectName("freeze_action")
        self.unfreeze_action = QAction(window)
        self.unfreeze_action.setObjectName("unfreeze_action")
        edit = window.menus["edit"]
        edit.addSeparator()
        edit.addActions([self.freeze_action, self.unfreeze_action])
        self.freeze_action.triggered.connect(lambda: self.set_trainable(False))
        self.unfreeze_action.triggered.connect(lambda: self.set_trainable(True))
        self.import_action.triggered.connect(lambda: self.import_model())
        self.load_action.triggered.connect(lambda: self.load_weights())
        self.dialog = None          # the import dialog while it is open (tests and screenshots reach it)
        self.last_report = None     # the last Load weights… report
        window.document_changed.connect(lambda _doc: self._update())
        window.language_changed.connect(lambda *_: self.retranslate())
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import model…"))
        self.load_action.setText(self.tr("Load &weights…"))
        self.freeze_action.setText(self.tr("&Freeze selected layers"))
        self.unfreeze_action.setText(self.tr("Unfree&ze selected layers"))

    def _update(self) -> None:
        self.load_action.setEnabled(self.w.document is not None)

    def set_trainable(self, on: bool) -> bool:
        """Freeze (or unfreeze) every selected layer in one undo step."""
        from netstudio.core import editing

        scene = self.w.current_scene()
        if self.w.document is None or scene is None or self.w.document.read_only:
            return False
        return self.w.document.edit(editing.set_trainable, scene.graph_name, scene.selected_node_ids(), on)

    def import_model(self, run: bool = True):
        from .import_dialog import ImportModelDialog

        doc = self.w.document
        folder = Path(doc.project.path).parent if doc is not None and doc.project.path else None
        dialog = ImportModelDialog(folder, self.w)
        dialog.imported.connect(self._imported)
        self.dialog = dialog
        if run:
            dialog.exec()
            self.dialog = None
            dialog.deleteLater()
        return dialog

    def _imported(self, path: str) -> None:
        if self.w.open_project(path) and self.dialog is not None:
            self.w.statusBar().showMessage(self.tr("Imported %1: %2").replace("%1", Path(path).name)
                                           .replace("%2", self.dialog.report), 15000)

    def load_weights(self, path: str | None = None) -> bool:
        doc = self.w.document
        if doc is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.w, self.tr("Load weights"), "",
                                                  self.tr("Weights (*.safetensors *.pt *.pth)"))
            if not path:
                return False
        graph = doc.owner_graph(self.w.current_graph()) or "model"   # a block's tab: the model using it
        try:
            report = load_weights_into_project(doc.project, path, graph)
        except NetStudioError as exc:
            self.w.show_error(self.tr("Cannot load the weights"), str(exc))
            return False
        self.last_report = report
        doc.mark_dirty()   # the project now names its weights file
        text = self.tr("%1 of %2 tensors loaded; new: %3; not used: %4; other shape: %5") \
            .replace("%1", str(len(report.matched))).replace("%2", str(report.total)) \
            .replace("%3", str(len(report.missing))).replace("%4", str(len(report.unexpected))) \
            .replace("%5", str(len(report.mismatched)))
        self.w.statusBar().showMessage(text, 15000)
        if report.missing or report.unexpected or report.mismatched:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Weights loaded"), text, parent=self.w)
            box.setDetailedText(report.summary())
            box.setObjectName("load_weights_report")
            box.open()
        return True

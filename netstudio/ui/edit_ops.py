"""Edit, view and export commands of the main window (kept apart so the window file stays readable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtWidgets import QApplication

from netstudio.core import editing
from netstudio.core.errors import GraphError, NetStudioError
from netstudio.export import EXPORT_FORMATS
from netstudio.core.layout import layered_positions
from netstudio.layers import validate_node

from .clipboard import payload_from_mime, to_mime


class EditOps(QObject):
    """Connects the window's actions to the current document and canvas."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.weights_dialog = None     # the export's weights dialog while it is open
        self.last_export: tuple | None = None   # (file written, CheckpointChoice or None)
        a = window.actions_
        for key, slot in (("undo", self.undo), ("redo", self.redo), ("cut", self.cut), ("copy", self.copy),
                          ("paste", self.paste), ("duplicate", self.duplicate), ("delete", self.delete),
                          ("select_all", self.select_all), ("quick_add", self.quick_add),
                          ("auto_layout", self.auto_layout), ("zoom_in", self.zoom_in), ("zoom_out", self.zoom_out),
                          ("fit", self.fit), ("export_python", lambda: self.export("python")),
                          ("export_onnx", lambda: self.export("onnx")),
                          ("export_torchscript", lambda: self.export("torchscript")),
                          ("export_png", lambda: self.export_picture(".png")),
                          ("export_svg", lambda: self.export_picture(".svg"))):
            a[key].triggered.connect(slot)

    # ----- undo -----
    def undo(self) -> None:
        if self.w.document is not None:
            self.w.document.undo()

    def redo(self) -> None:
        if self.w.document is not None:
            self.w.document.redo()

    # ----- clipboard -----
    def copy(self) -> bool:
        scene = self.w.current_scene()
        if scene is None or not scene.selected_node_ids():
            return False
        QApplication.clipboard().setMimeData(to_mime(scene.graph, scene.selected_node_ids()))
        return True

    def cut(self) -> bool:
        if not self.copy():
            return False
        scene = self.w.current_scene()
        return self.w.document.edit(editing.remove, scene.graph_name, scene.selected_node_ids(),
                                   scene.selected_edges())

    def paste(self) -> bool:
        scene = self.w.current_scene()
        if scene is None:
            return False
        payload = payload_from_mime(QApplication.clipboard().mimeData())
        if payload is None:
            self.w.show_status_error(self.tr("The clipboard holds no NetStudio layers."))
            return False
        command, new_ids = editing.paste(scene.graph, payload, lambda node: validate_node(node) is None)
        if self.w.document.push(command):
            scene.select_nodes(new_ids)
            return True
        return False

    def duplicate(self) -> bool:
        return self.copy() and self.paste()

    def delete(self) -> bool:
        scene = self.w.current_scene()
        return scene.delete_selection() if scene is not None else False

    def select_all(self) -> None:
        scene = self.w.current_scene()
        if scene is not None:
            for item in scene.nodes.values():
                item.setSelected(True)

    # ----- canvas -----
    def quick_add(self) -> None:
        """Ctrl+K: with one layer selected the new one comes after it, wired (netstudio.ui.keyboard_nav)."""
        self.w.keys.quick_add()

    def add_at_centre(self, type_name: str) -> str | None:
        """Palette double-click: append after the one selected layer (wired to it), else add at the centre.

        Double-clicking down the palette thus builds a chain (Input, Conv2d, ReLU, ...) without dragging.
        """
        from netstudio.layers import get_spec

        from .editor.theme import HEADER_HEIGHT, NODE_WIDTH

        view = self.w.current_view()
        if view is None:
            if not self.w.new_project():
                return None
            view = self.w.current_view()
        scene = view.graph_scene
        selected = scene.selected_node_ids()
        spec = get_spec(type_name)
        if len(selected) == 1 and spec is not None and spec.inputs and scene.nodes[selected[0]].out_names:
            prev = scene.graph.node(selected[0])
            taken = {e.src_port for e in scene.graph.out_edges(prev.id)}
            x, y = prev.pos[0] + 240, prev.pos[1] + 120 * len(taken)  # a second branch goes below
            node_id = scene.add_layer_at(type_name, QPointF(x + NODE_WIDTH / 2, y + HEADER_HEIGHT),
                                         ("out", prev.id, 0))
            if node_id is not None:
                view.ensureVisible(scene.nodes[node_id].sceneBoundingRect(), 40, 40)
            return node_id
        return scene.add_layer_at(type_name, view.centre_scene_pos())

    def auto_layout(self) -> bool:
        scene, view = self.w.current_scene(), self.w.current_view()
        if scene is None:
            return False
        moved = self.w.document.edit(editing.move, scene.graph_name, layered_positions(scene.graph),
                                    text="Auto-layout")
        view.fit_all()
        return moved

    def zoom_in(self) -> None:
        if self.w.current_view() is not None:
            self.w.current_view().zoom_in()

    def zoom_out(self) -> None:
        if self.w.current_view() is not None:
            self.w.current_view().zoom_out()

    def fit(self) -> None:
        if self.w.current_view() is not None:
            self.w.current_view().fit_all()

    # ----- export -----
    def latest_checkpoint(self, graph: str | None = None):
        """The latest run's best (else last) checkpoint of the open project, or None (CheckpointChoice)."""
        from netstudio.training.predict import best_checkpoint, latest_run

        doc = self.w.document
        controller = getattr(self.w, "training", None)
        last = getattr(controller, "last_checkpoint", None) if controller is not None else None
        run = None
        if last:   # the run trained in this session: <run>/checkpoints/<step>.safetensors
            folder = Path(last).parent
            run = folder.parent if folder.name == "checkpoints" else folder
        elif doc is not None:
            root = getattr(controller, "run_root", None)
            if root is None and doc.project.path:
                root = Path(doc.project.path).resolve().parent / "runs"
            run = latest_run(root, doc.project.name) if root is not None else None
        try:
            return best_checkpoint(run) if run is not None else None
        except OSError:
            return None

    def ask_weights(self, fmt: str, title: str):
        """The weights dialog: a checkpoint path, "" for untrained weights, or None when cancelled."""
        from .export_dialog import RANDOM, ExportWeightsDialog

        from netstudio.export.weight_matching import project_weights_path

        own = project_weights_path(self.w.document.project) if self.w.document is not None else None
        dialog = ExportWeightsDialog(title, self.latest_checkpoint(), python=fmt == "python", parent=self.w,
                                     own=own if own is not None and own.is_file() else None)
        self.weights_dialog = dialog     # tests and screenshots reach the open dialog
        try:
            if dialog.exec() != ExportWeightsDialog.DialogCode.Accepted:
                return None
            kind, path = dialog.choice()
            return "" if kind == RANDOM else str(path)
        finally:
            dialog.deleteLater()

    def export(self, fmt: str, checkpoint: str | None = None) -> bool:
        """Export the current graph as ``fmt`` ("python", "onnx", "torchscript").

        ``checkpoint``: a checkpoint file or run folder whose weights the export carries (the Runs
        view passes a run's); ``""``: untrained weights; None: ask which (the latest run's best
        checkpoint is the default when the project has one).
        """
        doc, graph = self.w.document, self.w.current_graph()
        if doc is None or graph is None:
            return False
        graph = doc.owner_graph(graph)   # a block's tab exports the model that uses it
        title, file_filter = {  # the filters' suffixes stay in the texts translators see
            "python": (self.tr("Export Python code"), self.tr("Python file (*.py)")),
            "onnx": (self.tr("Export ONNX"), self.tr("ONNX model (*.onnx)")),
            "torchscript": (self.tr("Export TorchScript"), self.tr("TorchScript file (*.pt)")),
        }[fmt]
        errors = [p for p in doc.problems(graph) if p.severity == "error"]
        if errors:   # said before asking anything: nothing could be exported
            first = errors[0]
            self.w.show_error(self.tr("Cannot export"),
                              self.tr("The graph has %1 error(s); fix them first. The first one: %2")
                              .replace("%1", str(len(errors))).replace("%2", str(first)))
            return False
        if checkpoint is None:
            checkpoint = self.ask_weights(fmt, title)
            if checkpoint is None:
                return False
        path = self.w.ask_save_path(title, file_filter, EXPORT_FORMATS[fmt])
        if not path:
            return False
        try:
            from netstudio.export import export_graph

            weights, choice = None, None
            from netstudio.export.weight_matching import project_export_weights, project_weights_path

            own = project_weights_path(doc.project)
            if checkpoint and own is not None and Path(checkpoint) == own:   # an imported project's weights
                from netstudio.training.predict import CheckpointChoice

                weights, _report = project_export_weights(doc.project, graph)
                choice = CheckpointChoice(own, "given") if weights is not None else None
            elif checkpoint:
                from netstudio.training.predict import graph_weights

                weights, choice = graph_weights(doc.project, graph, checkpoint)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # ONNX takes a few seconds
            try:
                export_graph(doc.project, graph, fmt, path, weights=weights)
            finally:
                QApplication.restoreOverrideCursor()
        except (NetStudioError, GraphError) as exc:
            self.w.show_error(self.tr("Cannot export"), str(exc))
            return False
        except ImportError as exc:  # an optional exporter dependency (onnxscript) is missing
            self.w.show_error(self.tr("Cannot export"), str(exc))
            return False
        if choice is None:
            message = self.tr("Exported %1 with untrained weights").replace("%1", path)
        else:
            message = self.tr("Exported %1 with the weights of %2").replace("%1", path).replace("%2", choice.path.name)
            if choice.epoch is not None:
                message += " " + self.tr("(epoch %1)").replace("%1", str(choice.epoch))
            if fmt == "python":
                from netstudio.export import weights_beside

                message += " " + self.tr("(weights in %1)").replace("%1", weights_beside(path).name)
        self.last_export = (Path(path), choice)
        self.w.statusBar().showMessage(message, 8000)
        return True

    def export_picture(self, suffix: str) -> bool:
        from .render import render_to_file

        doc, graph = self.w.document, self.w.current_graph()
        if doc is None or graph is None:
            return False
        graph = doc.owner_graph(graph)   # a block's tab draws the model that uses it
        file_filter = self.tr("PNG image (*.png)") if suffix == ".png" else self.tr("SVG drawing (*.svg)")
        path = self.w.ask_save_path(self.tr("Export graph picture"), file_filter, suffix)
        if not path:
            return False
        try:
            render_to_file(doc.project, Path(path), graph)
        except NetStudioError as exc:
            self.w.show_error(self.tr("Cannot export"), str(exc))
            return False
        self.w.statusBar().showMessage(self.tr("Exported %1").replace("%1", path), 5000)
        return True

"""File > Import model…: a torchvision model, a Python file or an ONNX file becomes a project, imported off the
GUI thread."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QThread, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox,
                               QVBoxLayout, QWidget)

from netstudio.core.errors import NetStudioError


def torchvision_models() -> list[str]:
    """torchvision's classification models, or [] when torchvision cannot be imported."""
    try:
        import torchvision
    except ImportError:
        return []
    return sorted(torchvision.models.list_models(module=torchvision.models))


_LISTERS: set = set()   # model-list threads still running


class ModelListWorker(QThread):
    """Lists torchvision's models away from the GUI thread (importing torchvision imports torch: seconds)."""

    listed = Signal(list)

    def run(self) -> None:
        self.listed.emit(torchvision_models())


class ImportWorker(QThread):
    """Runs ``import_project`` (tracing, checking, writing) in its own thread."""

    succeeded = Signal(str, str)   # project path, report
    failed = Signal(str)

    def __init__(self, job: dict, parent=None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        from netstudio.export.import_weights import import_project

        try:
            result, lines = import_project(**self.job)
        except NetStudioError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the user's model code can raise anything: one line, no traceback
            text = str(exc).strip().splitlines()
            self.failed.emit(f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__)
            return
        lines.append(f"{len(result.project.graph().nodes)} nodes, {result.parameters:,} parameters")
        self.succeeded.emit(str(self.job["output"]), "; ".join(lines))


class ImportModelDialog(QDialog):
    """Asks what to import and where the project goes; ``imported`` carries the project written."""

    imported = Signal(str)

    def __init__(self, folder: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_model_dialog")
        self.setWindowTitle(self.tr("Import a PyTorch model"))
        self.setMinimumWidth(560)
        self.folder = Path(folder) if folder else Path.home()
        self.worker: ImportWorker | None = None
        self.report = ""
        self.from_torchvision = QRadioButton(self.tr("A torchvision model"), self)
        self.model_name = QComboBox(self)
        self.model_name.setEditable(True)
        self.model_name.setCurrentText("resnet18")
        # fills the list once torchvision is imported; not a child of the dialog, so that closing the dialog
        # never deletes a running thread (which aborts the process): it is kept until it ends
        for done in [w for w in _LISTERS if w.isFinished()]:
            _LISTERS.discard(done)
        self.lister = ModelListWorker()
        _LISTERS.add(self.lister)
        self.lister.listed.connect(self._listed)
        self.lister.start()
        self.pretrained = QCheckBox(self.tr("With its pretrained weights (downloaded once, then cached)"), self)
        self.from_file = QRadioButton(self.tr("A Python file"), self)
        self.file_edit = QLineEdit(self)
        self.file_edit.setPlaceholderText(self.tr("model.py"))
        self.browse_file = QPushButton(self.tr("Browse…"), self)
        self.factory = QLineEdit(self)
        self.factory.setPlaceholderText(self.tr("class or function, e.g. Net"))
        self.from_onnx = QRadioButton(self.tr("An ONNX file"), self)
        self.onnx_edit = QLineEdit(self)
        self.onnx_edit.setObjectName("onnx_file")
        self.onnx_edit.setPlaceholderText(self.tr("model.onnx"))
        self.browse_onnx = QPushButton(self.tr("Browse…"), self)
        self.args = QLineEdit(self)
        self.args.setPlaceholderText('{"num_classes": 10}')
        self.shape = QLineEdit("3,224,224", self)
        self.shape.setPlaceholderText(self.tr("the file's own"))
        self.classes = QSpinBox(self)
        self.classes.setRange(0, 100000)
        self.classes.setSpecialValueText(self.tr("keep the model's"))
        self.output = QLineEdit(self)
        self.browse_output = QPushButton(self.tr("Browse…"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("import_status")
        group = QButtonGroup(self)
        group.addButton(self.from_torchvision)
        group.addButton(self.from_file)
        group.addButton(self.from_onnx)
        self.from_torchvision.setChecked(True)

        form = QFormLayout()
        form.addRow(self.from_torchvision)
        form.addRow(self.tr("Model:"), self.model_name)
        form.addRow("", self.pretrained)
        form.addRow(self.from_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_file)
        form.addRow(self.tr("File:"), file_row)
        form.addRow(self.tr("Factory:"), self.factory)
        form.addRow(self.from_onnx)
        onnx_row = QHBoxLayout()
        onnx_row.addWidget(self.onnx_edit, 1)
        onnx_row.addWidget(self.browse_onnx)
        form.addRow(self.tr("ONNX file:"), onnx_row)
        form.addRow(self.tr("Arguments (JSON):"), self.args)
        form.addRow(self.tr("Input shape:"), self.shape)
        form.addRow(self.tr("New head, classes:"), self.classes)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(self.browse_output)
        form.addRow(self.tr("Save as:"), out_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.browse_file.clicked.connect(self._pick_file)
        self.browse_output.clicked.connect(self._pick_output)
        self.browse_onnx.clicked.connect(self._pick_onnx)
        self.onnx_edit.textChanged.connect(self._onnx_changed)
        self.file_edit.textChanged.connect(lambda _t: self.from_file.setChecked(True))
        self.factory.textChanged.connect(lambda _t: self.from_file.setChecked(True))
        self.model_name.currentTextChanged.connect(self._name_changed)
        group.buttonToggled.connect(lambda *_: self._update())
        for edit in (self.file_edit, self.factory, self.onnx_edit, self.args, self.shape, self.output):
            edit.textChanged.connect(lambda _t: self.status.clear())   # an old complaint goes once fixed
        self._name_changed(self.model_name.currentText())
        self._update()

    @Slot(list)
    def _listed(self, names: list) -> None:
        current = self.model_name.currentText()
        # the list arrives late (torchvision is imported for it): filling it changes nothing the user chose, so
        # no currentTextChanged (it rewrote an output path typed meanwhile and cleared an import's error)
        blocker = QSignalBlocker(self.model_name)
        self.model_name.addItems(names)
        self.model_name.setCurrentText(current)
        del blocker

    # ----- input -----
    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a Python file"), str(self.folder),
                                              self.tr("Python file (*.py)"))
        if path:
            self.file_edit.setText(path)

    def _pick_onnx(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose an ONNX file"), str(self.folder),
                                              self.tr("ONNX model (*.onnx)"))
        if path:
            self.onnx_edit.setText(path)

    def _onnx_changed(self, text: str) -> None:
        """Typing a file chooses the ONNX source; its input shape is the file's unless one is typed."""
        self.from_onnx.setChecked(True)
        if self.shape.text() == "3,224,224":
            self.shape.clear()
        stem = Path(text.strip()).stem
        if stem and (not self.output.text() or self.output.property("auto")):
            self.output.setText(str(self.folder / f"{stem}.nsproj"))
            self.output.setProperty("auto", True)

    def _pick_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the imported project as"), self.output.text(),
                                              self.tr("NetStudio project (*.nsproj)"))
        if path:
            self.output.setText(path if path.endswith(".nsproj") else path + ".nsproj")

    def _name_changed(self, name: str) -> None:
        if name and (not self.output.text() or self.output.property("auto")):
            self.output.setText(str(self.folder / f"{name.strip() or 'model'}.nsproj"))
            self.output.setProperty("auto", True)

    def _update(self) -> None:
        tv = self.from_torchvision.isChecked()
        self.model_name.setEnabled(tv)
        self.pretrained.setEnabled(tv)
        self.args.setEnabled(not self.from_onnx.isChecked())   # an ONNX file has no constructor to call
        for widget in (self.file_edit, self.browse_file, self.factory):
            widget.setEnabled(True)   # typing there chooses the file source

    def job(self) -> dict:
        """What to import, checked; raises NetStudioError with one sentence naming the field."""
        from netstudio.export.import_weights import parse_input_shape as parse_shape
        from netstudio.export.importer import parse_args_json

        if self.from_torchvision.isChecked():
            name = self.model_name.currentText().strip()
            if not name:
                raise NetStudioError(self.tr("Choose a torchvision model."))
            source = f"torchvision:{name}"
        elif self.from_onnx.isChecked():
            source = self.onnx_edit.text().strip()
            if not source.lower().endswith(".onnx"):
                raise NetStudioError(self.tr("Choose an ONNX file (a name ending in .onnx)."))
        else:
            path, factory = self.file_edit.text().strip(), self.factory.text().strip()
            if not path or not factory:
                raise NetStudioError(self.tr("Give the Python file and the class or function that builds the model."))
            source = f"{path}:{factory}"
        try:
            shape = parse_shape(self.shape.text()) if self.shape.text().strip() or not self.from_onnx.isChecked() \
                else None
        except NetStudioError:
            raise NetStudioError(self.tr("Input shape: give sizes such as 3,224,224 (without the batch).")) from None
        try:
            args = {} if self.from_onnx.isChecked() else parse_args_json(self.args.text().strip() or None)
        except NetStudioError:
            raise NetStudioError(self.tr('Arguments: give a JSON object such as {"num_classes": 10}.')) from None
        output = self.output.text().strip()
        if not output:
            raise NetStudioError(self.tr("Choose where to save the project."))
        return {"source": source, "output": output, "input_shape": shape, "args": args,
                "pretrained": self.from_torchvision.isChecked() and self.pretrained.isChecked(),
                "num_classes": self.classes.value() or None}

    # ----- running -----
    def start(self) -> bool:
        if self.worker is not None:
            return False
        try:
            job = self.job()
        except NetStudioError as exc:
            self.status.setText(f"<span style='color:#c62828'>{html.escape(str(exc))}</span>")
            return False
        self.status.setText(self.tr("Importing… (tracing the model and checking its outputs)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.worker = ImportWorker(job, self)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.start()
        return True

    @Slot(str, str)
    def _succeeded(self, path: str, report: str) -> None:
        self._finish()
        self.report = report
        self.imported.emit(path)
        self.accept()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._finish()
        self.report = message
        self.status.setText(f"<span style='color:#c62828'>{html.escape(message)}</span>")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _finish(self) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None

    def done(self, result: int) -> None:
        if self.worker is not None:   # never delete a running thread: wait for the import to end
            self.worker.wait()
        super().done(result)


__all__ = ["ImportModelDialog", "ImportWorker", "torchvision_models"]

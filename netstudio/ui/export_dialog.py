"""File > Export: which weights the exported model carries (a run's checkpoint, a file, or untrained)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

BEST, FILE, RANDOM, OWN = "best", "file", "random", "own"


class ExportWeightsDialog(QDialog):
    """Asks which weights to export. ``latest`` is the latest run's chosen checkpoint (a CheckpointChoice) or None.

    ``choice()`` gives ``(BEST, path)``, ``(FILE, path)`` or ``(RANDOM, None)``.
    """

    def __init__(self, fmt_title: str, latest=None, python: bool = False, parent: QWidget | None = None,
                 own: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_weights_dialog")
        self.latest = latest
        self.setWindowTitle(fmt_title)
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("Which weights should the exported model carry?"), self)
        self.best = QRadioButton(self.tr("Trained: the latest run's checkpoint"), self)
        self.best_detail = QLabel(self)
        self.file = QRadioButton(self.tr("Another checkpoint file"), self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("a checkpoint's .safetensors file"))
        self.path_edit.setAccessibleName(self.tr("Checkpoint file"))
        self.browse = QPushButton(self.tr("Browse…"), self)
        self.random = QRadioButton(self.tr("Untrained (random initial weights)"), self)
        # an imported (or Load weights…) project records its own weights file: ``own``
        self.own_path = own
        self.own = QRadioButton(self.tr("The project's own weights (%1)").replace("%1", own.name if own else ""), self)
        self.own.setVisible(own is not None)
        self.group = QButtonGroup(self)
        for button in (self.best, self.file, self.random, self.own):
            self.group.addButton(button)
        self.best_detail.setWordWrap(True)
        self.best_detail.setIndent(24)
        if latest is not None:
            if latest.which == "best":
                self.best.setText(self.tr("Trained: the latest run's best checkpoint (lowest validation loss)"))
            else:
                self.best.setText(self.tr("Trained: the latest run's last checkpoint"))
            detail = self.tr("Run %1, epoch %2").replace("%1", latest.path.parent.parent.name) \
                .replace("%2", str(latest.epoch if latest.epoch is not None else "?"))
            if latest.val_loss is not None:
                detail += ", " + self.tr("validation loss %1").replace("%1", f"{latest.val_loss:.4g}")
            self.best_detail.setText(detail + f" ({latest.path.name})")
            self.best_detail.setToolTip(str(latest.path))
            self.best.setChecked(True)
        else:
            self.best_detail.setText(self.tr("This project has no run yet: train it first to export trained weights."))
            self.best.setEnabled(False)
            (self.own if own is not None else self.random).setChecked(True)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        grid = QGridLayout()
        grid.addWidget(self.best, 0, 0)
        grid.addWidget(self.best_detail, 1, 0)
        grid.addWidget(self.file, 2, 0)
        grid.addLayout(row, 3, 0)
        grid.addWidget(self.random, 4, 0)
        grid.addWidget(self.own, 5, 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        if python:
            note = QLabel(self.tr("Python code gets its weights as a .safetensors file beside the .py file, and "
                                  "its docstring shows the three lines that load them."), self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.browse.clicked.connect(self.pick_file)
        self.path_edit.textChanged.connect(lambda _text: self.file.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._update())
        self.path_edit.textChanged.connect(lambda *_: self._update())
        self._update()

    def pick_file(self) -> None:
        start = str(self.latest.path.parent) if self.latest is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a checkpoint"), start,
                                              self.tr("Checkpoint weights (*.safetensors)"))
        if path:
            self.path_edit.setText(path)

    def _update(self) -> None:
        ok = not self.file.isChecked() or bool(self.path_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choice(self) -> tuple[str, Path | None]:
        if self.best.isChecked() and self.latest is not None:
            return BEST, Path(self.latest.path)
        if self.own.isChecked() and self.own_path is not None:
            return OWN, self.own_path
        if self.file.isChecked():
            return FILE, Path(self.path_edit.text().strip())
        return RANDOM, None

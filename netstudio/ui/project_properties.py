"""File > Project properties: the project's name and description, changed as one undoable command.

The name titles the window, names the run folders (``runs/<name>-<date>``) and the exported Python
class; the description is the line the welcome page shows under a sample.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout)

from netstudio.core.commands import SetProjectInfo

MAX_NAME_LENGTH = 200


class ProjectPropertiesDialog(QDialog):
    """Edits ``document.project``'s name and description; OK pushes one ``SetProjectInfo``."""

    def __init__(self, document, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("ProjectProperties")
        self.document = document
        project = document.project
        self.name = QLineEdit(project.name, self)
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.description = QPlainTextEdit(self)
        description = project.extra.get("description")
        self.description.setPlainText(description if isinstance(description, str) else "")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(90)
        self.uses = QLabel(self)
        self.uses.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        Qt.Orientation.Horizontal, self)
        form = QFormLayout()
        self.name_label, self.description_label = QLabel(self), QLabel(self)
        form.addRow(self.name_label, self.name)
        form.addRow(self.description_label, self.description)
        self.name_label.setBuddy(self.name)                 # screen readers name the fields after their labels
        self.description_label.setBuddy(self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.uses)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)
        self.retranslate()
        self._check()
        self.resize(460, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Project properties"))
        self.name_label.setText(self.tr("Name"))
        self.description_label.setText(self.tr("Description"))
        self.uses.setText(self.tr("The name titles the window, names the folders of training runs and the "
                                  "class of exported Python code."))

    @Slot()
    def _check(self) -> None:
        empty = not self.name.text().strip()
        self.problem.setText(self.tr("The project needs a name.") if empty else "")
        self.problem.setVisible(empty)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not empty)

    @Slot()
    def apply(self) -> bool:
        """Push the change (nothing when nothing changed) and close; False when it was refused."""
        if not self.name.text().strip():
            return False
        command = SetProjectInfo(self.document.project, self.name.text(), self.description.toPlainText(),
                                 self.tr("Edit the project's properties"))
        if not command.changes_nothing and not self.document.push(command):
            return False            # read-only while training: the document said why
        self.accept()
        return True

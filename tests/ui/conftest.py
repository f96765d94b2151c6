"""Qt tests run offscreen with settings and recovery files in a temporary folder, never the user's."""

from __future__ import annotations

import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

# Before pytest-qt creates the QApplication: a separate organisation keeps the user's settings untouched.
QCoreApplication.setOrganizationName("NetStudioTests")
QCoreApplication.setApplicationName("NetStudioTests")

from .helpers import SAMPLES  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch, qapp):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    monkeypatch.setenv("NETSTUDIO_RECOVERY_DIR", str(tmp_path / "recovery"))
    yield tmp_path
    from netstudio.ui import app as appmod

    appmod.install_language("en")


@pytest.fixture
def window(qtbot):
    """The main window, shown offscreen, with its modal dialogs replaced by recorders."""
    from netstudio.ui.main_window import MainWindow

    w = MainWindow()
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.ask_save = lambda: QMessageBox.StandardButton.Discard
    w.ask_template = lambda: ""     # File > New makes an empty project unless a test picks a template
    w.resize(1400, 900)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def cnn_window(window):
    assert window.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    window.document.infer_now()
    return window

"""Render the README screenshots offscreen: python resources/screenshots/make_screenshots.py [en|zh_CN]

Writes welcome.png, editor_mnist_cnn.png and editor_invalid.png beside this file (a Chinese run
adds a _zh_CN suffix; it needs a CJK font installed to be readable).
"""
import os
import sys
import tempfile
from pathlib import Path

os.chdir(Path(__file__).resolve().parents[2])
OUT = Path(os.environ.get("NETSTUDIO_SHOTS_DIR") or Path(__file__).resolve().parent)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["NETSTUDIO_RECOVERY_DIR"] = tempfile.mkdtemp()
from PySide6.QtCore import QCoreApplication, QSettings, QPointF
QCoreApplication.setOrganizationName("NetStudioShots")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from netstudio.ui.app import ensure_app, install_language
app = ensure_app()
QSettings().clear()
lang = sys.argv[1] if len(sys.argv) > 1 else "en"
suffix = "" if lang == "en" else f"_{lang}"
if lang != "en":
    QSettings().setValue("language", lang); install_language(lang)
from netstudio.ui.main_window import MainWindow
from netstudio.core import editing
from netstudio.core.graph import Node, Edge
w = MainWindow(); w.resize(1760, 990); w.show()
def settle():
    for _ in range(10): app.processEvents()
settle(); w.grab().save(f"{OUT}/welcome{suffix}.png")
w.open_project("sample_projects/mnist_cnn.nsproj"); w.document.infer_now()
w.current_scene().select_nodes(["conv1"]); settle(); w.fit_all_views(); settle()
w.grab().save(f"{OUT}/editor_mnist_cnn{suffix}.png")
doc = w.document
doc.edit(editing.disconnect, "model", [Edge("flatten", "fc")])
nid = w.current_scene().add_layer_at("Conv2d", QPointF(960, 160))
doc.edit(editing.connect, "model", "flatten", 0, nid, 0); doc.edit(editing.connect, "model", nid, 0, "fc", 0)
doc.edit(editing.move, "model", {nid: (1060.0, 140.0), "fc": (1240.0, 0.0), "logits": (1440.0, 0.0)})
doc.infer_now(); w.current_scene().select_nodes([nid]); settle(); w.fit_all_views(); settle()
w.grab().save(f"{OUT}/editor_invalid{suffix}.png")
w.ask_save = lambda: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.Discard
w.close()

"""The window's actions and menus, with platform shortcuts (QKeySequence standard keys)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .app import LANGUAGES

SK = QKeySequence.StandardKey
DOCK_MENU_ANCHOR = "dock_menu_anchor"  # the View menu's separator above which dock toggles go


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


# name -> (menu text, shortcut: a StandardKey, a list of QKeySequence, or None)
SPECS = {
    "new": (QT_TRANSLATE_NOOP("Actions", "&New project"), SK.New),
    "open": (QT_TRANSLATE_NOOP("Actions", "&Open…"), SK.Open),
    "save": (QT_TRANSLATE_NOOP("Actions", "&Save"), SK.Save),
    "save_as": (QT_TRANSLATE_NOOP("Actions", "Save &As…"), [QKeySequence("Ctrl+Shift+S")]),
    "close_project": (QT_TRANSLATE_NOOP("Actions", "&Close project"), SK.Close),
    "properties": (QT_TRANSLATE_NOOP("Actions", "Project p&roperties…"), None),
    # StandardKey.Quit has no binding on Linux
    "quit": (QT_TRANSLATE_NOOP("Actions", "&Quit"), [QKeySequence("Ctrl+Q")]),
    "export_python": (QT_TRANSLATE_NOOP("Actions", "Python code (.py)…"), None),
    "export_onnx": (QT_TRANSLATE_NOOP("Actions", "ONNX (.onnx)…"), None),
    "export_torchscript": (QT_TRANSLATE_NOOP("Actions", "TorchScript (.pt)…"), None),
    "export_png": (QT_TRANSLATE_NOOP("Actions", "Graph picture (.png)…"), None),
    "export_svg": (QT_TRANSLATE_NOOP("Actions", "Graph drawing (.svg)…"), None),
    "undo": (QT_TRANSLATE_NOOP("Actions", "&Undo"), SK.Undo),
    "redo": (QT_TRANSLATE_NOOP("Actions", "&Redo"), SK.Redo),
    "cut": (QT_TRANSLATE_NOOP("Actions", "Cu&t"), SK.Cut),
    "copy": (QT_TRANSLATE_NOOP("Actions", "&Copy"), SK.Copy),
    "paste": (QT_TRANSLATE_NOOP("Actions", "&Paste"), SK.Paste),
    "duplicate": (QT_TRANSLATE_NOOP("Actions", "D&uplicate"), [QKeySequence("Ctrl+D")]),
    "delete": (QT_TRANSLATE_NOOP("Actions", "&Delete"), SK.Delete),
    "select_all": (QT_TRANSLATE_NOOP("Actions", "Select &all"), SK.SelectAll),
    "quick_add": (QT_TRANSLATE_NOOP("Actions", "&Quick add layer…"), [QKeySequence("Ctrl+K")]),
    "auto_layout": (QT_TRANSLATE_NOOP("Actions", "Auto-&layout"), [QKeySequence("Ctrl+L")]),
    "zoom_in": (QT_TRANSLATE_NOOP("Actions", "Zoom &in"), SK.ZoomIn),
    "zoom_out": (QT_TRANSLATE_NOOP("Actions", "Zoom &out"), SK.ZoomOut),
    "fit": (QT_TRANSLATE_NOOP("Actions", "&Fit to view"), [QKeySequence("Ctrl+0")]),
    "snap": (QT_TRANSLATE_NOOP("Actions", "&Snap to grid"), None),
    "show_code": (QT_TRANSLATE_NOOP("Actions", "Show &code"), [QKeySequence("Ctrl+Shift+C")]),
    "theme_system": (QT_TRANSLATE_NOOP("Actions", "Follow the &system"), None),
    "theme_light": (QT_TRANSLATE_NOOP("Actions", "&Light"), None),
    "theme_dark": (QT_TRANSLATE_NOOP("Actions", "&Dark"), None),
    "layer_reference": (QT_TRANSLATE_NOOP("Actions", "&Layer reference"), SK.HelpContents),
    "about": (QT_TRANSLATE_NOOP("Actions", "&About NetStudio"), None),
}


def build_actions(window) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for name, (_text, keys) in SPECS.items():
        action = QAction(window)
        if isinstance(keys, list):
            action.setShortcuts(keys)
        elif keys is not None:
            action.setShortcuts(QKeySequence.keyBindings(keys))
        actions[name] = action
    if not actions["delete"].shortcuts():
        actions["delete"].setShortcut(QKeySequence("Del"))
    actions["delete"].setShortcuts(actions["delete"].shortcuts() + [QKeySequence("Backspace")])
    actions["snap"].setCheckable(True)
    actions["show_code"].setCheckable(True)
    group = QActionGroup(window)
    for key in ("theme_system", "theme_light", "theme_dark"):
        actions[key].setCheckable(True)
        group.addAction(actions[key])
    actions["languages"] = QActionGroup(window)
    for code, label in LANGUAGES:
        a = QAction(label, window)  # each language is named in itself, never translated
        a.setCheckable(True)
        a.setData(code)
        actions["languages"].addAction(a)
        actions[f"lang_{code}"] = a
    return actions


def set_icons(actions: dict[str, QAction], style) -> None:
    """Theme icons where the desktop has them, else Qt's standard ones; canvas actions use ours."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QStyle

    from .app import ICON_DIR

    standard = {"new": ("document-new", QStyle.StandardPixmap.SP_FileIcon),
                "open": ("document-open", QStyle.StandardPixmap.SP_DialogOpenButton),
                "save": ("document-save", QStyle.StandardPixmap.SP_DialogSaveButton),
                "undo": ("edit-undo", QStyle.StandardPixmap.SP_ArrowBack),
                "redo": ("edit-redo", QStyle.StandardPixmap.SP_ArrowForward),
                "delete": ("edit-delete", QStyle.StandardPixmap.SP_TrashIcon)}
    for name, (theme, fallback) in standard.items():
        actions[name].setIcon(QIcon.fromTheme(theme, style.standardIcon(fallback)))
    for name in ("auto_layout", "fit", "quick_add", "zoom_in", "zoom_out"):
        actions[name].setIcon(QIcon(str(ICON_DIR / f"{name}.svg")))
    actions["show_code"].setIcon(QIcon(str(ICON_DIR / "code.svg")))


def build_toolbar(window, actions: dict[str, QAction]):
    bar = window.addToolBar("main")
    bar.setObjectName("toolbar_main")  # saveState needs a name
    bar.setMovable(False)
    for group in (("new", "open", "save"), ("undo", "redo", "delete"), ("quick_add", "auto_layout"),
                  ("zoom_in", "zoom_out", "fit"), ("show_code",)):
        for name in group:
            bar.addAction(actions[name])
        bar.addSeparator()
    return bar


def retranslate_actions(actions: dict[str, QAction]) -> None:
    for name, (text, _keys) in SPECS.items():
        actions[name].setText(_tr(text))


def build_menus(window, actions: dict[str, QAction]) -> dict[str, QMenu]:
    bar = window.menuBar()
    menus = {k: QMenu(window) for k in ("file", "recent", "samples", "export", "edit", "view", "theme",
                                        "language", "help")}
    m = menus["file"]
    m.addActions([actions["new"], actions["open"]])
    m.addMenu(menus["samples"])
    m.addMenu(menus["recent"])
    m.addSeparator()
    m.addActions([actions["save"], actions["save_as"]])
    m.addMenu(menus["export"])
    m.addAction(actions["properties"])
    m.addSeparator()
    m.addActions([actions["close_project"], actions["quit"]])
    menus["export"].addActions([actions["export_python"], actions["export_onnx"], actions["export_torchscript"]])
    menus["export"].addSeparator()
    menus["export"].addActions([actions["export_png"], actions["export_svg"]])
    m = menus["edit"]
    m.addActions([actions["undo"], actions["redo"]])
    m.addSeparator()
    m.addActions([actions["cut"], actions["copy"], actions["paste"], actions["duplicate"], actions["delete"]])
    m.addSeparator()
    m.addActions([actions["select_all"], actions["quick_add"], actions["auto_layout"]])
    m = menus["view"]
    m.addActions([actions["zoom_in"], actions["zoom_out"], actions["fit"]])
    m.addSeparator()
    m.addAction(actions["snap"])
    m.addAction(actions["show_code"])
    m.addSeparator()
    m.addSeparator().setObjectName(DOCK_MENU_ANCHOR)  # MainWindow.add_dock puts dock toggles here
    m.addMenu(menus["theme"])
    m.addMenu(menus["language"])
    menus["theme"].addActions([actions["theme_system"], actions["theme_light"], actions["theme_dark"]])
    menus["language"].addActions(actions["languages"].actions())
    menus["help"].addActions([actions["layer_reference"], actions["about"]])
    for key in ("file", "edit", "view", "help"):
        bar.addMenu(menus[key])
    return menus


def retranslate_menus(menus: dict[str, QMenu]) -> None:
    titles = {
        "file": QT_TRANSLATE_NOOP("Actions", "&File"),
        "recent": QT_TRANSLATE_NOOP("Actions", "Open &recent"),
        "samples": QT_TRANSLATE_NOOP("Actions", "Open &sample"),
        "export": QT_TRANSLATE_NOOP("Actions", "&Export"),
        "edit": QT_TRANSLATE_NOOP("Actions", "&Edit"),
        "view": QT_TRANSLATE_NOOP("Actions", "&View"),
        "theme": QT_TRANSLATE_NOOP("Actions", "&Theme"),
        "language": QT_TRANSLATE_NOOP("Actions", "&Language"),
        "help": QT_TRANSLATE_NOOP("Actions", "&Help"),
    }
    for key, text in titles.items():
        menus[key].setTitle(_tr(text))

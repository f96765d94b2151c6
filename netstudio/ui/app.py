"""QApplication setup: organisation names for QSettings, theme following the system, translations."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from netstudio.ui.editor.theme import DARK, LIGHT, CanvasTheme

ORG_NAME = "NetStudio"
APP_NAME = "NetStudio"
I18N_DIR = Path(__file__).with_name("i18n")
ICON_DIR = Path(__file__).with_name("icons")
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))

_translators: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_current = {"lang": "en"}


def current_language() -> str:
    """The language installed by ``install_language`` ("en" or "zh_CN")."""
    return _current["lang"]


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with names set so QSettings has a home."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setWindowIcon(QIcon(str(ICON_DIR / "netstudio.svg")))
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORG_NAME)
    if not QCoreApplication.applicationName() or QCoreApplication.applicationName() == "python":
        QCoreApplication.setApplicationName(APP_NAME)
    return app


def system_is_dark() -> bool:
    """The offscreen platform (and older Qt) report Unknown: that counts as light."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def theme_preference() -> str:
    value = QSettings().value("theme", "system", type=str)
    return value if value in ("system", "light", "dark") else "system"


def canvas_theme(preference: str | None = None) -> CanvasTheme:
    pref = preference or theme_preference()
    if pref == "dark" or (pref == "system" and system_is_dark()):
        return DARK
    return LIGHT


def apply_style_scheme(preference: str) -> None:
    """Ask Qt for the chosen colour scheme (Qt >= 6.8); "system" follows the desktop."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):
        scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(preference, Qt.ColorScheme.Unknown)
        hints.setColorScheme(scheme)


def saved_language() -> str:
    lang = QSettings().value("language", "", type=str)
    if lang:
        return lang
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_language(lang: str) -> bool:
    """Replace the installed translators with ``lang``'s; True when a translation was loaded.

    Widgets receive QEvent.LanguageChange and retranslate themselves.
    """
    app = QCoreApplication.instance()
    for tr in _translators:
        app.removeTranslator(tr)
    _translators.clear()
    _current["lang"] = "en" if lang.startswith("en") else lang
    if lang.startswith("en"):
        return True
    ours = QTranslator()
    loaded = ours.load(str(I18N_DIR / f"netstudio_{lang}.qm"))
    if loaded:
        app.installTranslator(ours)
        _translators.append(ours)
    qt_base = QTranslator()  # Qt's own strings (file dialogs, "Cancel") when the wheel ships them
    if qt_base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _translators.append(qt_base)
    return loaded

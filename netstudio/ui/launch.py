"""Starting the application: the window, the language and style, a crash hook, torch warming up.

Nothing on this path imports torch (``tests/ui/test_startup_without_torch.py`` checks it): the window
is painted first, then the shape worker (``shape_worker.py``) imports torch and runs every layer type
once in the background, so the first shapes and the first use of a layer type do not freeze the window.
"""

from __future__ import annotations

from . import app as appmod
from .main_window import MainWindow


def run_gui(path: str | None = None) -> int:
    """Start the application (``netstudio`` / ``netstudio gui [PROJECT]``)."""
    app = appmod.ensure_app()
    appmod.install_language(appmod.saved_language())
    appmod.apply_style_scheme(appmod.theme_preference())
    window = start_window(path)
    warm_up_after_paint(window)
    return app.exec()


def start_window(path: str | None = None) -> MainWindow:
    """The shown main window with ``path`` opened (or the recovery offered): whatever the file or the
    recovery folder holds, the window starts, and a problem is shown in it, not as a traceback."""
    from .shape_worker import service

    service().prestart()  # with 2+ cores the shape server imports torch while the window is built
    window = MainWindow()
    _install_excepthook(window)
    window.show()
    try:
        if path:
            window.open_project(path)
        else:
            window.offer_recovery()
    except Exception as exc:  # noqa: BLE001 - the window is still usable; the message says what failed
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        what = window.tr("Cannot open the project") if path else window.tr("Cannot restore the unsaved work")
        window.show_error(what, f"{path + ': ' if path else ''}{type(exc).__name__}: {detail}")
    return window


def _install_excepthook(window: MainWindow) -> None:
    """A bug in a slot must not go unnoticed or end the session: log it, say so, keep the work."""
    import sys
    import traceback

    def hook(exc_type, exc, tb):
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        try:
            window.show_status_error(window.tr("Internal error: %1 (details on the console); your work is "
                                               "autosaved.").replace("%1", str(exc) or exc_type.__name__))
            if window.document is not None:
                window.document.autosave()
        except Exception:  # the window may be half torn down; the console already has the details
            pass

    sys.excepthook = hook


def warm_up_after_paint(window: MainWindow) -> None:
    """Once the event loop has painted the window, import torch and warm every layer type on the worker."""
    from PySide6.QtCore import QTimer

    from .shape_worker import service

    QTimer.singleShot(0, window, service().warm_up)

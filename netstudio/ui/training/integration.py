"""``install_training(window)``: live training in a MainWindow, plugged in through the window's seams.

The controller (``controller.py``) runs the engine and routes its events; its chrome
(``chrome.py``) adds the "Training" and "Live views" docks, the Training menu and toolbar. The
controller follows the window's ``document_changed``, ``selection_changed`` and
``language_changed`` signals, and asks before the window closes during training.
"""

from __future__ import annotations

from .controller import TrainingController


def install_training(window) -> TrainingController:
    """Add live training to ``window`` (a ``netstudio.ui.main_window.MainWindow``); returns its controller.

    MainWindow installs it itself; asking again returns the same controller.
    """
    existing = getattr(window, "training", None)
    if isinstance(existing, TrainingController):
        return existing
    controller = TrainingController(window)
    from netstudio.ui.runs import install_runs   # the Runs dock: history, overlays, diffs (controller.runs)

    install_runs(window, controller)
    return controller

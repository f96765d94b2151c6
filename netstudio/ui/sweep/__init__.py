"""Training > Sweep...: optimizer races, learning-rate sweeps and on/off comparisons as Optuna studies.

``plan.py`` says what the trials are (no Qt), ``study.py`` runs them through the tune back end
(``netstudio.training.tune``), ``worker.py`` puts the study on a QThread, ``dialog.py`` and
``results.py`` / ``plots.py`` are the window. Trials are ordinary run folders: the Runs dock lists and
overlays them.
"""

from __future__ import annotations


def open_sweep(window, training):
    """Show the window's Sweep dialog (made on first use, kept as ``training.sweep_dialog``); returns it."""
    from .dialog import SweepDialog

    dialog = getattr(training, "sweep_dialog", None)
    if dialog is None:
        dialog = SweepDialog(window, training)
        training.sweep_dialog = dialog
    elif not dialog.running:
        dialog.load_project()          # the project may have changed since it was last open
    dialog.show()
    dialog.raise_()
    return dialog

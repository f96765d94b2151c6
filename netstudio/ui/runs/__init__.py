"""The Runs view: every run of the project, overlaid curves, diffs marked on the canvas, per-run actions.

``install_runs(window, training)`` adds the "Runs" dock (and a Training-menu entry) through the
window's seams; ``training.install_training`` calls it, and the controller is ``window.training.runs``.
"""

from __future__ import annotations


def install_runs(window, training):
    """Add the Runs view to ``window``; returns its ``RunsController`` (the same one when asked again)."""
    from PySide6.QtCore import Qt

    from .controller import RunsController

    existing = getattr(training, "runs", None)
    if isinstance(existing, RunsController):
        return existing
    runs = RunsController(window, training)
    training.runs = runs
    # beside the live views (not tabbed with them), so a selection and its curves are seen together
    live = getattr(getattr(training, "chrome", None), "live_dock", None)
    if live is not None:
        window.splitDockWidget(live, runs.dock, Qt.Orientation.Horizontal)
        runs.share_width_with(live)
        menu = training.chrome.menu
        menu.addSeparator()
        menu.addAction(runs.dock.toggleViewAction())
    return runs

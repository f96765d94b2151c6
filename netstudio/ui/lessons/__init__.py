"""The Lessons dock (View > Lessons) and exercise mode (the Exercise menu, hidden values, locked layers)."""

from __future__ import annotations


def install_lessons(window):
    """Add the Lessons dock and the Exercise menu to ``window``; returns the LessonController."""
    from PySide6.QtCore import Qt

    from .controller import LessonController
    from .exercise_ui import ExerciseTools

    controller = LessonController(window)
    # a tab beside the Layers palette: the right column is shared by the inspector and the training panel, whose
    # minimum height leaves a lesson too little room; quick add (Ctrl+K) adds layers while the lesson is on top
    controller.dock = window.add_dock("lessons", controller.panel, Qt.DockWidgetArea.LeftDockWidgetArea,
                                      shown=False, tab_with="palette")
    # the lesson list is read when the dock is first shown, not while the window is built
    controller.dock.visibilityChanged.connect(lambda shown: shown and controller.refresh_list())
    controller.exercise = ExerciseTools(window)
    controller.retranslate()
    return controller

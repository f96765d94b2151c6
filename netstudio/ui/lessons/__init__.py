"""The Lessons dock (View > Lessons) and exercise mode (the Exercise menu, hidden values, locked layers)."""

from __future__ import annotations


def install_lessons(window):
    """Add the Lessons dock and the Exercise menu to ``window``; returns the LessonController."""
    from PySide6.QtCore import Qt

    from .controller import LessonController
    from .exercise_ui import ExerciseTools

    controller = LessonController(window)
    controller.dock = window.add_dock("lessons", controller.panel, Qt.DockWidgetArea.RightDockWidgetArea, shown=False)
    controller.dock.setMinimumWidth(320)
    controller.exercise = ExerciseTools(window)
    controller.retranslate()
    return controller

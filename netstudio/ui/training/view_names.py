"""The live views' names and titles, known without building the views (which import pyqtgraph).

A menu that lists the views (presentation mode's "Live view when presenting") reads them here, so
the window can show its menus before the live views exist. Each title is translated in the context
of its view's class, as the view's own ``title()`` (``self.tr``) does, so both read the same.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# attribute of LiveViews, class (the translation context), title
VIEWS = (
    ("loss", "LossView", QT_TRANSLATE_NOOP("LossView", "Loss")),
    ("gan", "GanView", QT_TRANSLATE_NOOP("GanView", "GAN")),
    ("autoencoder", "AutoencoderView", QT_TRANSLATE_NOOP("AutoencoderView", "Reconstructions")),
    ("boundary", "BoundaryView", QT_TRANSLATE_NOOP("BoundaryView", "Decision boundary")),
    ("classification", "ClassificationView", QT_TRANSLATE_NOOP("ClassificationView", "Confusion")),
    ("text", "TextView", QT_TRANSLATE_NOOP("TextView", "Generated text")),
    ("filters", "FiltersView", QT_TRANSLATE_NOOP("FiltersView", "Filters")),
    ("feature_maps", "FeatureMapsView", QT_TRANSLATE_NOOP("FeatureMapsView", "Feature maps")),
    ("test_results", "TestResultsView", QT_TRANSLATE_NOOP("TestResultsView", "Test results")),
    ("evaluation", "EvaluationView", QT_TRANSLATE_NOOP("EvaluationView", "Evaluation")),
    ("try_it", "TryItView", QT_TRANSLATE_NOOP("TryItView", "Try it")),
)
_BY_NAME = {name: (context, text) for name, context, text in VIEWS}


def view_names() -> list[str]:
    return [name for name, _c, _t in VIEWS]


def view_title(name: str) -> str:
    """The title of live view ``name`` in the current language (the name itself if unknown)."""
    context, text = _BY_NAME.get(name, (None, name))
    return QCoreApplication.translate(context, text) if context else name

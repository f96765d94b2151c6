"""Presentation mode: one key makes type and nodes larger, leaves the canvas and one live view, high
contrast; the choice survives a restart; leaving puts the earlier docks back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from netstudio.ui.editor.node_item import font as node_font
from netstudio.ui.presentation import PRESENT_KEY

from .helpers import SAMPLES, wait_for_shapes


def _node_width_on_screen(window) -> float:
    view = window.current_view()
    item = view.graph_scene.nodes["conv1"]
    return view.mapFromScene(item.sceneBoundingRect()).boundingRect().width()


def _live(window):
    """The live views once built (they may be built lazily, when first shown)."""
    c = window.training
    return c.live_built() if hasattr(c, "live_built") else c.live


def _visible(window) -> set[str]:
    return {k for k, d in window.docks.items() if d.isVisible()}


def test_presentation_key_toggles_large_high_contrast_canvas_and_one_live_view(cnn_window, qtbot):
    w = cnn_window
    qtbot.waitUntil(lambda: w.current_view().isVisible(), timeout=10_000)
    w.docks["code"].show()                 # a layout of the user's own, to come back to
    qtbot.wait(200)                        # let that layout settle before taking it as the reference
    before_state = bytes(w.saveState())
    before_docks = _visible(w)
    before_font = QApplication.font().pointSizeF()
    before_node = _node_width_on_screen(w)
    before_title = node_font("title").pointSizeF()
    assert "inspector" in before_docks and "palette" in before_docks
    w.current_view().setFocus()
    qtbot.keyClick(w.current_view(), Qt.Key.Key_F11)
    assert w.presentation.on
    assert QApplication.font().pointSizeF() >= before_font * 1.5
    assert _node_width_on_screen(w) >= before_node * 1.5
    assert node_font("title").pointSizeF() > before_title       # the text inside a node grows beyond the zoom
    assert _visible(w) == {"live"}                  # the canvas (central) and the live views
    # one view: the loss plot
    qtbot.waitUntil(lambda: _live(w) is not None and _live(w).loss.isVisible() and not _live(w).tabs.isVisible(),
                    timeout=10_000)
    live = _live(w)
    assert QSettings().value("presentation/on", type=bool) is True
    # high contrast: black text on white, canvas edges and text black on a white background
    pal = QApplication.palette()
    assert pal.color(QPalette.ColorRole.Window).lightness() == 255
    assert pal.color(QPalette.ColorRole.WindowText).lightness() == 0
    theme = w.current_scene().theme
    assert theme.background.lightness() == 255 and theme.edge.lightness() == 0 and theme.text.lightness() == 0

    qtbot.keyClick(w.current_view(), Qt.Key.Key_F11)
    assert not w.presentation.on
    assert _visible(w) == before_docks
    # the exact layout: areas, tabs, sizes (once the smaller font is laid out again)
    qtbot.waitUntil(lambda: bytes(w.saveState()) == before_state, timeout=5_000)
    assert QApplication.font().pointSizeF() == before_font
    assert abs(_node_width_on_screen(w) - before_node) < 1
    assert node_font("title").pointSizeF() == before_title
    assert live.loss.isVisible() and live.tabs.isVisible()
    assert QSettings().value("presentation/on", type=bool) is False


def test_presentation_is_remembered_across_restarts_without_losing_the_normal_layout(window, qtbot):
    from netstudio.ui.main_window import MainWindow

    w = window
    assert w.open_project(str(SAMPLES / "spirals_mlp.nsproj"))
    normal = _visible(w)
    w.presentation.set_on(True)
    w.presentation.set_view("boundary")          # the teacher picked the decision boundary
    qtbot.waitUntil(lambda: _live(w) is not None and _live(w).tabs.currentWidget() is _live(w).boundary
                    and not _live(w).loss.isVisible(), timeout=10_000)
    w.save_settings()
    w.presentation.set_on(False)                 # (the fixture's font/palette go back before the next window)
    QSettings().setValue("presentation/on", True)

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    try:
        assert again.presentation.on and again.presentation.action.isChecked()
        assert again.open_project(str(SAMPLES / "spirals_mlp.nsproj"))
        assert _visible(again) == {"live"}
        assert again.current_view().presentation_scale > 1
        again.presentation.set_on(False)         # the layout saved before presenting comes back
        assert _visible(again) == normal
    finally:
        again.presentation.set_on(False)
        again.close()


def test_presentation_key_clashes_with_no_other_shortcut(window):
    """Every shortcut of the window and its actions is bound once (F5 is Train, so F11 presents)."""
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in seen or seen[key] == action.text(), f"{key}: {seen.get(key)} and {action.text()}"
            seen[key] = action.text()
    assert seen[PRESENT_KEY] == window.presentation.action.text()


@pytest.mark.long      # a real 3-epoch run and two languages: ~20 s (pytest -m long tests/ui/test_presentation.py)
def test_presentation_screenshots_in_english_and_chinese(window, qtbot, tmp_path, one_torch_thread):
    """/tmp/shots/presentation_en.png and _zh.png: a short spirals run on the projector layout."""
    from pathlib import Path

    from netstudio.core.commands import SetSection
    from netstudio.ui.main_window import READABLE_ZOOM

    w = window
    assert w.open_project(str(SAMPLES / "spirals_mlp.nsproj"))
    doc = w.document
    training = dict(doc.project.training, epochs=3, snapshot_every=0)
    doc.push(SetSection(doc.project, "training", training, "epochs"))
    c = w.training
    c.run_root = tmp_path / "runs"
    w.presentation.set_on(True)
    assert c.start(), c.last_error
    qtbot.waitUntil(lambda: c.state == "idle" and c.last_end is not None, timeout=120_000)
    assert c.last_end.kind == "finished"
    w.current_scene().select_nodes(["fc1"])
    wait_for_shapes(qtbot, w)
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    for lang in ("en", "zh_CN"):
        w.set_language(lang)
        w.resize(1600, 900)
        w.current_view().fit_all(min_zoom=READABLE_ZOOM)     # as a project opens: readable, from its start
        qtbot.wait(300)               # the live views' clock draws the last points
        assert _visible(w) == {"live"}
        name = shots / f"presentation_{'zh' if lang == 'zh_CN' else 'en'}.png"
        assert w.grab().save(str(name))
        assert name.stat().st_size > 20_000
    w.set_language("en")
    w.presentation.set_on(False)


def test_choosing_a_theme_while_presenting_keeps_the_high_contrast_canvas(cnn_window):
    from netstudio.ui.editor.theme import DARK
    from netstudio.ui.presentation import HIGH_CONTRAST

    w = cnn_window
    w.presentation.set_on(True)
    w.actions_["theme_dark"].trigger()
    assert w.current_scene().theme is HIGH_CONTRAST
    w.presentation.set_on(False)
    assert w.current_scene().theme is DARK           # the choice made while presenting applies after


def test_a_chosen_view_that_does_not_fit_the_task_falls_back_to_the_loss_plot(cnn_window, qtbot):
    w = cnn_window                                  # an image classifier: no decision boundary
    w.presentation.set_view("boundary")
    w.presentation.set_on(True)
    qtbot.waitUntil(lambda: _live(w) is not None and _live(w).loss.isVisible(), timeout=10_000)
    assert not _live(w).tabs.isVisible()
    w.presentation.set_view("classification")       # the confusion matrix fits an image classifier
    qtbot.waitUntil(lambda: _live(w).tabs.isVisible() and not _live(w).loss.isVisible(), timeout=10_000)
    assert _live(w).tabs.currentWidget() is _live(w).classification
    w.presentation.set_on(False)

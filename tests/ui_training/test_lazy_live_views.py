"""The live views (pyqtgraph, 16 plots, about 1 s) are built when first needed, not with the window:
when their dock is first on screen, when a run starts, or when anything asks for them."""

from __future__ import annotations

from .conftest import SAMPLES, TIMEOUT, mlp_project, wait_idle


def test_window_starts_without_live_views_and_the_dock_builds_them_when_raised(qtbot, trained_window):
    window = trained_window
    assert window.open_project(str(SAMPLES / "mnist_cnn.nsproj"))
    c = window.training
    window.grab()                                        # painted, with the summary in front of the live views
    qtbot.wait(100)
    assert c.live_built() is None
    dock = c.chrome.live_dock
    dock.show()
    dock.raise_()                                        # the user clicks the "Live views" tab
    qtbot.waitUntil(lambda: c.live_built() is not None, timeout=TIMEOUT)
    live = c.live_built()
    assert live.parent() is c.chrome.live_scroll.widget() and live.isVisible()
    assert c.clock.timer.isActive()
    # set up for the open project as if they had always been there: a classifier shows the confusion view
    assert live.tabs.isTabVisible(live.tabs.indexOf(live.classification))
    assert not live.tabs.isTabVisible(live.tabs.indexOf(live.gan))
    assert live.tabs.tabText(live.tabs.indexOf(live.classification)) == "Confusion"


def test_a_run_builds_the_live_views_and_they_plot_it(qtbot, trained_window, write_project):
    c = trained_window.training
    assert trained_window.open_project(write_project(mlp_project(epochs=1)))
    assert c.live_built() is None
    assert c.train()
    assert c.live_built() is not None                    # built when the run started
    wait_idle(qtbot, c)
    assert c.last_end is not None and c.last_end.kind == "finished", c.last_error
    assert len(c.live.loss.raw) > 0                      # the run's losses reached the loss view

"""Training > Step through one batch: one training batch forward node by node on the canvas, then backward.

``install_step_through(window)`` adds the session (``session.py``) and its menu and toolbar entry next to
the Training menu's step action; the computation (``netstudio.training.step_through``) runs on a worker
thread (``worker.py``), the canvas cards are ``overlay.py``.
"""

from __future__ import annotations

from .session import StepThroughSession


def install_step_through(window) -> StepThroughSession:
    """Add step-through to ``window`` (a MainWindow with its training installed); returns the session."""
    existing = getattr(window, "step_through", None)
    if isinstance(existing, StepThroughSession):
        return existing
    training = window.training
    session = StepThroughSession(window, training)
    chrome = training.chrome
    acts = chrome.menu.actions()
    after = acts.index(chrome.actions["step"]) + 1 if chrome.actions.get("step") in acts else len(acts)
    chrome.menu.insertAction(acts[after] if after < len(acts) else None, session.start_action)
    chrome.toolbar.addAction(session.start_action)
    window.language_changed.connect(session.retranslate)
    return session


__all__ = ["install_step_through", "StepThroughSession"]

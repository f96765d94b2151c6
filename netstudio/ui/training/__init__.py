"""Live training in the GUI: the QThread worker, the training panel, live plots and the window integration.

``install_training(window)`` (in ``integration``) is the one entry point the main window needs.
"""

from __future__ import annotations


def install_training(window):
    """See :func:`netstudio.ui.training.integration.install_training`."""
    from .integration import install_training as _install

    return _install(window)


__all__ = ["install_training"]

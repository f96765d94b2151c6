"""The editor half of blocks (named subgraphs): actions, block tabs, My blocks (see controller.py)."""

from __future__ import annotations


def install_blocks(window):
    """Add the block actions, tabs and palette sections to a MainWindow; returns the controller."""
    from .controller import BlockController

    return BlockController(window)

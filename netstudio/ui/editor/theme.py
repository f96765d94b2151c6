"""Colours and sizes of the canvas, light and dark (the offscreen platform counts as light)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

NODE_WIDTH = 150.0
HEADER_HEIGHT = 24.0
PORT_SPACING = 20.0
PORT_RADIUS = 5.5
PORT_HIT_RADIUS = 11.0
MIN_BODY_HEIGHT = 44.0
GRID = 20.0
LOD_DETAIL = 0.4  # below this zoom, nodes draw as plain boxes (fast overview of large graphs)

# One hue per palette category, so a glance tells convolution from normalisation.
CATEGORY_COLOURS = {
    "Input & structure": "#5b6b7f",
    "Dense & convolution": "#2f6fb3",
    "Pooling": "#1f8a8a",
    "Normalisation & regularisation": "#7a5bb5",
    "Activations": "#c0702a",
    "Sequence & attention": "#3d8f4f",
    "Blocks": "#8e3b6e",   # a Block node (a named subgraph): its own hue, unlike any layer's
}


@dataclass(frozen=True)
class CanvasTheme:
    background: QColor
    grid: QColor
    node_body: QColor
    node_border: QColor
    node_selected: QColor
    text: QColor
    text_dim: QColor
    edge: QColor
    edge_error: QColor
    label_bg: QColor
    label_text: QColor
    error: QColor
    warning: QColor
    port_in: QColor
    port_out: QColor

    def category(self, category: str) -> QColor:
        return QColor(CATEGORY_COLOURS.get(category, "#607080"))


LIGHT = CanvasTheme(
    background=QColor("#f4f5f7"), grid=QColor("#dde0e5"), node_body=QColor("#ffffff"),
    node_border=QColor("#9aa3ad"), node_selected=QColor("#f0a020"), text=QColor("#1d2228"),
    text_dim=QColor("#5f6a76"), edge=QColor("#6d7885"), edge_error=QColor("#d3302f"),
    label_bg=QColor("#ffffffe6"), label_text=QColor("#2b333c"), error=QColor("#d3302f"),
    warning=QColor("#e0a000"), port_in=QColor("#4a90d9"), port_out=QColor("#43a047"))

DARK = CanvasTheme(
    background=QColor("#1e2126"), grid=QColor("#2b2f36"), node_body=QColor("#2d323a"),
    node_border=QColor("#59616c"), node_selected=QColor("#ffb340"), text=QColor("#e8ebef"),
    text_dim=QColor("#a7b0ba"), edge=QColor("#98a3af"), edge_error=QColor("#ff5a52"),
    label_bg=QColor("#23272dee"), label_text=QColor("#dfe4ea"), error=QColor("#ff5a52"),
    warning=QColor("#ffc233"), port_in=QColor("#64a8f0"), port_out=QColor("#5cc062"))


def count_text(n: int) -> str:
    """54410 -> "54.4k", compact enough for a node."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.2f}M"
    if n >= 10_000:
        return f"{n / 1000:.1f}k"
    return f"{n:,}"

"""Offscreen rendering of a project graph to PNG or SVG with the editor's own scene."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from netstudio.core.errors import NetStudioError
from netstudio.core.project import Project

MARGIN = 30.0
STRIP_ASPECT = 3.0   # a stored layout wider than this (width : height) is a strip, unreadable on a slide...
STRIP_WIDTH = 2000.0  # ...when it is also this wide (canvas units): a seven-layer row still reads well
LAYOUTS = ("auto-if-strip", "auto", "file")


def _laid_out(project: Project, graph_name: str, layout: str) -> Project:
    """``project`` with graph ``graph_name`` auto-laid-out when ``layout`` asks (a copy; the caller's is
    untouched). "file" keeps the stored positions; "auto" always lays out; "auto-if-strip" lays out
    only a stored layout wider than ``STRIP_ASPECT`` : 1 and than a screen (a long chain placed in one row)."""
    from netstudio.core.layout import NODE_HEIGHT, NODE_WIDTH, layered_positions

    if layout not in LAYOUTS:
        raise NetStudioError(f"unknown layout '{layout}': use one of {', '.join(LAYOUTS)}")
    graph = project.graph(graph_name)
    if layout == "file" or not len(graph):
        return project
    if layout == "auto-if-strip":
        xs = [n.pos[0] for n in graph.nodes]
        ys = [n.pos[1] for n in graph.nodes]
        width, height = max(xs) - min(xs) + NODE_WIDTH, max(ys) - min(ys) + NODE_HEIGHT
        if width <= STRIP_ASPECT * height or width <= STRIP_WIDTH:   # a short row reads fine as placed
            return project
    copy = project.copy()
    for node_id, pos in layered_positions(copy.graph(graph_name)).items():
        copy.graph(graph_name).node(node_id).pos = pos
    return copy


def _scene_for(project: Project, graph_name: str, infer: bool, theme=None):
    from netstudio.ui.app import ensure_app
    from netstudio.ui.document import Document
    from netstudio.ui.editor.scene import GraphScene
    from netstudio.ui.editor.theme import LIGHT

    ensure_app()
    document = Document(project, auto_infer=False)
    if infer:
        document.infos(graph_name)
    scene = GraphScene(document, graph_name, theme=theme or LIGHT)
    scene.setParent(document)  # one owner for both; the caller keeps the document
    scene.show_grid = False
    for item in scene.nodes.values():  # cached pixmaps would turn an SVG's text into pictures
        item.setCacheMode(item.CacheMode.NoCache)
    return document, scene


def _content_rect(scene) -> QRectF:
    items = list(scene.nodes.values()) + [i for e in scene.edges.values() for i in (e, e.label_item)]
    if not items:
        return QRectF(0, 0, 400, 200)
    rect = items[0].sceneBoundingRect()
    for item in items[1:]:
        rect = rect.united(item.sceneBoundingRect())
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def render_image(project: Project, graph_name: str = "model", scale: float = 1.0, infer: bool = True,
                 max_size: QSize | None = None) -> QImage:
    """The graph as an image; ``infer`` False skips shape inference (thumbnails, no torch needed)."""
    document, scene = _scene_for(project, graph_name, infer)
    try:
        rect = _content_rect(scene)
        if max_size is not None:
            scale = min(max_size.width() / rect.width(), max_size.height() / rect.height())
        size = QSize(max(1, int(rect.width() * scale)), max(1, int(rect.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(scene.theme.background)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), rect, Qt.AspectRatioMode.KeepAspectRatio)
        painter.end()
        return image
    finally:
        scene.detach()
        document.close()
        document.deleteLater()


def render_to_file(project: Project, path: str | os.PathLike, graph_name: str = "model", scale: float = 2.0,
                   layout: str = "file") -> Path:
    """Write ``path`` as PNG (at ``scale``) or SVG; raises NetStudioError with a sentence on failure.

    ``layout``: "file" draws the stored positions (what the canvas shows), "auto" the auto-layout,
    "auto-if-strip" the auto-layout only when the stored one is a strip (``netstudio render``'s default).
    """
    path = Path(path)
    project.graph(graph_name)  # a clear error for a wrong --graph before any drawing
    project = _laid_out(project, graph_name, layout)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise NetStudioError(f"cannot render to '{path.name}': the file name must end in .png or .svg")
    if suffix == ".png":
        image = render_image(project, graph_name, scale)
        if not image.save(str(path), "PNG"):
            raise NetStudioError(f"cannot write {path} (is the folder there and writable?)")
        return path
    from PySide6.QtSvg import QSvgGenerator

    document, scene = _scene_for(project, graph_name, True)
    try:
        rect = _content_rect(scene)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(f"{project.name}: {graph_name}")
        painter = QPainter()
        if not painter.begin(generator):
            raise NetStudioError(f"cannot write {path} (is the folder there and writable?)")
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), QColor(scene.theme.background))
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
    finally:
        scene.detach()
        document.close()
        document.deleteLater()
    if not path.exists():
        raise NetStudioError(f"cannot write {path} (is the folder there and writable?)")
    return path

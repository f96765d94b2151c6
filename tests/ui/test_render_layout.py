"""Painting stress, the Qt import boundary, headless rendering, auto-layout and the welcome page."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from netstudio.core import editing
import netstudio
from .helpers import ROOT, SAMPLES
from netstudio.core.graph import Edge, Graph, Node

QT_MODULES = {"PySide6", "shiboken6", "pyqtgraph"}


def test_painting_a_node_10000_times_does_not_crash(cnn_window):
    """PySide6 6.12.0 on CPython < 3.12 leaked a None reference per QPainter call and aborted near 5,000."""
    item = cnn_window.current_scene().nodes["conv1"]
    image = QImage(260, 140, QImage.Format.Format_ARGB32)
    option = QStyleOptionGraphicsItem()
    painter = QPainter(image)
    for _ in range(10_000):
        item.paint(painter, option, None)
    painter.end()
    refs = sys.getrefcount(None)
    assert refs > 0
    colour = image.pixelColor(40, 10)  # inside the header band: the convolution colour
    assert colour == QColor("#2f6fb3")


def test_nothing_outside_the_ui_package_imports_qt():
    package = Path(netstudio.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        if (package / "ui") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in QT_MODULES:
                    offenders.append(f"{path.relative_to(package)}:{node.lineno} imports {name}")
    assert offenders == []
    assert (package / "cli" / "cmd_gui.py").exists()  # the GUI command reaches Qt only through netstudio.ui


def test_render_cli_writes_png_headless(tmp_path):
    png = tmp_path / "cnn.png"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the command must choose offscreen itself
    r = subprocess.run([sys.executable, "-m", "netstudio", "render", str(SAMPLES / "mnist_cnn.nsproj"), "-o", str(png)],
                       capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    image = QImage(str(png))
    assert image.width() > 2 * image.height() > 200  # a left-to-right chain of seven layers
    header = image.pixelColor(int(image.width() * 0.03), image.height() // 2)
    assert header != image.pixelColor(2, 2)  # something is drawn where the first node is


def test_render_svg_keeps_text_and_errors_are_one_line(tmp_path, capsys):
    from netstudio.cli import main

    svg = tmp_path / "gan.svg"
    assert main(["render", str(SAMPLES / "mnist_dcgan.nsproj"), "-o", str(svg), "--graph", "discriminator"]) == 0
    text = svg.read_text()
    assert "<svg" in text and "Conv2d" in text and "LeakyReLU" in text and "(64, 14, 14)" in text
    assert main(["render", str(SAMPLES / "mnist_dcgan.nsproj"), "-o", str(tmp_path / "x.png"),
                 "--graph", "critic"]) == 1
    err = capsys.readouterr().err
    assert "has no graph 'critic'" in err and "Traceback" not in err
    assert main(["render", str(SAMPLES / "mnist_cnn.nsproj"), "-o", str(tmp_path / "x.jpg")]) == 1
    assert ".png or .svg" in capsys.readouterr().err


def _chain(n: int) -> Graph:
    g = Graph("model")
    g.add_node(Node("x", "Input", {"shape": [16]}))
    prev = "x"
    for i in range(n - 1):
        nid = f"fc{i}"
        g.add_node(Node(nid, "Linear", {"out_features": 16}))
        g.add_edge(Edge(prev, nid))
        prev = nid
    return g


def _overlaps(positions, w=150, h=70):
    rects = [QRectF(x, y, w, h) for x, y in positions.values()]
    return sum(1 for i, a in enumerate(rects) for b in rects[i + 1:] if a.intersects(b))


def test_auto_layout_is_left_to_right_without_overlaps_for_5_and_200_nodes():
    from netstudio.core.layout import layered_positions

    small = _chain(5)
    pos = layered_positions(small)
    assert [pos[n.id][1] for n in small.nodes] == [0.0] * 5  # a chain stays on one line
    assert all(pos[e.src][0] < pos[e.dst][0] for e in small.edges)
    big = netstudio.load_project(SAMPLES / "resnet_cifar10.nsproj").graph("model")
    # 200 nodes: ten copies of the ResNet side by side in one graph, plus a long chain
    g = _chain(120)
    for k in range(4):
        for n in big.nodes:
            g.add_node(Node(f"{n.id}_{k}", n.type, dict(n.params)))
        for e in big.edges:
            g.add_edge(Edge(f"{e.src}_{k}", f"{e.dst}_{k}", e.src_port, e.dst_port))
    assert len(g) >= 200
    pos = layered_positions(g)
    assert len(pos) == len(g)
    assert _overlaps(pos) == 0
    # reading order: right along a band, or on to a band further down (a long graph wraps into bands)
    assert all(pos[e.src][0] < pos[e.dst][0] or pos[e.src][1] < pos[e.dst][1] for e in g.edges)


def test_welcome_page_shows_every_sample_with_a_picture(window, qtbot):
    cards = window.welcome.cards
    assert len(cards) == len(list(SAMPLES.glob("*.nsproj")))
    names = {c.text().split("\n")[0] for c in cards}
    assert {"MNIST CNN", "MNIST DCGAN", "Tiny transformer"} <= names
    # the pictures are drawn after the window's first paint, one per event-loop turn
    qtbot.waitUntil(lambda: all(not c.icon().isNull() for c in cards), timeout=20000)
    for card in cards:
        assert not card.icon().isNull()
    cnn = next(c for c in cards if c.text().startswith("MNIST CNN"))
    cnn.click()
    assert window.document is not None and window.document.project.name == "MNIST CNN"


def test_gan_opens_with_one_tab_per_graph(window):
    assert window.open_project(str(SAMPLES / "mnist_dcgan.nsproj"))
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["generator", "discriminator"]
    window.tabs.setCurrentIndex(1)
    assert window.current_graph() == "discriminator"
    assert window.summary.graph_name == "discriminator"
    window.document.infer_now()
    assert window.summary.table.rowCount() == len(window.document.graph("discriminator"))


def test_code_view_shows_the_compiled_module_or_why_not(cnn_window, qtbot):
    from netstudio.ui.code_view import graph_code

    doc = cnn_window.document
    code = graph_code(doc, "model")
    assert "nn.Conv2d(1, 32, kernel_size=3" in code.replace("in_channels=", "").replace("out_channels=", "") \
        or "Conv2d" in code
    assert "def forward" in code
    doc.edit(editing.set_param, "model", "image", "shape", [784])
    doc.infer_now()
    broken = graph_code(doc, "model")
    assert broken.startswith("# The graph has errors") and "conv1" in broken

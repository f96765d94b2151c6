"""Auto-layout wraps a long network into bands that read like lines of text (issue 10: a 13-layer chain
was one 3,000-unit row, fitted at 29% zoom with unlabelled boxes)."""

from __future__ import annotations

from pathlib import Path

import netstudio
from netstudio.core.graph import Edge, Graph, Node
from netstudio.core.layout import NODE_HEIGHT, NODE_WIDTH, layered_positions

SAMPLES = Path(__file__).resolve().parents[1] / "sample_projects"


def _chain(n: int) -> Graph:
    g = Graph("model")
    g.add_node(Node("x", "Input", {"shape": [16]}))
    prev = "x"
    for i in range(n - 1):
        g.add_node(Node(f"fc{i}", "Linear", {"out_features": 16}))
        g.add_edge(Edge(prev, f"fc{i}"))
        prev = f"fc{i}"
    return g


def _box(pos):
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return max(xs) - min(xs) + NODE_WIDTH, max(ys) - min(ys) + NODE_HEIGHT


def _overlaps(pos):
    boxes = list(pos.values())
    return sum(1 for i, (ax, ay) in enumerate(boxes) for bx, by in boxes[i + 1:]
               if abs(ax - bx) < NODE_WIDTH + 20 and abs(ay - by) < NODE_HEIGHT)


def test_a_13_layer_chain_wraps_into_rows_read_left_to_right():
    g = _chain(13)
    pos = layered_positions(g)
    rows = sorted({y for _, y in pos.values()})
    assert 2 <= len(rows) <= 4
    width, height = _box(pos)
    assert width / height <= 3.0 and height / width <= 1.0       # about a screen's shape, not a strip
    assert width <= 1400                                          # one screen wide at a readable zoom
    order = [n.id for n in g.nodes]
    for a, b in zip(order, order[1:]):
        (ax, ay), (bx, by) = pos[a], pos[b]
        # the next layer is to the right on the same row, or starts the next row at the left
        assert (ay == by and bx > ax) or (by > ay and bx == min(x for x, _ in pos.values()))
    assert _overlaps(pos) == 0


def test_a_short_chain_stays_on_one_row():
    pos = layered_positions(_chain(5))
    assert {y for _, y in pos.values()} == {0.0}


def test_branching_samples_stay_readable():
    for sample, graph in (("resnet_cifar10", "model"), ("mnist_dcgan", "generator"),
                          ("mnist_dcgan", "discriminator")):
        g = netstudio.load_project(SAMPLES / f"{sample}.nsproj").graph(graph)
        pos = layered_positions(g)
        width, height = _box(pos)
        assert width / height <= 3.3, (sample, graph, width, height)   # about 3:1 at worst (9 layers: 5 + 4)
        assert _overlaps(pos) == 0, (sample, graph)
        # every wire runs forward: right on its row, or down to a later row
        assert all(pos[e.src][0] < pos[e.dst][0] or pos[e.src][1] < pos[e.dst][1] for e in g.edges)

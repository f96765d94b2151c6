"""The issue's promise: build the MNIST CNN from an empty canvas quickly, without a manual."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

import netstudio


def test_build_the_mnist_cnn_by_double_clicking_down_the_palette(window, qtbot):
    start = time.perf_counter()
    window.welcome.new_button.click()
    pal = window.palette
    for type_name in ("Input", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "Output"):
        pal.tree.itemActivated.emit(pal.item_for(type_name), 0)  # each double-click appends and wires
    doc, scene = window.document, window.current_scene()
    graph = doc.graph("model")
    assert [n.type for n in graph.nodes] == ["Input", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear",
                                             "Output"]
    assert len(graph.edges) == 6
    # the only typing: Linear's 10 outputs in the inspector
    scene.select_nodes(["linear1"])
    spin = window.inspector.editors["out_features"].widget
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    doc.infer_now()
    assert doc.problems("model") == []
    assert window.summary.total.text().endswith("54,410")
    model = netstudio.build_model(doc.project, "model")
    assert sum(p.numel() for p in model.parameters()) == 54_410
    assert time.perf_counter() - start < 60  # the program's share of "under a minute"
    # the chain is laid out left to right, every node visible after fit
    xs = [n.pos[0] for n in graph.nodes]
    assert xs == sorted(xs)

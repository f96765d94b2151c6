"""Shape inference on a 300-node graph: a full pass vs the re-inference after one edit.

Run: python benchmarks/bench_shapes.py
Prints milliseconds and the ratio edit/full, measured in the same run. The target is an edit
re-inference well under 100 ms (the editor re-infers after every keystroke, debounced).
"""

from __future__ import annotations

import statistics
import time

from netstudio.compiler import ShapeInference
from netstudio.core.graph import Edge, Graph, Node


def residual_graph(blocks: int = 43) -> Graph:
    """Input, stem, then ``blocks`` residual blocks (7 nodes each) with distinct widths: ~300 nodes."""
    g = Graph("bench")
    g.add_node(Node("x", "Input", {"shape": [3, 32, 32]}))
    g.add_node(Node("stem", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}))
    g.add_edge(Edge("x", "stem"))
    prev = "stem"
    for b in range(blocks):
        width = 16 + b  # distinct per block: no two blocks share a cache entry
        ids = [f"b{b}_{k}" for k in ("proj", "bn1", "relu1", "conv2", "bn2", "add", "relu2")]
        g.add_node(Node(ids[0], "Conv2d", {"out_channels": width, "kernel_size": 3, "padding": 1}))
        g.add_node(Node(ids[1], "BatchNorm2d"))
        g.add_node(Node(ids[2], "ReLU"))
        g.add_node(Node(ids[3], "Conv2d", {"out_channels": width, "kernel_size": 3, "padding": 1}))
        g.add_node(Node(ids[4], "BatchNorm2d"))
        g.add_node(Node(ids[5], "Add"))
        g.add_node(Node(ids[6], "ReLU"))
        g.add_edge(Edge(prev, ids[0]))
        for a, c in zip(ids[:4], ids[1:5]):
            g.add_edge(Edge(a, c))
        g.add_edge(Edge(ids[4], ids[5], 0, 0))
        g.add_edge(Edge(ids[0], ids[5], 0, 1))  # skip from the projection (same width)
        g.add_edge(Edge(ids[5], ids[6]))
        prev = ids[6]
    return g


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    import torch  # noqa: F401  (imported up front so its import time is not counted)

    graph = residual_graph()
    ShapeInference().infer(graph)  # warm up torch's meta kernels
    full = timed(lambda: ShapeInference().infer(graph))

    inference = ShapeInference()
    inference.infer(graph)
    mid = "b21_conv2"
    values = iter(range(1000, 2000))

    def edit_middle():
        graph.set_params(mid, {"out_channels": 16 + 21, "kernel_size": 3, "padding": 1, "bias": next(values) % 2 == 0})
        inference.infer(graph)

    edit = timed(edit_middle, repeat=9)
    unchanged = timed(lambda: inference.infer(graph), repeat=9)

    def edit_input():
        graph.set_params("x", {"shape": [3, 32 + next(values) % 50, 32]})
        inference.infer(graph)

    worst = timed(edit_input, repeat=3)
    print(f"nodes: {len(graph)}")
    print(f"full pass, empty cache:          {full:8.1f} ms")
    print(f"one parameter edit (mid-graph):  {edit:8.1f} ms   ratio to full pass {edit / full:.3f}")
    print(f"re-run with nothing changed:     {unchanged:8.1f} ms   ratio to full pass {unchanged / full:.3f}")
    print(f"edit of the Input shape (worst): {worst:8.1f} ms   ratio to full pass {worst / full:.3f}")


if __name__ == "__main__":
    main()

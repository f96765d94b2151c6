"""Import benchmark: densenet121 imported, then opened in the real main window until the canvas has painted.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_import.py [--model densenet121] [--threads 1]``.

What it times, as a user meets it:

* the import (``import_project``, what ``netstudio import`` and File > Import model… run): building the
  torchvision model, tracing it, mapping it onto the catalog, compiling the graph, comparing both models'
  outputs on a random batch of the given shape, writing the project and its safetensors weights;
* the first display: ``MainWindow.open_project`` until shapes are inferred and every node item on screen
  has painted (the window opens a long graph at a readable zoom at its start, as the user sees it);
* Fit all: the whole graph in view until every node item has painted at least once.

Target: import plus first display under 2 s (issue 11). It prints the node counts shown, folded and
unfolded when the importer folds the module hierarchy into blocks (netstudio/export/import_fold.py),
and the torch thread count (set it: on a shared machine the default spins, see DESIGN.md).

The shape cache is a fresh folder for each run ($NETSTUDIO_CACHE_DIR), as on a first import: no shapes
from an earlier run help. ``--runs N`` runs the benchmark N times, each in a fresh process, and prints the
best and the median (the machine is shared: the CPU time of the process is the steadier number).

Before (2026-12-03, 14:01, torch threads 1): import 5.40 s + first display 1.02 s = 6.42 s wall, 6.23 s CPU;
18 folded / 433 unfolded nodes. The folding step alone took 4.3 s: building the blocks 1.8 s (a networkx
topological sort per fold), then a second shape inference, compile and run of the folded graph.
After (14:21, load average 2.2-2.6, ``--runs 5``, torch threads 1): import + first display best 2.16 s,
median 2.81 s wall (best 1.95 s, median 2.57 s CPU), 34-44 % of before: the 2 s target is met by no run's
wall time (the best run's CPU time is under it). The best run: build the model 0.13 s; import_model 1.55 s
(trace 0.09, map 0.06, compile with shape inference 0.65, fold 0.44, compare 0.31); write 0.17 s (0.2-0.8 s
on the busy disk); first display 0.31 s (18 folded nodes, shapes from the store the import filled).
What changed: the folded graph is no longer compiled and run a second time (its expansion is checked to be
the flat graph, layer for layer and edge for edge; the numeric comparison stays in the tests); one shape
inference serves the flat and the folded graph and fills the process's shape store, so the window's first
display walks cached layers; topological orders no longer build a networkx graph (Graph.topological_order,
another change of the same hour); fx records stack
traces only to word a refusal (that recording imported torch.export and inductor: 0.8 s); the outputs are
compared on one sample; batch norm runs in eval mode on meta during shape inference.
Left then: meta shape inference of 266 distinct layers (0.3-0.4 s) and ``load_state_dict`` on the flat
module (quadratic in the number of layers, 0.2 s).
Now (2026-12-03, 16:35, load average about 1, ``--runs 3``, torch threads 1): best 1.68 s, median 1.79 s
wall (best 1.63 s, median 1.75 s CPU), 26-28 % of before: the 2 s target is met by every run. The best
run: build the model 0.15 s; import_model 1.02 s (trace 0.11, map 0.08, compile 0.31, fold 0.22,
compare 0.29); write 0.17 s; first display 0.33 s (18 folded / 433 unfolded nodes). What changed: the
common layers' shapes come from ``layers.shape_rules`` (arithmetic, no meta run) and the weights are copied
tensor by tensor (``importer.copy_weights``) instead of through ``load_state_dict``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402

QCoreApplication.setOrganizationName("NetStudioBench")  # never the user's settings or recent files
QCoreApplication.setApplicationName("NetStudioBench")

TARGET_S = 2.0
BEFORE_S = 6.42   # import + first display measured before the import was made faster (see above)


def _wait_painted(app, view, ids: set, painted: set, timeout_s: float = 60.0) -> bool:
    """Process events until every node id in ``ids`` has been painted (or the timeout)."""
    end = time.perf_counter() + timeout_s
    view.viewport().update()
    while not ids <= painted and time.perf_counter() < end:
        app.processEvents()
        view.viewport().repaint()
    return ids <= painted


def _visible_ids(view) -> set:
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    return {nid for nid, item in view.scene().nodes.items() if item.sceneBoundingRect().intersects(rect)}


def _fold_counts(project) -> tuple[int, int] | None:
    """(folded, unfolded) node counts when the importer folded blocks, else None."""
    try:
        from netstudio.core.blocks import expand
    except ImportError:
        return None
    graph = project.graph()
    if not any(n.type == "Block" for n in graph.nodes):
        return None
    return len(graph.nodes), len(expand(graph).graph.nodes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="densenet121", help="a torchvision model name (default densenet121)")
    parser.add_argument("--input-shape", default="3,224,224", help="one sample's shape (default 3,224,224)")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    parser.add_argument("--runs", type=int, default=1, help="run N times, each in a fresh process (default 1)")
    args = parser.parse_args(argv)
    if args.runs > 1:
        return _many(args, sys.argv[1:] if argv is None else argv)
    os.environ["NETSTUDIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="netstudio-bench-cache-")

    import torch

    torch.set_num_threads(args.threads)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netstudio.export.import_weights import parse_input_shape
    from netstudio.export.importer import import_model, load_source, save_import
    from netstudio.ui.editor import node_item
    from netstudio.ui.main_window import MainWindow

    painted: set = set()
    original_paint = node_item.NodeItem.paint

    def paint(item, painter, option, widget=None):   # records which nodes have reached the screen
        painted.add(item.node_id if hasattr(item, "node_id") else id(item))
        return original_paint(item, painter, option, widget)

    node_item.NodeItem.paint = paint
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.show_error = lambda title, message: print(f"error: {title}: {message}", file=sys.stderr)
    window.ask_save = lambda: QMessageBox.StandardButton.Discard
    window.resize(1600, 1000)
    window.show()
    app.processEvents()

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, f"{args.model}.nsproj")
        import torchvision  # noqa: F401  (the library's own import is not the import's cost)

        # import_project's steps, timed one by one
        t0, c0 = time.perf_counter(), time.process_time()
        model, name = load_source(f"torchvision:{args.model}")
        t_load = time.perf_counter() - t0
        result = import_model(model, name, parse_input_shape(args.input_shape))
        t_map = time.perf_counter() - t0 - t_load
        save_import(result, out)
        t_import = time.perf_counter() - t0
        c_import = time.process_time() - c0

        t1, c1 = time.perf_counter(), time.process_time()
        assert window.open_project(out), f"cannot open {out}"
        window.document.infer_now()
        view = window.current_view()
        while view not in window._fitted_views:   # the fit to a readable zoom runs on a later event loop turn
            app.processEvents()
        shown = _visible_ids(view)
        ok_first = _wait_painted(app, view, shown, painted)
        t_display = time.perf_counter() - t1
        c_display = time.process_time() - c1

        t2 = time.perf_counter()
        view.fit_all()
        everything = set(view.scene().nodes)
        ok_all = _wait_painted(app, view, everything, painted)
        t_fit = time.perf_counter() - t2

    total = t_import + t_display
    graph = result.project.graph()
    print(f"model {args.model}, input {args.input_shape}, torch threads {torch.get_num_threads()}, "
          f"{result.parameters:,} parameters, outputs agree within {result.max_difference:.1e}")
    steps = "; ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
    print(f"import: {t_import:6.2f} s  (build the torchvision model {t_load:.2f} s; import_model {t_map:.2f} s: "
          f"{steps}; write {t_import - t_load - t_map:.2f} s)")
    print(f"first display (open, shapes, {len(shown)} visible nodes painted{'' if ok_first else ' NOT ALL'}): "
          f"{t_display:6.2f} s")
    print(f"import + first display: {total:6.2f} s  (target under {TARGET_S:g} s: "
          f"{'met' if total < TARGET_S else 'NOT met'}; {total / BEFORE_S:.0%} of the {BEFORE_S:g} s measured "
          f"before); CPU time of this process {c_import + c_display:.2f} s "
          f"(import {c_import:.2f} s, display {c_display:.2f} s): wall time above it is waiting for a busy machine")
    print(f"Fit all, every one of {len(everything)} nodes painted{'' if ok_all else ' NOT ALL'}: {t_fit:6.2f} s")
    folded = _fold_counts(result.project)
    if folded:
        print(f"nodes shown: {folded[0]} folded, {folded[1]} unfolded")
    else:
        print(f"nodes shown: {len(graph.nodes)} unfolded (block folding of the import is pending: "
              "netstudio/export/import_fold.py has not landed)")
    print(f"RESULT wall={total:.3f} cpu={c_import + c_display:.3f} import={t_import:.3f} display={t_display:.3f}")
    window.document.mark_clean() if hasattr(window.document, "mark_clean") else None
    window.close()
    return 0


def _many(args, argv: list[str]) -> int:
    """Run the benchmark ``args.runs`` times in fresh processes; print each run, then best and median."""
    import statistics
    import subprocess

    rest = [a for i, a in enumerate(argv) if a != "--runs" and not a.startswith("--runs=")
            and (i == 0 or argv[i - 1] != "--runs")]
    rows = []
    for i in range(args.runs):
        done = subprocess.run([sys.executable, __file__, *rest], capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode or not lines:
            print(f"run {i + 1} failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
            return 1
        row = dict(item.split("=") for item in lines[-1].split()[1:])
        rows.append({k: float(v) for k, v in row.items()})
        print(f"run {i + 1}: import + first display {rows[-1]['wall']:.2f} s wall, {rows[-1]['cpu']:.2f} s CPU "
              f"(import {rows[-1]['import']:.2f} s, display {rows[-1]['display']:.2f} s)")
        if i == 0:
            print("\n".join(line for line in done.stdout.splitlines() if not line.startswith("RESULT ")))
        else:   # the steps of every run: on a shared machine one step can take twice as long as in another
            print("\n".join(line for line in done.stdout.splitlines() if line.startswith("import:")))
    for key, label in (("wall", "wall"), ("cpu", "CPU")):
        values = [r[key] for r in rows]
        print(f"{label}: best {min(values):.2f} s, median {statistics.median(values):.2f} s over {len(values)} runs "
              f"(target {TARGET_S:g} s; before {BEFORE_S:g} s wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

Measured on the shared 2-core machine (2026-12-03, 14:01, load average 2.9, torch threads 1, 3x224x224):
  import 5.40 s (torchvision builds the model 0.20 s; trace, map, compile, compare, fold 4.91 s; write 0.29 s)
  first display 1.02 s (18 folded nodes, all on screen and painted); import + first display 6.42 s wall,
  6.23 s CPU: the 2 s target is NOT met. Nodes shown: 18 folded, 433 unfolded.
  A profile of import_model (7.2 s under cProfile): folding 4.3 s (fold_graph 1.8 s, then a second compile and
  comparison of the folded graph), flat compile with shape inference 1.0 s, comparing outputs 0.55 s,
  tracing 0.47 s. Before folding landed (13:16, load average 8): import 2.99 s CPU, display 1.86 s CPU,
  433 nodes opened at a readable zoom (19 on screen), Fit all painted all 433 in 0.5 s.
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
    args = parser.parse_args(argv)

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
    print(f"import: {t_import:6.2f} s  (build the torchvision model {t_load:.2f} s; trace, map, compile and "
          f"compare outputs {t_map:.2f} s; write {t_import - t_load - t_map:.2f} s)")
    print(f"first display (open, shapes, {len(shown)} visible nodes painted{'' if ok_first else ' NOT ALL'}): "
          f"{t_display:6.2f} s")
    print(f"import + first display: {total:6.2f} s  (target under {TARGET_S:g} s: "
          f"{'met' if total < TARGET_S else 'NOT met'}); CPU time of this process {c_import + c_display:.2f} s "
          f"(import {c_import:.2f} s, display {c_display:.2f} s): wall time above it is waiting for a busy machine")
    print(f"Fit all, every one of {len(everything)} nodes painted{'' if ok_all else ' NOT ALL'}: {t_fit:6.2f} s")
    folded = _fold_counts(result.project)
    if folded:
        print(f"nodes shown: {folded[0]} folded, {folded[1]} unfolded")
    else:
        print(f"nodes shown: {len(graph.nodes)} unfolded (block folding of the import is pending: "
              "netstudio/export/import_fold.py has not landed)")
    window.document.mark_clean() if hasattr(window.document, "mark_clean") else None
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The window appears before torch is imported; the shapes come from the shape server, so the GUI
process does not import torch at all while it shows them.

Run in a fresh interpreter (the test process has torch already). A meta-path finder records which
thread first imports torch; the shape worker is held until the first paint so the check at that
moment cannot race with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from .helpers import ROOT, SAMPLES

SCRIPT = textwrap.dedent("""
    import json, sys, threading
    importers = []

    class Spy:
        def find_spec(self, name, path=None, target=None):
            if name == "torch" and not importers and not _lookup_only():
                importers.append(threading.current_thread().name)
            return None

    def _lookup_only():
        # importlib.util.find_spec locates torch/version.py for the shape cache's key without running torch
        f = sys._getframe(2)
        while f is not None:
            if f.f_code.co_name == "find_spec" and "importlib" in f.f_code.co_filename and "util" in f.f_code.co_filename:
                return True
            f = f.f_back
        return False

    sys.meta_path.insert(0, Spy())
    from netstudio.ui import shape_worker
    gate = threading.Event()
    loop = shape_worker.ShapeService._loop
    shape_worker.ShapeService._loop = lambda self: (gate.wait(), loop(self))
    from netstudio.ui import app as appmod, launch
    app = appmod.ensure_app()
    window = launch.start_window(sys.argv[1] if len(sys.argv) > 1 else None)
    app.processEvents()
    window.grab()                       # the first paint, forced
    report = {"torch_at_paint": "torch" in sys.modules,
              "heavy_at_paint": sorted(m for m in ("pyqtgraph", "numpy") if m in sys.modules),
              "live_views_built": window.training.live_built() is not None,
              "nodes": len(window.current_scene().nodes) if window.document else 0,
              "edges": len(window.current_scene().edges) if window.document else 0}
    gate.set()
    if window.document is not None:
        import time
        end = time.monotonic() + 240
        while window.document.shapes_pending("model") and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        infos = window.document.cached_infos("model")
        report["shapes"] = {nid: [list(s) for s in i.out_shapes] for nid, i in infos.items()}
    report["importers"] = importers
    print("REPORT" + json.dumps(report))
""")


def _start(*args) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    line = next((x for x in out.stdout.splitlines() if x.startswith("REPORT")), None)
    assert line is not None, out.stderr[-2000:]
    return json.loads(line[len("REPORT"):])


def test_welcome_window_paints_without_torch():
    report = _start()
    assert report["torch_at_paint"] is False
    assert report["heavy_at_paint"] == [] and not report["live_views_built"]   # built when first shown
    assert "MainThread" not in report["importers"]


def test_project_window_paints_its_graph_before_torch_and_shapes_follow(tmp_path):
    report = _start(str(SAMPLES / "mnist_cnn.nsproj"))
    assert report["torch_at_paint"] is False
    assert report["heavy_at_paint"] == [] and not report["live_views_built"]
    assert report["nodes"] >= 7 and report["edges"] >= 6          # the graph itself is on screen
    assert report["importers"] == []      # the shape server (a child process) did the work: no torch here
    assert report["shapes"]["fc"] == [[10]]
    assert report["shapes"]["conv1"] == [[32, 26, 26]]

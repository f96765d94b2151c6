"""Start and edits never wait: the window before torch, shapes off the GUI thread, a persistent cache.

Each measurement runs in a fresh interpreter (``--child``) so imports and first uses are real, for the
new path and for the old one in the same run:

- old: torch imported while the window is built (as the training panel did), shapes inferred
  synchronously on the GUI thread after each edit (``Document.infer_now`` on the debounce timer), no
  shape server, an empty cache.
- new: the program as it is: the window paints before torch; the document's caches answer at once and
  the shape server (a child process with torch) the rest.

Measured (targets from issue 12):
1. process start -> first painted window, welcome view and the MNIST CNN sample (< 1.0 s);
2. process start -> every shape of the MNIST CNN sample shown: cold cache (< 2.5 s), warm cache (< 1.0 s);
3. the GUI thread's longest block during 30 scripted edits using 15 layer types for the first time in
   the process (< 50 ms), as a 5 ms precise QTimer's lateness (as bench_gui_training.py); the GUI
   thread's own CPU time in the longest interval is printed too, because on a shared machine lateness
   also counts time spent waiting for a core.

Threads: the GUI process runs its GUI thread plus the shape worker thread (which only waits on the
server's pipe); the shape server is one more process using torch's default intra-op threads (shape
inference on the meta device does no arithmetic). Run: ``python benchmarks/bench_startup.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_projects" / "mnist_cnn.nsproj"


# ----- in the child process -----
def _child(mode: str, task: str, project: str | None, spawned: float) -> dict:
    sys.path.insert(0, str(ROOT))
    if mode == "old":
        import importlib

        importlib.import_module("torch")  # the old start imported torch while building the window

    from PySide6.QtCore import QTimer

    from netstudio.ui import app as appmod
    from netstudio.ui import launch
    from netstudio.ui.document import Document

    if mode == "old":
        from netstudio.ui.shape_worker import ShapeService

        Document._infer_soon = Document.infer_now  # shapes on the GUI thread, right after the debounce
        ShapeService.prestart = lambda self: None
        launch.warm_up_after_paint = lambda window: None
    app = appmod.ensure_app()
    out: dict = {}
    if task == "edits":
        from tests.ui.helpers import GuiBlockMeter, scripted_edits

        window = launch.start_window(None)
        app.processEvents()
        window.new_project()
        doc = window.document
        steps = scripted_edits(doc)
        meter = GuiBlockMeter()
        meter.start()
        for step in steps:
            step()
            end = time.perf_counter() + 0.05          # a user's next edit comes 50 ms later at the earliest
            while time.perf_counter() < end:
                app.processEvents()
        end = time.perf_counter() + 300
        while doc.shapes_pending("model") and time.perf_counter() < end:
            app.processEvents()
        app.processEvents()
        out["block_ms"] = meter.stop()
        out["busy_ms"] = meter.longest_busy
        out["ok"] = doc.cached_infos("model")["n11_linear"].out_shapes == [(32,)]
        return out
    window = launch.start_window(project)
    if mode == "new":
        launch.warm_up_after_paint(window)
    painted = []
    QTimer.singleShot(0, lambda: (window.grab(), painted.append(time.time())))
    while not painted:
        app.processEvents()
    out["paint_s"] = painted[0] - spawned
    out["torch_at_paint"] = "torch" in sys.modules
    if project:
        doc = window.document
        end = time.perf_counter() + 300
        while (doc.shapes_pending("model") or len(doc.cached_infos("model")) < len(doc.graph("model"))) \
                and time.perf_counter() < end:
            app.processEvents()
        window.current_scene().update()
        window.grab()                                   # the shapes painted on the nodes
        out["shapes_s"] = time.time() - spawned
        out["torch_in_gui_process"] = "torch" in sys.modules
    return out


# ----- in the parent -----
def _run(mode: str, task: str, project: str | None, cache: str) -> dict:
    own = Path(cache).parent   # settings and recovery files of the run's own (no "restore?" dialog from a past run)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NETSTUDIO_CACHE_DIR": cache,
           "NETSTUDIO_RECOVERY_DIR": str(own / "recovery"), "XDG_CONFIG_HOME": str(own / "config")}
    args = [sys.executable, str(Path(__file__)), "--child", mode, task, project or "-", "0"]
    spawned = time.time()
    args[-1] = repr(spawned)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"child {mode} {task} failed:\n{proc.stderr[-3000:]}")
    return json.loads(line[6:])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, task, project, spawned = sys.argv[2:6]
        result = _child(mode, task, None if project == "-" else project, float(spawned))
        print("RESULT" + json.dumps(result), flush=True)
        os._exit(0)  # the shape server and threads end with the process
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    rows: dict[str, dict[str, list[float]]] = {}

    def add(name: str, mode: str, value: float) -> None:
        rows.setdefault(name, {"old": [], "new": []})[mode].append(value)

    for r in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            for mode in ("old", "new"):
                cold = str(Path(tmp) / f"{mode}-cache")
                res = _run(mode, "paint", None, str(Path(tmp) / f"{mode}-welcome"))
                add("start -> first paint, welcome view (s)", mode, res["paint_s"])
                res = _run(mode, "paint", str(SAMPLE), cold)
                add("start -> first paint, MNIST CNN sample (s)", mode, res["paint_s"])
                add("start -> every shape shown, cold cache (s)", mode, res["shapes_s"])
                if mode == "new":
                    time.sleep(0.5)  # the cold run's server flushed its cache file before it ended
                res = _run(mode, "paint", str(SAMPLE), cold)
                add("start -> every shape shown, warm cache (s)", mode, res["shapes_s"])
                if mode == "new":
                    print(f"  run {r + 1}: torch in the GUI process at first paint: {res['torch_at_paint']}, "
                          f"after the shapes (warm): {res['torch_in_gui_process']}")
                res = _run(mode, "edits", None, str(Path(tmp) / f"{mode}-edits"))
                assert res["ok"], "the edits' shapes were wrong"
                add("longest GUI block, 30 edits / 15 new types (ms)", mode, res["block_ms"])
                add("  its GUI-thread CPU time (ms)", mode, res["busy_ms"])
        print(f"  run {r + 1} of {args.repeat} done", flush=True)
    targets = {"start -> first paint, welcome view (s)": 1.0, "start -> first paint, MNIST CNN sample (s)": 1.0,
               "start -> every shape shown, cold cache (s)": 2.5, "start -> every shape shown, warm cache (s)": 1.0,
               "longest GUI block, 30 edits / 15 new types (ms)": 50.0}
    print(f"\n{'measure (median of ' + str(args.repeat) + ')':<50} {'old':>9} {'new':>9} {'new/old':>8}  target")
    for name, values in rows.items():
        old, new = statistics.median(values["old"]), statistics.median(values["new"])
        target = targets.get(name)
        verdict = "" if target is None else f"< {target:g} {'met' if new < target else 'NOT met'}"
        print(f"{name:<50} {old:>9.2f} {new:>9.2f} {new / old if old else float('nan'):>8.2f}  {verdict}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

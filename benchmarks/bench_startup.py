"""Start and edits never wait: the window before torch, shapes off the GUI thread, a persistent cache.

Each measurement runs in a fresh interpreter (``--child``) so imports and first uses are real, for three
versions of the program in the same run:

- old: torch imported while the window is built (as the training panel did), shapes inferred
  synchronously on the GUI thread after each edit (``Document.infer_now`` on the debounce timer), no
  shape server, an empty cache.
- today: the baseline of the second pass: shape server and cache, but the live views (pyqtgraph, 16
  plots) and the welcome pictures built with the window, the shape server started with the window on
  any machine and importing all of torch (``NETSTUDIO_FULL_TORCH``).
- new: the program as it is: live views built when first shown, pictures after the paint, the server
  prestarted only with 2+ cores and without the torch parts shape inference does not use
  (``compiler.meta_torch``), and the common layers' shapes by arithmetic without torch
  (``layers.shape_rules``; 'old' and 'today' run without them, ``NETSTUDIO_NO_SHAPE_RULES=1``).

Every child compiles to a bytecode cache of its own (``PYTHONPYCACHEPREFIX``; one untimed start fills
it), as an installed program has one; children wait on the event loop without spinning, as the program
does. Besides wall time, the GUI process's own CPU time to the first paint is printed: on a shared
machine wall time also counts waiting for a core.

Measured (targets from issue 12):
1. process start -> first painted window, welcome view and the MNIST CNN sample (< 1.0 s);
2. process start -> every shape of the MNIST CNN sample shown: cold cache (< 2.5 s), warm cache (< 1.0 s);
3. the GUI thread's longest block during 30 scripted edits using 15 layer types for the first time in
   the process (< 50 ms), as a 5 ms precise QTimer's lateness (as bench_gui_training.py); with the shape
   rules those types need no torch, so the run is repeated with the rules off in the GUI process (every
   shape from the worker, as for a layer the rules leave to PyTorch); the GUI
   thread's own CPU time in the longest interval is printed too, because on a shared machine lateness
   also counts time spent waiting for a core.

4. ``netstudio check`` and ``summary`` of the MNIST CNN with an empty cache against ``import torch`` alone
   (target: at most the import plus 0.3 s), today's (all of torch) beside them.

Threads: the GUI process runs its GUI thread plus the shape worker thread (which only waits on the
server's pipe); the shape server is one more process (shape inference on the meta device does no
arithmetic). The children inherit ``OMP_NUM_THREADS`` (run with ``OMP_NUM_THREADS=1``); the thread
count and usable cores are printed. Run: ``OMP_NUM_THREADS=1 python benchmarks/bench_startup.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_projects" / "mnist_cnn.nsproj"
PYCACHE = Path(tempfile.gettempdir()) / "netstudio-bench-pycache"


def _wait(app, done, timeout: float = 300.0) -> None:
    """Run the event loop until ``done()``, sleeping between events (a 5 ms timer wakes it to check)."""
    from PySide6.QtCore import QEventLoop, QTimer

    timer = QTimer()
    timer.start(5)
    end = time.perf_counter() + timeout
    while not done() and time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    timer.stop()


def _eager_window(prestart_everywhere: bool) -> None:
    """Put back the eager start of 'old' and 'today' (see the module docstring) in this child."""
    from netstudio.ui import shape_worker, welcome
    from netstudio.ui.training import integration

    install = integration.install_training

    def eager(window):
        controller = install(window)
        controller.live   # the live views built with the window, as before
        return controller

    integration.install_training = eager
    if prestart_everywhere:
        shape_worker.usable_cores = lambda: 2      # the server started with the window on any machine
    init = welcome.WelcomePage.__init__

    def pictures_now(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.fill_thumbnails()

    welcome.WelcomePage.__init__ = pictures_now


# ----- in the child process -----
def _child(mode: str, task: str, project: str | None, spawned: float) -> dict:
    sys.path.insert(0, str(ROOT))
    if mode == "old":
        import importlib

        importlib.import_module("torch")  # the old start imported torch while building the window
    if mode in ("old", "today"):
        _eager_window(prestart_everywhere=mode == "today")

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
    if task in ("edits", "edits-worker"):
        from tests.ui.helpers import GuiBlockMeter, scripted_edits

        if task == "edits-worker":   # every shape through the worker, as for layers the rules do not answer
            from netstudio.layers import shape_rules

            shape_rules.ENABLED = False
        window = launch.start_window(None)
        app.processEvents()
        window.new_project()
        end = time.perf_counter() + 0.1     # File > New's own first paint of the editor is not one of the edits
        while time.perf_counter() < end:
            app.processEvents()
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
    if mode != "old":
        launch.warm_up_after_paint(window)
    painted = []
    QTimer.singleShot(0, lambda: (window.grab(), painted.append((time.time(), time.process_time()))))
    _wait(app, lambda: bool(painted))
    out["paint_s"] = painted[0][0] - spawned
    out["paint_cpu_s"] = painted[0][1]
    out["torch_at_paint"] = "torch" in sys.modules
    out["pyqtgraph_at_paint"] = "pyqtgraph" in sys.modules
    if project:
        doc = window.document
        _wait(app, lambda: not doc.shapes_pending("model") and len(doc.cached_infos("model")) >= len(doc.graph("model")))
        window.current_scene().update()
        window.grab()                                   # the shapes painted on the nodes
        out["shapes_s"] = time.time() - spawned
        out["torch_in_gui_process"] = "torch" in sys.modules
    return out


# ----- in the parent -----
def _env(cache: str, mode: str = "new") -> dict:
    # settings and recovery files of each child's own: a child ended by os._exit leaves its autosave, and
    # the next child would open with a modal "restore?" question
    own = Path(cache + "-own")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NETSTUDIO_CACHE_DIR": cache,
           "NETSTUDIO_RECOVERY_DIR": str(own / "recovery"), "XDG_CONFIG_HOME": str(own / "config"),
           "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("NETSTUDIO_FULL_TORCH", None)
    env.pop("NETSTUDIO_NO_SHAPE_RULES", None)
    if mode in ("old", "today"):
        env["NETSTUDIO_FULL_TORCH"] = "1"   # the shape server (and check) with all of torch, as before
        env["NETSTUDIO_NO_SHAPE_RULES"] = "1"   # every shape from the meta device, as before
    return env


def _timed(args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, capture_output=True, timeout=600, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _run(mode: str, task: str, project: str | None, cache: str) -> dict:
    env = _env(cache, mode)
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
    parser.add_argument("--no-edits", action="store_true", help="skip the 30-edit GUI-block measurement")
    args = parser.parse_args()
    modes = ("old", "today", "new")
    rows: dict[str, dict[str, list[float]]] = {}
    loads = []

    def add(name: str, mode: str, value: float) -> None:
        rows.setdefault(name, {m: [] for m in modes})[mode].append(value)

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:    # fills the bytecode cache: an installed program has one
        _run("new", "paint", str(SAMPLE), str(Path(tmp) / "cache"))
    for r in range(args.repeat):
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            for mode in modes:
                cold = str(Path(tmp) / f"{mode}-cache")
                res = _run(mode, "paint", None, str(Path(tmp) / f"{mode}-welcome"))
                add("start -> first paint, welcome view (s)", mode, res["paint_s"])
                res = _run(mode, "paint", str(SAMPLE), cold)
                add("start -> first paint, MNIST CNN sample (s)", mode, res["paint_s"])
                add("  GUI process CPU to that paint (s)", mode, res["paint_cpu_s"])
                add("start -> every shape shown, cold cache (s)", mode, res["shapes_s"])
                if mode == "new":
                    print(f"  run {r + 1}: at first paint torch {res['torch_at_paint']}, pyqtgraph "
                          f"{res['pyqtgraph_at_paint']}", flush=True)
                time.sleep(0.5)  # the cold run's server flushed its cache file before it ended
                res = _run(mode, "paint", str(SAMPLE), cold)
                add("start -> every shape shown, warm cache (s)", mode, res["shapes_s"])
                if mode == "new":
                    print(f"  run {r + 1}: torch in the GUI process after the shapes (warm): "
                          f"{res['torch_in_gui_process']}", flush=True)
                if not args.no_edits and mode != "today":   # edits do not differ between today and new
                    res = _run(mode, "edits", None, str(Path(tmp) / f"{mode}-edits"))
                    assert res["ok"], "the edits' shapes were wrong"
                    add("longest GUI block, 30 edits / 15 new types (ms)", mode, res["block_ms"])
                    add("  its GUI-thread CPU time (ms)", mode, res["busy_ms"])
                if not args.no_edits and mode == "new":
                    res = _run(mode, "edits-worker", None, str(Path(tmp) / f"{mode}-edits-worker"))
                    assert res["ok"], "the edits' shapes were wrong"
                    add("  the same, every shape from the worker (ms)", mode, res["block_ms"])
            _cli_rows(tmp, add)
        loads.append(os.getloadavg()[0])
        print(f"  run {r + 1} of {args.repeat} done", flush=True)
    targets = {"start -> first paint, welcome view (s)": 1.0, "start -> first paint, MNIST CNN sample (s)": 1.0,
               "start -> every shape shown, cold cache (s)": 2.5, "start -> every shape shown, warm cache (s)": 1.0,
               "longest GUI block, 30 edits / 15 new types (ms)": 50.0,
               "check cold minus import torch (s)": 0.3, "summary cold minus import torch (s)": 0.3,
               "check cold, needing torch, minus import (s)": 0.3,
               "summary cold, needing torch, minus import (s)": 0.3}
    print(f"\n{'measure (median of ' + str(args.repeat) + ')':<46} {'old':>7} {'today':>7} {'new':>7} "
          f"{'new/old':>7} {'new/today':>9}  target")
    for name, values in rows.items():
        med = {m: statistics.median(v) if v else float("nan") for m, v in values.items()}
        target = targets.get(name)
        verdict = "" if target is None else f"< {target:g} {'met' if med['new'] < target else 'NOT met'}"

        def ratio(a, b):
            return a / b if b == b and b else float("nan")
        print(f"{name:<46} {med['old']:>7.2f} {med['today']:>7.2f} {med['new']:>7.2f} "
              f"{ratio(med['new'], med['old']):>7.2f} {ratio(med['new'], med['today']):>9.2f}  {verdict}")
    from netstudio.ui.shape_worker import usable_cores

    print(f"(OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')} in every child; {usable_cores()} usable "
          f"core(s); load average while measuring {min(loads):.1f}-{max(loads):.1f}. 'old' has no CLI rows: "
          f"today's check is the old one)")


def _cli_rows(tmp: str, add) -> None:
    """``netstudio check``/``summary`` with an empty cache against ``import torch`` alone (wall and CPU)."""
    py = sys.executable
    torch_wall, torch_cpu = _timed([py, "-c", "import torch"], _env(str(Path(tmp) / "t-cache")))
    add("import torch alone (s)", "today", torch_wall)
    add("import torch alone (s)", "new", torch_wall)
    # the sample as it is (every layer answered by shape_rules in 'new'), and with its first convolution
    # reflect-padded, a case the rules leave to PyTorch: the cold run then needs torch in 'new' too
    data = json.loads(SAMPLE.read_text())
    data["graphs"]["model"]["nodes"][1]["params"]["padding_mode"] = "reflect"
    reflect = Path(tmp) / "mnist_cnn_reflect.nsproj"
    reflect.write_text(json.dumps(data))
    for mode in ("today", "new"):
        for command in ("check", "summary"):
            env = _env(str(Path(tmp) / f"cli-{mode}-{command}"), mode)
            wall, cpu = _timed([py, "-m", "netstudio", command, str(SAMPLE)], env)
            add(f"{command} cold (s)", mode, wall)
            add(f"{command} cold minus import torch (s)", mode, wall - torch_wall)
            add(f"  {command}: the same in CPU seconds (s)", mode, cpu - torch_cpu)
            env = _env(str(Path(tmp) / f"cli-{mode}-{command}-reflect"), mode)
            wall, cpu = _timed([py, "-m", "netstudio", command, str(reflect)], env)
            add(f"{command} cold, needing torch, minus import (s)", mode, wall - torch_wall)


if __name__ == "__main__":
    main()

"""Live training in the GUI vs the headless engine: event-loop latency and training throughput.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_training.py [--steps 1000] [--rounds 2]

The MNIST CNN sample (sample_projects/mnist_cnn.nsproj) trains on mnist10k on the CPU for the same
number of steps twice per round: headless (``Trainer.run()`` in the main thread, no GUI) and in
the main window shown offscreen with training installed: every live view fed, the loss view on
screen and the tabbed views switched every 0.5 s so each is shown and redrawn in turn (a view
redraws only while visible), the canvas indicators on and the feature maps of ``conv1`` captured.
Both runs use the same torch thread count (one core left for the GUI). Throughput is samples/s between the engine's
``started`` event and its last step event (data loading and the final validation excluded, in
both runs alike). During the GUI run a 10 ms QTimer measures the event loop's lateness.

Targets: lateness p99 < 50 ms; GUI throughput >= 0.9x headless.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "sample_projects" / "mnist_cnn.nsproj"


class Clock:
    """Engine listener (runs in the training thread): the time of the started event and of each step event."""

    def __init__(self) -> None:
        self.started = None
        self.last_step = None
        self.last_step_no = 0
        self.first_step_no = 0

    def __call__(self, event) -> None:
        if event.kind == "started":
            self.started = time.perf_counter()
            self.started_cpu = time.thread_time()
            self.first_step_no = event.step
        elif event.kind == "step":
            self.last_step = time.perf_counter()
            self.last_step_cpu = time.thread_time()
            self.last_step_no = event.step

    def train_cpu_share(self) -> float:
        """CPU time of the training thread per second of training (1.0 = one core busy all the time)."""
        return (self.last_step_cpu - self.started_cpu) / (self.last_step - self.started)

    def samples_per_sec(self, batch: int) -> float:
        steps = self.last_step_no - self.first_step_no
        return steps * batch / (self.last_step - self.started)


def overrides(steps: int, threads: int) -> dict:
    # 250 steps per epoch: enough epochs for ``steps``; both runs validate at the same epoch ends
    return {"device": "cpu", "max_steps": steps, "epochs": steps // 250 + 1, "threads": threads}


def headless(steps: int, threads: int) -> float:
    from netstudio import load_project
    from netstudio.training.engine import Trainer

    project = load_project(str(PROJECT))
    trainer = Trainer(project, overrides=overrides(steps, threads), run_dir=False)
    clock = Clock()
    trainer.subscribe(clock)
    end = trainer.run()
    assert end.kind == "finished", end.message
    headless.cpu = clock.train_cpu_share()
    return clock.samples_per_sec(trainer.batch_size)


def gui(app, steps: int, threads: int, tmp: Path) -> tuple[float, list[float], dict]:
    from PySide6.QtCore import Qt, QTimer

    from netstudio.ui.main_window import MainWindow
    from netstudio.ui.training.integration import install_training

    w = MainWindow()
    w.resize(1600, 1000)
    c = install_training(w)
    c.run_root = tmp
    c.torch_threads = threads
    c.ask_stop_on_close = lambda: True
    w.show()
    assert w.open_project(str(PROJECT))
    w.document.project.training.update(overrides(steps, threads))
    w.current_scene().select_nodes(["conv1"])     # feature maps of conv1 in every snapshot
    clock = Clock()
    lateness: list[float] = []
    last = [None]

    def tick() -> None:
        now = time.perf_counter()
        if last[0] is not None:
            lateness.append(max(0.0, (now - last[0]) * 1000 - 10.0))
        last[0] = now

    # every live view takes its turn on screen (only a visible view redraws): a tab every 0.5 s
    tabs = c.live.tabs
    shown = [i for i in range(tabs.count()) if tabs.isTabVisible(i)]
    cycler = QTimer()
    cycler.setInterval(500)
    cycler.timeout.connect(lambda: tabs.setCurrentIndex(shown[(shown.index(tabs.currentIndex()) + 1) % len(shown)]
                                                        if tabs.currentIndex() in shown else shown[0]))
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    c.run_ended.connect(app.quit)
    c.listeners.append(clock)
    assert c.start(), c.last_error
    timer.start()
    cycler.start()
    gui_cpu0, wall0 = time.thread_time(), time.perf_counter()
    app.exec()
    gui_cpu, wall = time.thread_time() - gui_cpu0, time.perf_counter() - wall0
    timer.stop()
    cycler.stop()
    end = c.last_end
    assert end is not None and end.kind == "finished", end.message if end else "no end event"
    redraws = {v.objectName(): v.redraws for v in c.live.all if v.redraws > 1}
    redraws["gui_thread_cpu"] = round(gui_cpu / wall, 2)          # share of one core the GUI thread used
    redraws["training_thread_cpu"] = round(clock.train_cpu_share(), 2)
    w.close()
    w.deleteLater()
    app.processEvents()
    return clock.samples_per_sec(c.trainer.batch_size), lateness, redraws


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import tempfile

    import torch
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from netstudio.ui.training.worker import gui_friendly_threads

    QCoreApplication.setOrganizationName("NetStudioBench")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    threads = gui_friendly_threads()
    torch.set_num_threads(threads)
    print(f"CPU cores: {os.cpu_count()}, torch threads for training: {threads}, steps per run: {args.steps}, "
          f"batch 32, rounds: {args.rounds}")
    headless(20, threads)                          # warm-up: imports, first allocations
    h_rates, g_rates, lates = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            h = headless(args.steps, threads)
            g, late, redraws = gui(app, args.steps, threads, Path(tmp) / f"r{r}")
            h_rates.append(h)
            g_rates.append(g)
            lates += late
            print(f"round {r + 1}: headless {h:,.0f} samples/s (training thread CPU {headless.cpu:.2f}), GUI {g:,.0f} samples/s ({g / h:.2f}x); "
                  f"GUI lateness p50 {percentile(late, 50):.1f} ms, p99 {percentile(late, 99):.1f} ms "
                  f"({len(late)} ticks); redraws {redraws}")
    h_best, g_best = max(h_rates), max(g_rates)
    h_med, g_med = statistics.median(h_rates), statistics.median(g_rates)
    p50, p99 = percentile(lates, 50), percentile(lates, 99)
    print(f"event-loop lateness (10 ms timer) during GUI training: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"(target p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'})")
    print(f"throughput GUI/headless: best {g_best / h_best:.2f}x ({g_best:,.0f} vs {h_best:,.0f} samples/s), "
          f"median {g_med / h_med:.2f}x (target >= 0.9x: {'met' if g_med / h_med >= 0.9 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

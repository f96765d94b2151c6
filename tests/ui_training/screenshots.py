"""Offscreen screenshots of the window mid-training (README pictures). Not a test; run by hand:

    QT_QPA_PLATFORM=offscreen python tests/ui_training/screenshots.py mnist_cnn --min-step 320 --tab filters
    QT_QPA_PLATFORM=offscreen python tests/ui_training/screenshots.py mnist_dcgan --min-step 250 --tab gan

Trains the sample project on the CPU in the real window and grabs it once the given global step
has passed (the run keeps going while the picture is taken: it is a mid-training picture).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "screenshots"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sample")
    parser.add_argument("--min-step", type=int, default=300)
    parser.add_argument("--tab", default="filters")
    parser.add_argument("--select", default=None, help="node to select on the canvas (feature maps)")
    parser.add_argument("--size", default="1500x940")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("NetStudioScreenshots")
    app = QApplication(sys.argv[:1])
    from netstudio.ui.main_window import MainWindow
    from netstudio.ui.training.integration import install_training

    w = MainWindow()
    width, height = (int(v) for v in args.size.split("x"))
    w.resize(width, height)
    c = install_training(w)
    c.run_root = Path(tempfile.mkdtemp()) / "runs"
    c.ask_stop_on_close = lambda: True
    w.show()
    assert w.open_project(str(ROOT / "sample_projects" / f"{args.sample}.nsproj"))
    w.document.project.training["device"] = "cpu"
    if args.select:
        w.current_scene().select_nodes([args.select])
    assert c.start(), c.last_error
    view = getattr(c.live, args.tab)
    out = Path(args.out) if args.out else OUT / f"training_{args.sample}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    def check() -> None:
        step = c.trainer.global_step if c.trainer is not None else 0
        if c.state == "idle" or step >= args.min_step:
            c.live.show_view(view)
            if hasattr(view, "enlarge"):
                view.enlarge(0)
            QTimer.singleShot(300, fit)         # after the docks have settled
            QTimer.singleShot(700, grab)        # let the clock redraw the views once more
        else:
            QTimer.singleShot(200, check)

    def fit() -> None:
        for graph_view in w.views.values():
            graph_view.fit_all(min_zoom=0.5)    # the whole graph, or its start when long

    def grab() -> None:
        w.grab().save(str(out), "PNG")
        print(f"{out}: step {c.trainer.global_step}, {out.stat().st_size / 1024:.0f} KiB, {time.time() - t0:.0f} s")
        c.shutdown()
        w.close()
        app.quit()

    QTimer.singleShot(200, check)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``netstudio gui [PROJECT]`` (also plain ``netstudio``) and ``netstudio render PROJECT -o FILE``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from netstudio.core.errors import NetStudioError


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the graph editor (the default command)")
    p.add_argument("project", nargs="?", help="a project file to open")
    p.set_defaults(func=run_gui)

    p = sub.add_parser("render", help="draw a graph to a PNG or SVG file, without a display")
    p.add_argument("project")
    p.add_argument("-o", "--output", required=True, help="graph.png or graph.svg")
    p.add_argument("--graph", default=None, help="graph name (default: the first graph)")
    p.add_argument("--scale", type=float, default=2.0, help="pixels per canvas unit for PNG (default 2)")
    p.add_argument("--layout", choices=("auto-if-strip", "auto", "file"), default="auto-if-strip",
                   help="node positions: the file's, the auto-layout (long networks wrap into rows), or the "
                        "auto-layout only when the file's layout is a strip wider than 3:1 (default)")
    p.set_defaults(func=run_render)


def _no_display() -> bool:
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args) -> int:
    if args.project and not Path(args.project).exists():
        raise NetStudioError(f"{args.project}: no such file")
    if _no_display() and not os.environ.get("QT_QPA_PLATFORM"):  # Qt would abort with a page of plugin messages
        raise NetStudioError("no display found (DISPLAY and WAYLAND_DISPLAY are not set): run it on a desktop, or "
                             "train without a screen with `netstudio train PROJECT`")
    try:
        from netstudio.ui.launch import run_gui as start
    except ImportError as exc:  # PySide6 missing or its system libraries (libGL, libEGL) absent
        raise NetStudioError(f"cannot start the graphical interface ({exc}); the command-line tools still work") \
            from None
    return start(args.project)


def run_render(args) -> int:
    if _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless servers and CI: no display needed
    from netstudio import load_project
    from netstudio.ui.render import render_to_file

    if args.scale <= 0 or args.scale > 8:
        raise NetStudioError(f"--scale must be between 0 and 8, not {args.scale}")
    project = load_project(args.project)
    graph = args.graph or next(iter(project.graphs))
    out = render_to_file(project, args.output, graph, scale=args.scale, layout=args.layout)
    print(f"wrote {out}")
    return 0

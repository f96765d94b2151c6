"""check, summary and export: the commands that need only the graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from netstudio.core.errors import GraphError, NetStudioError, ProjectError
from netstudio.export import EXPORT_FORMATS


def register(sub) -> None:
    p = sub.add_parser("check", help="check every graph of a project; exit 1 with one line per problem")
    p.add_argument("project")
    p.set_defaults(func=run_check)

    p = sub.add_parser("summary", help="table of layers, output shapes, parameter counts, FLOPs and memory")
    p.add_argument("project", nargs="?")
    p.add_argument("--graph", default=None, help="graph name (default: every graph)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--layers", action="store_true", help="list the layer types NetStudio knows")
    p.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="batch size of the activation and training-memory estimates (default: the project's "
                        "training.batch_size)")
    p.set_defaults(func=run_summary)

    p = sub.add_parser("export", help="export a graph as Python code, ONNX or TorchScript, or the project as a "
                                      "standalone training script (--format train-script)")
    p.add_argument("project")
    p.add_argument("--format", required=True, choices=tuple(EXPORT_FORMATS))
    p.add_argument("-o", "--output", default=None, help="output file (default: next to the project)")
    p.add_argument("--graph", default="model")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--weights", default=None, metavar="FILE.safetensors",
                        help="trained weights to export (ONNX/TorchScript carry them inside; Python writes them "
                             "beside the .py file)")
    source.add_argument("--checkpoint", default=None, metavar="RUN_DIR_OR_CKPT",
                        help="a checkpoint file, or a run folder (its best checkpoint by validation loss, else "
                             "its last)")
    source.add_argument("--untrained", action="store_true",
                        help="random initial weights even when the project records weights (an import's)")
    p.set_defaults(func=run_export)


def _load(path: str):
    from netstudio import load_project

    return load_project(path)


def default_export_path(project_path: str, graph: str, suffix: str) -> Path:
    """``<project>_<graph><suffix>`` beside the project, a valid file name whatever the graph is called.

    The graph name is user text (it could hold ``/`` or be long); the project's own name already is a
    file name, so it is only shortened where the result would pass the 255-byte limit.
    """
    from netstudio.core.fileio import safe_file_stem

    tail = f"_{safe_file_stem(graph, max_length=64, fallback='graph')}{suffix}"
    stem = Path(project_path).stem
    while len((stem + tail).encode("utf-8", "surrogateescape")) > 255:
        stem = stem[:-1]
    return Path(project_path).with_name(stem + tail)


def run_check(args) -> int:
    from netstudio.compiler import graph_problems
    from netstudio.compiler.shape_cache import CachedInference

    project = _load(args.project)
    inference = CachedInference(one_shot=True)  # an unchanged graph answers from the shape cache, without torch
    errors = warnings = 0
    for name, graph in project.graphs.items():
        for problem in graph_problems(graph, inference.infer(graph)):
            where = problem.node_id or f"<{name}>"
            prefix = "warning: " if problem.severity == "warning" else ""
            graph_note = f" [{name}]" if len(project.graphs) > 1 else ""
            print(f"{where}{graph_note}: {prefix}{problem.message}")
            if problem.severity == "error":
                errors += 1
            else:
                warnings += 1
    inference.flush()
    if errors:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    graphs = ", ".join(project.graphs)
    print(f"OK: {len(project.graphs)} graph(s) valid ({graphs}), {warnings} warning(s)", file=sys.stderr)
    return 0


def run_summary(args) -> int:
    from netstudio.compiler.summary import summarize, summary_table

    if args.layers:
        return _print_layers()
    if not args.project:
        raise NetStudioError("give a project file, or --layers for the list of layer types")
    from netstudio.training.memory import cost_settings

    project = _load(args.project)
    names = [args.graph] if args.graph else list(project.graphs)
    settings = cost_settings(project.training)
    if args.batch_size is not None and args.batch_size < 1:
        raise NetStudioError(f"--batch-size must be at least 1, not {args.batch_size}")
    batch = args.batch_size or settings.batch_size
    from netstudio.compiler.shape_cache import CachedInference

    inference = CachedInference(one_shot=True)  # cost needs only shapes: a cached graph is summarised without torch
    results = [summarize(project.graph(n), inference, batch_size=batch, optimizer=settings.optimizer) for n in names]
    inference.flush()
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    else:
        print("\n\n".join(summary_table(r) for r in results))
    return 0


def _print_layers() -> int:
    from netstudio.layers import CATEGORIES, specs_in

    for category in CATEGORIES:
        print(f"{category}:")
        print("  " + ", ".join(s.type for s in specs_in(category)))
    return 0


def run_export(args) -> int:
    from netstudio.export import export_graph

    project = _load(args.project)
    project.graph(args.graph)           # an unknown graph is named before any checkpoint is read
    suffix = EXPORT_FORMATS[args.format]
    out = Path(args.output) if args.output else default_export_path(args.project, args.graph, suffix)
    weights, note = args.weights, "untrained weights"
    if args.weights is not None:
        note = f"weights from {args.weights}"
    if args.checkpoint is not None:
        from netstudio.training.predict import graph_weights

        weights, choice = graph_weights(project, args.graph, args.checkpoint)
        how = {"best": "best checkpoint", "last": "last checkpoint"}.get(choice.which)
        facts = [f for f in (how, f"epoch {choice.epoch}" if choice.epoch is not None else None) if f]
        note = f"weights from {choice.path}" + (f" ({', '.join(facts)})" if facts else "")
    if args.weights is None and args.checkpoint is None and not args.untrained and args.format != "train-script":
        from netstudio.export.weight_matching import project_export_weights

        imported, report = project_export_weights(project, args.graph)   # an imported model's own weights
        if imported is not None:
            weights, note = imported, report.summary()
    extra = {}
    if args.format == "train-script":   # the whole project's training, not one graph: its own default name
        from netstudio.training.script_settings import train_script_settings

        extra["settings"] = train_script_settings(project)
        out = Path(args.output) if args.output else Path(args.project).with_name(Path(args.project).stem + "_train.py")
        note = "the model, data, optimizer and loop; run it with python or torchrun"
    try:
        export_graph(project, args.graph, args.format, out, weights=weights, **extra)
    except GraphError as exc:
        raise ProjectError(f"graph '{args.graph}' cannot be exported: {exc}") from None
    print(f"wrote {out} ({note})")
    if args.format == "python" and weights is not None:
        from netstudio.export import weights_beside

        print(f"wrote {weights_beside(out)}")
    return 0

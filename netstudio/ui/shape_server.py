"""The shape server: a child process that runs shape inference (and code generation) with torch.

``python -m netstudio.ui.shape_server`` reads one JSON request per line on stdin and writes one JSON
answer per line on stdout. It imports no Qt.

Why a process and not only a thread: importing torch and the first use of a layer type run long
stretches of C++ that hold Python's GIL (measured here: 1.4 s of GUI-thread lateness while a worker
*thread* imported torch, against 0.13 s with torch already in). A thread of the GUI process waiting on
a pipe releases the GIL, so the window keeps every frame while this process does the work. The GUI
process imports torch only when it trains or exports.

Requests: ``{"op": "infer", "graph": {...}, "name": str}`` -> ``{"infos": {node id: record}}``;
``{"op": "code", "project": {...}, "graph": str}`` -> ``{"text": str}``; ``{"op": "warm_project",
"path"}`` / ``{"op": "warm_type", "type"}`` (see ``warm_requests``) -> ``{"ok": true}``; ``{"op": "devices"}`` -> ``{"devices": [[id, name]]}``.
An answer to a request that failed is ``{"error": "..."}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _infer(request: dict, inference) -> dict:
    from netstudio.core.project import _graph_from_dict

    def fail(message, node_id=None, field=None):
        raise ValueError(message)

    graph = _graph_from_dict(request.get("name") or "model", request["graph"], fail, None)
    if request.get("blocks"):   # the block definitions its Block nodes use
        from netstudio.core.project import blocks_from_dict

        graph.blocks = blocks_from_dict(request["blocks"])
    infos = inference.infer(graph)
    inference.store.flush()
    return {"infos": {nid: info.to_record() for nid, info in infos.items()}}


def code_text(project, graph_name: str, inference) -> str:
    """The standalone PyTorch module for the graph, or a sentence saying why there is none yet."""
    from netstudio.compiler.shapes import graph_problems
    from netstudio.core.errors import NetStudioError

    graph = project.graph(graph_name)
    problems = [p for p in graph_problems(graph, inference.infer(graph)) if p.severity == "error"]
    if problems:
        lines = [f"# {p.node_id + ': ' if p.node_id else ''}{p.message}" for p in problems[:20]]
        return "\n".join(["# The graph has errors, so it does not compile yet:", *lines])
    try:
        from netstudio.export.python_code import generate_python
    except ImportError:
        generate_python = None
    try:
        if generate_python is not None:
            return generate_python(project, graph_name, inference=inference)
        from netstudio.compiler import build_module

        return build_module(graph, inference=inference).code
    except NetStudioError as exc:
        return f"# The graph does not compile: {exc}"


def _code(request: dict, inference) -> dict:
    from netstudio.core.project import project_from_dict

    project = project_from_dict(request["project"])
    return {"text": code_text(project, request["graph"], inference)}


def _sample_files() -> list[Path]:
    """The templates (in the package) and the sample projects (beside it in a checkout)."""
    package = Path(__file__).resolve().parents[1]
    return sorted(package.joinpath("templates").glob("*.nsproj")) + sorted(
        package.parent.joinpath("sample_projects").glob("*.nsproj"))


_TRY_SHAPES = [((1, 8, 8), "float32"), ((8,), "float32"), ((4, 8), "float32"), ((1, 4, 8, 8), "float32"),
               ((1, 16), "float32"), ((6,), "int64"), ((1, 16, 16), "float32")]


def _warm_type(spec) -> None:
    """Run one layer type on the meta device with its defaults (the first use is the slow one)."""
    import torch

    from netstudio.compiler.shapes import META_BATCH
    from netstudio.layers.build import apply, make_module

    if not spec.inputs and not spec.variadic:
        return
    params = spec.resolved(spec.initial_params())
    count = max(len([p for p in spec.inputs if not p.optional]), spec.min_inputs if spec.variadic else 0, 1)
    for shape, dtype in _TRY_SHAPES:
        shapes = [shape] * count
        try:
            with torch.device("meta"):
                module = make_module(spec, params, shapes)
                inputs = [torch.empty((META_BATCH, *s), dtype=getattr(torch, dtype)) for s in shapes]
                apply(spec, module, inputs, params)
            return
        except Exception:  # noqa: BLE001 - not this shape: try the next
            continue


def warm_requests() -> list[dict]:
    """Small warming requests (each a fraction of a second), so an edit's request never waits long:
    the samples' and templates' graphs (their shapes land in the persistent cache), then every type."""
    from netstudio.layers import all_specs

    return ([{"op": "warm_project", "path": str(p)} for p in _sample_files()]
            + [{"op": "warm_type", "type": s.type} for s in all_specs()])


def _warm(request: dict, inference) -> dict:
    from netstudio import load_project
    from netstudio.layers import get_spec

    if request["op"] == "warm_project":
        for graph in load_project(request["path"]).graphs.values():
            inference.infer(graph)
        inference.store.flush()
    elif get_spec(request["type"]) is not None:
        _warm_type(get_spec(request["type"]))
    return {"ok": True}


def _devices() -> dict:
    from netstudio.training.devices import available_devices

    return {"devices": [list(d) for d in available_devices()]}


def serve(stdin=None, stdout=None) -> None:
    from netstudio.compiler.shape_cache import shared_cache
    from netstudio.compiler.shapes import ShapeInference

    import os

    if stdout is None:  # answers on a private copy of stdout: a library that prints cannot garble them
        stdout = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
        sys.stdout = sys.stderr
    stdin = stdin or sys.stdin
    inference = ShapeInference(store=shared_cache())
    if os.environ.get("NETSTUDIO_SHAPE_SERVER_PRELOAD"):  # started early: torch loads while the GUI builds
        from netstudio.compiler.shapes import reserved_names

        inference.store.put_extra("reserved_names", sorted(reserved_names()))
        from netstudio.layers import get_spec

        for name in PRELOAD_TYPES:   # their first use on the meta device, before the first request needs it
            spec = get_spec(name)
            if spec is not None:
                _warm_type(spec)
    for line in stdin:
        request = {}
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "infer":
                answer = _infer(request, inference)
            elif op == "code":
                answer = _code(request, inference)
            elif op in ("warm_project", "warm_type"):
                answer = _warm(request, inference)
            elif op == "devices":
                answer = _devices()
            else:
                answer = {"error": f"unknown request {op!r}"}
        except Exception as exc:  # noqa: BLE001 - answered, so the GUI never waits for nothing
            answer = {"error": f"{type(exc).__name__}: {exc}"}
            request = request if isinstance(request, dict) else {}
        answer["id"] = request.get("id")
        stdout.write(json.dumps(answer) + "\n")
        stdout.flush()


# The layers of nearly every project (and of the samples a user opens first): warmed before the first
# request when the server was started early, so the first shapes do not wait for their first use.
PRELOAD_TYPES = ("Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear")



def prepare_process() -> None:
    """For the server process only: defer the torch parts it does not need (``compiler.meta_torch``)."""
    from netstudio.compiler.meta_torch import install

    install()


def exit_with_parent(interval: float = 0.2) -> None:
    """End this process as soon as the GUI process is gone (closed, crashed or killed).

    Without it a server still importing torch or warming layers (seconds of CPU) outlived its window and
    competed with the next start for the cores; reading stdin's end only notices between requests. A
    daemon thread polls the parent id (portable; the import holds the GIL only in short stretches)."""
    import os
    import threading
    import time

    # the GUI names itself (``shape_worker``): a parent that died before this line ran is noticed too
    parent = int(os.environ.get("NETSTUDIO_SHAPE_SERVER_PARENT") or os.getppid())

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    exit_with_parent()
    prepare_process()
    serve()

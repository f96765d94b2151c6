"""Export a graph as a standalone, readable PyTorch file that imports only torch."""

from __future__ import annotations

import inspect
import re

from netstudio import __version__
from netstudio.compiler.codegen import constructor_code
from netstudio.compiler.fx_build import build_module, check_graph, class_name_for, output_nodes
from netstudio.compiler.shapes import ShapeInference
from netstudio.core.project import Project
from netstudio.layers import require_spec, shape_text

_CALL = re.compile(r"^(\s+)(\w+) = self\.(\w+)\(")


def _forward_code(gm, infos) -> list[str]:
    """fx's forward, without its ``x = None`` clean-up statements, with shape comments."""
    lines = []
    for line in gm.code.strip("\n").splitlines():
        line = re.sub(r";\s+[\w, =]+ = None$", "", line.rstrip())
        if not line.strip():
            continue
        m = _CALL.match(line)
        if m and m.group(3) in infos and infos[m.group(3)].out_shapes:
            info = infos[m.group(3)]
            if len(info.out_shapes) == 1:
                line += f"  # {shape_text(info.out_shapes[0], batch='B')}"
        lines.append("    " + line)
    return lines


def generate_python(project: Project, graph_name: str = "model", inference: ShapeInference | None = None) -> str:
    """The source of a module file defining ``class <ProjectName>(nn.Module)``.

    Its ``state_dict`` keys equal those of ``project.build_model(graph_name)``, so trained
    NetStudio weights load into it directly. Raises GraphError when the graph is not valid.
    """
    import torch

    graph = project.graph(graph_name)
    inference = inference or ShapeInference()
    infos = check_graph(graph, inference)
    with torch.device("meta"):  # only the code is needed: no weights are allocated
        gm = build_module(graph, inference=inference)
    name = class_name_for(project.name if graph_name == "model" else f"{project.name} {graph_name}")
    order = graph.topological_order()

    custom = []
    init = []
    for nid in order:
        node = graph.node(nid)
        spec = require_spec(node.type)
        if spec.torch_class is None or node.type in ("Input", "Output"):
            continue
        if spec.custom_class:
            custom.append(spec.torch_class)
        init.append(f"        self.{nid} = {constructor_code(node.type, node.params, infos[nid].in_shapes)}")

    inputs = [n for n in graph if n.type == "Input"]
    doc_in = ", ".join(f"{n.id} {shape_text(infos[n.id].out_shapes[0], batch='B')} {infos[n.id].out_dtypes[0]}"
                       for n in inputs)
    doc_out = ", ".join(f"{o} {shape_text(infos[o].out_shapes[0], batch='B')}"
                        for o in output_nodes(graph) if infos[o].out_shapes)
    total = sum(i.param_count for i in infos.values())

    out = [f'"""{project.name}: graph \'{graph_name}\', exported by NetStudio {__version__}.',
           "",
           f"Inputs: {doc_in}.",
           f"Outputs: {doc_out}. B is the batch size.",
           f"Trainable parameters: {total:,}.",
           '"""', ""]
    if custom:
        out.append("import math")
        out.append("")
    out += ["import torch", "from torch import nn", ""]
    if custom:
        from netstudio.layers import modules

        for cls in dict.fromkeys(custom):
            out += ["", inspect.getsource(getattr(modules, cls)).rstrip(), ""]
    out += ["", f"class {name}(nn.Module):", "    def __init__(self):", "        super().__init__()"]
    out += init or ["        pass"]
    out.append("")
    out += _forward_code(gm, infos)
    example = ", ".join(
        (f"torch.zeros(2, {', '.join(map(str, infos[n.id].out_shapes[0]))}, dtype=torch.long)"
         if infos[n.id].out_dtypes[0] == "int64" else f"torch.randn(2, {', '.join(map(str, infos[n.id].out_shapes[0]))})")
        for n in inputs)
    out += ["", "", 'if __name__ == "__main__":', f"    model = {name}()", f"    output = model({example})",
            "    print(output.shape if isinstance(output, torch.Tensor) else [o.shape for o in output])", ""]
    return "\n".join(out)

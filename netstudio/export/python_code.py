"""Export a graph as a standalone, readable PyTorch file that imports only torch."""

from __future__ import annotations

import inspect
import keyword
import re
from pathlib import Path

from netstudio import __version__
from netstudio.compiler.codegen import constructor_code
from netstudio.compiler.fx_build import build_module, check_graph, output_nodes
from netstudio.compiler.shapes import ShapeInference
from netstudio.core.project import Project
from netstudio.layers import require_spec, shape_text

from .block_code import forward_lines

def _camel(text: str) -> str:
    """"mnist CNN v2" -> "MnistCnnV2"; letters of any script are kept (Python allows them in names)."""
    words = re.findall(r"[^\W_]+", text)
    return "".join(w[:1].upper() + (w[1:].lower() if w.isupper() or w.islower() else w[1:]) for w in words)


def export_class_name(project: Project, graph_name: str = "model") -> str:
    """The exported class's name: the project's name in CamelCase ("Digits CNN" -> "DigitsCnn").

    A project without a usable name ("Untitled", only punctuation) falls back to the graph's name;
    a second graph of a project gets its graph name appended ("MyGanGenerator").
    """
    name = (project.name or "").strip()
    base = _camel(name) if name and name != "Untitled" else ""
    graph = _camel(graph_name)
    if not base:
        base = graph or "Model"
    elif graph_name != "model":
        base += graph
    if not base.isidentifier() or keyword.iskeyword(base):
        base = "Model" + base
    return base if base.isidentifier() else "Model"


def load_snippet(class_name: str, module_name: str, weights_file: str) -> list[str]:
    """The three lines that rebuild the trained model from the exported files (shown in the file and the README)."""
    return ["from safetensors.torch import load_file",
            f"from {module_name} import {class_name}",
            f"model = {class_name}(); model.load_state_dict(load_file({weights_file!r})); model.eval()"]


def generate_python(project: Project, graph_name: str = "model", inference: ShapeInference | None = None,
                    weights_file: str | None = None, module_name: str = "model", note_untrained: bool = False) -> str:
    """The source of a module file defining ``class <ProjectName>(nn.Module)``.

    Its ``state_dict`` keys equal those of ``project.build_model(graph_name)``, so trained
    NetStudio weights load into it directly. ``weights_file``: the name of the safetensors file
    written beside it (its docstring then shows how to load it, and running the file uses it);
    ``note_untrained``: say in the docstring that no weights came with it (an export, not the code view).
    Raises GraphError when the graph is not valid.
    """
    import torch

    from netstudio.core.blocks import has_blocks

    graph = project.graph(graph_name)
    inference = inference or ShapeInference()
    name = export_class_name(project, graph_name)
    if has_blocks(graph):  # one class per block (export/block_code.py)
        from netstudio.compiler.fx_build import check_flat

        from .block_code import model_classes

        infos, exp, flat_infos = check_flat(graph, inference)
        with torch.device("meta"):
            classes, custom = model_classes(graph, exp, flat_infos, name)
        return _module_text(project, graph_name, graph, infos, name, custom, classes, weights_file, module_name,
                            note_untrained)
    infos = check_graph(graph, inference)
    with torch.device("meta"):  # only the code is needed: no weights are allocated
        gm = build_module(graph, inference=inference)
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
    classes = ["", f"class {name}(nn.Module):", "    def __init__(self):", "        super().__init__()"]
    classes += init or ["        pass"]
    classes.append("")
    classes += forward_lines(gm, infos)
    return _module_text(project, graph_name, graph, infos, name, custom, classes, weights_file, module_name,
                        note_untrained)


def _module_text(project: Project, graph_name: str, graph, infos, name: str, custom: list[str], classes: list[str],
                 weights_file: str | None, module_name: str, note_untrained: bool) -> str:
    """The module file around the model's class(es): docstring, imports, custom layers and the demo."""
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
           ""]
    if weights_file:
        out += [f"The trained weights are in {weights_file} beside this file. Load them (pip install torch "
                "safetensors):", ""]
        out += ["    " + line for line in load_snippet(name, module_name, weights_file)]
    elif note_untrained:
        out.append("Exported without trained weights: the layers start from PyTorch's random initialisation.")
    out += ['"""', ""]
    if custom:
        out.append("import math")
        out.append("")
    out += ["import torch", "from torch import nn", ""]
    if custom:
        from netstudio.layers import modules

        for cls in dict.fromkeys(custom):
            out += ["", inspect.getsource(getattr(modules, cls)).rstrip(), ""]
    out += classes
    example = ", ".join(
        (f"torch.zeros(2, {', '.join(map(str, infos[n.id].out_shapes[0]))}, dtype=torch.long)"
         if infos[n.id].out_dtypes[0] == "int64" else f"torch.randn(2, {', '.join(map(str, infos[n.id].out_shapes[0]))})")
        for n in inputs)
    out += ["", "", 'if __name__ == "__main__":', f"    model = {name}()"]
    if weights_file:   # running the file uses the trained weights beside it
        out += ["    from pathlib import Path", "", "    from safetensors.torch import load_file", "",
                f"    model.load_state_dict(load_file(Path(__file__).with_name({weights_file!r})))",
                "    model.eval()"]
    out += [f"    output = model({example})",
            "    print(output.shape if isinstance(output, torch.Tensor) else [o.shape for o in output])", ""]
    return "\n".join(out)


def export_python(project: Project, graph_name: str, path, weights=None) -> Path:
    """Write the module file; with ``weights``, also ``<stem>.safetensors`` beside it.

    The weights are checked against the graph before anything is written, so a checkpoint that
    does not fit leaves no file behind.
    """
    from netstudio.core.fileio import atomic_write_text
    from netstudio.export import weights_beside

    from .binary import model_with_weights
    from .weights import save_weights

    path = Path(path)
    beside = weights_beside(path) if weights is not None else None
    if beside is not None and beside == path:
        beside = path.with_name(path.name + ".safetensors")
    module = path.stem if path.stem.isidentifier() and not keyword.iskeyword(path.stem) else "model"
    code = generate_python(project, graph_name, weights_file=beside.name if beside else None, module_name=module,
                           note_untrained=beside is None)
    if beside is not None:
        model = model_with_weights(project, graph_name, weights)
        graph = project.graph(graph_name)
        from netstudio.core.blocks import expand, has_blocks

        if has_blocks(graph):  # the exported classes nest: layer1_0__conv1.weight is layer1.0.conv1.weight
            from .block_code import nested_state
            from .weights import save_state

            save_state(nested_state(model.state_dict(), expand(graph)), beside)
        else:
            save_weights(model, beside)
    atomic_write_text(path, code)
    return path

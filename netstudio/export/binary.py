"""ONNX and TorchScript exports of a compiled graph."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from netstudio.compiler.fx_build import build_module, example_inputs
from netstudio.core.errors import NetStudioError
from netstudio.core.fileio import atomic_write_bytes
from netstudio.core.project import Project


# The ONNX operator set exported files declare, pinned so that a file does not change with the
# installed torch's own default.
ONNX_OPSET = 18


class ExportError(NetStudioError):
    """An export the graph or the installed packages cannot produce."""


def model_with_weights(project: Project, graph_name: str, weights=None):
    """The compiled graph in eval mode, with ``weights`` (a safetensors path or a state dict) loaded.

    A GAN checkpoint holds both graphs under ``generator.``/``discriminator.``: the exported graph's
    tensors are taken. Raises NetStudioError naming the first tensor that does not fit.
    """
    model = build_module(project.graph(graph_name))
    if weights is not None:
        from netstudio.export.weights import load_weights, module_key

        load_weights(model, weights, graph_name, module_key(project, graph_name))
    return model.eval()


def export_onnx(project: Project, graph_name: str, path: str | os.PathLike, weights=None) -> Path:
    """Write an ONNX file with a dynamic batch dimension (torch.onnx's dynamo exporter)."""
    import torch

    try:
        import onnxscript  # noqa: F401  (the exporter needs it; fail with a sentence, not an ImportError)
    except ImportError:
        raise ExportError("ONNX export needs the packages onnx and onnxscript: pip install onnx onnxscript") from None
    model = model_with_weights(project, graph_name, weights)
    inputs = example_inputs(project.graph(graph_name), batch=2)
    batch = torch.export.Dim("batch", min=1)
    names = [n.id for n in project.graph(graph_name) if n.type == "Input"]
    dynamic = {name: {0: batch} for name in names}
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.onnx.export(model, inputs, dynamo=True, dynamic_shapes=dynamic, input_names=names,
                                        opset_version=ONNX_OPSET, verbose=False)
        program.save(str(tmp))
        os.replace(tmp, path)
    except NetStudioError:
        raise
    except Exception as exc:  # the exporter's own refusal: keep its first line, never a traceback
        tmp.unlink(missing_ok=True)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(f"ONNX export of graph '{graph_name}' failed: {first}") from None
    return path


def export_torchscript(project: Project, graph_name: str, path: str | os.PathLike, weights=None) -> Path:
    """Write a TorchScript archive (scripted; traced when scripting refuses the graph)."""
    import io

    import torch

    model = model_with_weights(project, graph_name, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.jit prints deprecation notices on recent torch
        try:
            scripted = torch.jit.script(model)
        except Exception:
            scripted = torch.jit.trace(model, example_inputs(project.graph(graph_name), batch=2))
        buffer = io.BytesIO()
        torch.jit.save(scripted, buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return Path(path)

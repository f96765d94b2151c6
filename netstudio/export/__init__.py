"""Exports: standalone Python code, ONNX, TorchScript and safetensors weights."""

from __future__ import annotations

import os
from pathlib import Path

#: Every format ``export_graph`` writes, with the file suffix its files get (CLI default names, save dialogs).
EXPORT_FORMATS: dict[str, str] = {"python": ".py", "onnx": ".onnx", "torchscript": ".pt"}


def export_graph(project, graph_name: str, fmt: str, path: str | os.PathLike, weights=None) -> Path:
    """Write graph ``graph_name`` of ``project`` in format ``fmt``.

    Parameters
    ----------
    project : Project
        The project holding the graph.
    graph_name : str
        Which graph to export.
    fmt : str
        A key of ``EXPORT_FORMATS``: "python", "onnx" or "torchscript".
    path : str or PathLike
        The file to write (replaced atomically).
    weights : str or PathLike, optional
        A safetensors file loaded into the model first (ONNX and TorchScript; Python code has no weights).

    Returns
    -------
    Path
        The file written.
    """
    if fmt == "python":
        from netstudio.core.fileio import atomic_write_text

        from .python_code import generate_python

        atomic_write_text(path, generate_python(project, graph_name))
        return Path(path)
    if fmt == "onnx":
        from .binary import export_onnx

        return export_onnx(project, graph_name, path, weights)
    if fmt == "torchscript":
        from .binary import export_torchscript

        return export_torchscript(project, graph_name, path, weights)
    raise ValueError(f"unknown export format {fmt!r}")


__all__ = ["EXPORT_FORMATS", "export_graph"]

"""Exports: standalone Python code, ONNX, TorchScript and safetensors weights."""

from __future__ import annotations

import os
from pathlib import Path


def export_graph(project, graph_name: str, fmt: str, path: str | os.PathLike, weights=None) -> Path:
    """Write graph ``graph_name`` of ``project`` as ``fmt`` ("python", "onnx" or "torchscript")."""
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


__all__ = ["export_graph"]

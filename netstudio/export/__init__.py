"""Exports: standalone Python code, ONNX, TorchScript and safetensors weights."""

from __future__ import annotations

import os
from pathlib import Path

#: Every format ``export_graph`` writes, with the file suffix its files get (CLI default names, save dialogs).
EXPORT_FORMATS: dict[str, str] = {"python": ".py", "onnx": ".onnx", "torchscript": ".pt", "train-script": ".py"}


def export_graph(project, graph_name: str, fmt: str, path: str | os.PathLike, weights=None,
                 settings: dict | None = None) -> Path:
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
    weights : str, PathLike or dict, optional
        Trained weights: a safetensors file (a GAN checkpoint's file gives this graph's tensors) or a
        state dict already read. ONNX and TorchScript carry them inside; Python code gets them as
        ``<path stem>.safetensors`` beside the ``.py`` file. None: untrained (random) weights.
    settings : dict, optional
        "train-script" only (a standalone training script of the whole project): its resolved task, data
        and training sections, from ``netstudio.training.script_settings.train_script_settings``.

    Returns
    -------
    Path
        The file written.
    """
    if fmt == "python":
        from .python_code import export_python

        return export_python(project, graph_name, path, weights)
    if fmt == "onnx":
        from .binary import export_onnx

        return export_onnx(project, graph_name, path, weights)
    if fmt == "torchscript":
        from .binary import export_torchscript

        return export_torchscript(project, graph_name, path, weights)
    if fmt == "train-script":
        from .train_script import export_train_script

        if settings is None:
            raise ValueError("a train-script export needs the resolved settings (script_settings)")
        return export_train_script(project, path, settings, graph_name)
    raise ValueError(f"unknown export format {fmt!r}")


def weights_beside(path: str | os.PathLike) -> Path:
    """Where a Python export puts its weights: ``model.py`` -> ``model.safetensors``."""
    return Path(path).with_suffix(".safetensors")


__all__ = ["EXPORT_FORMATS", "export_graph", "weights_beside"]

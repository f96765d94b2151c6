"""Weights for an imported model: torchvision's pretrained files, a local file, and a new head.

torchvision's pretrained weights come through its weights API (``get_model_weights(name).DEFAULT``)
and torch hub's cache; the file is read with ``torch.load(weights_only=True)`` before torchvision
loads it (torchvision itself would unpickle without that restriction). Offline, the one sentence
names the file, where it comes from and where to put it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from netstudio.core.errors import NetStudioError
from netstudio.core.graph import Graph


def parse_input_shape(text: str) -> list[int]:
    """``3,224,224`` (or ``3x224x224``) as sizes; one sentence when it is not."""
    try:
        shape = [int(part) for part in text.replace("x", ",").split(",") if part.strip()]
    except ValueError:
        shape = []
    if not shape or any(d < 1 for d in shape):
        raise NetStudioError(f"--input-shape must be sizes such as 3,224,224, not {text!r}")
    return shape


def pretrained_file(name: str) -> tuple[str, Path]:
    """(url, cache path) of torchvision's default pretrained weights of model ``name``."""
    import torch
    import torchvision

    try:
        weights = torchvision.models.get_model_weights(name).DEFAULT
    except (ValueError, KeyError, AttributeError):
        raise NetStudioError(f"torchvision has no pretrained weights for '{name}'") from None
    url = weights.url
    return url, Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(urlparse(url).path)


def ensure_pretrained(name: str) -> Path:
    """The cached pretrained file of ``name``, downloaded into torch hub's cache when missing and online."""
    import torch

    url, cached = pretrained_file(name)
    if not cached.is_file():
        import re

        match = re.search(r"-([a-f0-9]*)\.", cached.name)   # torch hub's check of the file's hash prefix
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            torch.hub.download_url_to_file(url, str(cached), match.group(1) if match else None, progress=False)
        except Exception as exc:  # noqa: BLE001 - URLError, timeouts, hash mismatch, a read-only cache
            why = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
            raise NetStudioError(f"cannot download the pretrained weights of {name} ({why}): put {cached.name} "
                                 f"(from {url}) into {cached.parent}{os.sep} and run again") from None
    return cached


def pretrained_torchvision(name: str, args: dict):
    """torchvision model ``name`` with its default pretrained weights, read safely from the cache."""
    import torchvision

    from .weight_matching import read_any_weights

    cached = ensure_pretrained(name)
    read_any_weights(cached)   # refuses a file that would need more than tensors to unpickle
    weights = torchvision.models.get_model_weights(name).DEFAULT
    try:
        return torchvision.models.get_model(name, weights=weights, **args)
    except (RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0][:200]
        raise NetStudioError(f"the pretrained weights of {name} in {cached} do not fit the model ({first}); "
                             "delete the file to download it again") from None


def last_linear(graph: Graph) -> str | None:
    """The classifier head: the Linear nearest the output (last in the graph's order)."""
    order = graph.topological_order()
    linears = [nid for nid in order if graph.node(nid).type == "Linear"]
    return linears[-1] if linears else None


def head_node(graph: Graph, node_id: str | None = None) -> str:
    """``node_id`` checked as a Linear, or the graph's last Linear; one sentence when there is none."""
    if node_id is None:
        node_id = last_linear(graph)
        if node_id is None:
            raise NetStudioError("the model has no Linear layer to act as the head")
    elif graph.node(node_id).type != "Linear":
        raise NetStudioError(f"'{node_id}' is a {graph.node(node_id).type}; only a Linear head can be replaced")
    return node_id


def check_classes(num_classes) -> int:
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise NetStudioError(f"the number of classes must be a whole number of at least 1, not {num_classes!r}")
    return num_classes


def without_head(state: dict, node_id: str) -> dict:
    """``state`` without the head's tensors, which are initialised afresh (and reported as new) when loaded."""
    return {k: v for k, v in state.items() if not k.startswith(node_id + ".")}


def replace_head_in_state(graph: Graph, state: dict, num_classes: int, node_id: str | None = None) -> str:
    """Give the head ``num_classes`` outputs and drop its tensors from ``state`` (an import, before saving)."""
    node_id = head_node(graph, node_id)
    params = dict(graph.node(node_id).params)
    params["out_features"] = check_classes(num_classes)
    graph.set_params(node_id, params)
    for key in [k for k in state if k.startswith(node_id + ".")]:
        del state[key]
    return node_id


def rewrite_without_head(weights_path: Path, node_id: str) -> int:
    """Rewrite a project's weights file without the head's tensors; returns how many were dropped."""
    from safetensors.torch import save

    from netstudio.core.fileio import atomic_write_bytes

    from .weights import read_weights

    state = read_weights(weights_path)
    kept = without_head(state, node_id)
    if len(kept) != len(state):
        try:
            atomic_write_bytes(weights_path, save({k: v.contiguous() for k, v in kept.items()}))
        except OSError as exc:
            raise NetStudioError(f"cannot write {weights_path}: {exc.strerror or exc}") from None
    return len(state) - len(kept)


def load_file_into_import(result, path) -> "object":
    """Load a local weights file into an import's weights, matching its layers; returns the WeightReport."""
    from netstudio.compiler import build_module

    from .weight_matching import LAYER_SOURCES, load_matching, read_any_weights

    state = read_any_weights(path)
    model = build_module(result.project.graph())
    model.load_state_dict(result.state_dict, strict=False)
    report = load_matching(model, state, Path(path).name, result.project.extra.get(LAYER_SOURCES))
    result.state_dict = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    return report


def import_project(source: str, output, input_shape: list[int] | None, args: dict | None = None,
                   pretrained: bool = False, weights=None, num_classes: int | None = None) -> tuple[object, list[str]]:
    """The whole import behind ``netstudio import`` and File > Import model: returns (ImportResult, report lines).

    ``source``: torchvision:NAME, path/to/model.py:Factory or path/to/model.onnx. ``input_shape`` None:
    the ONNX file's own, or 3,224,224 for PyTorch sources. Writes ``output`` and its weights beside it;
    raises NetStudioError with one sentence.
    """
    from .importer import import_model, load_source, save_import
    from .onnx_import import import_onnx, is_onnx_source

    if num_classes is not None:
        check_classes(num_classes)
    if is_onnx_source(source):   # input_shape None: the file's own
        if pretrained or args:
            raise NetStudioError("--pretrained and --args are for PyTorch sources; an ONNX file holds its weights")
        result = import_onnx(source, input_shape)
    else:
        model, name = load_source(source, args, pretrained=pretrained)
        path = None if source.startswith("torchvision:") else Path(source.rpartition(":")[0])
        result = import_model(model, name, input_shape or [3, 224, 224], path=path)
    lines = list(result.notes)   # e.g. an ONNX import whose outputs could not be compared
    if weights:
        lines.append(load_file_into_import(result, weights).summary())
    if num_classes is not None:
        head = replace_head_in_state(result.project.graph(), result.state_dict, num_classes)
        lines.append(f"head {head} replaced: {num_classes} classes, its weights start new")
    save_import(result, output)
    return result, lines

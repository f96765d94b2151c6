"""Loading weights into the layers they fit: pretrained files, an import's weights, a checkpoint of another model.

Fine-tuning starts from weights that rarely fit the graph exactly: the head was replaced, a layer was
added, the file came from the original PyTorch model (``layer1.0.conv1.weight`` where the imported
graph calls the layer ``layer1_0_conv1``). Every tensor whose name and shape fit is loaded; the rest is
reported, never silently dropped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from netstudio.core.errors import NetStudioError

#: Keys that wrap a state dict inside a torch checkpoint (``torch.save({"state_dict": ...})``).
_WRAPPERS = ("state_dict", "model_state_dict", "model", "net", "module")


@dataclass
class WeightReport:
    """What a weights file gave a model: tensors loaded, new (not in the file), unused, of another shape."""

    source: str
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)       # the graph's tensors the file lacks: kept as initialised
    unexpected: list[str] = field(default_factory=list)    # the file's tensors no layer uses
    mismatched: list[tuple[str, tuple, tuple]] = field(default_factory=list)   # (name, file shape, graph shape)

    @property
    def total(self) -> int:
        return len(self.matched) + len(self.missing) + len(self.mismatched)

    def summary(self) -> str:
        """One sentence: "weights from X: 60 of 62 tensors loaded; new (initialised): fc.weight, fc.bias"."""
        parts = [f"weights from {self.source}: {len(self.matched)} of {self.total} tensors loaded"]
        if self.missing:
            parts.append("new (initialised): " + _names(self.missing))
        if self.mismatched:
            parts.append("other shape, initialised: " + _names(
                [f"{k} {_shape(a)} in the file, {_shape(b)} in the graph" for k, a, b in self.mismatched], 3))
        if self.unexpected:
            parts.append("not used (no such layer): " + _names(self.unexpected))
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"source": self.source, "matched": len(self.matched), "missing": list(self.missing),
                "unexpected": list(self.unexpected),
                "mismatched": [[k, list(a), list(b)] for k, a, b in self.mismatched]}


def _names(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _shape(shape) -> str:
    return "(" + ", ".join(str(int(s)) for s in shape) + ")"


def node_id_of_module(path: str) -> str:
    """The node id the importer gives the layer at module path ``path`` (``layer1.0.conv1`` -> ``layer1_0_conv1``)."""
    base = re.sub(r"\W", "_", path).strip("_") or "node"
    return "m_" + base if base[0].isdigit() else base


def _alias(key: str) -> str:
    module, _, name = key.rpartition(".")
    return f"{node_id_of_module(module)}.{name}" if module else key


#: Project entry (written by a folded import): flat layer id -> the layer's id before folding (its module path).
LAYER_SOURCES = "layer_sources"


def match_state(own: Mapping, state: Mapping, source: str, sources: Mapping[str, str] | None = None
                ) -> tuple[dict, WeightReport]:
    """The tensors of ``state`` that fit ``own`` (a model's state dict), renamed to its keys, and the report.

    A file key fits its own name or, for a file from the original PyTorch model, the imported layer's
    name (module path with ``_`` for ``.``).
    """
    report = WeightReport(source)
    by_alias: dict[str, str] = {}
    for key in state:
        if key not in own:
            by_alias.setdefault(_alias(key), key)
    used: set[str] = set()
    load: dict = {}
    for key, value in own.items():
        file_key = key if key in state else by_alias.get(key)
        if file_key is None and sources:   # a layer inside a block: its name before folding
            module, _, name = key.rpartition(".")
            if module in sources:
                file_key = by_alias.get(f"{sources[module]}.{name}")
        if file_key is None:
            report.missing.append(key)
            continue
        used.add(file_key)
        tensor = state[file_key]
        if tuple(tensor.shape) != tuple(value.shape):
            report.mismatched.append((key, tuple(tensor.shape), tuple(value.shape)))
            continue
        load[key] = tensor
        report.matched.append(key)
    report.unexpected = [k for k in state if k not in used]
    return load, report


def load_matching(model, state: Mapping, source: str, sources: Mapping[str, str] | None = None) -> WeightReport:
    """Load every tensor of ``state`` that fits ``model`` (name and shape); the others stay as they are.

    ``sources`` is a folded import's ``layer_sources`` (flat layer id -> its id before folding).
    """
    import torch

    load, report = match_state(model.state_dict(), state, source, sources)
    with torch.no_grad():
        own = model.state_dict()
        for key, tensor in load.items():
            own[key].copy_(tensor.to(dtype=own[key].dtype))
    return report


def read_any_weights(path: str | os.PathLike) -> dict:
    """The tensors of a safetensors file or of a torch checkpoint (read with ``weights_only=True``).

    A checkpoint that wraps its state dict (``{"state_dict": ...}``, a DDP ``module.`` prefix) is unwrapped.
    """
    from .weights import read_weights

    path = Path(path)
    if path.suffix == ".safetensors":
        return read_weights(path)
    if not path.exists():
        raise NetStudioError(f"{path}: no such weights file")
    if not path.is_file():
        raise NetStudioError(f"{path}: not a weights file (give a .safetensors, .pt or .pth file)")
    import torch

    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - pickle refusals, zip errors, truncated files: one sentence
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise NetStudioError(f"{path}: not a weights file NetStudio can read safely ({first})") from None
    for _ in range(3):
        if isinstance(data, Mapping) and not any(isinstance(v, torch.Tensor) for v in data.values()):
            inner = next((data[k] for k in _WRAPPERS if isinstance(data.get(k), Mapping)), None)
            if inner is None:
                break
            data = inner
    if not isinstance(data, Mapping):
        raise NetStudioError(f"{path} holds a {type(data).__name__}, not a state dict of tensors")
    tensors = {str(k): v for k, v in data.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise NetStudioError(f"{path} holds no tensors")
    if all(k.startswith("module.") for k in tensors):   # saved from a DataParallel/DDP wrapper
        tensors = {k[len("module."):]: v for k, v in tensors.items()}
    return tensors


def project_weights_path(project) -> Path | None:
    """The weights file a project records (``"weights"``, relative to the project file), or None."""
    name = project.extra.get("weights") if isinstance(getattr(project, "extra", None), dict) else None
    if not isinstance(name, str) or not name:
        return None
    path = Path(name)
    if not path.is_absolute() and getattr(project, "path", None):
        path = Path(project.path).resolve().parent / path
    return path


def project_weights_for(model, project, graph_name: str = "model") -> WeightReport | None:
    """Load the project's recorded weights into ``model`` (graph ``graph_name``); None when it records none.

    Only the graph the weights were imported for (``"weights_graph"``, default ``model``) takes them.
    """
    path = project_weights_path(project)
    if path is None or project.extra.get("weights_graph", "model") != graph_name:
        return None
    if not path.is_file():
        raise NetStudioError(f"the project's weights file {path} is missing: put it back beside the project, "
                             "or remove \"weights\" from the project file")
    return load_matching(model, read_any_weights(path), path.name)


def project_export_weights(project, graph_name: str = "model"):
    """For an export with no checkpoint chosen: the graph's full state dict, starting from the project's weights.

    Returns ``(weights, report)``: ``weights`` a ``NamedWeights`` the exporters load strictly (tensors the
    file lacks keep the build's initial values, reported as new), or ``(None, None)`` when the project
    records no weights for this graph.
    """
    from netstudio.compiler import build_module

    from .weights import NamedWeights

    path = project_weights_path(project)
    if path is None or project.extra.get("weights_graph", "model") != graph_name:
        return None, None
    model = build_module(project.graph(graph_name))
    report = project_weights_for(model, project, graph_name)
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    return NamedWeights(state, str(path)), report

"""NetStudio: design neural networks as graphs, watch them learn, export plain PyTorch."""

from __future__ import annotations

import os

__version__ = "0.1.0"


def load_project(path: str | os.PathLike):
    """Read a project file, checking every node against the layer catalog.

    Raises ``netstudio.core.ProjectError`` naming the file, node and field at fault; never
    returns a half-loaded project. Does not import torch.
    """
    from netstudio.core.project import read_project
    from netstudio.layers import validate_node

    return read_project(path, validate_node)


def project_from_dict(data: dict, path: str = "<project>"):
    """Like ``load_project`` for a dict already in memory (templates, clipboard, tests)."""
    from netstudio.core.project import project_from_dict as _from_dict
    from netstudio.layers import validate_node

    return _from_dict(data, path, validate_node)


def build_model(project, graph: str = "model"):
    """Compile graph ``graph`` of ``project`` into a ``torch.fx.GraphModule`` (imports torch).

    Submodules are named by node id, so the state dict reads like the diagram (``conv1.weight``).
    Raises ``netstudio.core.GraphError`` naming the node at fault.
    """
    from netstudio.compiler import build_module

    return build_module(project.graph(graph))


__all__ = ["__version__", "build_model", "load_project", "project_from_dict"]

"""Graph -> torch: shape inference on the meta device and compilation to torch.fx."""

from .shapes import NodeInfo, ShapeInference, graph_problems


def build_module(graph, class_name=None, inference=None):
    """Compile ``graph`` into a ``torch.fx.GraphModule`` (see ``fx_build.build_module``)."""
    from .fx_build import build_module as _build

    return _build(graph, class_name, inference)


__all__ = ["NodeInfo", "ShapeInference", "build_module", "graph_problems"]

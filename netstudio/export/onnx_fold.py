"""An ONNX file's module hierarchy, for folding its import into blocks as a traced model's is (``import_fold``).

ONNX has no modules, but PyTorch's exporters leave them in each node:

- the dynamo exporter (torch's default) writes ``pkg.torch.onnx.name_scopes`` (``['', 'layer1', 'layer1.0',
  'layer1.0.conv1', 'conv2d_3']``) and ``pkg.torch.onnx.class_hierarchy`` (the classes of those scopes,
  ``torchvision.models.resnet.BasicBlock``, then the aten operator) in its metadata;
- the TorchScript exporter names nodes after their scope (``/layer1/layer1.0/conv1/Conv``), without classes:
  a scope whose children are numbered (``layer1.0``, ``layer1.1``) is taken for a Sequential, a numbered
  scope is a "Block" and any other is named after its attribute (``downsample`` -> "Downsample"); blocks of
  the same structure are still kept once.

A file from another exporter has neither, so its import opens flat (every layer), as before.
"""

from __future__ import annotations

import ast

from netstudio.core.graph import Graph

from .import_fold import CONTAINERS, ModuleMeta

Scope = list[tuple[str, str | None]]   # enclosing modules, outermost first: (qualified name, class or None)


def node_scopes(node) -> Scope:
    """The modules an ONNX node ran in, its own module last (empty when the file does not say)."""
    props = {p.key: p.value for p in node.metadata_props}
    names = _literal(props.get("pkg.torch.onnx.name_scopes"))
    classes = _literal(props.get("pkg.torch.onnx.class_hierarchy"))
    if names and classes and len(names) == len(classes):
        # first the model itself (''), last the aten operator: neither is a module of the model
        return [(q, c.rsplit(".", 1)[-1] if c else None) for q, c in zip(names[1:-1], classes[1:-1]) if q]
    parts = [p for p in node.name.split("/") if p][:-1]   # TorchScript: /layer1/layer1.0/conv1/Conv
    scope: Scope = []
    for part in parts:
        parent = scope[-1][0] if scope else ""
        q = part if not parent or part.startswith(parent + ".") else f"{parent}.{part}"
        scope.append((q, None))
    return scope


def _literal(text: str | None) -> list | None:
    if not text:
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return [str(v) for v in value] if isinstance(value, list) else None


def onnx_metas(graph: Graph, scopes: dict[str, Scope], bases: dict[str, str]) -> dict[str, ModuleMeta]:
    """``import_fold``'s view of each node: its enclosing modules, and the module it is when it is one.

    ``scopes``: node id -> ``node_scopes`` of the ONNX node it came from; ``bases``: node id -> a readable name
    for a node that is no module of its own (``add``).
    """
    members: dict[str, set[str]] = {}
    children: dict[str, set[str]] = {}
    for nid, scope in scopes.items():
        for i, (q, _) in enumerate(scope):
            members.setdefault(q, set()).add(nid)
            if i:
                children.setdefault(scope[i - 1][0], set()).add(q)
    metas: dict[str, ModuleMeta] = {}
    for node in graph:
        scope = scopes.get(node.id)
        if not scope or node.type in ("Input", "Output"):
            metas[node.id] = ModuleMeta([], None, bases.get(node.id, node.id), node.type)
            continue
        named = [(q, cls or _guess_class(q, children.get(q, set()))) for q, cls in scope]
        own_q, own_cls = scope[-1]
        # the innermost scope is the node's own module when nothing else ran in it (conv1, relu_1); without
        # a class from the file, the layer's type names it (a Sequential's "0" reads conv2d_0 in its block)
        if members.get(own_q) == {node.id} and own_q not in children:
            metas[node.id] = ModuleMeta(named[:-1], own_q, bases.get(node.id, node.id), own_cls or node.type)
        else:
            metas[node.id] = ModuleMeta(named, None, bases.get(node.id, node.id), node.type)
    return metas


def _guess_class(q: str, kids: set[str]) -> str:
    """A class for a TorchScript scope: numbered children make a Sequential; a numbered scope (``layer1.0``) is
    a "Block", any other is named after its attribute (``downsample`` -> "Downsample")."""
    if kids and all(k.rsplit(".", 1)[-1].isdigit() for k in kids):
        return CONTAINERS[0]
    last = q.rsplit(".", 1)[-1]
    if last.isdigit():
        return "Block"
    return "".join(w[:1].upper() + w[1:] for w in last.split("_") if w) or "Block"

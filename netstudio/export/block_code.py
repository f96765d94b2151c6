"""The Python export of a graph with Block nodes: one ``nn.Module`` class per block, as a person writes it.

A Block node becomes an attribute holding an instance of its block's class (``self.layer1 =
BasicBlock()``); a repeat is an ``nn.Sequential`` of instances. Each class's ``forward`` is traced with
torch.fx from the block's own graph, its nested Block nodes left as calls (``self.b(x)``), so it reads like
the diagram. The constructor arguments come from the shapes inferred in place; a block used where its
layers get different input sizes (a repeat whose first copy changes the channel count) needs a second
class, named ``BasicBlock_2``. The attribute paths equal the flat ids' origins, so the compiled module's
``layer1_0__conv1.weight`` is the exported module's ``layer1.0.conv1.weight`` (``nested_key``).
"""

from __future__ import annotations

import re

from torch import fx, nn

from netstudio.compiler.codegen import constructor_code
from netstudio.compiler.fx_build import _FxBuilder, _ModuleCall
from netstudio.compiler.shapes import NodeInfo
from netstudio.core.blocks import BLOCK_TYPE, BlockDef, Expansion, block_name, repeat_of
from netstudio.core.graph import Graph, Node
from netstudio.layers import require_spec, shape_text
from netstudio.layers.spec import LayerSpec

_CALL = re.compile(r"^(\s+)(\w+) = self\.(\w+)\(")


def nested_key(key: str, exp: Expansion) -> str:
    """``layer1_0__conv1.weight`` -> ``layer1.0.conv1.weight`` (a state-dict key of the compiled module)."""
    head, dot, rest = key.partition(".")
    path = exp.origin.get(head)
    return ".".join(path) + dot + rest if path else key


def nested_state(state: dict, exp: Expansion) -> dict:
    """A compiled module's state dict with keys of the exported nested module."""
    return {nested_key(k, exp): v for k, v in state.items()}


class _NestedBuilder(_FxBuilder):
    """``_FxBuilder`` over one level (the top graph or a block's), Block nodes kept as module calls."""

    def __init__(self, infos: dict[str, NodeInfo], outputs_of: dict[str, int], inputs: list[str] | None) -> None:
        super().__init__(infos)
        self.outputs_of = outputs_of  # Block node id -> how many outputs its block has
        # a block's Input nodes are its forward's arguments in port order, whatever the graph's order
        self.args = {iid: fx.Proxy(self.fx_graph.placeholder(iid), self.tracer) for iid in inputs or ()}

    def source(self, node: Node, spec: LayerSpec) -> list:
        return [self.args[node.id]] if node.id in self.args else super().source(node, spec)

    def visit(self, node: Node, spec: LayerSpec, inputs: list) -> list:
        if node.type != BLOCK_TYPE:
            return super().visit(node, spec, inputs)
        self.root.add_module(node.id, nn.Module())
        result = _ModuleCall(self.tracer, node.id)(*inputs)
        result.node._rename(node.id)
        n = self.outputs_of[node.id]
        if n == 1:
            return [result]
        outs = [result[i] for i in range(n)]
        for i, value in enumerate(outs):
            value.node._rename(f"{node.id}_{i}")
        return outs


class ClassWriter:
    """Writes the classes of every block variant used by one expanded graph, dependencies first."""

    def __init__(self, exp: Expansion, flat_infos: dict[str, NodeInfo], blocks: dict[str, BlockDef],
                 taken: set[str] = frozenset()) -> None:
        self.exp, self.flat, self.blocks = exp, flat_infos, blocks
        self.reserved = set(taken) | {"torch", "nn", "math", "Path", "load_file"}  # names the file itself uses
        self.bodies: dict[str, list[str]] = {}        # class name -> its lines
        self.variants: dict[tuple[str, str], str] = {}  # (block name, body text) -> class name
        self.custom: list[str] = []                   # custom layer classes (netstudio.layers.modules) used

    def class_for(self, block: BlockDef, prefix: str) -> str:
        """The class for the instance of ``block`` whose flat ids start with ``prefix`` (writing it if new)."""
        lines = self.level_lines(block.graph, prefix, block.outputs, "{name}", block.inputs)
        text = "\n".join(lines)
        key = (block.name, text)
        if key not in self.variants:
            # a second variant of a block, or a name the file already uses, gets a suffix
            taken = set(self.bodies) | (set(self.blocks) - {block.name}) | self.reserved
            name = f"{block.name}Block" if block.name in self.reserved else block.name
            if name in taken:
                i = 2
                while f"{name}_{i}" in taken:
                    i += 1
                name = f"{name}_{i}"
            self.variants[key] = name
            doc = [f'    """{block.description}"""', ""] if block.description else []
            self.bodies[name] = [line.replace("{name}", name) for line in
                                 [lines[0], *doc, *lines[1:]]]
        return self.variants[key]

    def level_lines(self, graph: Graph, prefix: str, outputs: list[str] | None, class_name: str,
                    inputs: list[str] | None = None) -> list[str]:
        """``class <class_name>(nn.Module):`` with __init__ and forward for one level of the design."""
        flat_id = (lambda nid: f"{prefix}__{nid}") if prefix else (lambda nid: nid)
        infos: dict[str, NodeInfo] = {}
        init: list[str] = []
        outputs_of: dict[str, int] = {}
        order = graph.topological_order()
        for nid in order:
            node = graph.node(nid)
            if node.type == BLOCK_TYPE:
                block = self.blocks[block_name(node)]
                outputs_of[nid] = len(block.outputs)
                n = repeat_of(node)
                if n == 1:
                    init.append(f"        self.{nid} = {self.class_for(block, flat_id(nid))}()")
                else:
                    names = [self.class_for(block, f"{flat_id(nid)}_{k}") for k in range(n)]
                    if len(set(names)) == 1:
                        init.append(f"        self.{nid} = nn.Sequential(*[{names[0]}() for _ in range({n})])")
                    else:
                        init.append(f"        self.{nid} = nn.Sequential({', '.join(f'{c}()' for c in names)})")
                infos[nid] = self._block_info(flat_id(nid), block, n)
                continue
            info = self.flat.get(flat_id(nid))
            if info is None and node.type == "Input" and prefix:
                info = NodeInfo()
            infos[nid] = info
            spec = require_spec(node.type)
            if spec.torch_class is None or node.type in ("Input", "Output"):
                continue
            if spec.custom_class:
                self.custom.append(spec.torch_class)
            init.append(f"        self.{nid} = {constructor_code(node.type, node.params, info.in_shapes)}")
        builder = _NestedBuilder(infos, outputs_of, inputs)
        values = builder.run(graph)
        outs = [values[o][0] for o in (outputs if outputs is not None else _top_outputs(graph))]
        builder.fx_graph.output(outs[0].node if len(outs) == 1 else tuple(o.node for o in outs))
        gm = fx.GraphModule(builder.root, builder.fx_graph, class_name="Generated")
        gm.graph.eliminate_dead_code()
        gm.recompile()
        lines = [f"class {class_name}(nn.Module):", "    def __init__(self):", "        super().__init__()"]
        lines += init or ["        pass"]
        lines.append("")
        lines += forward_lines(gm, infos)
        return lines

    def _block_info(self, flat_prefix: str, block: BlockDef, n: int) -> NodeInfo:
        """The shapes a Block node's call produces (for the shape comment): its last copy's outputs."""
        last = flat_prefix if n == 1 else f"{flat_prefix}_{n - 1}"
        shapes = []
        for out in block.outputs:
            info = self._info_under(last, block, out)
            if info is None or not info.out_shapes:
                return NodeInfo()
            shapes.append(info.out_shapes[0])
        return NodeInfo(out_shapes=shapes)

    def _info_under(self, prefix: str, block: BlockDef, inner: str) -> NodeInfo | None:
        node = block.graph.node(inner)
        if node.type != BLOCK_TYPE:
            return self.flat.get(f"{prefix}__{inner}")
        sub = self.blocks[block_name(node)]
        n = repeat_of(node)
        last = f"{prefix}__{inner}" if n == 1 else f"{prefix}__{inner}_{n - 1}"
        return self._info_under(last, sub, sub.outputs[0])


def _top_outputs(graph: Graph) -> list[str]:
    from netstudio.compiler.fx_build import output_nodes

    return output_nodes(graph)


def forward_lines(gm, infos: dict[str, NodeInfo]) -> list[str]:
    """fx's forward without its ``x = None`` clean-ups, with shape comments (as ``python_code`` writes it)."""
    lines = []
    for line in gm.code.strip("\n").splitlines():
        line = re.sub(r";\s+[\w, =]+ = None$", "", line.rstrip())
        if not line.strip():
            continue
        m = _CALL.match(line)
        if m and m.group(3) in infos and infos[m.group(3)] is not None and infos[m.group(3)].out_shapes:
            info = infos[m.group(3)]
            if len(info.out_shapes) == 1:
                line += f"  # {shape_text(info.out_shapes[0], batch='B')}"
        lines.append("    " + line)
    return lines


def model_classes(graph: Graph, exp: Expansion, flat_infos: dict[str, NodeInfo], class_name: str
                  ) -> tuple[list[str], list[str]]:
    """(the lines of every block class and then the model class, the custom layer classes they use)."""
    from netstudio.layers import modules

    custom = {n for n in dir(modules) if n[:1].isupper()}
    writer = ClassWriter(exp, flat_infos, graph.blocks, {class_name, *custom})
    top = writer.level_lines(graph, "", None, class_name)
    lines: list[str] = []
    for body in writer.bodies.values():   # written as first needed: inner blocks before the ones using them
        lines += ["", *body, ""]
    lines += ["", *top]
    return lines, list(dict.fromkeys(writer.custom))

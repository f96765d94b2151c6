"""Training features on graphs with Block nodes: freezing a block, and reading a block's value per node."""

import torch

from netstudio.compiler.fx_build import build_module
from netstudio.core.graph import TRAINABLE
from netstudio.training.finetune import freeze_nodes
from netstudio.training.snapshots import run_nodes

from test_blocks_fixtures import block_project


def test_freezing_a_block_node_freezes_every_layer_inside_it_and_keeps_its_norms_in_eval():
    project = block_project(repeat=2, nested=True)
    graph = project.graph("model")
    graph.node("layer1").extra[TRAINABLE] = False
    module = build_module(graph)
    assert freeze_nodes(module, graph) == ["layer1"]
    frozen = {name for name, p in module.named_parameters() if not p.requires_grad}
    inside = {name for name, _ in module.named_parameters() if name.startswith("layer1_")}
    assert frozen == inside and len(inside) == 2 * 4   # two copies of conv (w, b) and bn (w, b)
    module.train()
    assert not module.get_submodule("layer1_0__bn1").training
    assert module.get_submodule("layer2__b__bn1").training   # the nested Stage block trains


def test_a_layer_frozen_inside_a_block_definition_is_frozen_in_every_copy():
    project = block_project(repeat=2)
    project.blocks["Basic"].graph.node("conv1").extra[TRAINABLE] = False
    graph = project.graph("model")
    module = build_module(graph)
    freeze_nodes(module, graph)
    frozen = sorted(name for name, p in module.named_parameters() if not p.requires_grad)
    assert frozen == ["layer1_0__conv1.bias", "layer1_0__conv1.weight", "layer1_1__conv1.bias", "layer1_1__conv1.weight"]


def test_run_nodes_gives_a_block_node_the_value_of_its_output_layer():
    torch.manual_seed(0)
    graph = block_project(repeat=2, nested=True).graph("model")
    module = build_module(graph).eval()
    x = torch.randn(2, 1, 8, 8)
    values = run_nodes(graph, module, (x,), ["layer1", "layer2", "fc"])
    assert values["layer1"].shape == (2, 4, 8, 8) and values["layer2"].shape == (2, 4, 8, 8)
    torch.testing.assert_close(values["fc"], module(x).detach())
    inner = run_nodes(graph, module, (x,), ["layer1_1__add"])
    torch.testing.assert_close(values["layer1"], inner["layer1_1__add"])

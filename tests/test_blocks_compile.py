"""Blocks through the compiler and the exports: shapes, counts, errors, the compiled module, exported Python
(one class per block, the project's weights loading into it), the training script, and a short training run."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
import torch

from netstudio.compiler import ShapeInference, build_module
from netstudio.compiler.cost import graph_cost
from netstudio.compiler.fx_build import check_graph, example_inputs
from netstudio.compiler.summary import summarize, summary_table
from netstudio.core.block_commands import UnmakeBlock
from netstudio.core.errors import GraphError
from netstudio.core.project import project_from_dict
from netstudio.layers import validate_node

from test_blocks_fixtures import block_project, block_project_dict


def unfolded(project):
    """The same network with every Block node unmade, top level and inside, until none is left."""
    project = project.copy()
    graph = project.graph()
    while any(n.type == "Block" for n in graph):
        UnmakeBlock(graph, next(n.id for n in graph if n.type == "Block")).redo()
    return project


def test_block_node_info_is_its_output_and_the_sum_of_its_layers():
    project = block_project(repeat=3, nested=True)
    infos = ShapeInference().infer(project.graph())
    layer1, layer2 = infos["layer1"], infos["layer2"]
    assert layer1.in_shapes == [(4, 8, 8)] and layer1.out_shapes == [(4, 8, 8)] and layer1.ok
    basic = (4 * 4 * 9 + 4) + 2 * 4              # conv1 + bn1 per copy
    assert layer1.param_count == 3 * basic
    assert layer2.param_count == basic + (4 * 4 + 4)
    flat_total = sum(i.param_count for i in ShapeInference().infer(unfolded(project).graph()).values())
    assert sum(i.param_count for i in infos.values()) == flat_total == 699


def test_an_error_inside_a_block_shows_on_the_block_node():
    data = block_project_dict(repeat=2)
    data["blocks"]["Basic"]["graph"]["nodes"][1]["params"]["out_channels"] = 6   # the skip Add no longer fits
    project = project_from_dict(data, validate_node=validate_node)
    infos = ShapeInference().infer(project.graph())
    assert infos["layer1"].error.startswith("in block Basic, node add (copy 1 of 2): Add needs inputs of the same "
                                            "shape but receives (6, 8, 8) and (4, 8, 8)")
    assert infos["pool"].blocked and not infos["stem"].problems
    with pytest.raises(GraphError) as info:
        check_graph(project.graph())
    assert info.value.node_id == "layer1" and "in block Basic, node add" in info.value.message


def test_a_block_that_cannot_expand_is_an_error_on_its_node():
    data = block_project_dict()
    data["graphs"]["model"]["nodes"][2]["params"]["block"] = "Nope"
    infos = ShapeInference().infer(project_from_dict(data, validate_node=validate_node).graph())
    assert infos["layer1"].error == "there is no block 'Nope' in this project (it has: Basic)"
    assert infos["fc"].blocked


def test_compiled_module_costs_and_summary_match_the_unfolded_network():
    torch.manual_seed(0)
    project = block_project(repeat=2, nested=True)
    model = build_module(project.graph()).eval()
    assert "layer1_1__conv1.weight" in model.state_dict() and "layer2__b__bn1.running_mean" in model.state_dict()
    plain = unfolded(project)
    x = example_inputs(project.graph())
    assert sum(p.numel() for p in model.parameters()) == 543
    inference = ShapeInference()
    cost = graph_cost(project.graph(), inference.infer(project.graph()), 8)
    cost_plain = graph_cost(plain.graph(), inference.infer(plain.graph()), 8)
    assert (cost.macs, cost.params, cost.activation_bytes, cost.training_bytes) == (
        cost_plain.macs, cost_plain.params, cost_plain.activation_bytes, cost_plain.training_bytes)
    assert cost.nodes["layer1"].macs == 2 * (4 * 8 * 8 * 4 * 9)
    table = summary_table(summarize(project.graph(), batch_size=8))
    assert "Block Basic x 2" in table and "total parameters: 543" in table
    assert model(*x).shape == (2, 3)


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def test_exported_python_has_a_class_per_block_and_loads_the_projects_weights(tmp_path):
    from safetensors.torch import load_file

    from netstudio.export import export_graph

    torch.manual_seed(0)
    project = block_project(repeat=3, nested=True)
    compiled = build_module(project.graph()).eval()
    for p in compiled.parameters():              # weights unlike PyTorch's initialisation, and BatchNorm statistics
        p.data.normal_()
    for name, buf in compiled.named_buffers():
        if "running_var" in name:
            buf.data.uniform_(0.5, 2.0)
    path = export_graph(project, "model", "python", tmp_path / "blocknet.py", weights=compiled.state_dict())
    code = path.read_text()
    assert "class Basic(nn.Module):" in code and "class Stage(nn.Module):" in code
    assert "self.layer1 = nn.Sequential(*[Basic() for _ in range(3)])" in code
    assert "self.b = Basic()" in code and "layer1_0__" not in code
    assert code.index("class Basic(") < code.index("class Stage(") < code.index("class BlockNet(")
    keys = set(load_file(tmp_path / "blocknet.safetensors"))
    assert {"layer1.2.conv1.weight", "layer2.b.bn1.running_mean", "layer2.proj.bias", "fc.weight"} <= keys
    module = load_module(path, "blocknet_export")
    exported = module.BlockNet()
    exported.load_state_dict(load_file(tmp_path / "blocknet.safetensors"))   # strict: every key matches
    exported.eval()
    x = torch.randn(4, 1, 8, 8)
    assert torch.allclose(exported(x), compiled(x), atol=1e-5)


def test_a_repeat_whose_first_copy_changes_width_gets_a_second_class(tmp_path):
    data = block_project_dict(repeat=2)
    data["graphs"]["model"]["nodes"][1]["params"]["out_channels"] = 2   # stem gives 2 channels, Basic makes 4
    data["blocks"]["Basic"]["graph"]["nodes"][4]["type"] = "Identity"      # no skip: conv1 changes the width
    data["blocks"]["Basic"]["graph"]["edges"] = data["blocks"]["Basic"]["graph"]["edges"][:4]
    project = project_from_dict(data, validate_node=validate_node)
    from netstudio.export.python_code import generate_python

    code = generate_python(project)
    assert "class Basic(nn.Module):" in code and "class Basic_2(nn.Module):" in code
    assert "self.layer1 = nn.Sequential(Basic(), Basic_2())" in code
    assert "nn.Conv2d(in_channels=2, out_channels=4" in code and "nn.Conv2d(in_channels=4, out_channels=4" in code


def test_train_script_names_the_model_class_not_a_block_class():
    from netstudio.export.train_script import _model_code

    body, name = _model_code(block_project(nested=True), "model")
    assert name == "BlockNet" and "class Basic(nn.Module):" in body


def test_training_a_project_with_a_block_updates_the_blocks_layers(tmp_path):
    from netstudio.training.engine import Trainer

    torch.set_num_threads(1)
    mlp = {"graph": {"nodes": [{"id": "x", "type": "Input", "params": {"shape": [2]}},
                               {"id": "fc", "type": "Linear", "params": {"out_features": 8}},
                               {"id": "act", "type": "Tanh", "params": {}}],
                     "edges": [{"from": "x", "to": "fc"}, {"from": "fc", "to": "act"}]},
           "inputs": ["x"], "outputs": ["act"]}
    nodes = [{"id": "xy", "type": "Input", "params": {"shape": [2]}},
             {"id": "body", "type": "Block", "params": {"block": "Mlp", "repeat": 2}},
             {"id": "head", "type": "Linear", "params": {"out_features": 3}},
             {"id": "logits", "type": "Output", "params": {}}]
    edges = [{"from": "xy", "to": "body"}, {"from": "body", "to": "head"}, {"from": "head", "to": "logits"}]
    doc = {"format": "netstudio-project", "version": 2, "name": "tiny blocks",
           "graphs": {"model": {"nodes": nodes, "edges": edges}}, "blocks": {"Mlp": mlp},
           "task": {"type": "classify"}, "data": {"dataset": "blobs", "options": {"samples": 120}},
           "training": {"epochs": 1, "batch_size": 32, "device": "cpu", "snapshot_every": 0, "threads": 1,
                        "optimizer": {"type": "adam", "lr": 0.05}}}
    project = project_from_dict(doc, validate_node=validate_node)
    torch.manual_seed(0)
    before = build_module(project.graph()).state_dict()
    trainer = Trainer(project, run_dir=tmp_path / "run")
    end = trainer.run()
    assert end.kind == "finished", end.message
    from safetensors.torch import load_file

    checkpoint = [f for f in (tmp_path / "run" / "checkpoints").glob("*.safetensors") if ".state." not in f.name]
    after = load_file(checkpoint[-1])
    assert set(after) == set(before)                   # flat keys: body_0__fc.weight ... body_1__fc.bias
    assert after["body_1__fc.weight"].shape == (8, 8)
    assert not torch.equal(after["body_0__fc.weight"], before["body_0__fc.weight"])


def test_cli_check_and_summary_expand_blocks_also_from_the_shape_cache(tmp_path, monkeypatch, capsys):
    from netstudio.cli import main

    monkeypatch.setenv("NETSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "b.nsproj"
    path.write_text(json.dumps(block_project_dict(repeat=3, nested=True)))
    assert main(["check", str(path)]) == 0
    for _ in range(2):   # the second run answers from the cache: the block's cost must still be its layers'
        capsys.readouterr()
        assert main(["summary", str(path)]) == 0
        line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("layer1 "))
        assert "Block Basic x 3" in line and "468" in line and "55.3 kFLOPs" in line


def test_names_the_exported_file_uses_are_not_taken_by_blocks_or_inner_layers():
    from netstudio.export.python_code import generate_python

    data = block_project_dict(repeat=1)
    data["blocks"]["BlockNet"] = data["blocks"].pop("Basic")       # the model class's own name
    data["graphs"]["model"]["nodes"][2]["params"]["block"] = "BlockNet"
    code = generate_python(project_from_dict(data, validate_node=validate_node))
    assert "class BlockNetBlock(nn.Module):" in code and "self.layer1 = BlockNetBlock()" in code
    assert code.count("class BlockNet(nn.Module):") == 1
    data["blocks"]["BlockNet"]["graph"]["nodes"][3]["id"] = "training"   # an nn.Module attribute
    for edge in data["blocks"]["BlockNet"]["graph"]["edges"]:
        for end in ("from", "to"):
            edge[end] = "training" if edge[end] == "relu" else edge[end]
    infos = ShapeInference().infer(project_from_dict(data, validate_node=validate_node).graph())
    assert infos["layer1"].error.startswith("in block BlockNet, node training: the id 'training' is a name PyTorch")


def test_a_block_with_two_inputs_and_two_outputs_computes_and_exports_the_same(tmp_path):
    from safetensors.torch import load_file

    from netstudio.core.block_commands import MakeBlock
    from netstudio.core.blocks import expand
    from netstudio.export.python_code import export_python

    nodes = [{"id": "x", "type": "Input", "params": {"shape": [3]}},
             {"id": "l1", "type": "Linear", "params": {"out_features": 4}},
             {"id": "l2", "type": "Linear", "params": {"out_features": 4}},
             {"id": "s1", "type": "Add", "params": {}},
             {"id": "s2", "type": "Linear", "params": {"out_features": 5}},
             {"id": "s3", "type": "Tanh", "params": {}},
             {"id": "o1", "type": "Linear", "params": {"out_features": 2}},
             {"id": "o2", "type": "Linear", "params": {"out_features": 3}}]
    edges = [{"from": "x", "to": "l1"}, {"from": "x", "to": "l2"}, {"from": "l1", "to": "s1"},
             {"from": "l2", "to": "s1", "to_port": 1}, {"from": "l2", "to": "s2"}, {"from": "s1", "to": "s3"},
             {"from": "s3", "to": "o1"}, {"from": "s2", "to": "o2"}]
    project = project_from_dict({"format": "netstudio-project", "version": 2, "name": "Two",
                                 "graphs": {"model": {"nodes": nodes, "edges": edges}}}, validate_node=validate_node)
    graph = project.graph()
    torch.manual_seed(0)
    before = build_module(graph).eval()
    MakeBlock(graph, ["s1", "s2", "s3"], "Pair").redo()
    block = project.blocks["Pair"]
    assert (block.inputs, block.outputs) == (["x1", "x2"], ["s2", "s3"])
    infos = ShapeInference().infer(graph)
    assert infos["pair1"].in_shapes == [(4,), (4,)] and infos["pair1"].out_shapes == [(5,), (4,)]
    after = build_module(graph).eval()
    origin = expand(graph).origin
    after.load_state_dict({k: before.state_dict()[origin[k.partition(".")[0]][-1] + "." + k.partition(".")[2]]
                           for k in after.state_dict()})
    x = torch.randn(6, 3)
    with torch.no_grad():
        for u, v in zip(before(x), after(x)):
            assert torch.equal(u, v)
    path = export_python(project, "model", tmp_path / "two.py", weights=after.state_dict())
    module = load_module(path, "two_export")
    exported = module.Two()
    exported.load_state_dict(load_file(tmp_path / "two.safetensors"))
    with torch.no_grad():
        for u, v in zip(exported.eval()(x), after(x)):
            assert torch.allclose(u, v, atol=1e-6)
    assert "s2, s3 = self.pair1(l1, l2)" in path.read_text() or "pair1 = self.pair1(l1, l2)" in path.read_text()

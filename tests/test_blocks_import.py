"""Importing folds the model's module hierarchy into blocks: readable top level, same numbers, same outputs."""

from __future__ import annotations

import importlib.util
import sys

import torch
from torch import nn

from netstudio.compiler import build_module
from netstudio.core.blocks import expand
from netstudio.export.importer import import_model

torch.set_num_threads(1)


class Unit(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.conv(x)) + x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 4, 3, padding=1)
        self.stage = nn.Sequential(Unit(4), Unit(4), Unit(4))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 6 * 6, 5))

    def forward(self, x):
        return self.head(self.stage(self.stem(x)))


def test_identical_units_in_a_sequential_become_one_block_repeated():
    torch.manual_seed(0)
    model = Net().eval()
    result = import_model(model, "Net", [1, 6, 6])
    project = result.project
    graph = project.graph()
    assert [(n.id, n.type) for n in graph] == [("x", "Input"), ("stem", "Conv2d"), ("stage", "Block"),
                                              ("head_0", "Flatten"), ("head_1", "Linear"), ("output", "Output")]
    assert graph.node("stage").params == {"block": "Unit", "repeat": 3}
    unit = project.blocks["Unit"]
    assert list(project.blocks) == ["Unit"]
    assert [n.id for n in unit.graph] == ["x", "conv", "act", "add"] and unit.inputs == ["x"]
    # the weights follow the layers to their new ids
    assert torch.equal(result.state_dict["stage_2__conv.weight"], model.stage[2].conv.weight)
    assert result.parameters == sum(p.numel() for p in model.parameters())
    x = torch.randn(3, 1, 6, 6)
    compiled = build_module(graph).eval()
    compiled.load_state_dict(result.state_dict)
    with torch.no_grad():
        assert (compiled(x) - model(x)).abs().max() <= 1e-5


def test_resnet18_opens_as_a_dozen_nodes_and_exports_with_a_class_per_block(tmp_path):
    from netstudio.export.importer import load_source, save_import
    from netstudio.export.python_code import export_python

    model, name = load_source("torchvision:resnet18")
    result = import_model(model, name, [3, 32, 32])
    graph = result.project.graph()
    assert len(graph) == 13
    assert graph.node("layer1").params == {"block": "BasicBlock", "repeat": 2}
    assert [graph.node(f"layer{i}").type for i in (2, 3, 4)] == ["Block"] * 3
    assert result.parameters == 11_689_512 and result.max_difference <= 1e-5
    flat = expand(graph).graph
    assert len(flat) == 71 and sum(n.type == "Add" for n in flat) == 8
    original = model.state_dict()
    assert torch.equal(result.state_dict["layer1_1__conv2.weight"], original["layer1.1.conv2.weight"])
    assert torch.equal(result.state_dict["layer3__basicblock_0__downsample__batchnorm2d_1.running_var"],
                       original["layer3.0.downsample.1.running_var"])

    weights = save_import(result, tmp_path / "r18.nsproj")
    path = export_python(result.project, "model", tmp_path / "resnet.py", weights=str(weights))
    code = path.read_text()
    assert "class BasicBlock(nn.Module):" in code and "self.layer1 = nn.Sequential(*[BasicBlock() for _ in range(2)])" in code
    spec = importlib.util.spec_from_file_location("resnet_export", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["resnet_export"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["resnet_export"]
    from safetensors.torch import load_file

    exported = getattr(module, next(c for c in ("Resnet18", "ResNet18", "Model") if hasattr(module, c)))()
    exported.load_state_dict(load_file(tmp_path / "resnet.safetensors"))
    exported.eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        assert (exported(x) - model.eval()(x)).abs().max() <= 1e-5
    # the first stage's keys are torchvision's own
    assert "layer1.0.conv1.weight" in load_file(tmp_path / "resnet.safetensors")


def test_a_fold_that_fails_keeps_the_flat_import_with_a_note(monkeypatch):
    from netstudio.export import import_fold

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(import_fold, "fold_graph", broken)
    result = import_model(Net().eval(), "Net", [1, 6, 6])
    assert "stage_0_conv" in result.project.graph() and result.project.blocks == {}
    assert result.notes == ["the model's modules were not folded into blocks (list index out of range); the graph "
                            "shows every layer"]
    assert result.max_difference <= 1e-5


def test_the_original_models_weights_load_by_name_into_layers_folded_into_blocks():
    from netstudio.export.weight_matching import LAYER_SOURCES, load_matching

    torch.manual_seed(0)
    result = import_model(Net().eval(), "Net", [1, 6, 6])
    sources = result.project.extra[LAYER_SOURCES]
    assert sources["stage_2__conv"] == "stage_2_conv"   # the layer's name before folding, kept in the project
    other = Net().eval()   # another training of the same architecture: keys like stage.2.conv.weight
    compiled = build_module(result.project.graph())
    report = load_matching(compiled, other.state_dict(), "other.pt", sources)
    assert len(report.matched) == len(other.state_dict()) and not report.unexpected and not report.missing
    assert torch.equal(compiled.state_dict()["stage_2__conv.weight"], other.stage[2].conv.weight)
    without = load_matching(build_module(result.project.graph()), other.state_dict(), "other.pt")
    assert "stage_2__conv.weight" in without.missing   # without the names, a folded layer is not found


def test_a_fold_whose_expansion_is_not_the_imported_graph_is_refused(monkeypatch):
    """The folded graph is not compiled and run again: its expansion must be the flat import, edge for edge."""
    from netstudio.export import import_fold

    original = import_fold.fold_graph

    def adds_become_multiplies(*args, **kwargs):
        folded, ids = original(*args, **kwargs)
        folded.blocks["Unit"].graph.node("add").type = "Multiply"   # same shapes, another computation
        return folded, ids

    monkeypatch.setattr(import_fold, "fold_graph", adds_become_multiplies)
    result = import_model(Net().eval(), "Net", [1, 6, 6])
    assert result.project.blocks == {} and len(result.project.graph()) == 14   # the flat import, every layer
    assert result.notes == ["the model's modules were not folded into blocks (layer add became a "
                            "different layer (Multiply) in the folded graph); the graph shows every layer"]
    assert result.max_difference <= 1e-5

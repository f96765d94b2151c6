"""netstudio import: PyTorch models become graphs that compute exactly what the originals did."""

from __future__ import annotations

import json
import textwrap

import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.core.blocks import expand
from netstudio.core.errors import NetStudioError
from netstudio.export.importer import import_model, load_source, save_import
from netstudio.export.weights import load_weights

torch.set_num_threads(1)


def flat_graph(result):
    """The imported graph with its blocks expanded (imports fold the model's modules into blocks)."""
    return expand(result.project.graph()).graph

USER_MODEL = textwrap.dedent('''
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self, num_classes=10):
            super().__init__()
            self.stem = nn.Conv2d(1, 8, 3, padding=1, bias=False)
            self.bn = nn.BatchNorm2d(8, eps=1e-3, momentum=0.05)
            self.branch = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=4)
            self.head = nn.Conv2d(16, 4, 1, stride=2)
            self.drop = nn.Dropout(p=0.3)
            self.fc = nn.Linear(4 * 4 * 4, num_classes)

        def forward(self, x):
            x = F.relu(self.bn(self.stem(x)))
            y = torch.relu(self.branch(x)) + x          # residual addition
            z = torch.cat([x, y], dim=1)
            z = F.avg_pool2d(self.head(z), 3, stride=1, padding=1)
            z = z.view(z.size(0), -1)
            return self.fc(self.drop(z))
''')


def _check_weights_reproduce(model, project, weights_path, shape):
    """A fresh build of the project, loaded from the weights file, computes what ``model`` computes."""
    compiled = netstudio.build_model(project).eval()
    load_weights(compiled, weights_path)
    x = torch.randn(3, *shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected, actual = model.eval()(x), compiled(x)
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=0)
    return float((actual - expected).abs().max())


def test_resnet18_imports_with_its_parameter_count_and_outputs(tmp_path):
    model, name = load_source("torchvision:resnet18")
    result = import_model(model, name, [3, 64, 64])
    assert result.parameters == 11_689_512
    assert result.max_difference <= 1e-5
    assert len(result.project.graph()) == 13    # folded: x, conv1, bn1, relu, maxpool, layer1..4, ..., output
    graph = flat_graph(result)
    assert graph.node("layer1_0__conv1").params == {"out_channels": 64, "kernel_size": 3, "padding": 1,
                                                     "bias": False}
    assert graph.node("layer2__basicblock_0__downsample__conv2d_0").params["stride"] == 2
    assert sum(n.type == "Add" for n in graph.nodes) == 8
    weights = save_import(result, tmp_path / "r18.nsproj")
    loaded = netstudio.load_project(tmp_path / "r18.nsproj")
    assert loaded.extra["weights"] == weights.name == "r18.safetensors"
    assert _check_weights_reproduce(model, loaded, weights, [3, 64, 64]) <= 1e-5


def test_a_user_file_with_functional_calls_a_residual_and_a_concat_imports(tmp_path):
    source = tmp_path / "my_net.py"
    source.write_text(USER_MODEL)
    model, name = load_source(f"{source}:Net", {"num_classes": 5})
    torch.manual_seed(0)
    with torch.no_grad():   # non-trivial BatchNorm statistics, so that copying them is tested too
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
    result = import_model(model, name, [1, 8, 8], path=source)
    graph = result.project.graph()
    types = {n.id: n.type for n in graph.nodes}
    assert [types[k] for k in ("stem", "bn", "relu", "branch", "relu_1", "add", "cat", "head", "drop", "fc")] == \
        ["Conv2d", "BatchNorm2d", "ReLU", "Conv2d", "ReLU", "Add", "Concat", "Conv2d", "Dropout", "Linear"]
    assert graph.node("branch").params == {"out_channels": 8, "kernel_size": 3, "padding": 2, "dilation": 2,
                                           "groups": 4}
    assert graph.node("bn").params == {"eps": 1e-3, "momentum": 0.05}
    assert graph.node("drop").params == {"p": 0.3}
    assert graph.node("cat").params == {"dim": 1}
    assert graph.node("avg_pool2d").params == {"kernel_size": 3, "stride": 1, "padding": 1}
    assert result.parameters == sum(p.numel() for p in model.parameters())
    weights = save_import(result, tmp_path / "my_net.nsproj")
    assert _check_weights_reproduce(model, result.project, weights, [1, 8, 8]) <= 1e-5


@pytest.mark.parametrize("forward, op, line", [
    ("return torch.fft.fft(x).real", "fft", "torch.fft.fft(x)"),
    ("if x.sum() > 0:\n            x = -x\n        return x", "control flow", "if x.sum() > 0:"),
])
def test_an_unsupported_construct_is_one_sentence_naming_it_and_its_line(tmp_path, forward, op, line):
    source = tmp_path / "odd.py"
    source.write_text(textwrap.dedent('''
        import torch
        import torch.nn as nn


        class Odd(nn.Module):
            def forward(self, x):
                x = torch.relu(x)
                FORWARD
    ''').replace("FORWARD", forward))
    model, name = load_source(f"{source}:Odd")
    with pytest.raises(NetStudioError) as caught:
        import_model(model, name, [4], path=source)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert op in message and "odd.py line" in message and line in message, message


def test_the_cli_writes_the_project_and_its_weights_and_check_accepts_them(tmp_path, capsys):
    source = tmp_path / "my_net.py"
    source.write_text(USER_MODEL)
    project = tmp_path / "imported.nsproj"
    code = main(["import", f"{source}:Net", "-o", str(project), "--input-shape", "1,8,8",
                 "--args", json.dumps({"num_classes": 3})])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "imported.safetensors").is_file()
    assert json.loads(project.read_text())["weights"] == "imported.safetensors"
    assert main(["check", str(project)]) == 0
    assert "OK" in capsys.readouterr().err
    assert main(["import", "torchvision:resnet", "-o", str(project)]) == 1
    assert "not a torchvision classification model (did you mean" in capsys.readouterr().err


def test_mobilenet_v2_with_relu6_and_depthwise_convolutions_imports():
    model, name = load_source("torchvision:mobilenet_v2")
    result = import_model(model, name, [3, 32, 32])
    assert result.parameters == 3_504_872
    assert result.max_difference <= 1e-5
    graph = flat_graph(result)
    depthwise = [n for n in graph if n.type == "Conv2d"][1]    # features.1.conv.0.0
    assert depthwise.params["groups"] == 32
    assert graph.node(graph.out_edges(graph.out_edges(depthwise.id)[0].dst)[0].dst).type == "ReLU6"


def test_tutorial_idioms_import_and_shared_weights_are_refused(tmp_path):
    source = tmp_path / "lenet.py"
    source.write_text(textwrap.dedent('''
        import torch.nn as nn
        import torch.nn.functional as F


        class LeNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1, self.conv2 = nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)
                self.pool = nn.MaxPool2d(2, 2)
                self.fc = nn.Linear(16 * 5 * 5, 10)

            def forward(self, x):
                x = self.pool(F.relu(self.conv1(x)))
                x = self.pool(F.relu(self.conv2(x)))     # the same pooling module, called twice
                return self.fc(x.view(-1, 16 * 5 * 5))


        class Tied(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                return self.fc(self.fc(x))
    '''))
    model, name = load_source(f"{source}:LeNet")
    result = import_model(model, name, [3, 32, 32], path=source)
    graph = result.project.graph()
    assert graph.node("pool").type == graph.node("pool_1").type == "MaxPool2d"
    assert graph.node("view").type == "Reshape" and graph.node("view").params == {"shape": [400]}
    assert result.max_difference <= 1e-5
    model, name = load_source(f"{source}:Tied")
    with pytest.raises(NetStudioError, match=r"cannot import fc \(Linear\), lenet.py line \d+ .*called twice"):
        import_model(model, name, [4], path=source)


def test_shufflenet_reads_sizes_transposes_and_chunks():
    model, name = load_source("torchvision:shufflenet_v2_x0_5")
    result = import_model(model, name, [3, 64, 64])
    assert result.parameters == 1_366_792
    assert result.max_difference <= 1e-5
    types = [n.type for n in flat_graph(result).nodes]
    assert types.count("Split") == 13 and types.count("Permute") == 16 and types.count("Reshape") == 32


def test_efficientnet_b0_imports_with_stochastic_depth_silu_and_squeeze_excitation():
    model, name = load_source("torchvision:efficientnet_b0")
    result = import_model(model, name, [3, 64, 64])
    assert result.parameters == 5_288_548
    assert result.max_difference <= 1e-5
    nodes = list(flat_graph(result).nodes)
    depth = [n for n in nodes if n.type == "StochasticDepth"]
    assert len(depth) == 9    # one per MBConv block with a residual connection
    assert depth[0].params == {"p": 0.025, "mode": "row"} and depth[-1].params["p"] == pytest.approx(0.175)
    types = [n.type for n in nodes]
    assert types.count("Multiply") == 16 and types.count("Sigmoid") == 16 and types.count("SiLU") == 49


def test_stochastic_depth_is_identity_in_eval_and_drops_like_torchvision_in_training():
    from torchvision.ops import stochastic_depth

    from netstudio.compiler import build_module
    from tests.helpers import chain_graph

    x = torch.randn(64, 4, 3, 3)
    for mode in ("row", "batch"):
        module = build_module(chain_graph(("StochasticDepth", {"p": 0.25, "mode": mode}), input_shape=(4, 3, 3)))
        assert torch.equal(module.eval()(x), x)
        torch.manual_seed(7)
        mine = module.train()(x)
        torch.manual_seed(7)
        assert torch.equal(mine, stochastic_depth(x, 0.25, mode, training=True))
    torch.manual_seed(3)
    rows = build_module(chain_graph(("StochasticDepth", {"p": 0.25}), input_shape=(4, 3, 3))).train()(x)
    kept = rows.flatten(1).abs().sum(1) > 0
    assert 0 < int(kept.sum()) < 64    # whole samples dropped, the others scaled by 1 / (1 - p)
    torch.testing.assert_close(rows[kept], x[kept] / 0.75)


def test_densenet121_joins_with_torch_cat():
    model, name = load_source("torchvision:densenet121")
    result = import_model(model, name, [3, 64, 64])
    assert result.parameters == 7_978_856
    assert result.max_difference <= 1e-5
    assert sum(n.type == "Concat" for n in flat_graph(result).nodes) == 58


@pytest.mark.long
def test_vgg11_imports_with_its_parameter_count():
    model, name = load_source("torchvision:vgg11")
    result = import_model(model, name, [3, 32, 32])
    assert result.parameters == 132_863_336
    assert result.max_difference <= 1e-5

"""netstudio import model.onnx: an ONNX file becomes a graph that computes what the file computes."""

from __future__ import annotations

import json
import sys
import warnings

import numpy as np
import onnx
import pytest
import torch
from torch import nn

import netstudio
from netstudio.cli import main
from netstudio.core.errors import NetStudioError
from netstudio.core.blocks import expand
from netstudio.export.onnx_import import import_onnx
from netstudio.export.weights import load_weights

torch.set_num_threads(1)


class SmallNet(nn.Module):
    """Conv, BatchNorm, a residual addition, a concatenation, squeeze-excitation gating, Hardswish, pools, Linear.

    (Exported to ONNX, its SiLU becomes x * sigmoid(x), which imports as one SiLU again.)
    """

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.branch = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=2), nn.BatchNorm2d(8, eps=1e-3))
        self.side = nn.Conv2d(8, 4, 1)
        self.se = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(12, 4, 1), nn.SiLU(), nn.Conv2d(4, 12, 1),
                                nn.Sigmoid())
        self.pool = nn.MaxPool2d(2)
        self.act = nn.Hardswish()
        self.fc = nn.Linear(12, 5)

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.branch(x) + x)                # residual addition
        x = torch.cat([x, self.side(x)], 1)               # concatenation
        x = self.se(x) * x                                # sigmoid-gated multiplication
        x = self.act(self.pool(x))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def _small_net() -> nn.Module:
    torch.manual_seed(0)
    model = SmallNet().eval()
    with torch.no_grad():   # BatchNorm statistics that are not the identity, so that they matter
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return model


def _export(model, path, shape, dynamo: bool) -> None:
    x = torch.randn(2, *shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dynamo:   # torch's default exporter: opset 18, BatchNorm folded into the convolutions
            torch.onnx.export(model, (x,), path, dynamo=True, verbose=False)
        else:        # the TorchScript exporter without constant folding keeps every BatchNorm
            torch.onnx.export(model, (x,), path, dynamo=False, do_constant_folding=False, input_names=["x"],
                              dynamic_axes={"x": {0: "batch"}})


def _float_weights_in(path) -> int:
    """How many trainable numbers the file stores: float tensors, without BatchNorm's running statistics
    and Clip's bounds (buffers and constants of the model, not its parameters) or shapes and axes (int64)."""
    model = onnx.load(str(path))
    not_weights = {n.input[i] for n in model.graph.node for i in ((3, 4) if n.op_type == "BatchNormalization"
                                                                   else (1, 2) if n.op_type == "Clip" else ())
                   if len(n.input) > i}
    return sum(int(np.prod(t.dims)) for t in model.graph.initializer
               if t.data_type == onnx.TensorProto.FLOAT and t.name not in not_weights)


def _compiled(result):
    compiled = netstudio.build_model(result.project).eval()
    compiled.load_state_dict(result.state_dict)
    return compiled


def _agree(model, compiled, shape) -> float:
    x = torch.randn(3, *shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected, actual = model(x), compiled(x)
    return float((expected - actual).abs().max())


def test_an_onnx_file_that_keeps_batchnorm_imports_with_the_models_count_and_outputs(tmp_path):
    model = _small_net()
    path = tmp_path / "small.onnx"
    _export(model, path, [3, 16, 16], dynamo=False)
    result = import_onnx(path)
    assert result.parameters == sum(p.numel() for p in model.parameters()) == 757
    assert result.max_difference is not None and result.max_difference <= 1e-5   # onnxruntime against the graph
    assert _agree(model, _compiled(result), [3, 16, 16]) <= 1e-5                  # the PyTorch original too
    graph = result.project.graph()
    # the exporter's scopes fold into blocks as a traced model's modules do: stem, branch and se
    assert [(n.id, n.params["block"]) for n in graph if n.type == "Block"] == [("stem", "Stem"), ("branch", "Branch"),
                                                                              ("se", "Se")]
    flat = expand(graph).graph
    types = [n.type for n in flat.nodes]
    for kind, n in {"Conv2d": 5, "BatchNorm2d": 2, "Add": 1, "Concat": 1, "Multiply": 1, "Sigmoid": 1, "SiLU": 1,
                    "Hardswish": 1, "Linear": 1}.items():
        assert types.count(kind) == n, (kind, types)
    assert flat.node("branch__conv2d_0").params == {"out_channels": 8, "kernel_size": 3, "padding": 1, "groups": 2}
    assert flat.node("branch__batchnorm2d_1").params == {"eps": 1e-3}


def test_an_onnx_file_from_the_default_exporter_imports_with_batchnorm_folded(tmp_path):
    model = _small_net()
    path = tmp_path / "small.onnx"
    _export(model, path, [3, 16, 16], dynamo=True)
    result = import_onnx(path)
    # BatchNorm folded into the convolutions before it: the file's weights, exactly, and the same function
    assert result.parameters == _float_weights_in(path) == 757 - 2 * 16 + 8
    assert result.max_difference <= 1e-5
    assert _agree(model, _compiled(result), [3, 16, 16]) <= 1e-5
    types = [n.type for n in expand(result.project.graph()).graph.nodes]
    assert "BatchNorm2d" not in types and types.count("Mean") + types.count("AdaptiveAvgPool2d") == 2
    assert sorted(result.project.blocks) == ["Se", "Stem"]   # the scopes in the file's metadata, as blocks


def test_the_cli_imports_an_onnx_file_with_its_own_input_shape_and_check_accepts_it(tmp_path, capsys):
    model = _small_net()
    source = tmp_path / "small.onnx"
    _export(model, source, [3, 16, 16], dynamo=False)
    project = tmp_path / "from_onnx.nsproj"
    assert main(["import", str(source), "-o", str(project)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "757 parameters" in out and "outputs agree with the original within" in out
    assert json.loads(project.read_text())["weights"] == "from_onnx.safetensors"
    loaded = netstudio.load_project(project)
    compiled = netstudio.build_model(loaded).eval()
    load_weights(compiled, tmp_path / "from_onnx.safetensors")
    assert _agree(model, compiled, [3, 16, 16]) <= 1e-5
    assert main(["check", str(project)]) == 0
    assert main(["import", str(source), "-o", str(project), "--input-shape", "3,32,32"]) == 1
    assert "small.onnx is made for input shape [3, 16, 16]" in capsys.readouterr().err


def test_an_onnx_operator_without_a_layer_is_one_sentence_naming_it_and_its_node(tmp_path):
    class Odd(nn.Module):
        def forward(self, x):
            return torch.sin(torch.relu(x))

    path = tmp_path / "odd.onnx"
    _export(Odd(), path, [4], dynamo=False)
    with pytest.raises(NetStudioError) as caught:
        import_onnx(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("odd.onnx: cannot import ONNX node '/Sin' (Sin): NetStudio has no layer"), message
    (tmp_path / "junk.onnx").write_bytes(b"\x00not a protobuf at all" * 10)
    with pytest.raises(NetStudioError, match=r"junk.onnx: not an ONNX model"):
        import_onnx(tmp_path / "junk.onnx")


def test_a_sequence_model_from_onnx_reads_layernorm_matmul_with_its_bias_gelu_and_softmax(tmp_path):
    class Tokens(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm, self.fc, self.out = nn.LayerNorm(16), nn.Linear(16, 8), nn.Linear(8, 4, bias=False)

        def forward(self, x):
            return torch.softmax(self.out(nn.functional.gelu(self.fc(self.norm(x)))), -1)

    torch.manual_seed(0)
    model = Tokens().eval()
    path = tmp_path / "tokens.onnx"
    _export(model, path, [5, 16], dynamo=False)   # a Linear on (B, T, F) exports as MatMul, then Add
    result = import_onnx(path)
    assert [n.type for n in result.project.graph().nodes] == ["Input", "LayerNorm", "Linear", "GELU", "Linear",
                                                              "Softmax", "Output"]
    assert result.parameters == sum(p.numel() for p in model.parameters()) == 200
    assert result.max_difference <= 1e-5 and _agree(model, _compiled(result), [5, 16]) <= 1e-5


def test_without_onnxruntime_the_import_still_works_and_says_it_did_not_compare(tmp_path, monkeypatch, capsys):
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU()).eval()
    path = tmp_path / "plain.onnx"
    _export(model, path, [4], dynamo=False)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)   # as if the onnx extra were not installed
    assert main(["import", str(path), "-o", str(tmp_path / "plain.nsproj")]) == 0
    out = capsys.readouterr().out
    assert "onnxruntime is not installed, so the outputs were not compared" in out and "outputs not compared" in out
    result = import_onnx(path)
    assert result.max_difference is None and _agree(model, _compiled(result), [4]) <= 1e-6


@pytest.mark.long
@pytest.mark.parametrize("name, shape, kept", [("resnet18", [3, 64, 64], 11_689_512),
                                               ("mobilenet_v2", [3, 32, 32], 3_504_872),
                                               ("efficientnet_b0", [3, 64, 64], 5_288_548),
                                               ("densenet121", [3, 64, 64], 7_978_856)])
@pytest.mark.parametrize("dynamo", [False, True], ids=["batchnorm_kept", "default_exporter"])
def test_torchvision_models_from_onnx(tmp_path, name, shape, kept, dynamo):
    import torchvision

    torch.manual_seed(0)
    model = torchvision.models.get_model(name).eval()
    with torch.no_grad():   # no two BatchNorms alike (the exporter shares equal tensors between nodes)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    path = tmp_path / f"{name}.onnx"
    _export(model, path, shape, dynamo=dynamo)
    result = import_onnx(path)
    # folded BatchNorm (resnet18: 9,600 of its numbers go, 4,800 convolution biases come): the file's count
    assert result.parameters == (_float_weights_in(path) if dynamo else kept)
    assert not dynamo or result.parameters < kept
    assert result.max_difference <= 1e-5
    assert _agree(model, _compiled(result), shape) <= 1e-5

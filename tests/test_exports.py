"""Python, ONNX and TorchScript exports compute what the compiled graph computes."""

import subprocess
import sys

import numpy as np
import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.export.weights import save_weights

RUNNER = """
import sys, runpy
sys.modules["netstudio"] = None          # the exported file must not need NetStudio
import torch
from safetensors.torch import load_file
ns = runpy.run_path(sys.argv[1])
model = ns[sys.argv[2]]()
model.load_state_dict(load_file(sys.argv[3]))
model.eval()
x = load_file(sys.argv[4])
with torch.no_grad():
    y = model(*[x[k] for k in sorted(x)])
from safetensors.torch import save_file
save_file({"y": y}, sys.argv[5])
"""


def sample_inputs(project, graph="model", batch=3):
    torch.manual_seed(0)
    out = {}
    for i, node in enumerate(project.graph(graph)):
        if node.type == "Input":
            shape = (batch, *node.params["shape"])
            x = torch.randint(0, 90, shape) if node.params.get("dtype") == "int64" else torch.randn(shape)
            out[f"{i:03d}"] = x
    return out


@pytest.mark.parametrize("sample, cls", [("mnist_cnn", "MnistCnn"), ("tiny_transformer", "TinyTransformer"),
                                         ("char_lstm", "CharacterLstm"), ("resnet_cifar10", "SmallResNet")])
def test_python_export_runs_without_netstudio(tmp_path, samples_dir, sample, cls):
    from safetensors.torch import load_file, save_file

    project = netstudio.load_project(samples_dir / f"{sample}.nsproj")
    model = netstudio.build_model(project).eval()
    code_path = tmp_path / "model.py"
    assert main(["export", str(samples_dir / f"{sample}.nsproj"), "--format", "python", "-o", str(code_path)]) == 0
    text = code_path.read_text()
    assert "netstudio" not in text.split('"""', 2)[2]  # only the docstring may name NetStudio
    save_weights(model, tmp_path / "w.safetensors")
    inputs = sample_inputs(project)
    save_file(inputs, tmp_path / "x.safetensors")
    done = subprocess.run([sys.executable, "-c", RUNNER, str(code_path), cls, str(tmp_path / "w.safetensors"),
                           str(tmp_path / "x.safetensors"), str(tmp_path / "y.safetensors")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    with torch.no_grad():
        expected = model(*inputs.values())
    torch.testing.assert_close(load_file(tmp_path / "y.safetensors")["y"], expected)


@pytest.mark.parametrize("fmt", ["python", "torchscript"])
def test_export_without_a_file_name_writes_next_to_the_project(tmp_path, samples_dir, fmt):
    import shutil

    from netstudio.export import EXPORT_FORMATS

    project = shutil.copy(samples_dir / "mnist_mlp.nsproj", tmp_path / "digits.nsproj")
    assert main(["export", str(project), "--format", fmt]) == 0
    assert EXPORT_FORMATS == {"python": ".py", "onnx": ".onnx", "torchscript": ".pt"}
    assert (tmp_path / f"digits_model{EXPORT_FORMATS[fmt]}").stat().st_size > 0


def test_python_export_has_shape_comments(samples_dir):
    from netstudio.export.python_code import generate_python

    code = generate_python(netstudio.load_project(samples_dir / "mnist_cnn.nsproj"))
    assert "self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3)" in code
    assert "conv1 = self.conv1(image)  # (B, 32, 26, 26)" in code
    assert "Trainable parameters: 54,410." in code


def test_onnx_export_matches_torch(tmp_path, samples_dir):
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    project = netstudio.load_project(samples_dir / "mnist_cnn.nsproj")
    out = tmp_path / "m.onnx"
    assert main(["export", str(samples_dir / "mnist_cnn.nsproj"), "--format", "onnx", "-o", str(out)]) == 0
    onnx.checker.check_model(str(out))
    # the compiled model is built fresh on export, so compare with the same weights via --weights
    model = netstudio.build_model(project).eval()
    save_weights(model, tmp_path / "w.safetensors")
    assert main(["export", str(samples_dir / "mnist_cnn.nsproj"), "--format", "onnx", "-o", str(out),
                 "--weights", str(tmp_path / "w.safetensors")]) == 0
    x = torch.randn(5, 1, 28, 28)  # a batch size other than the export's: the batch axis is dynamic
    (got,) = ReferenceEvaluator(str(out)).run(None, {"image": x.numpy()})
    with torch.no_grad():
        np.testing.assert_allclose(got, model(x).numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.filterwarnings("ignore:`torch.jit")
def test_torchscript_export_matches_torch(tmp_path, samples_dir):
    project = netstudio.load_project(samples_dir / "resnet_cifar10.nsproj")
    model = netstudio.build_model(project).eval()
    save_weights(model, tmp_path / "w.safetensors")
    out = tmp_path / "m.pt"
    assert main(["export", str(samples_dir / "resnet_cifar10.nsproj"), "--format", "torchscript", "-o", str(out),
                 "--weights", str(tmp_path / "w.safetensors")]) == 0
    loaded = torch.jit.load(str(out))
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(loaded(x), model(x))


def test_weights_that_do_not_fit_are_named(tmp_path, samples_dir, capsys):
    mlp = netstudio.build_model(netstudio.load_project(samples_dir / "mnist_mlp.nsproj"))
    save_weights(mlp, tmp_path / "mlp.safetensors")
    code = main(["export", str(samples_dir / "mnist_cnn.nsproj"), "--format", "torchscript", "-o",
                 str(tmp_path / "x.pt"), "--weights", str(tmp_path / "mlp.safetensors")])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert "does not fit this graph" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.pt").exists()


def test_export_of_an_invalid_graph_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.nsproj"
    bad.write_text('{"format": "netstudio-project", "version": 1, "graphs": {"model": {"nodes": ['
                   '{"id": "x", "type": "Input", "params": {"shape": [4]}}, {"id": "c", "type": "Conv2d", '
                   '"params": {"out_channels": 2, "kernel_size": 3}}], "edges": [{"from": "x", "to": "c"}]}}}')
    assert main(["export", str(bad), "--format", "python", "-o", str(tmp_path / "m.py")]) == 1
    err = capsys.readouterr().err.strip()
    assert "c: Conv2d expects an image" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "m.py").exists()

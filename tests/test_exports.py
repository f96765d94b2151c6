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
    assert EXPORT_FORMATS == {"python": ".py", "onnx": ".onnx", "torchscript": ".pt", "train-script": ".py"}
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
    assert "does not fit this graph (no tensor for conv1.weight)" in err and len(err.splitlines()) == 1
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


# ----- exports that carry trained weights -----
def _blob_project(tmp_path, name="Blob points"):
    import json

    nodes = [{"id": "xy", "type": "Input", "params": {"shape": [2]}},
             {"id": "fc1", "type": "Linear", "params": {"out_features": 8}}, {"id": "act", "type": "Tanh", "params": {}},
             {"id": "fc2", "type": "Linear", "params": {"out_features": 3}},
             {"id": "logits", "type": "Output", "params": {}}]
    doc = {"format": "netstudio-project", "version": 1, "name": name,
           "graphs": {"model": {"nodes": nodes, "edges": [{"from": a["id"], "to": b["id"]}
                                                          for a, b in zip(nodes, nodes[1:])]}},
           "task": {"type": "classify"}, "data": {"dataset": "blobs", "options": {"samples": 120}},
           "training": {"epochs": 2, "batch_size": 32, "device": "cpu", "snapshot_every": 0, "threads": 1,
                        "optimizer": {"type": "adam", "lr": 0.05}}}
    path = tmp_path / "blobs.nsproj"
    path.write_text(json.dumps(doc))
    return path


@pytest.fixture
def trained_blobs(tmp_path, one_torch_thread, capsys):
    """(project path, run folder, the trained model loaded from the run's best checkpoint)."""
    from netstudio.training.predict import graph_weights

    project_path = _blob_project(tmp_path)
    assert main(["train", str(project_path), "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    project = netstudio.load_project(project_path)
    model = netstudio.build_model(project).eval()
    state, choice = graph_weights(project, "model", tmp_path / "run")
    assert choice.which == "best" and choice.val_loss is not None
    model.load_state_dict(state)
    return project_path, tmp_path / "run", model


def test_run_folder_resolves_to_its_best_checkpoint(trained_blobs):
    import json

    from netstudio.training.predict import resolve_checkpoint

    _, run, _ = trained_blobs
    metas = {p: json.loads(p.read_text()) for p in (run / "checkpoints").glob("step*.json")}
    assert len(metas) == 2                                     # one per epoch
    best = min(metas, key=lambda p: metas[p]["val_loss"])
    assert resolve_checkpoint(run).path == best.with_suffix(".safetensors")
    assert resolve_checkpoint(best).which == "given"


def test_onnx_of_a_trained_model_matches_in_onnxruntime(trained_blobs, tmp_path, capsys):
    ort = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")
    project_path, run, model = trained_blobs
    out = tmp_path / "blobs.onnx"
    assert main(["export", str(project_path), "--format", "onnx", "-o", str(out), "--checkpoint", str(run)]) == 0
    assert "best checkpoint" in capsys.readouterr().out
    x = torch.randn(7, 2)
    (got,) = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"]).run(None, {"xy": x.numpy()})
    with torch.no_grad():
        expected = model(x).numpy()
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)
    untrained = netstudio.build_model(netstudio.load_project(project_path)).eval()
    with torch.no_grad():
        assert not np.allclose(untrained(x).numpy(), expected, atol=1e-3)   # the weights really travelled


@pytest.mark.filterwarnings("ignore:`torch.jit")
def test_torchscript_of_a_trained_model_carries_its_weights(trained_blobs, tmp_path):
    project_path, run, model = trained_blobs
    out = tmp_path / "blobs.pt"
    assert main(["export", str(project_path), "--format", "torchscript", "-o", str(out), "--checkpoint",
                 str(run)]) == 0
    x = torch.randn(4, 2)
    with torch.no_grad():
        torch.testing.assert_close(torch.jit.load(str(out))(x), model(x), rtol=0, atol=1e-6)


SNIPPET_RUNNER = """
import sys
sys.modules["netstudio"] = None          # the exported files must not need NetStudio
sys.path.insert(0, ".")
import torch
from safetensors.torch import load_file, save_file
exec(open("snippet.txt").read())         # the three lines from the exported file's docstring
with torch.no_grad():
    save_file({"y": model(load_file("x.safetensors")["x"])}, "y.safetensors")
"""


def snippet_of(code: str) -> str:
    """The load snippet in an exported file's docstring (its indented lines after 'Load them')."""
    doc = code.split('"""')[1]
    lines = doc.split("Load them", 1)[1].splitlines()[1:]
    return "\n".join(line[4:] for line in lines if line.startswith("    "))


@pytest.mark.parametrize("how", ["--checkpoint", "--weights"])
def test_python_export_writes_weights_and_a_working_snippet(trained_blobs, tmp_path, how):
    from safetensors.torch import load_file, save_file

    project_path, run, model = trained_blobs
    out_dir = tmp_path / "export"
    out_dir.mkdir()
    if how == "--checkpoint":
        source = str(run)
    else:   # a checkpoint's weights file given as plain safetensors: once silently ignored for Python
        from netstudio.training.predict import resolve_checkpoint

        source = str(resolve_checkpoint(run).path)
    assert main(["export", str(project_path), "--format", "python", "-o", str(out_dir / "blob_model.py"),
                 how, source]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["blob_model.py", "blob_model.safetensors"]
    code = (out_dir / "blob_model.py").read_text()
    assert "class BlobPoints(nn.Module):" in code               # named from the project
    snippet = snippet_of(code)
    assert snippet.splitlines() == [
        "from safetensors.torch import load_file", "from blob_model import BlobPoints",
        "model = BlobPoints(); model.load_state_dict(load_file('blob_model.safetensors')); model.eval()"]
    (out_dir / "snippet.txt").write_text(snippet)
    x = torch.randn(6, 2)
    save_file({"x": x}, out_dir / "x.safetensors")
    done = subprocess.run([sys.executable, "-c", SNIPPET_RUNNER], capture_output=True, text=True, cwd=out_dir,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    with torch.no_grad():
        torch.testing.assert_close(load_file(out_dir / "y.safetensors")["y"], model(x), rtol=0, atol=1e-6)
    # running the file itself uses the weights beside it
    done = subprocess.run([sys.executable, str(out_dir / "blob_model.py")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0 and "torch.Size([2, 3])" in done.stdout, done.stderr


def test_python_export_without_weights_writes_only_code(tmp_path):
    project_path = _blob_project(tmp_path)
    assert main(["export", str(project_path), "--format", "python", "-o", str(tmp_path / "m.py")]) == 0
    assert not (tmp_path / "m.safetensors").exists()
    assert "without trained weights" in (tmp_path / "m.py").read_text()


def test_a_checkpoint_of_another_model_names_the_first_tensor(trained_blobs, tmp_path, samples_dir, capsys):
    _, run, _ = trained_blobs
    for fmt, out in (("python", "m.py"), ("onnx", "m.onnx")):
        code = main(["export", str(samples_dir / "mnist_mlp.nsproj"), "--format", fmt, "-o", str(tmp_path / out),
                     "--checkpoint", str(run)])
        err = capsys.readouterr().err.strip()
        assert code == 1 and len(err.splitlines()) == 1
        assert "(size mismatch for fc1.weight: the weights have (8, 2), the graph needs (128, 784))" in err and str(run) in err
        assert not (tmp_path / out).exists() and not (tmp_path / "m.safetensors").exists()


def test_weights_and_checkpoint_are_exclusive_and_a_json_is_refused(trained_blobs, tmp_path, capsys):
    project_path, run, _ = trained_blobs
    with pytest.raises(SystemExit):
        main(["export", str(project_path), "--format", "onnx", "--weights", "a", "--checkpoint", "b"])
    capsys.readouterr()
    meta = next((run / "checkpoints").glob("step*.json"))
    assert main(["export", str(project_path), "--format", "python", "-o", str(tmp_path / "m.py"),
                 "--weights", str(meta)]) == 1
    assert "give the .safetensors file beside it" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore:`torch.jit")
def test_a_gan_checkpoint_exports_the_chosen_graph(tmp_path, samples_dir, capsys):
    from netstudio.training import runs

    project = netstudio.load_project(samples_dir / "mnist_dcgan.nsproj")
    torch.manual_seed(3)
    modules = {"generator": netstudio.build_model(project, "generator").eval(),
               "discriminator": netstudio.build_model(project, "discriminator").eval()}
    stem = tmp_path / "run" / "checkpoints" / "step0000005"
    meta = {"step": 5, "epoch": 1, "task": "gan", "data": {}, "loss_kind": "validation loss", "val_loss": 0.5}
    path = runs.save_checkpoint(stem, modules, {}, meta)
    runs.write_last(stem.parent, path, meta)
    for graph, x in (("generator", torch.randn(2, 100)), ("discriminator", torch.randn(2, 1, 28, 28))):
        out = tmp_path / f"{graph}.pt"
        assert main(["export", str(samples_dir / "mnist_dcgan.nsproj"), "--format", "torchscript", "--graph", graph,
                     "-o", str(out), "--checkpoint", str(tmp_path / "run")]) == 0
        with torch.no_grad():
            torch.testing.assert_close(torch.jit.load(str(out))(x), modules[graph](x))
    # the checkpoint's weights file given directly: the graph's prefixed tensors are taken
    assert main(["export", str(samples_dir / "mnist_dcgan.nsproj"), "--format", "python", "--graph", "generator",
                 "-o", str(tmp_path / "g.py"), "--weights", str(path)]) == 0
    from safetensors.torch import load_file

    saved = load_file(tmp_path / "g.safetensors")
    assert saved.keys() == modules["generator"].state_dict().keys()


@pytest.mark.parametrize("name, graph, expected", [("digits cnn", "model", "DigitsCnn"),
                                                   ("MNIST-CNN v2", "model", "MnistCnnV2"),
                                                   ("Untitled", "model", "Model"), ("!!!", "generator", "Generator"),
                                                   ("3 layers", "model", "Model3Layers"),
                                                   ("手写数字", "model", "手写数字"),
                                                   ("My GAN", "generator", "MyGanGenerator")])
def test_exported_class_is_named_from_the_project(name, graph, expected):
    from netstudio.core.project import Project
    from netstudio.export.python_code import export_class_name

    cls = export_class_name(Project(name), graph)
    assert cls == expected and cls.isidentifier()

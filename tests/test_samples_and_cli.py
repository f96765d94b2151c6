"""Sample projects reproduce the course's models; the core CLI commands behave for good and bad input."""

import json

import pytest

import netstudio
from netstudio.cli import main
from netstudio.compiler import ShapeInference
from netstudio.compiler.summary import summarize

# Keras prints these totals for the same models (model.summary()).
KERAS_COUNTS = {"mnist_mlp": 101_770, "mnist_cnn": 54_410, "cifar10_cnn": 122_570}


@pytest.mark.parametrize("name, expected", sorted(KERAS_COUNTS.items()))
def test_parameter_counts_match_keras(samples_dir, name, expected):
    project = netstudio.load_project(samples_dir / f"{name}.nsproj")
    assert summarize(project.graph())["total_params"] == expected
    model = netstudio.build_model(project)
    assert sum(p.numel() for p in model.parameters()) == expected


def test_every_sample_graph_is_valid(samples_dir):
    inference = ShapeInference()
    for path in samples_dir.glob("*.nsproj"):
        project = netstudio.load_project(path)
        for name, graph in project.graphs.items():
            infos = inference.infer(graph)
            bad = {nid: i.error for nid, i in infos.items() if not i.ok}
            assert not bad, f"{path.name}/{name}: {bad}"


def test_dcgan_generator_makes_images_the_discriminator_reads(samples_dir):
    import torch

    project = netstudio.load_project(samples_dir / "mnist_dcgan.nsproj")
    gen, disc = netstudio.build_model(project, "generator"), netstudio.build_model(project, "discriminator")
    fake = gen(torch.randn(4, 100))
    assert fake.shape == (4, 1, 28, 28) and fake.abs().max() <= 1
    assert disc(fake).shape == (4, 1)


def test_check_ok_and_exit_zero(samples_dir, capsys):
    assert main(["check", str(samples_dir / "mnist_dcgan.nsproj")]) == 0
    assert "2 graph(s) valid" in capsys.readouterr().err


def test_check_reports_one_line_per_problem_starting_with_node_id(tmp_path, capsys):
    bad = tmp_path / "bad.nsproj"
    bad.write_text(json.dumps({"format": "netstudio-project", "version": 1, "graphs": {"model": {"nodes": [
        {"id": "x", "type": "Input", "params": {"shape": [1, 28, 28]}},
        {"id": "conv", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 3}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        {"id": "lonely", "type": "ReLU", "params": {}}],
        "edges": [{"from": "x", "to": "conv"}, {"from": "conv", "to": "fc"}]}}}))
    assert main(["check", str(bad)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("lonely: ReLU has no input")
    assert lines[1].startswith("fc: warning: Linear expects a flat vector")


def test_summary_table_and_json(samples_dir, capsys):
    assert main(["summary", str(samples_dir / "mnist_cnn.nsproj")]) == 0
    table = capsys.readouterr().out
    assert "conv1    Conv2d     (32, 26, 26)     320" in table
    assert "total parameters: 54,410" in table
    assert main(["summary", str(samples_dir / "mnist_cnn.nsproj"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["graph"] == "model" and data["total_params"] == 54_410
    assert data["nodes"][1] | {"id": "conv1", "type": "Conv2d", "output_shape": [32, 26, 26], "params": 320} == \
        data["nodes"][1]   # its costs follow (tests/test_cost.py)


def test_summary_of_one_graph_of_a_gan(samples_dir, capsys):
    assert main(["summary", str(samples_dir / "mnist_dcgan.nsproj"), "--graph", "generator", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["graph"] == "generator" and data["nodes"][-1]["output_shape"] == [1, 28, 28]


@pytest.mark.parametrize("argv, words", [
    (["check", "nope.nsproj"], "no such file"),
    (["summary", "{project}", "--graph", "decoder"], "has no graph 'decoder'"),
    (["export", "{project}", "--format", "python", "--graph", "critic"], "has no graph 'critic'"),
])
def test_bad_input_is_one_line_and_non_zero(samples_dir, capsys, argv, words):
    argv = [a.replace("{project}", str(samples_dir / "mnist_cnn.nsproj")) for a in argv]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert words in captured.err and len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err + captured.out


def test_layers_list(capsys):
    assert main(["summary", "--layers"]) == 0
    out = capsys.readouterr().out
    for name in ("Conv2d", "LSTM", "MultiheadAttention", "TransformerEncoderLayer", "PositionalEncoding"):
        assert name in out


def test_gui_without_a_display_says_what_to_do(samples_dir):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "netstudio", str(samples_dir / "mnist_cnn.nsproj")], env=env,
                          capture_output=True, text=True, timeout=120)
    if sys.platform.startswith(("win", "darwin")):
        return
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "netstudio gui: no display found (DISPLAY and WAYLAND_DISPLAY are not set): run it on a desktop, or train "
        "without a screen with `netstudio train PROJECT`"]

"""``netstudio export --format train-script``: one file with torch and torchvision only, that trains like NetStudio."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys

import pytest

from netstudio.cli import main


def _doc(dataset: str = "mnist10k", **training) -> dict:
    nodes = [("image", "Input", {"shape": [1, 28, 28]}), ("flatten", "Flatten", {}),
             ("fc1", "Linear", {"out_features": 32}), ("relu", "ReLU", {}), ("drop", "Dropout", {"p": 0.2}),
             ("fc2", "Linear", {"out_features": 10}), ("logits", "Output", {})]
    graph = {"nodes": [{"id": i, "type": t, "params": p, "pos": [k * 100, 0]} for k, (i, t, p) in enumerate(nodes)],
             "edges": [{"from": a[0], "to": b[0]} for a, b in zip(nodes, nodes[1:])]}
    return {"format": "netstudio-project", "version": 1, "name": "digits", "graphs": {"model": graph},
            "task": {"type": "classify"}, "data": {"dataset": dataset},
            "training": {"epochs": 1, "batch_size": 64, "device": "cpu", "snapshot_every": 0, "threads": 1,
                         "optimizer": {"type": "adam", "lr": 0.002}, "weight_decay": 1e-4, **training}}


def _run(cmd, tmp_path):
    env = dict(os.environ, OMP_NUM_THREADS="1", WEIGHTS_OUT=str(tmp_path / "weights.pt"))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path)
    found = re.search(r"^test_loss [\d.]+  test_acc ([\d.]+)$", done.stdout, re.M)
    assert found, done.stdout + done.stderr[-2000:]
    return float(found.group(1))


@pytest.fixture
def exported(tmp_path, capsys):
    project = tmp_path / "digits.nsproj"
    project.write_text(json.dumps(_doc()), encoding="utf-8")
    assert main(["export", str(project), "--format", "train-script", "-o", str(tmp_path / "train.py")]) == 0
    assert f"wrote {tmp_path / 'train.py'}" in capsys.readouterr().out
    return project, tmp_path / "train.py"


def test_the_script_imports_only_torch_and_the_standard_library(exported):
    tree = ast.parse(exported[1].read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert modules - set(sys.stdlib_module_names) == {"torch", "torchvision"}


@pytest.mark.slow
def test_the_script_reaches_the_accuracy_of_netstudio_train(exported, tmp_path, capsys):
    project, script = exported
    assert main(["train", str(project), "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    engine_acc = float(re.search(r"test acc ([\d.]+)", capsys.readouterr().out).group(1))
    script_acc = _run([sys.executable, str(script)], tmp_path)
    assert abs(script_acc - engine_acc) <= 0.01 and script_acc > 0.8
    assert (tmp_path / "weights.pt").stat().st_size > 100_000   # the trained state dict (25,450 floats)


@pytest.mark.slow
def test_the_script_trains_on_two_processes_under_torchrun(exported, tmp_path):
    _, script = exported
    acc = _run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2", str(script)],
               tmp_path)
    assert acc > 0.8


def test_a_dataset_the_script_cannot_load_is_one_sentence(tmp_path, capsys):
    doc = _doc("blobs")
    project = tmp_path / "points.nsproj"
    project.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["export", str(project), "--format", "train-script", "-o", str(tmp_path / "t.py")]) == 1
    assert capsys.readouterr().err.strip() == (
        "netstudio export: the training script loads mnist10k, mnist, fashion_mnist, cifar10, csv, image_folder, "
        "not blobs: train this project with netstudio train")
    assert not (tmp_path / "t.py").exists()


@pytest.mark.slow
def test_a_csv_project_with_l1_momentum_and_a_cosine_schedule_trains_alike(tmp_path, capsys):
    import random

    rnd = random.Random(0)
    points = [(rnd.gauss(0, 1), rnd.gauss(0, 1)) for _ in range(200)]
    (tmp_path / "t.csv").write_text("a,b,label\n" + "\n".join(f"{x:.3f},{y:.3f},{'yes' if x + y > 0 else 'no'}"
                                                                for x, y in points))
    nodes = [("x", "Input", {"shape": [2]}), ("fc", "Linear", {"out_features": 2}), ("o", "Output", {})]
    doc = {"format": "netstudio-project", "version": 1, "name": "table", "task": {"type": "classify"},
           "graphs": {"model": {"nodes": [{"id": i, "type": t, "params": p, "pos": [k * 100, 0]}
                                          for k, (i, t, p) in enumerate(nodes)],
                                "edges": [{"from": "x", "to": "fc"}, {"from": "fc", "to": "o"}]}},
           "data": {"dataset": "csv", "options": {"path": "t.csv", "target": "label"}},
           "training": {"epochs": 3, "batch_size": 16, "device": "cpu", "threads": 1, "snapshot_every": None,
                        "l1": 1e-3, "schedule": {"type": "cosine"},
                        "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}}}
    project = tmp_path / "table.nsproj"
    project.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["export", str(project), "--format", "train-script"]) == 0   # default name: table_train.py
    assert main(["train", str(project), "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    out = capsys.readouterr().out
    engine_acc = float(re.search(r"test acc ([\d.]+)", out).group(1))
    assert abs(_run([sys.executable, str(tmp_path / "table_train.py")], tmp_path) - engine_acc) <= 0.01

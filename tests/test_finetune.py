"""Fine-tuning an imported model: frozen layers, the project's weights, a new head, pretrained files."""

from __future__ import annotations

import json
import textwrap

import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.core import editing
from netstudio.core.errors import NetStudioError
from netstudio.core.graph import is_trainable
from netstudio.export.importer import import_model, load_source, save_import
from netstudio.export.weights import read_weights
from netstudio.training.engine import Trainer

SMALL_NET = textwrap.dedent('''
    import torch.nn as nn
    import torch.nn.functional as F


    class SmallNet(nn.Module):
        def __init__(self, num_classes=10):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 8, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(8)
            self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(16)
            self.pool = nn.AdaptiveAvgPool2d(4)
            self.fc = nn.Linear(16 * 4 * 4, num_classes)

        def forward(self, x):
            x = F.relu(self.bn1(self.conv1(x)))
            x = F.relu(self.bn2(self.conv2(x)))
            return self.fc(torch.flatten(self.pool(x), 1))
''').replace("import torch.nn as nn", "import torch\nimport torch.nn as nn")

TRAINING = {"epochs": 1, "batch_size": 64, "max_steps": 12, "threads": 1, "optimizer": {"type": "adam", "lr": 0.01},
            "weight_decay": 0.01}


def _imported(tmp_path, freeze_all_but_head=True):
    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    model, name = load_source(f"{source}:SmallNet")
    with torch.no_grad():   # running statistics that differ from a fresh BatchNorm's
        model.bn1.running_mean.uniform_(-0.5, 0.5)
        model.bn2.running_var.uniform_(0.5, 2.0)
    result = import_model(model, name, [1, 28, 28], path=source)
    project = result.project
    project.data = {"dataset": "mnist10k"}
    project.training = dict(TRAINING)
    graph = project.graph()
    if freeze_all_but_head:
        command = editing.set_trainable(graph, [n.id for n in graph.nodes if n.id != "fc"], False)
        command.redo()
    path = tmp_path / "small.nsproj"
    save_import(result, path)
    return path, result


def test_frozen_layers_and_their_batchnorm_statistics_stay_bit_identical_and_the_head_learns(tmp_path):
    path, result = _imported(tmp_path)
    project = netstudio.load_project(path)
    assert [n.id for n in project.graph() if not is_trainable(n)] == \
        [n.id for n in project.graph() if n.id != "fc"]
    assert json.loads(path.read_text())["graphs"]["model"]["nodes"][1]["trainable"] is False
    trainer = Trainer(project, run_dir=tmp_path / "run")
    events = []
    trainer.subscribe(events.append)
    end = trainer.run()
    assert end.kind == "finished", end.message
    started = next(e for e in events if e.kind == "started")
    assert any("weights from small.safetensors: 14 of 14 tensors loaded" in n for n in started.notes), started.notes
    assert "frozen layers: 1,272 of 3,842 parameters stay as they are; 2,570 train" in started.notes
    after = trainer.task.modules["model"].state_dict()
    before = result.state_dict
    frozen = [k for k in before if not k.startswith("fc.")]
    assert "bn1.running_mean" in frozen and "bn2.num_batches_tracked" in frozen
    for key in frozen:
        assert torch.equal(after[key].cpu(), before[key]), key
    assert not torch.equal(after["fc.weight"].cpu(), before["fc.weight"])
    assert not torch.equal(after["fc.bias"].cpu(), before["fc.bias"])
    optimizer_params = [p for g in trainer.task.optimizers["model"].param_groups for p in g["params"]]
    assert len(optimizer_params) == 2     # the head's weight and bias only


def test_freezing_is_one_undo_step_and_every_layer_frozen_is_refused(tmp_path):
    path, result = _imported(tmp_path, freeze_all_but_head=False)
    graph = result.project.graph()
    command = editing.set_trainable(graph, ["conv1", "bn1"], False)
    command.redo()
    assert not is_trainable(graph.node("conv1")) and not is_trainable(graph.node("bn1"))
    command.undo()
    assert is_trainable(graph.node("conv1")) and "trainable" not in graph.node("conv1").extra
    assert editing.set_trainable(graph, ["conv1"], True) is None    # nothing to change: no undo step
    editing.set_trainable(graph, [n.id for n in graph.nodes], False).redo()
    result.project.data = {"dataset": "mnist10k"}
    result.project.training = dict(TRAINING)
    end = Trainer(result.project, run_dir=False).run()
    assert end.kind == "failed" and "is frozen" in end.message and "trainable" in end.message
    (tmp_path / "small.safetensors").unlink()
    editing.set_trainable(graph, [n.id for n in graph.nodes], True).redo()
    end = Trainer(netstudio.load_project(path), {"max_steps": 1, "threads": 1}, run_dir=False).run()
    assert end.kind == "failed" and "small.safetensors is missing: put it back beside the project" in end.message


def test_replace_the_head_keeps_every_other_weight_and_training_reports_the_head_as_new(tmp_path, capsys):
    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    out = tmp_path / "five.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(out), "--input-shape", "1,28,28",
                 "--num-classes", "5"]) == 0
    assert "head fc replaced: 5 classes" in capsys.readouterr().out
    project = netstudio.load_project(out)
    assert project.graph().node("fc").params["out_features"] == 5
    state = read_weights(tmp_path / "five.safetensors")
    assert "fc.weight" not in state and "conv1.weight" in state
    project.data = {"dataset": "mnist10k"}
    project.training = dict(TRAINING, max_steps=1)
    trainer = Trainer(project, run_dir=False)
    events = []
    trainer.subscribe(events.append)
    end = trainer.run()
    # mnist has 10 classes and the head now gives 5: the run says so; the weights report came first
    assert end.kind == "failed" and "10 classes" in end.message
    out10 = tmp_path / "ten.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(out10), "--input-shape", "1,28,28",
                 "--args", '{"num_classes": 3}', "--num-classes", "10"]) == 0
    project = netstudio.load_project(out10)
    project.data = {"dataset": "mnist10k"}
    project.training = dict(TRAINING, max_steps=1)
    trainer = Trainer(project, run_dir=False)
    trainer.subscribe(events.append)
    assert trainer.run().kind == "finished"
    notes = next(e for e in events if e.kind == "started").notes
    assert any("12 of 14 tensors loaded; new (initialised): fc.weight, fc.bias" in n for n in notes), notes


def test_a_local_weights_file_loads_into_matching_layers_with_a_report(tmp_path, capsys):
    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    model, _ = load_source(f"{source}:SmallNet", {"num_classes": 7})
    state = {k: v for k, v in model.state_dict().items() if k != "bn2.running_var"}
    state["extra.weight"] = torch.zeros(3)
    torch.save({"state_dict": state}, tmp_path / "trained.pth")
    out = tmp_path / "p.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(out), "--input-shape", "1,28,28",
                 "--weights", str(tmp_path / "trained.pth")]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("weights from trained.pth: 11 of 14 tensors loaded")
    assert "new (initialised): bn2.running_var" in line
    assert "other shape, initialised: fc.weight (7, 256) in the file, (10, 256) in the graph" in line
    assert "not used (no such layer): extra.weight" in line
    saved = read_weights(tmp_path / "p.safetensors")
    assert torch.equal(saved["conv1.weight"], model.conv1.weight.detach())
    (tmp_path / "evil.pt").write_bytes(b"not a checkpoint")
    assert main(["import", f"{source}:SmallNet", "-o", str(out), "--input-shape", "1,28,28",
                 "--weights", str(tmp_path / "evil.pt")]) == 1
    err = capsys.readouterr().err
    assert "evil.pt: not a weights file NetStudio can read safely" in err and "Traceback" not in err


def test_pretrained_offline_says_which_file_to_put_where(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch_home"))

    def offline(url, dst, *args, **kwargs):
        raise OSError("<urlopen error [Errno -3] Temporary failure in name resolution>")

    monkeypatch.setattr(torch.hub, "download_url_to_file", offline)
    code = main(["import", "torchvision:resnet18", "--pretrained", "-o", str(tmp_path / "r.nsproj")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err and "Traceback" not in err
    where = tmp_path / "torch_home" / "hub" / "checkpoints"
    assert "put resnet18-f37072fd.pth (from https://download.pytorch.org/models/resnet18-f37072fd.pth) into " \
        f"{where}/" in err, err
    assert not (tmp_path / "r.nsproj").exists()


def test_pretrained_weights_come_from_torch_hubs_cache(tmp_path, monkeypatch, capsys):
    import torchvision

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch_home"))
    monkeypatch.setattr(torch.hub, "download_url_to_file",
                        lambda *a, **k: pytest.fail("the cached file must be used, not downloaded"))
    fake = torchvision.models.resnet18()
    torch.nn.init.constant_(fake.conv1.weight, 0.125)
    cache = tmp_path / "torch_home" / "hub" / "checkpoints"
    cache.mkdir(parents=True)
    torch.save(fake.state_dict(), cache / "resnet18-f37072fd.pth")
    out = tmp_path / "r18.nsproj"
    assert main(["import", "torchvision:resnet18", "--pretrained", "--input-shape", "3,32,32", "-o", str(out),
                 "--num-classes", "4"]) == 0, capsys.readouterr().err
    state = read_weights(tmp_path / "r18.safetensors")
    assert torch.equal(state["conv1.weight"], torch.full((64, 3, 7, 7), 0.125))
    assert netstudio.load_project(out).graph().node("fc").params["out_features"] == 4


def test_a_head_that_is_not_linear_or_a_wrong_count_is_one_sentence(tmp_path):
    from netstudio.export.import_weights import check_classes, head_node

    _, result = _imported(tmp_path, freeze_all_but_head=False)
    with pytest.raises(NetStudioError, match="'bn1' is a BatchNorm2d; only a Linear head can be replaced"):
        head_node(result.project.graph(), "bn1")
    with pytest.raises(NetStudioError, match="at least 1"):
        check_classes(0)


def test_export_of_an_imported_project_carries_its_weights_by_default(tmp_path, capsys):
    from safetensors.torch import load_file

    source = tmp_path / "small_net.py"
    source.write_text(SMALL_NET)
    project = tmp_path / "five.nsproj"
    assert main(["import", f"{source}:SmallNet", "-o", str(project), "--input-shape", "1,28,28",
                 "--num-classes", "5"]) == 0
    imported = read_weights(tmp_path / "five.safetensors")
    capsys.readouterr()
    out = tmp_path / "exported.py"
    assert main(["export", str(project), "--format", "python", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "weights from five.safetensors: 12 of 14 tensors loaded; new (initialised): fc.weight, fc.bias" in printed
    exported = load_file(str(tmp_path / "exported.safetensors"))
    assert torch.equal(exported["conv2.weight"], imported["conv2.weight"]) and exported["fc.weight"].shape == (5, 256)
    out2 = tmp_path / "random.py"
    assert main(["export", str(project), "--format", "python", "-o", str(out2), "--untrained"]) == 0
    assert "untrained weights" in capsys.readouterr().out
    assert not (tmp_path / "random.safetensors").exists()

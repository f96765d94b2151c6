"""`netstudio train / evaluate / predict`: exit codes, one-line failures, logs, and every sample offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netstudio.cli import main

from .conftest import fake_cifar_root

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"


def test_train_writes_log_and_summary(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    code = main(["train", str(SAMPLES / "spirals_mlp.nsproj"), "--epochs", "2", "--batch-size", "64", "--lr", "0.02",
                 "--run-dir", str(tmp_path / "run"), "--log", str(log)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "trained 2 epoch(s)" in out and "test acc" in out and "checkpoint:" in out
    assert "epoch 2/2" in err and "val_acc" in err
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    epochs = [r for r in lines if r["event"] == "epoch"]
    assert len(epochs) == 2 and {"epoch", "train_loss", "val_loss", "val_acc", "seconds"} <= set(epochs[0])
    assert [r["event"] for r in lines][-2:] == ["test", "finished"]
    # the log holds the same records as the run folder's metrics.jsonl
    metrics = [json.loads(x) for x in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [r["event"] for r in metrics] == [r["event"] for r in lines]
    # the overrides were applied to the project saved in the run folder
    saved = json.loads((tmp_path / "run" / "project.nsproj").read_text())
    assert saved["training"]["batch_size"] == 64 and saved["training"]["optimizer"]["lr"] == 0.02


def test_train_failures_exit_1_with_one_line(tmp_path, capsys):
    assert main(["train", str(tmp_path / "missing.nsproj")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such file" in err
    assert main(["train", str(SAMPLES / "mnist_mlp.nsproj"), "--device", "tpu"]) == 1
    assert "training.device must be auto, cpu, cuda, cuda:N or mps" in capsys.readouterr().err
    # a fault during the run: one line naming the problem, exit 1
    doc = json.loads((SAMPLES / "mnist_mlp.nsproj").read_text())
    doc["data"] = {"dataset": "mnist", "options": {"root": str(tmp_path / "none"), "download": False}}
    bad = tmp_path / "bad.nsproj"
    bad.write_text(json.dumps(doc))
    assert main(["train", str(bad), "--run-dir", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("netstudio train: MNIST is not in")


def test_evaluate_and_predict(tmp_path, capsys):
    from PIL import Image

    from netstudio.training.config import parse_data, parse_task
    from netstudio.training.datasets import load_dataset

    run = tmp_path / "run"
    assert main(["train", str(SAMPLES / "mnist_mlp.nsproj"), "--max-steps", "200", "--run-dir", str(run),
                 "--quiet"]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(SAMPLES / "mnist_mlp.nsproj"), str(run), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["samples"] == 1000 and result["acc"] > 0.85 and len(result["confusion"]) == 10
    # predict real test digits saved as PNG files, as a user would drop them in
    data = load_dataset(parse_data({"dataset": "mnist10k"}), parse_task({}), input_shape=(1, 28, 28))
    files, labels = [], []
    for i in range(6):
        img = (data.denormalize(data.test.x[i:i + 1])[0, 0].numpy() * 255).round().astype(np.uint8)
        path = tmp_path / f"digit{i}.png"
        Image.fromarray(img).save(path)
        files.append(str(path))
        labels.append(str(int(data.test.y[i])))
    assert main(["predict", str(SAMPLES / "mnist_mlp.nsproj"), str(run), *files, "--json"]) == 0
    preds = json.loads(capsys.readouterr().out)
    assert [p["file"] for p in preds] == files
    assert sum(p["label"] == want for p, want in zip(preds, labels)) >= 5
    assert main(["predict", str(SAMPLES / "mnist_mlp.nsproj"), str(run), str(tmp_path / "nope.png")]) == 1
    assert "no such image file" in capsys.readouterr().err


@pytest.mark.slow
def test_entry_point_exit_code_in_a_real_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "netstudio", "train", str(SAMPLES / "sine_rnn.nsproj"),
                             "--max-steps", "3", "--run-dir", str(tmp_path / "r")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "reached training.max_steps (3)" in result.stdout and "test rmse" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("*.nsproj")))
def test_every_sample_project_trains_offline(sample, tmp_path, capsys, monkeypatch):
    doc = json.loads((SAMPLES / f"{sample}.nsproj").read_text())
    if doc["data"]["dataset"] == "cifar10":
        # offline there is no CIFAR-10: the sample says where to put it ...
        monkeypatch.setenv("NETSTUDIO_DATA", str(tmp_path / "empty"))
        monkeypatch.setattr("torchvision.datasets.utils.download_and_extract_archive", _offline)
        assert main(["train", str(SAMPLES / f"{sample}.nsproj"), "--max-steps", "2", "--run-dir",
                     str(tmp_path / "r0")]) == 1
        assert "CIFAR-10 is not in" in capsys.readouterr().err
        # ... and with the files in place (a tiny stand-in in the real binary format) it trains
        monkeypatch.setenv("NETSTUDIO_DATA", str(fake_cifar_root(tmp_path / "cifar", per_batch=40)))
    code = main(["train", str(SAMPLES / f"{sample}.nsproj"), "--max-steps", "2", "--batch-size", "16",
                 "--run-dir", str(tmp_path / "r")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "reached training.max_steps (2)" in out
    assert list((tmp_path / "r" / "checkpoints").glob("*.safetensors"))


def _offline(*args, **kwargs):
    raise OSError("no internet")


def test_progress_bar_shows_loss_and_eta_on_a_terminal():
    import io

    from netstudio.cli.cmd_train import ProgressPrinter
    from netstudio.training.events import EpochEvent, StartedEvent, StepEvent

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    printer = ProgressPrinter(stream=term)
    printer(StartedEvent(project="p", task="classify", device="cpu", epochs=2, steps_per_epoch=100,
                         samples={"train": 6400}, parameters=10))
    printer(StepEvent(step=150, epoch=1, first_step=141, loss=0.25, samples_per_sec=3200.0, eta_seconds=75))
    printer(EpochEvent(step=200, epoch=2, train_loss=0.2, val_loss=0.3, val_acc=0.9, seconds=4.0))
    text = term.getvalue()
    assert "\repoch 2/2 [############............] 50/100 loss 0.2500 3,200 samples/s ETA 01:15" in text
    assert text.endswith("epoch 2/2  train_loss 0.2000  val_loss 0.3000  val_acc 0.9000  (4.0 s)\n")


def test_threads_option_sets_pytorchs_thread_count(tmp_path, monkeypatch):
    import torch

    from netstudio.cli import main
    from netstudio.training import engine

    seen = []
    monkeypatch.setattr(engine.torch, "set_num_threads", lambda n: seen.append(n))
    project = tmp_path / "p.nsproj"
    project.write_text((Path(__file__).resolve().parents[2] / "sample_projects" / "spirals_mlp.nsproj").read_text())
    assert main(["train", str(project), "--max-steps", "1", "--threads", "3", "--quiet",
                 "--run-dir", str(tmp_path / "run")]) == 0
    assert seen[:1] == [3] and torch.get_num_threads() >= 1

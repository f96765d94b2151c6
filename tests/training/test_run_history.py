"""Run history: run.json written by real runs, older folders read from their logs, settings and graph diffs."""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pytest

from netstudio.training.run_diff import MISSING, describe_changes, graph_diff, settings_diff
from netstudio.training.run_history import (list_runs, load_run_project, project_filter, read_curves, read_run,
                                            run_roots, smooth_debiased, smoothing_weight)

from .conftest import points_mlp


def _old_folder(root, name="tiny-20250102-030405", end="finished", epochs=3):
    """A run folder as NetStudio wrote them before run.json: a log, checkpoints, the project."""
    path = root / name
    (path / "checkpoints").mkdir(parents=True)
    t0 = 1_735_786_000.0
    lines = [{"event": "started", "step": 0, "time": t0, "project": "tiny", "device": "cuda:0", "epochs": epochs},
             {"event": "step", "step": 2, "time": t0 + 1, "first_step": 1, "values": {"loss": [2.0, 1.5]}}]
    accs = [0.5, 0.8, 0.7]
    for e in range(1, epochs + 1):
        lines.append({"event": "epoch", "step": 2 * e, "time": t0 + e, "epoch": e, "train_loss": 1.0 / e,
                      "val_loss": 1.2 / e, "val_acc": accs[e - 1]})
    if end:
        lines.append({"event": end, "step": 2 * epochs, "time": t0 + 9, "epoch": epochs - 1, "message": "done",
                      "seconds": 42.5})
    (path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    (path / "checkpoints" / "step0000006.safetensors").write_bytes(b"x")
    (path / "checkpoints" / "last.json").write_text(json.dumps({"checkpoint": "step0000006.safetensors"}))
    points_mlp().save(path / "project.nsproj")
    return path


def test_an_older_folder_without_run_json_is_read_from_its_log(tmp_path):
    path = _old_folder(tmp_path)
    info = read_run(path)
    assert not info.has_record
    assert (info.status, info.epochs, info.device) == ("finished", 3, "cuda:0")
    assert (info.best_metric, info.best_value) == ("val_acc", 0.8)
    assert info.duration == pytest.approx(42.5)
    assert info.started == pytest.approx(1_735_786_000.0)
    assert info.checkpoint == str(path / "checkpoints" / "step0000006.safetensors")
    assert load_run_project(path).graph("model").node("fc1").params["out_features"] == 16


def test_a_killed_older_run_reads_as_interrupted_and_a_torn_line_is_skipped(tmp_path):
    path = _old_folder(tmp_path, end=None, epochs=2)
    with open(path / "metrics.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"event": "epoch", "step": 6, "val_a')      # killed while writing
    info = read_run(path)
    assert (info.status, info.epochs, info.duration) == ("interrupted", 2, None)
    (path / "metrics.jsonl").write_text("", encoding="utf-8")     # the log lost: the checkpoint still says
    (path / "checkpoints" / "last.json").write_text(json.dumps({"checkpoint": "step0000006.safetensors",
                                                                "step": 6, "epoch": 3}))
    info = read_run(path)
    assert (info.status, info.epochs, info.steps) == ("interrupted", 3, 6)


def test_a_folder_with_only_a_name_still_gets_its_date(tmp_path):
    path = tmp_path / "net-20240506-070809-2"
    path.mkdir()
    (path / "metrics.jsonl").write_text("", encoding="utf-8")
    info = read_run(path)
    assert time.localtime(info.started)[:6] == (2024, 5, 6, 7, 8, 9)
    assert info.status == "unknown" and info.checkpoint is None


def test_a_real_run_writes_run_json_with_status_versions_and_best_metric(tmp_path, one_torch_thread):
    from netstudio.training.engine import Trainer

    end = Trainer(points_mlp(training={"epochs": 2}), run_dir=tmp_path / "runs" / "tiny-20260101-000000").run()
    assert end.kind == "finished"
    info = read_run(tmp_path / "runs" / "tiny-20260101-000000")
    assert info.has_record
    assert (info.status, info.epochs, info.steps, info.device) == ("finished", 2, 16, "cpu")
    assert info.best_metric == "val_acc" and 0.0 <= info.best_value <= 1.0
    assert set(info.versions) == {"python", "netstudio", "torch", "torchvision"}
    assert info.versions["torch"] and info.duration > 0
    assert abs(info.started - time.time()) < 600


def test_a_stopped_run_says_stopped(tmp_path, one_torch_thread):
    from netstudio.training.engine import Trainer

    trainer = Trainer(points_mlp(training={"epochs": 3}), run_dir=tmp_path / "r")
    trainer.subscribe(lambda e: trainer.stop() if e.kind == "step" else None)
    assert trainer.run().kind == "stopped"
    record = json.loads((tmp_path / "r" / "run.json").read_text())
    assert record["status"] == "stopped" and record["ended"]
    assert read_run(tmp_path / "r").status == "stopped"
    # continued into the same folder: one record, first start kept, time added up, now finished
    resumed = Trainer(points_mlp(training={"epochs": 3}), resume=tmp_path / "r")
    assert resumed.run().kind == "finished"
    again = json.loads((tmp_path / "r" / "run.json").read_text())
    assert again["status"] == "finished" and again["resumed"] == 1 and again["epochs"] == 3
    assert again["started"] == record["started"] and again["duration"] > record["duration"]


def test_running_with_a_dead_process_reads_as_interrupted(tmp_path):
    import socket

    path = tmp_path / "r"
    path.mkdir()
    pid = os.getpid()
    while True:        # a pid nobody uses
        pid += 7919
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        except OSError:
            continue
    (path / "run.json").write_text(json.dumps({"format": "netstudio-run", "version": 1, "status": "running",
                                               "pid": pid, "host": socket.gethostname()}))
    assert read_run(path).status == "interrupted"
    (path / "run.json").write_text(json.dumps({"format": "netstudio-run", "version": 1, "status": "running",
                                               "pid": os.getpid(), "host": socket.gethostname()}))
    assert read_run(path).status == "running"


def test_list_runs_newest_first_only_this_projects(tmp_path):
    root = tmp_path / "runs"
    _old_folder(root, "tiny-20250102-030405")
    _old_folder(root, "tiny-20250203-030405")
    _old_folder(root, "other-20250304-030405")
    (root / "not_a_run").mkdir()
    runs = list_runs([root, tmp_path / "missing"], project_filter("tiny", None))
    assert [r.name for r in runs] == ["tiny-20250203-030405", "tiny-20250102-030405"]
    assert len(list_runs([root])) == 3
    assert run_roots(str(tmp_path / "p.nsproj"), tmp_path / "app") == [root, tmp_path / "app"]


def test_run_slug_matches_the_run_folder_names():
    from netstudio.training.run_history import run_slug
    from netstudio.training.runs import slug

    for name in ("Tiny MLP", "数字 classifier", "", "a" * 80, "x/../y"):
        assert run_slug(name) == slug(name)


def test_curves_come_back_from_the_log(tmp_path):
    curves = read_curves(_old_folder(tmp_path))
    assert curves.steps.tolist() == [1, 2] and curves.loss.tolist() == [2.0, 1.5]
    assert curves.val_steps.tolist() == [2, 4, 6]
    assert curves.metric_name == "val_acc" and curves.metric.tolist() == [0.5, 0.8, 0.7]


def test_debiased_smoothing_follows_a_short_run():
    losses = np.linspace(2.3, 0.1, 40)
    smoothed = smooth_debiased(losses, 0.97)
    assert smoothed[0] == pytest.approx(2.3)
    plain = 2.3
    for v in losses[1:]:
        plain = 0.97 * plain + 0.03 * v
    assert plain > 1.2 and smoothed[-1] < 1.0        # debiased: the first value no longer dominates
    weight = smoothing_weight(40)                    # and a 40-step run gets a short window
    assert weight == pytest.approx(0.75) and smoothing_weight(10_000) == 0.97
    assert smooth_debiased(losses, weight)[-1] < 0.35


def test_settings_diff_names_dotted_keys():
    a = points_mlp().to_dict()
    b = points_mlp(training={"optimizer": {"type": "adam", "lr": 0.02}, "seed": 3}).to_dict()
    changes = settings_diff(a, b)
    by_key = {c.key: (c.old, c.new) for c in changes}
    assert by_key["training.optimizer.lr"] == (0.05, 0.02)
    assert by_key["training.seed"] == (MISSING, 3)
    assert "training.optimizer.lr 0.05 → 0.02" in describe_changes(changes)
    assert settings_diff(a, a) == []


def test_graph_diff_finds_added_removed_and_changed_nodes():
    a = points_mlp().to_dict()
    b = json.loads(json.dumps(a))
    nodes = b["graphs"]["model"]["nodes"]
    nodes[1]["params"]["out_features"] = 32
    nodes[2]["type"] = "ReLU"
    nodes.append({"id": "drop", "type": "Dropout", "params": {}, "pos": [0, 0]})
    b["graphs"]["model"]["edges"] = [e for e in b["graphs"]["model"]["edges"] if e["to"] != "logits"]
    b["graphs"]["model"]["edges"].append({"from": "fc2", "to": "drop"})
    del nodes[4]       # logits
    diff = graph_diff(a, b)["model"]
    assert diff.added == ["drop"] and diff.removed == ["logits"]
    assert diff.changed == {"act": [("type", "Tanh", "ReLU")], "fc1": [("out_features", 16, 32)]}
    assert diff.edges_added == [("fc2", 0, "drop", 0)] and diff.edges_removed == [("fc2", 0, "logits", 0)]
    assert not graph_diff(a, a)["model"]


def test_netstudio_train_writes_a_run_the_history_lists(tmp_path, monkeypatch, capsys, one_torch_thread):
    from netstudio.cli import main

    project = tmp_path / "tiny.nsproj"
    points_mlp(training={"epochs": 1}).save(project)
    monkeypatch.chdir(tmp_path)              # the CLI's default: runs/ in the working folder
    assert main(["train", str(project), "--threads", "1"]) == 0
    capsys.readouterr()
    (run,) = list_runs(run_roots(str(project), None), project_filter("tiny", str(project)))
    assert run.status == "finished" and run.epochs == 1 and run.has_record
    assert run.project_file == str(project.resolve())

"""``netstudio tune``: Optuna studies over a project's tune section, each trial an ordinary run folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netstudio.core.errors import ProjectError

from .conftest import blob_doc, write_doc

optuna = pytest.importorskip("optuna")

SPACE = {"training.optimizer.lr": {"log_uniform": [1e-4, 1e-1]}, "training.optimizer.type": ["sgd", "adam"],
         "fc1.out_features": [4, 8, 16]}


def tune_doc(**tune) -> dict:
    doc = blob_doc({"epochs": 4})
    doc["tune"] = {"space": SPACE, "objective": "val_loss", "n_trials": 6,
                   "pruner": {"type": "median", "startup_trials": 2}, **tune}
    return doc


def _trials(storage: str, study: str):
    from netstudio.training.tune import open_storage

    return optuna.load_study(study_name=study, storage=open_storage(storage)).trials


def test_a_study_of_six_trials_prunes_and_writes_a_best_project_that_checks(tmp_path, capsys):
    from netstudio.cli import main

    project = write_doc(tmp_path, tune_doc(seed=3), "blobs.nsproj")
    assert main(["tune", project, "--runs", str(tmp_path / "trials")]) == 0
    out = capsys.readouterr().out
    trials = _trials(f"sqlite:///{tmp_path / 'blobs.optuna.db'}", "blobs")   # the default storage, beside the project
    states = [t.state.name for t in trials]
    assert len(trials) == 6 and "PRUNED" in states and "COMPLETE" in states
    for t in trials:   # each trial is an ordinary run folder with its metrics
        assert (tmp_path / "trials" / f"trial-{t.number:04d}" / "metrics.jsonl").exists()
    pruned = next(t for t in trials if t.state.name == "PRUNED")
    epochs = [json.loads(line)["epoch"] for line in
              (tmp_path / "trials" / f"trial-{pruned.number:04d}" / "metrics.jsonl").read_text().splitlines()
              if json.loads(line)["event"] == "epoch"]
    assert len(epochs) < 4                                           # the pruner stopped it early
    best_path = tmp_path / "blobs.best.nsproj"
    assert f"wrote {best_path}" in out
    best = json.loads(best_path.read_text())
    study_best = min((t for t in trials if t.state.name == "COMPLETE"), key=lambda t: t.value)
    assert best["training"]["optimizer"]["type"] == study_best.params["training.optimizer.type"]
    assert best["training"]["optimizer"]["lr"] == pytest.approx(study_best.params["training.optimizer.lr"])
    fc1 = next(n for n in best["graphs"]["model"]["nodes"] if n["id"] == "fc1")
    assert fc1["params"]["out_features"] == study_best.params["fc1.out_features"]
    assert main(["check", str(best_path)]) == 0


def test_two_worker_processes_complete_one_study_in_one_sqlite_storage(tmp_path):
    project = write_doc(tmp_path, tune_doc(n_trials=8, pruner="none"), "blobs.nsproj")
    storage = f"sqlite:///{tmp_path / 'shared.db'}"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "netstudio", "tune", project, "--storage", storage, "--study", "shared",
           "--runs", str(tmp_path / "trials")]
    workers = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for _ in range(2)]
    outputs = [w.communicate(timeout=280) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [o[1][-500:] for o in outputs]
    trials = _trials(storage, "shared")
    # workers check the count between trials, so two that start their last trial together end one
    # over (Optuna's MaxTrialsCallback, which the workers use, behaves the same way)
    assert 8 <= len(trials) <= 9 and all(t.state.name == "COMPLETE" for t in trials)
    assert len({t.user_attrs["worker"] for t in trials}) == 2            # both workers took trials
    assert sorted(t.number for t in trials) == list(range(len(trials)))


def test_a_wrong_search_space_is_one_sentence_naming_the_key(tmp_path):
    import netstudio
    from netstudio.training.tune_config import parse_tune

    project = netstudio.project_from_dict(blob_doc())
    with pytest.raises(ProjectError, match=r"^tune.space.fc1.out_features int needs \[low, high\], two whole numbers "
                                           r"with low < high, not \[16, 4\]$"):
        parse_tune({"space": {"fc1.out_features": {"int": [16, 4]}}}, project)
    with pytest.raises(ProjectError, match=r"^tune.space.conv9.out_channels names the node 'conv9', which the "
                                           r"project does not have"):
        parse_tune({"space": {"conv9.out_channels": [16, 32]}}, project)
    with pytest.raises(ProjectError, match=r"^tune.space.training.optimizer.lr would try 500, which the training "
                                           r"section refuses: training.optimizer.lr must be <= 100, not 500$"):
        parse_tune({"space": {"training.optimizer.lr": [0.1, 500]}}, project)
    cfg = parse_tune({"space": SPACE, "objective": "val_acc"}, project)
    assert (cfg.metric, cfg.direction, cfg.pruner) == ("val_acc", "maximize", "median")


def test_switching_the_optimizer_keeps_only_its_own_settings():
    from netstudio.training.config import parse_training
    from netstudio.training.tune_config import set_training

    adam = {"optimizer": {"type": "adam", "lr": 0.01, "betas": [0.8, 0.9]}}
    sgd = set_training(adam, ("optimizer", "type"), "sgd")
    assert sgd["optimizer"] == {"type": "sgd", "lr": 0.01}
    assert parse_training(sgd).optimizer["type"] == "sgd"


def test_the_core_opens_a_project_with_a_tune_section_without_torch(tmp_path):
    path = write_doc(tmp_path, tune_doc(), "blobs.nsproj")
    code = ("import sys, netstudio; p = netstudio.load_project(sys.argv[1]); "
            "assert 'torch' not in sys.modules; print(sorted(p.extra['tune']['space']))")
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(sorted(SPACE))

"""``netstudio train --nproc 2``: two gloo workers on the CPU through torchrun, against one process.

Each launch costs a few seconds of process start-up; the model is a small MLP on mnist10k (8,000
training digits, one epoch of 125 global batches of 64).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from safetensors.torch import load_file

from netstudio.training.engine import Trainer

from .conftest import mnist_mlp

pytestmark = pytest.mark.slow


def _project(**training):
    return mnist_mlp({"batch_size": 64, **training})


def _launch(project_path, *args, env_extra=None, timeout=240):
    env = dict(os.environ, OMP_NUM_THREADS="1", **(env_extra or {}))
    env.pop("NETSTUDIO_TRACEBACK", None)
    return subprocess.run([sys.executable, "-m", "netstudio", "train", str(project_path), "--quiet", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def _events(run_dir, kind):
    lines = (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["event"] == kind]


@pytest.fixture(scope="module")
def project_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("ddp") / "mnist.nsproj"
    path.write_text(_project().to_json(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_worker_run(project_file):
    """The run folder of one epoch on two workers (rank 0 wrote it)."""
    run_dir = project_file.parent / "run2"
    done = _launch(project_file, "--nproc", "2", "--run-dir", str(run_dir))
    # gloo may abort at exit after the work is done (DESIGN.md): judge by what rank 0 wrote
    assert (run_dir / "checkpoints" / "last.json").exists(), done.stderr
    return run_dir


def test_two_workers_reach_the_accuracy_of_one_process_with_the_same_global_batch(project_file, two_worker_run,
                                                                                  tmp_path):
    one = Trainer(_project(), run_dir=tmp_path / "run1").run()
    assert one.kind == "finished"
    tests = _events(two_worker_run, "test")
    assert len(tests) == 1                                      # rank 0 alone tested and wrote
    assert abs(tests[0]["acc"] - one.metrics["acc"]) <= 0.01
    assert tests[0]["acc"] > 0.8
    started = _events(two_worker_run, "started")
    assert len(started) == 1 and started[0]["steps_per_epoch"] == 125    # same steps as one process: global batch 64
    assert any("2 workers (gloo)" in note for note in started[0]["notes"])
    assert [e["step"] for e in _events(two_worker_run, "epoch")] == [125]
    assert sorted(p.name for p in two_worker_run.parent.iterdir() if p.name.startswith("run")) == ["run2"]
    weights = load_file(str(two_worker_run / "checkpoints" / "step0000125.safetensors"))
    assert sorted(weights) == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]   # plain names, no "module."


def test_a_two_worker_checkpoint_resumes_in_one_process(two_worker_run, tmp_path):
    end = Trainer(_project(epochs=2), run_dir=tmp_path / "resumed", resume=two_worker_run).run()
    assert end.kind == "finished", end.message
    assert end.step == 250 and end.metrics["acc"] > 0.85
    assert [e["step"] for e in _events(tmp_path / "resumed", "epoch")] == [250]


def test_a_worker_that_dies_ends_the_run_with_its_rank(project_file, tmp_path):
    done = _launch(project_file, "--nproc", "2", "--run-dir", str(tmp_path / "run"),
                   env_extra={"NETSTUDIO_TEST_DIE_RANK": "1", "NETSTUDIO_TEST_DIE_STEP": "20"})
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("netstudio train: distributed training stopped: worker rank 1 ended with exit code 3")
    assert "Traceback" not in done.stderr


@pytest.mark.long
def test_max_restarts_resumes_from_the_last_checkpoint(project_file, tmp_path):
    run_dir = tmp_path / "run"
    done = _launch(project_file, "--nproc", "2", "--epochs", "2", "--max-restarts", "1", "--run-dir", str(run_dir),
                   env_extra={"NETSTUDIO_TEST_DIE_RANK": "1", "NETSTUDIO_TEST_DIE_STEP": "160"})
    assert "trained 2 epoch(s), 250 steps" in done.stdout, done.stderr
    started = _events(run_dir, "started")
    assert [s["step"] for s in started] == [0, 125]     # the restart resumed after epoch 1, not from scratch
    assert [e["step"] for e in _events(run_dir, "epoch")] == [125, 250]


def test_a_global_batch_that_does_not_split_evenly_is_refused(project_file, capsys):
    from netstudio.cli import main

    assert main(["train", str(project_file), "--nproc", "3"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("netstudio train: training.batch_size 64 cannot be split evenly over 3 workers: use a multiple "
                   "of 3 (each worker trains on batch_size / workers samples)")


def test_torchrun_options_for_one_machine_and_for_several():
    from netstudio.training.distributed import LaunchOptions

    assert LaunchOptions(nproc=2).torchrun_args() == ["--nproc-per-node", "2", "--max-restarts", "0", "--standalone"]
    several = LaunchOptions(nproc=4, nnodes=2, rdzv_endpoint="10.0.0.1:29400", max_restarts=3).torchrun_args()
    assert several == ["--nproc-per-node", "4", "--max-restarts", "3", "--nnodes", "2", "--rdzv-backend", "c10d",
                       "--rdzv-endpoint", "10.0.0.1:29400", "--rdzv-id", "netstudio"]
    fixed = LaunchOptions(nproc=4, nnodes=2, node_rank=1, rdzv_endpoint="10.0.0.1:29400").torchrun_args()
    assert fixed[-8:] == ["--rdzv-backend", "static", "--node-rank", "1", "--master-addr", "10.0.0.1",
                          "--master-port", "29400"]


def test_a_gan_is_refused_before_any_worker_starts(tmp_path, capsys):
    from netstudio.cli import main

    from .conftest import blob_doc, write_doc

    doc = blob_doc()
    doc["task"] = {"type": "gan"}
    assert main(["train", write_doc(tmp_path, doc), "--nproc", "2"]) == 1
    assert capsys.readouterr().err.strip() == (
        "netstudio train: a gan task trains in one process only (distributed training supports classify, regress, "
        "autoencode, sequence): train it without --nproc")


def test_the_failure_message_names_the_cause_not_the_workers_that_went_down_with_it():
    from types import SimpleNamespace

    from netstudio.training.distributed import failure_message

    def failure(exitcode, message="", signal=""):
        return SimpleNamespace(exitcode=exitcode, message=message, signal_name=lambda: signal)

    lost = "worker rank 0 stops: it lost contact with another worker (connection closed)"
    assert failure_message({0: failure(-15, signal="SIGTERM"), 1: failure(3)}, 0) == (
        "distributed training stopped: worker rank 1 ended with exit code 3 (worker rank(s) 0 stopped because it ended)")
    assert failure_message({0: failure(1, lost), 1: failure(-9, signal="SIGKILL")}, 2) == (
        "distributed training stopped after 2 restart(s): worker rank 1 was killed by signal SIGKILL (worker rank(s) 0 "
        "stopped because it ended)")
    assert failure_message({1: failure(1, "data.dataset 'x' is not a dataset NetStudio knows")}, 0) == (
        "distributed training stopped: worker rank 1 failed: data.dataset 'x' is not a dataset NetStudio knows")


def test_two_machines_through_a_static_rendezvous_train_as_one_run(project_file, tmp_path):
    """Two "machines" (two launchers on this one, one worker each) meet at --rdzv-endpoint with fixed node
    ranks, as on a real cluster: node 0's worker is global rank 0 and alone writes its run folder."""
    import socket

    with socket.socket() as s:      # a free port for the rendezvous (torchrun's store listens on it)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("NETSTUDIO_TRACEBACK", None)
    runs = [tmp_path / f"node{rank}" for rank in (0, 1)]
    nodes = [subprocess.Popen([sys.executable, "-m", "netstudio", "train", str(project_file), "--quiet",
                               "--nproc", "1", "--nnodes", "2", "--node-rank", str(rank),
                               "--rdzv-endpoint", f"127.0.0.1:{port}", "--run-dir", str(runs[rank])],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for rank in (0, 1)]
    outputs = [node.communicate(timeout=240) for node in nodes]
    assert (runs[0] / "checkpoints" / "last.json").exists(), outputs[0][1] + outputs[1][1]
    assert not runs[1].exists()                                  # the second machine's worker is rank 1
    started = _events(runs[0], "started")
    assert started[0]["steps_per_epoch"] == 125 and any("2 workers (gloo)" in n for n in started[0]["notes"])
    assert _events(runs[0], "test")[0]["acc"] > 0.8

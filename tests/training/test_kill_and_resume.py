"""kill -9 a headless training run at random moments, resume it from its last checkpoint each time, and
check what a user relies on: metrics.jsonl parses line by line, its step numbers run 1..N without a
gap or a repeat, and the final weights equal those of a run that was never interrupted (resume is
exact: weights, optimizer state, data order and random state come back from the checkpoint).

``pytest -m fuzz`` kills more often (NETSTUDIO_FAULT_KILLS, default 30).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

import netstudio
from netstudio.training.engine import Trainer

ROOT = Path(__file__).resolve().parents[2]
EPOCHS, STEPS_PER_EPOCH = 8, 25      # 800 training points, batch 32
TOTAL = EPOCHS * STEPS_PER_EPOCH


def _project(tmp_path: Path) -> Path:
    data = json.loads((ROOT / "sample_projects" / "spirals_mlp.nsproj").read_text(encoding="utf-8"))
    data["training"].update({"epochs": EPOCHS, "snapshot_every": None, "threads": 1, "device": "cpu"})
    path = tmp_path / "spirals.nsproj"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _logged_step(metrics: Path) -> int:
    """The highest step in the log so far (a torn last line is skipped)."""
    step = 0
    try:
        lines = metrics.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return 0
    for line in lines:
        try:
            step = max(step, int(json.loads(line).get("step", 0)))
        except (ValueError, AttributeError):
            break
    return step


def _train_until_killed(project: Path, run_dir: Path, kill_at: int | None, resume: bool) -> bool:
    """Run ``netstudio train`` (resuming the run folder when asked); kill -9 once the log reaches
    ``kill_at``. True when it was killed, False when it finished first."""
    cmd = [sys.executable, "-m", "netstudio", "train", str(project), "--run-dir", str(run_dir)]
    if resume:
        cmd += ["--resume", str(run_dir)]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while proc.poll() is None:
        if kill_at is not None and _logged_step(run_dir / "metrics.jsonl") >= kill_at:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        assert time.monotonic() < deadline, "training did not progress"
        time.sleep(0.005)   # polling a file another process writes; nothing to wait on in-process
    stderr = proc.stderr.read()
    assert proc.returncode == 0, stderr[-2000:]
    return False


def _check_log(metrics: Path) -> None:
    steps = []
    for number, line in enumerate(metrics.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)                       # every line parses
        if record["event"] == "step":
            steps.extend(range(record.get("first_step", record["step"]), record["step"] + 1))
    assert steps == list(range(1, TOTAL + 1)), "steps have a gap or a repeat"


def _final_weights(run_dir: Path) -> dict[str, torch.Tensor]:
    last = json.loads((run_dir / "checkpoints" / "last.json").read_text(encoding="utf-8"))
    name = Path(last["checkpoint"]).name
    return load_file(run_dir / "checkpoints" / name)


def _kill_and_resume(tmp_path: Path, kills: int, seed: int) -> None:
    project = _project(tmp_path)
    reference = tmp_path / "uninterrupted"
    end = Trainer(netstudio.load_project(project), run_dir=reference).run()
    assert end.kind == "finished", end.message

    rng = random.Random(seed)
    run_dir = tmp_path / "killed"
    # kill points after the first checkpoint (end of epoch 1), each later than the one before
    points = sorted(rng.sample(range(STEPS_PER_EPOCH + 1, TOTAL), kills))
    resume = False
    for point in points:
        if _logged_step(run_dir / "metrics.jsonl") >= point:
            continue
        killed = _train_until_killed(project, run_dir, point, resume)
        resume = True
        if not killed:
            break
    else:
        _train_until_killed(project, run_dir, None, resume=True)
    _check_log(run_dir / "metrics.jsonl")
    got, want = _final_weights(run_dir), _final_weights(reference)
    assert got.keys() == want.keys()
    for key in want:
        torch.testing.assert_close(got[key], want[key], rtol=0, atol=0, msg=key)


def test_ten_kills_and_resumes_lose_nothing_and_match_an_uninterrupted_run(tmp_path):
    _kill_and_resume(tmp_path, kills=10, seed=0)


@pytest.mark.fuzz
@pytest.mark.timeout(7200)   # the long profile runs as long as it needs
def test_many_kills_and_resumes(tmp_path):
    kills = int(os.environ.get("NETSTUDIO_FAULT_KILLS", "30"))
    _kill_and_resume(tmp_path, kills=min(kills, TOTAL - STEPS_PER_EPOCH - 1), seed=kills)

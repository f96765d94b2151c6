"""Every template of File > New trains as it is (a few steps here) and passes ``netstudio check``."""

from __future__ import annotations

from pathlib import Path

import pytest

import netstudio
from netstudio.cli import main as cli_main
from netstudio.training.engine import Trainer

TEMPLATES = Path(netstudio.__file__).resolve().parent / "templates"
KINDS = {"image", "points", "text", "regress", "autoencode", "gan", "next_char"}


def template_files() -> list[Path]:
    return sorted(TEMPLATES.glob("*.nsproj"))


def test_one_template_per_task():
    kinds = {netstudio.load_project(p).extra["template"]["kind"] for p in template_files()}
    assert kinds == KINDS


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.stem)
def test_template_trains_a_few_steps_and_passes_check(path, capsys, one_torch_thread):
    project = netstudio.load_project(path)
    assert project.data.get("dataset"), "a template names its dataset: no 'data.dataset is missing' first"
    assert project.training.get("threads") is None    # the engine picks the thread count on the user's machine
    project.path = None
    # tiny: a few steps, and the end-of-run validation and sampling on a small share (they dominate otherwise)
    project.data["split"] = {"train": 0.96, "val": 0.02, "test": 0.02}
    if project.task.get("type") == "sequence":
        project.task["generate_length"] = 20
    trainer = Trainer(project, overrides={"max_steps": 3, "batch_size": 8, "threads": 1, "snapshot_every": None,
                                          "device": "cpu"}, run_dir=False)
    end = trainer.run()
    assert end.kind == "finished", end.message
    assert trainer.global_step == 3
    assert cli_main(["check", str(path)]) == 0
    assert "OK:" in capsys.readouterr().err

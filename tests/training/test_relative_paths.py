"""Data paths are stored relative to the project file and resolved against it: a zipped project folder
trains elsewhere, from any working folder, in the engine and with ``netstudio train``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from PIL import Image

import netstudio
from netstudio.cli import main as cli_main
from netstudio.core.data_paths import rebase_paths, resolve, stored_path
from netstudio.training.datasets import preview_samples
from netstudio.training.engine import Trainer

from .conftest import chain


def write_folder_project(folder: Path) -> Path:
    """project.nsproj beside data/table.csv (two classes) and data/pictures/{a,b}/*.png."""
    data = folder / "data"
    data.mkdir(parents=True)
    rng = np.random.default_rng(0)
    rows = ["x,y,label"] + [f"{rng.normal() + 3 * (i % 2):.3f},{rng.normal():.3f},{'ab'[i % 2]}" for i in range(30)]
    (data / "table.csv").write_text("\n".join(rows) + "\n")
    for c, name in enumerate("ab"):
        (data / "pictures" / name).mkdir(parents=True)
        for i in range(4):
            Image.fromarray(np.full((6, 6), 60 + 150 * c + i, dtype=np.uint8)).save(data / "pictures" / name / f"{i}.png")
    graph = chain([("xy", "Input", {"shape": [2]}), ("fc", "Linear", {"out_features": 2}), ("out", "Output", {})])
    project = {"format": "netstudio-project", "version": 1, "name": "shared", "graphs": {"model": graph},
               "task": {"type": "classify"}, "data": {"dataset": "csv", "options": {"path": "data/table.csv"}},
               "training": {"epochs": 1, "batch_size": 8, "device": "cpu", "threads": 1, "snapshot_every": None}}
    path = folder / "project.nsproj"
    path.write_text(json.dumps(project))
    return path


def test_paths_inside_the_project_folder_are_stored_relative(tmp_path):
    project = tmp_path / "p" / "project.nsproj"
    (tmp_path / "p" / "data").mkdir(parents=True)
    assert stored_path(tmp_path / "p" / "data" / "t.csv", project) == "data/t.csv"
    assert stored_path(tmp_path / "elsewhere.csv", project) == str(tmp_path / "elsewhere.csv")   # outside: absolute
    assert stored_path(tmp_path / "x.csv", None) == str(tmp_path / "x.csv")                      # unsaved: absolute
    assert resolve("data/t.csv", project) == tmp_path / "p" / "data" / "t.csv"


def test_save_elsewhere_rewrites_paths_to_the_same_files(tmp_path):
    old = tmp_path / "p" / "project.nsproj"
    data = {"dataset": "csv", "options": {"path": "data/t.csv", "target": "y"}, "split": {"val": 0.2}}
    moved = rebase_paths(data, old, tmp_path / "q" / "copy.nsproj")
    assert moved["options"] == {"path": str(tmp_path / "p" / "data" / "t.csv"), "target": "y"}
    assert moved["split"] == {"val": 0.2} and data["options"]["path"] == "data/t.csv"   # the original is kept
    assert rebase_paths(data, old, tmp_path / "p" / "renamed.nsproj") is None           # same folder: unchanged
    back = rebase_paths(moved, tmp_path / "q" / "copy.nsproj", old)
    assert back["options"]["path"] == "data/t.csv"                                      # inside again: relative
    unsaved = {"dataset": "image_folder", "options": {"path": str(tmp_path / "p" / "data" / "img")}}
    assert rebase_paths(unsaved, None, old)["options"]["path"] == "data/img"            # first save


def test_a_zipped_project_folder_trains_elsewhere_from_any_working_folder(tmp_path, monkeypatch, capsys,
                                                                          one_torch_thread):
    original = write_folder_project(tmp_path / "made_here")
    archive = shutil.make_archive(str(tmp_path / "shared"), "zip", original.parent)
    shutil.rmtree(original.parent)                                    # the data exists only in the zip now
    shutil.unpack_archive(archive, tmp_path / "unpacked" / "somewhere")
    path = tmp_path / "unpacked" / "somewhere" / "project.nsproj"
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)                                       # relative to the project, not the cwd

    project = netstudio.load_project(path)
    preview = preview_samples(project)
    assert preview["counts"] == {"a": 15, "b": 15} and preview["columns"] == ["x", "y"]
    end = Trainer(project, run_dir=False).run()
    assert end.kind == "finished", end.message

    code = cli_main(["train", str(path), "--max-steps", "2", "--threads", "1", "--run-dir",
                     str(tmp_path / "run"), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "run").is_dir() and not (elsewhere / "data").exists()

    project.data = {"dataset": "image_folder", "options": {"path": "data/pictures"}}
    project.graphs = {"model": netstudio.project_from_dict({
        "format": "netstudio-project", "version": 1, "name": "g",
        "graphs": {"model": chain([("img", "Input", {"shape": [1, 6, 6]}), ("flat", "Flatten", {}),
                                   ("fc", "Linear", {"out_features": 2}), ("out", "Output", {})])}}).graph("model")}
    assert preview_samples(project)["counts"] == {"a": 4, "b": 4}
    end = Trainer(project, run_dir=False).run()
    assert end.kind == "finished", end.message

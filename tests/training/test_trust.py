"""Results that can be trusted: divergence keeps a sane checkpoint, every number is checked, resume
overrides are explained, data faults name the file, row and column, and damaged run files give one line."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.core.errors import ProjectError
from netstudio.training.config import parse_data, parse_task
from netstudio.training.datasets import DatasetError, load_dataset

from .conftest import chain


def _one_line(capsys, command: str) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert "unexpected error" not in err and "internal error" not in err, err
    assert err.startswith(f"netstudio {command}: "), err
    return err[len(f"netstudio {command}: "):]


def _csv(tmp_path, text: str, task: str = "classify", shape=(2,), **options):
    path = tmp_path / "t.csv"
    path.write_text(text)
    data = parse_data({"dataset": "csv", "options": {"path": str(path), **options}})
    return path, (lambda: load_dataset(data, parse_task({"type": task}), input_shape=shape))


# ----- 4. CSV data -----
@pytest.mark.parametrize("cell", ["nan", "inf", "-inf", "1e39", "NaN"])
def test_csv_non_finite_cell_names_file_row_and_column(tmp_path, cell):
    path, load = _csv(tmp_path, f"a,b,kind\n1,2,x\n3,4,y\n\n5,{cell},x\n7,8,y\n")
    with pytest.raises(DatasetError) as info:
        load()
    assert str(info.value).startswith(f"{path} line 5, column 'b': '{cell}' is not a finite number")


def test_csv_non_finite_regression_target_is_named(tmp_path):
    path, load = _csv(tmp_path, "a,b,v\n1,2,0.5\n3,4,inf\n5,6,1\n7,8,2\n", task="regress")
    with pytest.raises(DatasetError, match=rf"line 3, column 'v': 'inf' is not a finite number"):
        load()


def test_csv_duplicate_header_is_refused(tmp_path):
    path, load = _csv(tmp_path, "a,a,kind\n1,2,x\n3,4,y\n5,6,x\n")
    with pytest.raises(DatasetError, match="has two columns named 'a' in its header row"):
        load()


def test_csv_empty_features_is_refused(tmp_path):
    _, load = _csv(tmp_path, "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n", features=[])
    with pytest.raises(DatasetError) as info:
        load()
    assert str(info.value) == "data.options.features is empty: list the columns or leave it out for all"


@pytest.mark.parametrize("delimiter", ["", ";;", "\n", '"'])
def test_csv_delimiter_must_be_one_character(tmp_path, delimiter):
    _, load = _csv(tmp_path, "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n", delimiter=delimiter)
    with pytest.raises(DatasetError, match="data.options.delimiter must be one character"):
        load()


def test_csv_with_semicolons_still_loads(tmp_path):
    _, load = _csv(tmp_path, "a;b;kind\n1;2;x\n3;4;y\n5;6;x\n7;8;y\n", delimiter=";")
    assert load().train.x.shape[1] == 2


# ----- shared: a tiny blob classifier trained from the command line -----
def _doc(training: dict | None = None, data: dict | None = None, out: int = 3) -> dict:
    graph = chain([("xy", "Input", {"shape": [2]}), ("fc1", "Linear", {"out_features": 8}), ("act", "Tanh", {}),
                   ("fc2", "Linear", {"out_features": out}), ("logits", "Output", {})])
    return {"format": "netstudio-project", "version": 1, "name": "blobs", "graphs": {"model": graph},
            "task": {"type": "classify"}, "data": {"dataset": "blobs", "options": {"samples": 120}, **(data or {})},
            "training": {"epochs": 1, "batch_size": 32, "device": "cpu", "snapshot_every": 0, "threads": 1,
                         "optimizer": {"type": "adam", "lr": 0.01}, **(training or {})}}


def _write(tmp_path, doc: dict, name: str = "p.nsproj") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


@pytest.fixture
def trained(tmp_path, capsys):
    """(project path, run folder) after one epoch of training."""
    project = _write(tmp_path, _doc())
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    return project, tmp_path / "run"


def _weights(run):
    return next((run / "checkpoints").glob("step*[0-9].safetensors"))


# ----- 6. evaluate -----
def test_evaluate_json_writes_null_for_nan(trained, capsys):
    from safetensors.torch import load_file, save_file

    project, run = trained
    path = _weights(run)
    weights = {k: torch.full_like(v, float("nan")) for k, v in load_file(str(path)).items()}
    save_file(weights, str(path))
    assert main(["evaluate", project, str(run), "--json"]) == 0
    text = capsys.readouterr().out

    def refuse(word):
        raise AssertionError(f"not valid JSON: {word}")
    result = json.loads(text, parse_constant=refuse)
    assert result["loss"] is None and result["samples"] == 12


def test_evaluate_of_an_empty_split_is_refused(tmp_path, capsys):
    project = _write(tmp_path, _doc(data={"split": {"val": 0.2, "test": 0}}))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["evaluate", project, str(tmp_path / "run"), "--json"]) == 1
    assert _one_line(capsys, "evaluate") == ("the test split of the blobs dataset holds no samples (see data.split in "
                                             "the project): evaluate another split or give test a fraction")

"""Bad input to train / evaluate / predict / export: one line naming what and where, a non-zero exit.

Each test holds the smallest input that once ended in a traceback or an "unexpected error".
"""

from __future__ import annotations

import errno
import inspect
import json
import os
import stat
import sys

import numpy as np
import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.core.errors import ProjectError
from netstudio.training import runs
from netstudio.training.config import (OPTIMIZER_DEFAULTS, apply_overrides, optimizer_defaults, parse_training,
                                       training_defaults)

from .conftest import blob_doc as _doc
from .conftest import write_doc as _write


def _one_line(capsys, command: str) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert err.startswith(f"netstudio {command}: "), err
    return err[len(f"netstudio {command}: "):]


# ----- 6. non-finite and out-of-range settings -----
@pytest.mark.parametrize("optimizer, words", [
    ({"type": "adagrad", "lr_decay": float("nan")}, "training.optimizer.lr_decay must be a finite number >= 0, found nan"),
    ({"type": "adam", "lr": float("inf")}, "training.optimizer.lr must be a finite number > 0 and <= 100, found inf"),
    ({"type": "rmsprop", "alpha": float("nan")}, "training.optimizer.alpha must be a finite number >= 0 and <= 1, found nan"),
    ({"type": "adam", "eps": float("-inf")}, "training.optimizer.eps must be a finite number > 0, found -inf"),
    ({"type": "sgd", "momentum": 0.9, "nesterov": True, "dampening": 0.5},
     "training.optimizer.nesterov needs a dampening of 0 (remove dampening or set it to 0)"),
])
def test_train_refuses_bad_optimizer_settings_naming_the_field(tmp_path, capsys, optimizer, words):
    project = _write(tmp_path, _doc({"optimizer": optimizer}))
    assert main(["train", project, "--run-dir", str(tmp_path / "r")]) == 1
    assert _one_line(capsys, "train") == words
    assert not (tmp_path / "r").exists()   # refused before anything is written


@pytest.mark.parametrize("training, words", [
    ({"weight_decay": float("nan")}, "training.weight_decay must be a finite number >= 0, found nan"),
    ({"grad_clip": float("inf")}, "training.grad_clip must be a finite number > 0, found inf"),
    ({"snapshot_every": float("nan")}, "training.snapshot_every must be a finite number >= 0, found nan"),
    ({"schedule": {"type": "plateau", "factor": 1}}, "training.schedule.factor must be < 1, not 1"),
    ({"schedule": {"type": "one_cycle", "pct_start": float("nan")}},
     "training.schedule.pct_start must be a finite number >= 0 and <= 1, found nan"),
    ({"early_stopping": {"min_delta": float("nan")}},
     "training.early_stopping.min_delta must be a finite number >= 0, found nan"),
    ({"seed": 2 ** 70}, "training.seed must be <= 4294967295, not 1180591620717411303424"),
    ({"epochs": 2.0}, "training.epochs must be a whole number, not 2.0 (write it without the decimal point)"),
])
def test_every_numeric_training_setting_is_checked(training, words):
    with pytest.raises(ProjectError) as info:
        parse_training({**_doc()["training"], **training})
    assert str(info.value) == words


def test_data_normalize_refuses_nan():
    from netstudio.training.config import parse_data

    with pytest.raises(ProjectError, match="data.normalize.std must be a list of finite numbers"):
        parse_data({"dataset": "blobs", "normalize": {"mean": [0.0], "std": [float("nan")]}})


def test_command_line_numbers_are_checked_by_argparse(tmp_path, capsys):
    project = _write(tmp_path, _doc())
    with pytest.raises(SystemExit) as exit_info:
        main(["train", project, "--epochs", "0"])
    assert exit_info.value.code == 2
    assert "argument --epochs: must be a whole number >= 1, not 0" in capsys.readouterr().err
    assert main(["train", project, "--lr", "nan", "--run-dir", str(tmp_path / "r")]) == 1
    assert _one_line(capsys, "train") == "training.optimizer.lr must be a finite number > 0 and <= 100, found nan"


# ----- 7. a section field that is null or of the wrong type -----
def test_null_optimizer_means_the_defaults_even_with_an_lr_override(tmp_path, capsys):
    assert parse_training({"optimizer": None}).optimizer == {"type": "adam", "lr": 0.001}
    assert apply_overrides({"optimizer": None}, {"lr": 0.05}) == {"optimizer": {"lr": 0.05}}
    project = _write(tmp_path, _doc({"optimizer": None}))
    assert main(["train", project, "--lr", "0.05", "--max-steps", "1", "--run-dir", str(tmp_path / "r"),
                 "--quiet"]) == 0
    assert "reached training.max_steps (1)" in capsys.readouterr().out


@pytest.mark.parametrize("training, words", [
    ({"optimizer": "adam"}, "training.optimizer must be an object {...}, not the text 'adam'"),
    ({"optimizer": [1]}, "training.optimizer must be an object {...}, not a list"),
    ({"schedule": 3}, "training.schedule must be an object {...}, not the number 3"),
    ({"optimizer": {"type": None}}, "training.optimizer.type must be one of sgd, adagrad, adadelta, rmsprop, "
                                    "adam, adamw, not None"),
    ({"epochs": None}, "training.epochs must be a whole number, not null"),
])
def test_section_fields_of_the_wrong_type_are_named(tmp_path, capsys, training, words):
    project = _write(tmp_path, _doc(training))
    assert main(["train", project, "--lr", "0.1", "--run-dir", str(tmp_path / "r")]) == 1
    assert _one_line(capsys, "train") == words


# ----- 8. export with weights of another model -----
@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
def test_export_with_weights_of_another_model_names_the_tensor(tmp_path, capsys, fmt):
    from netstudio.export.weights import save_weights

    other = netstudio.project_from_dict(_doc(out=5))
    weights = tmp_path / "other.safetensors"
    save_weights(netstudio.build_model(other), weights)
    project = _write(tmp_path, _doc(out=3))
    out = tmp_path / f"model.{fmt}"
    assert main(["export", project, "--format", fmt, "--weights", str(weights), "-o", str(out)]) == 1
    message = _one_line(capsys, "export")
    assert message.startswith(f"{weights} does not fit this graph (size mismatch for fc2.weight")
    assert message.endswith("were the weights trained on another model?")
    assert not out.exists()


# ----- 9. predict --top -----
@pytest.mark.parametrize("top", ["0", "-1", "two"])
def test_predict_top_must_be_positive(tmp_path, capsys, top):
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "p.nsproj", "ckpt", "x.png", "--top", top])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --top: must be a whole number >= 1, not {top if top != 'two' else repr(top)}" in err
    assert "Traceback" not in err


def test_predict_images_refuses_top_below_one(trained):
    from netstudio.training.predict import predict_images

    project, run = trained
    with pytest.raises(ProjectError, match="top must be a whole number >= 1"):
        predict_images(netstudio.load_project(project), run, ["x.png"], top=0)


# ----- 10. a checkpoint argument that is not a checkpoint -----
def test_evaluate_names_the_file_given_and_what_is_wrong(trained, tmp_path, capsys):
    project, run = trained
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n")
    assert main(["evaluate", project, str(readme)]) == 1
    assert _one_line(capsys, "evaluate") == (f"{readme} is not a checkpoint: give a checkpoint's .safetensors file "
                                             "(or its .json), or a run folder")
    assert main(["evaluate", project, str(tmp_path / "nothing.safetensors")]) == 1
    assert _one_line(capsys, "evaluate") == f"{tmp_path / 'nothing.safetensors'}: no such checkpoint file"
    assert main(["evaluate", project, str(tmp_path / "nothing")]) == 1
    assert _one_line(capsys, "evaluate") == f"{tmp_path / 'nothing'}: no such checkpoint file or run folder"
    weights = next((run / "checkpoints").glob("step*[0-9].safetensors"))
    weights.with_name(weights.name.replace(".safetensors", ".json")).unlink()
    assert main(["evaluate", project, str(weights)]) == 1
    assert _one_line(capsys, "evaluate") == (f"checkpoint {weights} is incomplete: "
                                             f"{weights.name.replace('.safetensors', '.json')} is missing beside it")


def test_damaged_checkpoint_description_is_one_line(trained, capsys):
    project, run = trained
    meta = next((run / "checkpoints").glob("step*[0-9].json"))
    meta.write_text("[" * 100_000)
    assert main(["evaluate", project, str(run)]) == 1
    assert "is damaged" in _one_line(capsys, "evaluate")
    (run / "checkpoints" / "last.json").write_text('{"checkpoint": "../../etc/passwd"}')
    assert main(["evaluate", project, str(run)]) == 1
    assert _one_line(capsys, "evaluate").endswith("last.json is damaged: it does not name a checkpoint file")


# ----- 11. exported files are shared like any file a user saves -----
@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX modes")
@pytest.mark.parametrize("fmt, suffix", [("python", ".py"), ("torchscript", ".pt")])
def test_exports_honour_the_umask(tmp_path, capsys, fmt, suffix):
    project = _write(tmp_path, _doc())
    old = os.umask(0o022)
    try:
        assert main(["export", project, "--format", fmt]) == 0
    finally:
        os.umask(old)
    out = tmp_path / f"p_model{suffix}"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644


def test_export_default_name_is_a_safe_file_name(tmp_path, capsys):
    doc = _doc()
    doc["graphs"] = {"../../" + "g" * 50: doc["graphs"]["model"]}
    project = _write(tmp_path, doc)
    assert main(["export", project, "--format", "python", "--graph", "../../" + "g" * 50]) == 0
    written = list(tmp_path.glob("p_*.py"))
    assert len(written) == 1 and written[0].parent == tmp_path and len(written[0].name) < 80


# ----- 12. a full disk while training -----
def test_full_disk_keeps_the_last_complete_checkpoint(tmp_path, capsys, monkeypatch):
    project = _write(tmp_path, _doc({"epochs": 3}))
    real_write = runs.atomic_write_bytes
    written = []

    def write(path, data):
        # the disk fills up while the second checkpoint's optimizer state is written
        if str(path).endswith(".state.safetensors") and written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data)
        if str(path).endswith(".state.safetensors"):
            written.append(path)

    monkeypatch.setattr(runs, "atomic_write_bytes", write)
    run = tmp_path / "run"
    assert main(["train", project, "--run-dir", str(run), "--quiet"]) == 1
    message = _one_line(capsys, "train")
    first = run / "checkpoints" / json.loads((run / "checkpoints" / "last.json").read_text())["checkpoint"]
    assert message.startswith("the disk is full: cannot write checkpoint ")
    assert message.endswith(f"free some space and resume (the last complete checkpoint, {first}, is kept)")
    # the kept checkpoint is whole and the half-written one is gone
    weights, optim, meta = runs.load_checkpoint(run)
    assert meta["epoch"] == 1 and "model" in weights and optim
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == sorted(
        [first.name, first.name.replace(".safetensors", ".state.safetensors"),
         first.name.replace(".safetensors", ".json"), "last.json"])


def test_full_disk_before_any_checkpoint_says_so(tmp_path, capsys, monkeypatch):
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(runs, "atomic_write_bytes", full)
    project = _write(tmp_path, _doc())
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 1
    assert _one_line(capsys, "train").endswith("(no checkpoint had been saved yet)")


# ----- 5. file names made from user text -----
def test_image_and_run_folder_names_stay_short(tmp_path):
    folder = runs.RunFolder(tmp_path / "run")
    try:
        path = folder.save_png("epoch001_filters_" + "n" * 10_000, np.zeros((1, 1, 4, 4), np.float32))
    finally:
        folder.close()
    assert path.exists() and len(path.name) <= 160
    run_dir = runs.default_run_dir("项目 " + "x" * 10_000, root=tmp_path)
    assert len(run_dir.name) < 80
    run_dir.mkdir()


# ----- 14. one table of defaults -----
def test_optimizer_defaults_are_torch_defaults_except_lr():
    classes = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
               "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}
    for kind, cls in classes.items():
        params = inspect.signature(cls).parameters
        for key, value in OPTIMIZER_DEFAULTS[kind].items():
            if key != "lr":
                want = params[key].default
                assert (list(want) if isinstance(want, tuple) else want) == value, (kind, key)
    assert optimizer_defaults("adadelta")["lr"] == 1.0
    assert parse_training({"optimizer": {"type": "adadelta"}}).optimizer["lr"] == 1.0
    assert training_defaults()["optimizer"] == {"type": "adam", "lr": 0.001}


# ----- 4. devices and pipes given where a file is expected -----
@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="needs /dev/zero, FIFOs")
@pytest.mark.timeout(60)
def test_devices_and_pipes_are_refused_without_reading(trained, tmp_path, capsys):
    project, run = trained
    fifo = tmp_path / "w.safetensors"
    os.mkfifo(fifo)
    for weights in ("/dev/zero", str(fifo)):
        assert main(["export", project, "--format", "onnx", "--weights", weights, "-o", str(tmp_path / "m.onnx")]) == 1
        assert _one_line(capsys, "export") == f"{weights}: not a weights file (give a .safetensors file)"
    assert main(["train", "/dev/zero"]) == 1
    assert _one_line(capsys, "train") == "/dev/zero: is a device, not a project file"
    assert main(["evaluate", project, "/dev/zero"]) == 1
    assert _one_line(capsys, "evaluate").startswith("/dev/zero is not a checkpoint")
    assert main(["evaluate", project, str(fifo)]) == 1
    assert _one_line(capsys, "evaluate") == f"checkpoint {fifo} cannot be read: {fifo} is not a regular file"

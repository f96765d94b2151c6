"""Results that can be trusted: divergence keeps a sane checkpoint, every number is checked, resume
overrides are explained, data faults name the file, row and column, and damaged run files give one line."""

from __future__ import annotations

import json
import math

import pytest
import torch

import netstudio
from netstudio.cli import main
from netstudio.core.errors import ProjectError
from netstudio.training.config import parse_data, parse_task
from netstudio.training.datasets import DatasetError, load_dataset

from .conftest import blob_doc as _doc
from .conftest import chain
from .conftest import write_doc as _write


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
    with pytest.raises(DatasetError, match=r"line 3, column 'v': 'inf' is not a finite number"):
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


# ----- 5. images larger than NetStudio decodes -----
def _png_header(path, width: int, height: int) -> None:
    """A PNG whose header claims ``width`` x ``height`` grey pixels and holds almost no data (a bomb's shape)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))


def _image_folder(root, n: int = 3):
    from PIL import Image

    for cls in ("a", "b"):
        (root / cls).mkdir(parents=True)
        for i in range(n):
            Image.new("L", (8, 8), 40 * i).save(root / cls / f"{i}.png")
    return root


def _image_doc(shape, path="imgs") -> dict:
    graph = chain([("image", "Input", {"shape": shape}), ("flat", "Flatten", {}),
                   ("fc", "Linear", {"out_features": 2}), ("logits", "Output", {})])
    return {"format": "netstudio-project", "version": 1, "name": "imgs", "graphs": {"model": graph},
            "task": {"type": "classify"}, "data": {"dataset": "image_folder", "options": {"path": path}},
            "training": {"epochs": 1, "batch_size": 4, "device": "cpu", "snapshot_every": 0, "threads": 1}}


@pytest.mark.parametrize("width, height", [(20000, 20000), (9000, 9000)])
def test_image_bomb_is_refused_from_its_header_in_predict_and_evaluate(tmp_path, capsys, width, height):
    _image_folder(tmp_path / "imgs")
    project = _write(tmp_path, _image_doc([1, 8, 8]))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    bomb = tmp_path / "bomb.png"
    _png_header(bomb, width, height)
    assert main(["predict", project, str(tmp_path / "run"), str(bomb)]) == 1
    message = _one_line(capsys, "predict")
    assert message.startswith(f"{bomb} is too large") and "50,000,000" in message
    if width * height < 89_000_000:   # PIL opens it: the message gives the size from the header
        assert f"{width} x {height}" in message
    _png_header(tmp_path / "imgs" / "a" / "bomb.png", width, height)
    assert main(["evaluate", project, str(tmp_path / "run")]) == 1
    assert _one_line(capsys, "evaluate").startswith(f"{tmp_path / 'imgs' / 'a' / 'bomb.png'} is too large")


def test_image_folder_input_too_large_is_refused_before_decoding(tmp_path, capsys):
    import time

    _image_folder(tmp_path / "imgs")
    project = _write(tmp_path, _image_doc([1, 30000, 30000]))
    t0 = time.perf_counter()
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 1
    assert time.perf_counter() - t0 < 20
    message = _one_line(capsys, "train")
    assert "the model's Input [1, 30000, 30000] asks for images of 900,000,000 pixels" in message


# ----- 7. damaged side files of a run -----
@pytest.fixture
def trained_images(tmp_path, capsys):
    """(project path, run folder, an image file) after one epoch on a tiny image folder."""
    _image_folder(tmp_path / "imgs")
    project = _write(tmp_path, _image_doc([1, 8, 8]))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    return project, tmp_path / "run", str(tmp_path / "imgs" / "a" / "0.png")


def _all_fail_naming(capsys, project, run, image, name: str) -> None:
    """evaluate, predict and train --resume each end in one line that names the file ``name``."""
    for command, argv in (("evaluate", ["evaluate", project, str(run)]),
                          ("predict", ["predict", project, str(run), image]),
                          ("train", ["train", project, "--resume", str(run), "--epochs", "2", "--quiet"])):
        assert main(argv) == 1, command
        message = _one_line(capsys, command)
        assert name in message, (command, message)


@pytest.mark.parametrize("text", ["{}", "{", "[1]", '{"checkpoint": 3}', "", '{"checkpoint": "nothing.safetensors"}'])
def test_damaged_last_json_is_one_line_naming_it(trained_images, capsys, text):
    project, run, image = trained_images
    (run / "checkpoints" / "last.json").write_text(text)
    _all_fail_naming(capsys, project, run, image, "last.json")


def _edit_meta(run, change) -> None:
    path = next((run / "checkpoints").glob("step*[0-9].json"))
    meta = json.loads(path.read_text())
    path.write_text(json.dumps(change(meta)))


@pytest.mark.parametrize("change", [
    lambda m: [m],                                                     # the checkpoint's JSON as a list
    lambda m: {k: v for k, v in m.items() if k != "step"},
    lambda m: {**m, "step": "ten"},
    lambda m: {**m, "epoch": -1},
    lambda m: {**m, "modules": []},                                    # no module names
    lambda m: {**m, "modules": ["model", "model"]},
    lambda m: {**m, "optimizers": {"model": {"param_groups": m["optimizers"]["model"]["param_groups"]}}},
    lambda m: {**m, "optimizers": {"model": {"param_groups": [{}], "scalars": {}}}},
    lambda m: {**m, "optimizers": []},
    lambda m: {**m, "schedulers": [1]},
    lambda m: {**m, "history": {}},
    lambda m: {**m, "data": {**m["data"], "mean": [0.5, 0.5, 0.5]}},   # a wrong-length mean
    lambda m: {**m, "data": {**m["data"], "std": [0.0]}},
    lambda m: {**m, "data": {**m["data"], "class_names": "ab"}},
    lambda m: {**m, "data": {**m["data"], "sample_shape": [1, "8", 8]}},
    lambda m: {**m, "data": 7},
])
def test_damaged_checkpoint_description_is_one_line_naming_it(trained_images, capsys, change):
    project, run, image = trained_images
    _edit_meta(run, change)
    name = next((run / "checkpoints").glob("step*[0-9].json")).name
    _all_fail_naming(capsys, project, run, image, name)


@pytest.mark.parametrize("change", [
    lambda g: [{k: v for k, v in g[0].items() if k != "momentum"}],   # a group missing a setting
    lambda g: g + g,                                                    # one group too many
    lambda g: [{**g[0], "params": g[0]["params"][:2]}],
])
def test_resume_with_a_damaged_optimizer_state_is_one_line(tmp_path, capsys, change):
    project = _write(tmp_path, _doc({"optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}}))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()

    def damage(meta):
        meta["optimizers"]["model"]["param_groups"] = change(meta["optimizers"]["model"]["param_groups"])
        return meta
    _edit_meta(tmp_path / "run", damage)
    assert main(["train", project, "--resume", str(tmp_path / "run"), "--epochs", "2", "--quiet"]) == 1
    message = _one_line(capsys, "train")
    assert "does not fit this run's optimizer: step0000003.json holds" in message


# ----- 2. every number in the settings is checked for finiteness and range -----
from netstudio.training import config as C  # noqa: E402

# (section, the section's JSON with the value at "?", the field named in the message, an out-of-range value)
NUMERIC_FIELDS = [
    ("task", {"label_smoothing": "?"}, "task.label_smoothing", 0.6),
    ("task", {"top_k": "?"}, "task.top_k", 0),
    ("task", {"type": "gan", "latent_size": "?"}, "task.latent_size", 0),
    ("task", {"type": "gan", "d_steps": "?"}, "task.d_steps", 21),
    ("task", {"type": "sequence", "temperature": "?"}, "task.temperature", 0),
    ("task", {"type": "sequence", "generate_length": "?"}, "task.generate_length", 0),
    ("training", {"epochs": "?"}, "training.epochs", 0),
    ("training", {"batch_size": "?"}, "training.batch_size", 0),
    ("training", {"weight_decay": "?"}, "training.weight_decay", -0.1),
    ("training", {"l1": "?"}, "training.l1", -1),
    ("training", {"grad_clip": "?"}, "training.grad_clip", 0),
    ("training", {"seed": "?"}, "training.seed", -1),
    ("training", {"snapshot_every": "?"}, "training.snapshot_every", -1),
    ("training", {"checkpoint_every": "?"}, "training.checkpoint_every", 0),
    ("training", {"max_steps": "?"}, "training.max_steps", 0),
    ("training", {"threads": "?"}, "training.threads", 0),
    ("training", {"workers": "?"}, "training.workers", 0),
    ("training", {"optimizer": {"type": "sgd", "lr": "?"}}, "training.optimizer.lr", 101),
    ("training", {"optimizer": {"type": "sgd", "momentum": "?"}}, "training.optimizer.momentum", 1.5),
    ("training", {"optimizer": {"type": "sgd", "dampening": "?"}}, "training.optimizer.dampening", -0.5),
    ("training", {"optimizer": {"type": "adagrad", "lr_decay": "?"}}, "training.optimizer.lr_decay", -1),
    ("training", {"optimizer": {"type": "adagrad", "eps": "?"}}, "training.optimizer.eps", 0),
    ("training", {"optimizer": {"type": "adadelta", "rho": "?"}}, "training.optimizer.rho", 2),
    ("training", {"optimizer": {"type": "rmsprop", "alpha": "?"}}, "training.optimizer.alpha", 1.01),
    ("training", {"optimizer": {"type": "adam", "betas": [0.9, "?"]}}, "training.optimizer.betas", 1.0),
    ("training", {"schedule": {"type": "step", "step_size": "?"}}, "training.schedule.step_size", 0),
    ("training", {"schedule": {"type": "step", "gamma": "?"}}, "training.schedule.gamma", -0.1),
    ("training", {"schedule": {"type": "cosine", "min_lr": "?"}}, "training.schedule.min_lr", -1),
    ("training", {"schedule": {"type": "one_cycle", "max_lr": "?"}}, "training.schedule.max_lr", 0),
    ("training", {"schedule": {"type": "one_cycle", "pct_start": "?"}}, "training.schedule.pct_start", 2),
    ("training", {"schedule": {"type": "plateau", "factor": "?"}}, "training.schedule.factor", 5),
    ("training", {"schedule": {"type": "plateau", "patience": "?"}}, "training.schedule.patience", -1),
    ("training", {"early_stopping": {"patience": "?"}}, "training.early_stopping.patience", 0),
    ("training", {"early_stopping": {"min_delta": "?"}}, "training.early_stopping.min_delta", -1),
    ("data", {"split": {"val": "?"}}, "data.split.val", 1.5),
    ("data", {"split": {"test": "?"}}, "data.split.test", -0.1),
    ("data", {"split": {"train": "?", "val": 0.1, "test": 0.1}}, "data.split.train", 0),
    ("data", {"normalize": {"mean": ["?"], "std": [1.0]}}, "data.normalize.mean", "x"),
    ("data", {"normalize": {"mean": [0.0], "std": ["?"]}}, "data.normalize.std", 0),
    ("data", {"augment": {"random_crop": {"padding": "?"}}}, "data.augment.random_crop.padding", 10 ** 6),
    ("data", {"augment": {"random_crop": "?"}}, "data.augment.random_crop", -1),
    ("data", {"augment": {"rotation": "?"}}, "data.augment.rotation", 181),
    ("data", {"augment": {"affine_scale": ["?", 1.1]}}, "data.augment.affine_scale", 0),
    ("data", {"augment": {"affine_scale": [0.9, "?"]}}, "data.augment.affine_scale", 100),
    ("data", {"augment": {"horizontal_flip": "?"}}, "data.augment.horizontal_flip", 1.5),
    ("data", {"augment": {"color_jitter": {"brightness": "?"}}}, "data.augment.color_jitter.brightness", -1),
    ("data", {"augment": {"color_jitter": {"contrast": "?"}}}, "data.augment.color_jitter.contrast", -1),
    ("data", {"augment": {"color_jitter": {"saturation": "?"}}}, "data.augment.color_jitter.saturation", -1),
    ("data", {"augment": {"color_jitter": {"hue": "?"}}}, "data.augment.color_jitter.hue", 0.6),
    ("data", {"memory_budget_mb": "?"}, "data.memory_budget_mb", 0),
]
# data.options are read by each dataset: (dataset, Input shape, option, out-of-range value)
OPTION_FIELDS = [
    ("blobs", (2,), "samples", 2), ("blobs", (2,), "noise", 6), ("blobs", (2,), "classes", 1),
    ("blobs", (2,), "seed", -1), ("spirals", (2,), "noise", -1), ("spirals", (2,), "classes", 11),
    ("moons", (2,), "samples", 0), ("circles", (2,), "noise", 9),
    ("shapes", (1, 16, 16), "samples", 1), ("shapes", (1, 16, 16), "noise", 2), ("shapes", (1, 16, 16), "size", 4),
    ("sine", (8, 1), "samples", 1), ("sine", (8, 1), "noise", 6), ("sine", (8, 1), "length", 1),
    ("text", (16,), "length", 1), ("text", (16,), "stride", 0), ("text_order", (16,), "seed", -1),
]


def _put(template, value):
    if template == "?":
        return value
    if isinstance(template, dict):
        return {k: _put(v, value) for k, v in template.items()}
    if isinstance(template, list):
        return [_put(v, value) for v in template]
    return template


def _parse(section: str, raw: dict):
    if section == "task":
        return C.parse_task(raw)
    if section == "data":
        return C.parse_data({"dataset": "blobs", **raw})
    return C.parse_training(raw)


def test_every_numeric_setting_is_in_the_table():
    """A new numeric setting must be added to NUMERIC_FIELDS (and so be tested for NaN, inf and range)."""
    named = {field for _, _, field, _ in NUMERIC_FIELDS}
    expected = {f"task.{k}" for k in ("label_smoothing", "top_k", "latent_size", "d_steps", "temperature",
                                      "generate_length")}
    expected |= {f"training.{k}" for k, v in C.training_defaults().items()
                 if k in ("grad_clip", "max_steps", "threads")
                 or (isinstance(v, (int, float)) and not isinstance(v, bool))}
    expected |= {f"training.optimizer.{k}" for d in C.OPTIMIZER_DEFAULTS.values() for k, v in d.items()
                 if not isinstance(v, bool)}
    expected |= {f"training.schedule.{k}" for d in C.SCHEDULE_DEFAULTS.values() for k in d}
    expected |= {"training.early_stopping.patience", "training.early_stopping.min_delta"}
    expected |= {"data.split.train", "data.split.val", "data.split.test", "data.normalize.mean",
                 "data.normalize.std", "data.augment.random_crop", "data.augment.rotation", "data.augment.affine_scale",
                 "data.augment.horizontal_flip", "data.memory_budget_mb"}
    expected |= {f"data.augment.color_jitter.{k}" for k in ("brightness", "contrast", "saturation", "hue")}
    assert expected <= named, sorted(expected - named)
    texts = {"type", "graph", "loss", "generator", "discriminator", "mode", "prompt"}
    assert set(C.TaskConfig.__dataclass_fields__) - texts == {n.split(".")[1] for n in named if n.startswith("task.")}
    assert set(C.AUGMENTS) == {n.split(".")[2] for n in named if n.startswith("data.augment.")}


@pytest.mark.parametrize("section, template, field, bad", NUMERIC_FIELDS, ids=[f for _, _, f, _ in NUMERIC_FIELDS])
def test_nan_inf_and_out_of_range_are_refused_naming_the_field(section, template, field, bad):
    # the template with a good value parses: the refusals below are about the value alone
    for value in (float("nan"), float("inf"), float("-inf"), bad):
        with pytest.raises(ProjectError) as info:
            _parse(section, _put(template, value))
        message = str(info.value)
        assert message.startswith(field), (value, message)
        assert "\n" not in message


@pytest.mark.parametrize("dataset, shape, option, bad", OPTION_FIELDS,
                         ids=[f"{d}.{o}" for d, _, o, _ in OPTION_FIELDS])
def test_dataset_options_refuse_nan_inf_and_out_of_range(dataset, shape, option, bad):
    task = C.parse_task({"type": "regress"} if dataset == "sine" else
                        {"type": "sequence", "mode": "next_char"} if dataset == "text" else
                        {"type": "sequence", "mode": "classify"} if dataset == "text_order" else {})
    for value in (float("nan"), float("inf"), bad):
        data = C.parse_data({"dataset": dataset, "options": {option: value}})
        with pytest.raises(DatasetError) as info:
            load_dataset(data, task, input_shape=shape)
        assert str(info.value).startswith(f"data.options.{option} must be"), (value, str(info.value))


def test_good_augment_values_still_pass():
    cfg = C.parse_data({"dataset": "cifar10", "augment": {"random_crop": {"padding": 4}, "rotation": 15,
                                                          "affine_scale": [0.9, 1.1], "horizontal_flip": 0.5,
                                                          "color_jitter": {"brightness": 0.2, "hue": 0.05}}})
    assert cfg.augment["rotation"] == 15


# ----- 1. after a divergence the kept checkpoint is one whose loss was sane -----
def test_lr_100_diverges_at_its_first_epoch_and_keeps_no_checkpoint(tmp_path):
    from netstudio.training.divergence import SANE_FACTOR
    from netstudio.training.engine import Trainer

    from .conftest import points_mlp

    project = points_mlp(training={"epochs": 4, "threads": 1, "optimizer": {"type": "sgd", "lr": 100}})
    trainer = Trainer(project, run_dir=tmp_path / "run")
    end = trainer.run()
    assert end.kind == "failed"
    assert end.message.startswith("the validation loss grew to ")
    assert f"at epoch 1 (step {trainer.steps_per_epoch}), more than {SANE_FACTOR} times the untrained" in end.message
    assert end.message.endswith("No checkpoint is usable: none had been saved before the training diverged.")
    assert end.checkpoint is None and not list((tmp_path / "run" / "checkpoints").glob("*"))


def test_divergence_after_a_good_epoch_points_to_it_with_its_loss(tmp_path, capsys):
    from netstudio.training.engine import Trainer
    from netstudio.training.predict import evaluate_checkpoint
    from netstudio.training.runs import last_complete_checkpoint

    from .conftest import points_mlp

    # epoch 1 trains at lr 0.05; the schedule then multiplies it by 10,000 and the loss explodes
    project = points_mlp(training={"epochs": 4, "threads": 1, "optimizer": {"type": "sgd", "lr": 0.05},
                                   "schedule": {"type": "step", "step_size": 1, "gamma": 10000.0}})
    trainer = Trainer(project, run_dir=tmp_path / "run")
    epochs = []
    trainer.subscribe(lambda e: epochs.append(e) if e.kind == "epoch" else None)
    end = trainer.run()
    assert end.kind == "failed", end.message
    good = epochs[0]
    assert good.checkpoint and end.checkpoint == good.checkpoint
    assert epochs[-1].checkpoint is None   # the diverged epoch wrote none
    assert (f"The last good checkpoint is {good.checkpoint} (after epoch 1, validation loss {good.val_loss:.4g}); "
            "resume from it with a lower learning rate.") in end.message
    assert last_complete_checkpoint(tmp_path / "run" / "checkpoints") == good.checkpoint.split("/")[-1]
    result = evaluate_checkpoint(project, end.checkpoint, split="val")
    reference = trainer.checkpoints.divergence.reference
    assert math.isfinite(result["loss"]) and result["loss"] <= 100 * reference
    assert result["loss"] == pytest.approx(good.val_loss, rel=1e-4)


# ----- 3. --lr and more epochs on --resume -----
def _resume_log(tmp_path, training: dict, *extra: str) -> tuple[list[str], list[dict]]:
    """Train 2 epochs, resume for a third with ``extra`` options; (started notes, step events of the resumed run)."""
    project = _write(tmp_path, _doc({"epochs": 2, **training}))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    log = tmp_path / "resumed.jsonl"
    assert main(["train", project, "--resume", str(tmp_path / "run"), "--epochs", "3", "--quiet",
                 "--log", str(log), *extra]) == 0
    records = [json.loads(line) for line in log.read_text().splitlines()]
    started = next(r for r in records if r["event"] == "started")
    return started["notes"], [r for r in records if r["event"] == "step"]


def test_lr_override_on_resume_is_applied_and_said(tmp_path, capsys):
    notes, steps = _resume_log(tmp_path, {}, "--lr", "0.001")
    assert "the learning rate (lr) is 0.001 where the checkpoint trained at 0.01: the resumed run continues at 0.001" \
        in notes
    assert steps and all(s["lr"] == pytest.approx(0.001) for s in steps)


def test_lr_override_scales_a_step_schedule(tmp_path):
    notes, steps = _resume_log(tmp_path, {"schedule": {"type": "step", "step_size": 1, "gamma": 0.5}}, "--lr", "0.1")
    # the checkpoint was at 0.01 * 0.5 ** 2 after two epochs; ten times the lr gives ten times that
    assert any("its step schedule is scaled by 10" in n for n in notes), notes
    assert steps[-1]["lr"] == pytest.approx(0.1 * 0.5 ** 2)


def test_one_cycle_extended_by_an_epoch_is_replanned_not_stuck_at_its_floor(tmp_path):
    notes, steps = _resume_log(tmp_path, {"schedule": {"type": "one_cycle", "max_lr": 0.05}})
    assert any(n.startswith("the one-cycle schedule is re-planned over 9 steps (3 epochs); it ended at step 6")
               for n in notes), notes
    from netstudio.training.engine import Trainer

    # the lr the extra epoch starts at: before, it trained at about 2e-7 (the cycle's floor)
    trainer = Trainer(netstudio.load_project(str(tmp_path / "p.nsproj")), overrides={"epochs": 3},
                      resume=tmp_path / "run" / "checkpoints" / "step0000006.safetensors",
                      run_dir=tmp_path / "again")
    first = []
    trainer.subscribe(lambda e: first.append(trainer.current_lr()) if e.kind == "started" else None)
    assert trainer.run().kind == "finished"
    assert first[0] == pytest.approx(0.0231, rel=0.01)


def test_cosine_extended_by_an_epoch_is_replanned(tmp_path):
    notes, steps = _resume_log(tmp_path, {"schedule": {"type": "cosine"}})
    assert any(n.startswith("the cosine schedule is re-planned over 3 epochs (it covered 2)") for n in notes), notes
    assert steps[0]["lr"] == pytest.approx(0.01 * (1 + math.cos(math.pi * 2 / 3)) / 2)


def test_resume_with_the_same_settings_has_no_notes(tmp_path):
    project = _write(tmp_path, _doc({"epochs": 3, "schedule": {"type": "one_cycle"}, "max_steps": 6}))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    log = tmp_path / "resumed.jsonl"
    assert main(["train", project, "--resume", str(tmp_path / "run"), "--quiet", "--log", str(log)]) == 0
    started = next(json.loads(line) for line in log.read_text().splitlines() if '"started"' in line)
    assert started["notes"] == []


@pytest.mark.parametrize("before, after", [("none", "one_cycle"), ("one_cycle", "cosine"), ("step", "plateau")])
def test_resume_with_another_schedule_type_is_refused(tmp_path, capsys, before, after):
    project = _write(tmp_path, _doc({"epochs": 2, "schedule": {"type": before}}))
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    project = _write(tmp_path, _doc({"epochs": 3, "schedule": {"type": after}}))
    capsys.readouterr()
    assert main(["train", project, "--resume", str(tmp_path / "run"), "--quiet"]) == 1
    assert _one_line(capsys, "train") == (
        f"training.schedule is {after} but checkpoint {tmp_path / 'run'} was trained with {before}: a resumed run "
        f"continues its schedule; set training.schedule back to {before}, or start a new run")


def test_resume_with_a_missing_optimizer_tensor_is_one_line(tmp_path, capsys):
    from safetensors.torch import load_file, save_file

    project = _write(tmp_path, _doc())
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    state = next((tmp_path / "run" / "checkpoints").glob("*.state.safetensors"))
    tensors = load_file(str(state))
    tensors.pop("optim/model/1/exp_avg")
    save_file(tensors, str(state))
    capsys.readouterr()
    assert main(["train", project, "--resume", str(tmp_path / "run"), "--epochs", "2", "--quiet"]) == 1
    assert _one_line(capsys, "train").endswith("is damaged: its .state.safetensors lacks optim/model/1/exp_avg")


def test_lr_option_sets_a_one_cycle_schedules_peak():
    from netstudio.training.config import apply_overrides

    training = {"optimizer": {"type": "adam", "lr": 0.001}, "schedule": {"type": "one_cycle", "max_lr": 0.002}}
    out = apply_overrides(training, {"lr": 0.05})
    assert out["optimizer"]["lr"] == 0.05 and out["schedule"]["max_lr"] == 0.05
    assert training["schedule"]["max_lr"] == 0.002                     # the project itself is untouched
    plain = apply_overrides({"schedule": {"type": "cosine"}}, {"lr": 0.05})
    assert plain["optimizer"]["lr"] == 0.05 and "max_lr" not in plain["schedule"]

"""Engine behaviour: controls from another thread, faults, checkpoints and resume, events and logs."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

import netstudio
from netstudio.training.engine import Trainer
from netstudio.training.runs import load_checkpoint

from .conftest import mnist_mlp, points_mlp


def start(trainer) -> threading.Thread:
    thread = threading.Thread(target=trainer.run, daemon=True)
    thread.start()
    return thread


def test_pause_step_once_resume_stop_from_another_thread(recorder, tmp_path):
    trainer = Trainer(mnist_mlp({"epochs": 50}), run_dir=tmp_path / "run")
    trainer.subscribe(recorder)
    trainer.pause()                       # paused before the first batch
    thread = start(trainer)
    assert recorder.wait_for(lambda ev: any(e.kind == "paused" for e in ev))
    assert trainer.global_step == 0
    for expected in (1, 2, 3):            # step once: exactly one batch each time, then paused again
        trainer.step_once()
        assert recorder.wait_for(lambda ev, n=expected: sum(e.kind == "paused" for e in ev) == n + 1)
        assert trainer.global_step == expected
    steps = [s for e in recorder.of("step") for s in range(e.first_step, e.step + 1)]
    assert steps == [1, 2, 3]             # every single step reported, right away
    trainer.resume()
    assert recorder.wait_for(lambda ev: any(e.kind == "step" and e.step > 20 for e in ev))
    assert "resumed" in recorder.kinds()
    trainer.stop()
    thread.join(60)
    assert not thread.is_alive()
    end = trainer.result
    assert end.kind == "stopped" and "checkpoint saved" in end.message
    # stop finished the current step and saved it: the checkpoint holds exactly the steps run
    _, _, meta = load_checkpoint(end.checkpoint)
    assert meta["step"] == trainer.global_step == recorder.of("step")[-1].step


def test_stop_while_paused_ends_promptly(recorder):
    trainer = Trainer(points_mlp(training={"epochs": 1000}), run_dir=False)
    trainer.subscribe(recorder)
    trainer.pause()
    thread = start(trainer)
    assert recorder.wait_for(lambda ev: "paused" in [e.kind for e in ev])
    trainer.stop()
    thread.join(30)
    assert trainer.result.kind == "stopped" and trainer.global_step == 0


def test_step_events_are_throttled_and_carry_every_loss(recorder):
    trainer = Trainer(points_mlp(training={"epochs": 40, "batch_size": 8}), run_dir=False)
    trainer.subscribe(recorder)
    end = trainer.run()
    steps = recorder.of("step")
    total = end.step
    assert total == 40 * 30
    assert len(steps) < total / 4         # batched: far fewer events than steps
    losses = [v for e in steps for v in e.values["loss"]]
    assert len(losses) == total and all(np.isfinite(losses))
    assert [e.first_step for e in steps][0] == 1 and steps[-1].step == total


def test_snapshot_nodes_give_activations_of_any_node(recorder):
    trainer = Trainer(mnist_mlp({"max_steps": 5}), run_dir=False)
    trainer.snapshot_nodes = {"relu", "fc2", "flatten"}
    trainer.subscribe(recorder)
    trainer.run()
    act = recorder.of("snapshot")[-1].data["activations"]
    assert act["flatten"].shape == (8, 784) and act["relu"].shape == (8, 32) and act["fc2"].shape == (8, 10)
    assert act["relu"].min() >= 0
    stats = recorder.of("snapshot")[-1].data["weight_stats"]
    assert set(stats) == {"fc1", "fc2"} and stats["fc1"]["grad_norm"] > 0


def test_conv_filters_and_activations_of_function_nodes(recorder):
    from .conftest import chain, make_project

    g = chain([("image", "Input", {"shape": [1, 28, 28]}), ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3,
                                                                               "padding": 1})])
    g["nodes"] += [{"id": "add", "type": "Add", "params": {}, "pos": [0, 0]},
                   {"id": "flat", "type": "Flatten", "params": {}, "pos": [0, 0]},
                   {"id": "fc", "type": "Linear", "params": {"out_features": 10}, "pos": [0, 0]},
                   {"id": "out", "type": "Output", "params": {}, "pos": [0, 0]}]
    g["nodes"][1]["params"]["out_channels"] = 1
    g["edges"] += [{"from": "conv", "to": "add"}, {"from": "image", "to": "add", "to_port": 1},
                   {"from": "add", "to": "flat"}, {"from": "flat", "to": "fc"}, {"from": "fc", "to": "out"}]
    trainer = Trainer(make_project({"model": g}, {"type": "classify"}, {"dataset": "mnist10k"}, {"max_steps": 3}),
                      run_dir=False)
    trainer.snapshot_nodes = {"add"}
    trainer.subscribe(recorder)
    assert trainer.run().kind == "finished"
    data = recorder.of("snapshot")[-1].data
    assert data["activations"]["add"].shape == (8, 1, 28, 28)
    assert data["filters"]["conv"].shape == (1, 1, 3, 3)
    assert data["confusion"].shape == (10, 10) and data["confusion"].sum() == 1000
    assert data["wrong"]["images"].shape[1:] == (1, 28, 28)


# ----- faults -----
def test_nan_loss_names_the_step_and_keeps_the_last_good_checkpoint(recorder, tmp_path):
    from .conftest import chain, make_project

    # linear regression: epoch 1 trains at lr 0.01; the schedule then multiplies the learning rate by 1000,
    # the weights grow without bound and the loss overflows to inf/NaN
    g = chain([("wave", "Input", {"shape": [20, 1]}), ("flat", "Flatten", {}), ("fc", "Linear", {"out_features": 1}),
               ("out", "Output", {})])
    project = make_project({"model": g}, {"type": "regress"}, {"dataset": "sine", "options": {"samples": 400}},
                           {"epochs": 6, "optimizer": {"type": "sgd", "lr": 0.01},
                            "schedule": {"type": "step", "step_size": 1, "gamma": 1000.0}})
    trainer = Trainer(project, run_dir=tmp_path / "run")
    trainer.subscribe(recorder)
    end = trainer.run()
    assert end.kind == "failed", end.message
    steps_per_epoch = trainer.steps_per_epoch
    import re

    # a NaN loss names its step; a validation loss that explodes names its epoch and that epoch's last step
    found = re.search(r"at step (\d+)", end.message) or re.search(r"at epoch \d+ \(step (\d+)\)", end.message)
    step = int(found.group(1))
    assert step > steps_per_epoch        # it happened after the first (good) epoch
    assert "lower it" in end.message and "last good checkpoint" in end.message
    # the checkpoint on disk is the one from before the explosion, with finite weights
    weights, _, meta = load_checkpoint(end.checkpoint)
    assert meta["step"] < step
    assert all(torch.isfinite(w).all() for w in weights["model"].values())
    # every loss reported before the failure was finite, and none after it was reported
    reported = [s for e in recorder.of("step") for s in range(e.first_step, e.step + 1)]
    assert max(reported, default=0) <= step


def test_cuda_out_of_memory_fails_cleanly_and_the_host_lives(recorder, monkeypatch):
    from netstudio.training.tasks.classify import ClassifyTask

    calls = {"n": 0}
    real = ClassifyTask.train_step

    def exploding(self, xb, yb):
        calls["n"] += 1
        if calls["n"] == 3:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
        return real(self, xb, yb)

    monkeypatch.setattr(ClassifyTask, "train_step", exploding)
    trainer = Trainer(points_mlp(training={"batch_size": 64}), run_dir=False)
    trainer.subscribe(recorder)
    end = trainer.run()
    assert end.kind == "failed" and "ran out of memory" in end.message
    assert "smaller training.batch_size (for example 32)" in end.message
    assert recorder.kinds()[-1] == "failed"
    # the same process trains again right away
    monkeypatch.setattr(ClassifyTask, "train_step", real)
    assert Trainer(points_mlp(), run_dir=False).run().kind == "finished"


def test_missing_dataset_fails_with_a_clear_message(tmp_path):
    project = mnist_mlp()
    project.data = {"dataset": "mnist", "options": {"root": str(tmp_path), "download": False}}
    end = Trainer(project, run_dir=False).run()
    assert end.kind == "failed" and str(tmp_path / "MNIST" / "raw") in end.message


def test_corrupt_dataset_fails_with_a_clear_message(tmp_path):
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b broken gzip")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8b broken gzip")
    project = mnist_mlp(data={"options": {"folder": str(tmp_path)}})
    end = Trainer(project, run_dir=False).run()
    assert end.kind == "failed" and "is damaged" in end.message and "download it again" in end.message


def test_bad_settings_raise_before_training():
    from netstudio.core.errors import ProjectError

    with pytest.raises(ProjectError, match="training.optimizer.lr must be > 0"):
        Trainer(mnist_mlp({"optimizer": {"type": "adam", "lr": -1}}))
    with pytest.raises(ProjectError, match="training.device must be auto, cpu, cuda, cuda:N or mps"):
        Trainer(mnist_mlp({"device": "gpu7"}))
    with pytest.raises(ProjectError, match="data.split.val must be <= 1"):
        Trainer(mnist_mlp(data={"split": {"val": 3}}))


def test_unavailable_cuda_device_fails_with_message():
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    end = Trainer(mnist_mlp({"device": "cuda"}), run_dir=False).run()
    assert end.kind == "failed" and "no CUDA GPU" in end.message


# ----- checkpoints -----
def test_resume_continues_exactly_where_it_stopped(tmp_path):
    straight = Trainer(mnist_mlp({"epochs": 2, "max_steps": 120}), run_dir=tmp_path / "a")
    end_a = straight.run()
    first = Trainer(mnist_mlp({"epochs": 2, "max_steps": 70}), run_dir=tmp_path / "b")
    end_b1 = first.run()
    assert end_b1.kind == "finished" and first.global_step == 70      # stopped inside epoch 1 (250 steps)
    second = Trainer(mnist_mlp({"epochs": 2, "max_steps": 120}), resume=end_b1.checkpoint)
    end_b2 = second.run()
    assert end_b2.kind == "finished" and second.global_step == 120
    # same weights as training straight through: data order, dropout RNG and Adam state all continued
    wa = load_file(end_a.checkpoint)
    wb = load_file(end_b2.checkpoint)
    assert wa.keys() == wb.keys()
    for k in wa:
        torch.testing.assert_close(wa[k], wb[k])
    # the resumed run wrote into the same run folder and its step numbers continue the curve
    lines = [json.loads(x) for x in (tmp_path / "b" / "metrics.jsonl").read_text().splitlines()]
    steps = [s for r in lines if r["event"] == "step" for s in range(r["first_step"], r["step"] + 1)]
    assert steps == list(range(1, 121))
    assert [r["event"] for r in lines].count("started") == 2


def test_resume_after_full_epochs_with_schedule(tmp_path):
    cfg = {"epochs": 3, "schedule": {"type": "cosine"}}
    a = Trainer(points_mlp(training=cfg), run_dir=tmp_path / "a").run()
    b1 = Trainer(points_mlp(training={**cfg}), run_dir=tmp_path / "b", overrides={"epochs": 3, "max_steps": 16}).run()
    b2 = Trainer(points_mlp(training=cfg), resume=tmp_path / "b").run()    # a run folder resumes its last checkpoint
    assert b1.step == 16 and b2.step == a.step
    wa, wb = load_file(a.checkpoint), load_file(b2.checkpoint)
    for k in wa:
        torch.testing.assert_close(wa[k], wb[k])


def test_checkpoint_files_are_safetensors_and_json(tmp_path):
    end = Trainer(points_mlp(), run_dir=tmp_path / "r").run()
    ckpt = tmp_path / "r" / "checkpoints"
    names = sorted(p.name for p in ckpt.iterdir())
    stem = names[1].split(".")[0]
    assert names == ["last.json", f"{stem}.json", f"{stem}.safetensors", f"{stem}.state.safetensors"]
    meta = json.loads((ckpt / f"{stem}.json").read_text())
    assert meta["step"] == end.step and meta["data"]["class_names"] == ["blob 0", "blob 1", "blob 2"]
    # weights load straight into the compiled model
    model = netstudio.build_model(points_mlp())
    model.load_state_dict(load_file(end.checkpoint))
    assert (tmp_path / "r" / "project.nsproj").exists()


def test_metrics_jsonl_has_epoch_and_test_records(tmp_path):
    Trainer(mnist_mlp({"epochs": 2, "max_steps": 400}), run_dir=tmp_path / "r").run()
    lines = [json.loads(x) for x in (tmp_path / "r" / "metrics.jsonl").read_text().splitlines()]
    epochs = [r for r in lines if r["event"] == "epoch"]
    assert [r["epoch"] for r in epochs] == [1, 2]
    for r in epochs:
        assert {"train_loss", "val_loss", "val_acc", "seconds"} <= set(r)
    test = [r for r in lines if r["event"] == "test"]
    assert len(test) == 1 and test[0]["acc"] > 0.8
    assert lines[0]["event"] == "started" and lines[-1]["event"] == "finished"
    assert list((tmp_path / "r" / "images").glob("*wrong.png"))


def test_tensorboard_scalars_when_the_package_is_installed(tmp_path, monkeypatch):
    import sys
    import types

    written = []

    class FakeWriter:  # stands in for torch.utils.tensorboard.SummaryWriter (tensorboard is optional)
        def __init__(self, log_dir):
            self.log_dir = log_dir

        def add_scalar(self, tag, value, step):
            written.append((tag, value, step))

        def close(self):
            written.append(("closed", None, None))

    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", types.SimpleNamespace(SummaryWriter=FakeWriter))
    end = Trainer(points_mlp(training={"epochs": 2}), run_dir=tmp_path / "r").run()
    tags = {t for t, _, _ in written}
    assert {"train/loss", "epoch/val_acc", "epoch/train_loss", "test/acc", "closed"} <= tags
    train_steps = sorted(s for t, _, s in written if t == "train/loss")
    assert train_steps == list(range(1, end.step + 1))   # one point per step, at its own step number


def test_mixed_precision_on_cpu_trains_in_float32_with_a_note(recorder):
    trainer = Trainer(points_mlp(training={"mixed_precision": True}), run_dir=False)
    trainer.subscribe(recorder)
    assert trainer.run().kind == "finished"
    notes = recorder.of("started")[0].notes
    assert any("mixed precision is used on CUDA GPUs only" in n for n in notes)


def test_available_devices_lists_auto_and_cpu():
    from netstudio.training.devices import available_devices, resolve_device

    devices = available_devices()
    ids = [d for d, _ in devices]
    assert ids[:2] == ["auto", "cpu"] and all(isinstance(name, str) and name for _, name in devices)
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type in ("cpu", "cuda", "mps")

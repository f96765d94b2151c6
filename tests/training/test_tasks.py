"""Every task trains a tiny model and reports the metrics and pictures a user looks at."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from netstudio.training.engine import Trainer

from .conftest import chain, make_project, points_mlp


def run(project, recorder, run_dir=False, **overrides):
    trainer = Trainer(project, overrides=overrides, run_dir=run_dir)
    trainer.subscribe(recorder)
    end = trainer.run()
    assert end.kind == "finished", end.message
    return trainer, end


def last_snapshot(recorder):
    snaps = recorder.of("snapshot")
    assert snaps, "no snapshot was emitted"
    return snaps[-1].data


def test_classify_points_learns_and_draws_a_decision_boundary(recorder):
    trainer, end = run(points_mlp("blobs", 3, training={"epochs": 4}), recorder)
    assert end.metrics["acc"] > 0.9
    epochs = recorder.of("epoch")
    assert [e.epoch for e in epochs] == [1, 2, 3, 4] and epochs[-1].val_acc > 0.9
    b = last_snapshot(recorder)["boundary"]
    assert b["probs"].shape == (64, 64, 3)
    np.testing.assert_allclose(b["probs"].sum(-1), 1.0, rtol=1e-4)
    # the three blobs sit in three different predicted regions of the grid
    assert len(np.unique(b["probs"].argmax(-1))) == 3
    test = recorder.of("test")[0].metrics
    assert np.array(test["confusion"]).sum() == 30 and len(test["per_class_acc"]) == 3


def test_binary_classification_with_bce(recorder):
    project = points_mlp("moons", 2, out=1, task={"type": "classify", "loss": "bce"}, training={"epochs": 6})
    _, end = run(project, recorder)
    assert end.metrics["acc"] > 0.8


def test_regress_sine_with_a_recurrent_layer(recorder):
    g = chain([("wave", "Input", {"shape": [20, 1]}), ("gru", "GRU", {"hidden_size": 16})])
    g["nodes"] += [{"id": "fc", "type": "Linear", "params": {"out_features": 1}, "pos": [0, 0]},
                   {"id": "next", "type": "Output", "params": {}, "pos": [0, 0]}]
    g["edges"] += [{"from": "gru", "to": "fc", "from_port": 1}, {"from": "fc", "to": "next"}]
    project = make_project({"model": g}, {"type": "sequence", "mode": "regress", "loss": "mse"},
                           {"dataset": "sine", "options": {"samples": 400}},
                           {"epochs": 4, "optimizer": {"type": "adam", "lr": 0.01}})
    _, end = run(project, recorder)
    epochs = recorder.of("epoch")
    assert epochs[-1].val_loss < epochs[0].val_loss
    assert end.metrics["rmse"] < 0.35 and "mae" in end.metrics
    pred = last_snapshot(recorder)["predictions"]
    assert pred["output"].shape == pred["target"].shape == (40, 1)


def dense_autoencoder():
    g = chain([("image", "Input", {"shape": [1, 28, 28]}), ("flatten", "Flatten", {}),
               ("bottleneck", "Linear", {"out_features": 16}), ("relu", "ReLU", {}),
               ("dec", "Linear", {"out_features": 784}), ("sigmoid", "Sigmoid", {}),
               ("unflatten", "Unflatten", {"unflattened_size": [1, 28, 28]}), ("out", "Output", {})])
    return make_project({"model": g}, {"type": "autoencode", "loss": "bce"}, {"dataset": "mnist10k"},
                        {"epochs": 1, "max_steps": 80, "batch_size": 64, "optimizer": {"type": "adam", "lr": 0.005}})


def test_autoencoder_reconstructs_and_writes_pairs_png(recorder, tmp_path):
    trainer, end = run(dense_autoencoder(), recorder, run_dir=tmp_path / "run")
    steps = [v for e in recorder.of("step") for v in e.values["loss"]]
    assert len(steps) == 80 and np.mean(steps[-10:]) < 0.7 * np.mean(steps[:5])
    rec = last_snapshot(recorder)["reconstructions"]
    assert rec["input"].shape == rec["output"].shape == (16, 1, 28, 28)
    assert 0 <= rec["output"].min() and rec["output"].max() <= 1
    # reconstructions resemble their inputs more than they resemble other digits
    err_own = np.abs(rec["output"] - rec["input"]).mean()
    err_other = np.abs(rec["output"] - rec["input"][::-1]).mean()
    assert err_own < err_other
    pngs = sorted((tmp_path / "run" / "images").glob("*reconstructions.png"))
    assert pngs and Image.open(pngs[-1]).size[0] > 100
    assert end.metrics["reconstruction_error"] < 0.1


def tiny_gan(training=None):
    gen = chain([("z", "Input", {"shape": [8]}), ("fc", "Linear", {"out_features": 64}), ("relu", "ReLU", {}),
                 ("out", "Linear", {"out_features": 784}), ("tanh", "Tanh", {}),
                 ("shape", "Unflatten", {"unflattened_size": [1, 28, 28]}), ("fake", "Output", {})])
    disc = chain([("image", "Input", {"shape": [1, 28, 28]}), ("flatten", "Flatten", {}),
                  ("fc", "Linear", {"out_features": 32}), ("lrelu", "LeakyReLU", {"negative_slope": 0.2}),
                  ("score_fc", "Linear", {"out_features": 1}), ("score", "Output", {})])
    return make_project({"generator": gen, "discriminator": disc},
                        {"type": "gan", "label_smoothing": 0.1, "d_steps": 2},
                        {"dataset": "mnist10k", "split": {"train": 0.5, "val": 0.05, "test": 0.45}},
                        {"max_steps": 25, "batch_size": 32, "optimizer": {"type": "adam", "lr": 0.0005,
                                                                          "betas": [0.5, 0.999]}, **(training or {})})


def test_gan_reports_the_course_curves_and_samples(recorder, tmp_path):
    trainer = Trainer(tiny_gan(), run_dir=tmp_path / "gan")
    trainer.snapshot_nodes = {"relu", "discriminator/lrelu"}
    trainer.subscribe(recorder)
    end = trainer.run()
    assert end.kind == "finished", end.message
    act = last_snapshot(recorder)["activations"]
    assert act["generator/relu"].shape == (8, 64) and act["discriminator/lrelu"].shape == (8, 32)
    values = recorder.of("step")[-1].values
    for key in ("d_loss_real", "d_loss_fake", "g_loss", "d_x", "d_g_z"):
        assert key in values
    assert all(0 <= v <= 1 for v in values["d_x"] + values["d_g_z"])
    samples = last_snapshot(recorder)["samples"]
    assert samples.shape == (64, 1, 28, 28) and 0 <= samples.min() and samples.max() <= 1
    assert list((tmp_path / "gan" / "images").glob("*samples.png"))
    for key in ("d_loss_real", "d_loss_fake", "g_loss", "d_x", "d_g_z"):
        assert key in end.metrics
    # the checkpoint holds both graphs' weights
    from netstudio.training.runs import load_checkpoint

    weights, optim, meta = load_checkpoint(end.checkpoint)
    assert set(weights) == {"generator", "discriminator"} and set(optim) == {"generator", "discriminator"}
    assert "fc.weight" in weights["generator"] and "score_fc.weight" in weights["discriminator"]


def char_model(out_features=96, num_embeddings=96):
    g = chain([("chars", "Input", {"shape": [24], "dtype": "int64"}),
               ("embed", "Embedding", {"num_embeddings": num_embeddings, "embedding_dim": 16}),
               ("gru", "GRU", {"hidden_size": 48}), ("next_char", "Linear", {"out_features": out_features}),
               ("logits", "Output", {})])
    return make_project({"model": g}, {"type": "sequence", "mode": "next_char", "generate_length": 40,
                                       "prompt": "Shall I"},
                        {"dataset": "text", "options": {"stride": 12}},
                        {"epochs": 2, "optimizer": {"type": "adam", "lr": 0.01}})


def test_next_char_model_generates_text(recorder):
    trainer, end = run(char_model(), recorder)
    assert end.metrics["perplexity"] < 20     # a uniform guess over 96 symbols scores 96
    assert end.metrics["acc"] > 0.3
    text = end.metrics["sample_text"]
    assert text.startswith("Shall I") and len(text) == len("Shall I") + 40
    snap_text = [e.data["text"] for e in recorder.of("snapshot") if "text" in e.data]
    assert snap_text and all(isinstance(t, str) for t in snap_text)


def test_sequence_classification_real_or_shuffled_text(recorder):
    g = chain([("tokens", "Input", {"shape": [16], "dtype": "int64"}),
               ("embed", "Embedding", {"num_embeddings": 96, "embedding_dim": 16}),
               ("gru", "GRU", {"hidden_size": 32})])
    g["nodes"] += [{"id": "fc", "type": "Linear", "params": {"out_features": 2}, "pos": [0, 0]},
                   {"id": "logits", "type": "Output", "params": {}, "pos": [0, 0]}]
    g["edges"] += [{"from": "gru", "to": "fc", "from_port": 1}, {"from": "fc", "to": "logits"}]
    project = make_project({"model": g}, {"type": "sequence", "mode": "classify"},
                           {"dataset": "text_order", "options": {"stride": 8}},
                           {"epochs": 3, "optimizer": {"type": "adam", "lr": 0.01}})
    _, end = run(project, recorder)
    assert end.metrics["acc"] > 0.75    # chance is 0.5: order matters, the characters are the same


def test_output_width_mismatch_names_the_node(recorder):
    trainer = Trainer(char_model(out_features=95), run_dir=False)
    end = trainer.run()
    assert end.kind == "failed" and end.node_id == "next_char"
    assert "96" in end.message and "out_features of 'next_char'" in end.message


def test_input_shape_mismatch_names_the_input(recorder):
    project = points_mlp("blobs", 3)
    project.data = {"dataset": "mnist10k"}
    end = Trainer(project, run_dir=False).run()
    assert end.kind == "failed" and end.node_id == "xy"
    assert "[1, 28, 28]" in end.message


def test_runtime_error_inside_forward_names_the_node():
    # Embedding sized for 50 symbols gets character ids up to 95: it fails at run time, not in shape inference
    end = Trainer(char_model(num_embeddings=50), run_dir=False).run()
    assert end.kind == "failed" and end.node_id == "embed"
    assert end.message.startswith("embed: Embedding failed on input (24)")


@pytest.mark.parametrize("optimizer", [{"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True},
                                       {"type": "adagrad", "lr": 0.1}, {"type": "adadelta", "lr": 1.0},
                                       {"type": "rmsprop", "lr": 0.01}, {"type": "adamw", "lr": 0.02}])
def test_every_optimizer_trains(optimizer, recorder):
    project = points_mlp("blobs", 3, training={"epochs": 3, "optimizer": optimizer, "l1": 1e-5,
                                               "weight_decay": 1e-4, "grad_clip": 1.0})
    _, end = run(project, recorder)
    assert end.metrics["acc"] > 0.8


@pytest.mark.parametrize("schedule", [{"type": "step", "step_size": 1, "gamma": 0.5}, {"type": "cosine"},
                                      {"type": "one_cycle", "max_lr": 0.05}, {"type": "plateau", "patience": 0}])
def test_schedules_change_the_learning_rate(schedule, recorder):
    project = points_mlp("blobs", 3, training={"epochs": 3, "schedule": schedule})
    run(project, recorder)
    lrs = [e.lr for e in recorder.of("epoch")]
    if schedule["type"] == "step":
        assert lrs == pytest.approx([0.025, 0.0125, 0.00625])
    elif schedule["type"] in ("cosine", "one_cycle"):
        assert lrs[-1] < lrs[0]
    else:
        assert lrs[-1] <= lrs[0]


def test_early_stopping_ends_the_run(recorder):
    project = points_mlp("blobs", 3, training={"epochs": 30, "optimizer": {"type": "sgd", "lr": 1e-6},
                                               "early_stopping": {"patience": 2, "min_delta": 0.01}})
    _, end = run(project, recorder)
    assert "early stopping" in end.message and len(recorder.of("epoch")) == 3

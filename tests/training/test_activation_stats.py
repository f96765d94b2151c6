"""Activation statistics during training: the snapshot carries, for every layer node, the mean, spread, zero and
dead-unit fractions (and saturation of sigmoid/tanh) of what it output on the sampled step."""

from __future__ import annotations

import math

import pytest
import torch

from netstudio.compiler import build_module
from netstudio.training.engine import Trainer
from netstudio.training.snapshots import ActivationProbe, run_nodes

from .conftest import chain, make_project


def mixed_mlp(training: dict | None = None):
    g = chain([("xy", "Input", {"shape": [2]}), ("fc1", "Linear", {"out_features": 16}), ("relu", "ReLU", {}),
               ("fc2", "Linear", {"out_features": 8}), ("sig", "Sigmoid", {}), ("fc3", "Linear", {"out_features": 8}),
               ("tanh", "Tanh", {}), ("fc4", "Linear", {"out_features": 3}), ("logits", "Output", {})])
    return make_project({"model": g}, {"type": "classify"}, {"dataset": "blobs", "options": {"samples": 200}},
                        {"optimizer": {"type": "sgd", "lr": 1e-12}, **(training or {})})


LAYERS = {"fc1", "relu", "fc2", "sig", "fc3", "tanh", "fc4"}


def direct(values: dict[str, torch.Tensor], node: str) -> dict[str, float]:
    y = values[node].float()
    units = y.shape[-1]
    out = {"mean": float(y.mean()), "std": float(y.std()), "zeros": float((y == 0).float().mean()),
           "dead": sum(bool((y[:, u] == 0).all()) for u in range(units)) / units}
    if node == "sig":
        out["saturated"] = float(((y < 0.02) | (y > 0.98)).float().mean())
    if node == "tanh":
        out["saturated"] = float((y.abs() > 0.98).float().mean())
    return out


def assert_matches(stats: dict[str, dict[str, float]], values: dict[str, torch.Tensor]) -> None:
    assert set(stats) == LAYERS
    for node in LAYERS:
        want = direct(values, node)
        assert set(stats[node]) == set(want), node
        for key, v in want.items():
            assert stats[node][key] == pytest.approx(v, rel=1e-5, abs=1e-6), (node, key)


def test_probe_statistics_match_a_direct_computation():
    torch.manual_seed(0)
    graph = mixed_mlp().graph("model")
    model = build_module(graph)
    with torch.no_grad():
        model.fc1.bias[:4] = -100.0     # four ReLU units that never fire: 4 of 16 dead
    x = torch.randn(50, 2)
    probe = ActivationProbe()
    probe.attach(model)
    with torch.no_grad():
        model(x)
    probe.detach()
    stats = probe.stats()
    values = run_nodes(graph, model, (x,))
    assert_matches(stats, values)
    assert stats["relu"]["dead"] >= 4 / 16     # (a unit may also be dead by chance)
    assert probe.stats() == {}          # fetched once
    model(x)                            # detached: no hooks left behind
    assert probe.stats() == {}


def test_the_training_snapshot_carries_the_sampled_steps_statistics():
    torch.set_num_threads(1)
    trainer = Trainer(mixed_mlp({"max_steps": 1, "batch_size": 32, "snapshot_every": 0}), run_dir=False)
    snaps = []
    trainer.subscribe(lambda e: snaps.append(e) if e.kind == "snapshot" else None)
    end = trainer.run()
    assert end.kind == "finished", end.message
    assert len(snaps) == 1
    stats = snaps[0].data["activation_stats"]
    # lr 1e-12: the weights are those of the step; the batch is the first of epoch 0's order
    train = trainer.data.train
    perm = torch.randperm(len(train), generator=torch.Generator().manual_seed(trainer.cfg.seed * 100003))
    xb = train.x[perm[:32]]
    model = trainer.task.modules["model"]
    values = run_nodes(trainer.task.graphs["model"], model, (xb,))
    assert_matches(stats, values)
    assert all(math.isfinite(v) for row in stats.values() for v in row.values())


def test_unsampled_steps_carry_no_hooks():
    trainer = Trainer(mixed_mlp({"max_steps": 3, "snapshot_every": None}), run_dir=False)
    end = trainer.run()
    assert end.kind == "finished"
    model = trainer.task.modules["model"]
    assert all(not m._forward_hooks for m in model.children())


def test_a_large_feature_map_keeps_exact_dead_channels_and_close_counts():
    from torch import nn

    from netstudio.training.snapshots import COUNT_SAMPLE, output_stats

    torch.manual_seed(0)
    y = torch.relu(torch.randn(64, 16, 32, 32))
    y[:, [2, 5, 11]] = 0.0                          # three channels that never fire
    assert y.numel() > COUNT_SAMPLE                 # zeros are counted on a sample here
    mean, std, zeros, dead, sat = output_stats(nn.ReLU(), y).tolist()
    assert dead == pytest.approx(3 / 16)
    assert mean == pytest.approx(float(y.mean()), rel=1e-4)
    assert std == pytest.approx(float(y.std()), rel=1e-4)
    assert zeros == pytest.approx(float((y == 0).float().mean()), abs=0.01)
    assert math.isnan(sat)
    s = torch.sigmoid(torch.randn(64, 16, 32, 32) * 4)
    assert output_stats(nn.Sigmoid(), s)[4].item() == pytest.approx(float(((s < 0.02) | (s > 0.98)).float().mean()),
                                                                     abs=0.01)

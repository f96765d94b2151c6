"""Step through one batch: every node's output is what a plain forward computes, gradient norms are autograd's,
and the vanishing gradient of a deep sigmoid stack shows against ReLU and a residual stack."""

from __future__ import annotations

import pytest
import torch

from netstudio.core.errors import NetStudioError
from netstudio.training.step_through import StepThrough

from .conftest import chain, make_project


def small_cnn():
    g = chain([("image", "Input", {"shape": [1, 16, 16]}), ("conv1", "Conv2d", {"out_channels": 6, "kernel_size": 3}),
               ("relu1", "ReLU", {}), ("pool1", "MaxPool2d", {"kernel_size": 2}), ("flatten", "Flatten", {}),
               ("fc", "Linear", {"out_features": 3}), ("logits", "Output", {})])
    return make_project({"model": g}, {"type": "classify"}, {"dataset": "shapes", "options": {"samples": 120}},
                        {"batch_size": 16})


def deep_mlp(act: str, depth: int = 10, residual: bool = False):
    """Input -> Linear(32) -> [Linear(32) -> act (+ skip)] x depth -> Linear(3): hidden outputs h1 .. h<depth>."""
    nodes = [{"id": "xy", "type": "Input", "params": {"shape": [2]}, "pos": [0, 0]},
             {"id": "h0", "type": "Linear", "params": {"out_features": 32}, "pos": [0, 0]}]
    edges, prev = [{"from": "xy", "to": "h0"}], "h0"
    for i in range(1, depth + 1):
        nodes += [{"id": f"fc{i}", "type": "Linear", "params": {"out_features": 32}, "pos": [0, 0]},
                  {"id": f"a{i}", "type": act, "params": {}, "pos": [0, 0]}]
        edges += [{"from": prev, "to": f"fc{i}"}, {"from": f"fc{i}", "to": f"a{i}"}]
        out = f"a{i}"
        if residual:
            nodes.append({"id": f"h{i}", "type": "Add", "params": {}, "pos": [0, 0]})
            edges += [{"from": f"a{i}", "to": f"h{i}"}, {"from": prev, "to": f"h{i}", "to_port": 1}]
            out = f"h{i}"
        prev = out
    nodes += [{"id": "head", "type": "Linear", "params": {"out_features": 3}, "pos": [0, 0]},
              {"id": "logits", "type": "Output", "params": {}, "pos": [0, 0]}]
    edges += [{"from": prev, "to": "head"}, {"from": "head", "to": "logits"}]
    return make_project({"model": {"nodes": nodes, "edges": edges}}, {"type": "classify"},
                        {"dataset": "blobs", "options": {"samples": 200}}, {"batch_size": 64})


def stepped(project):
    torch.set_num_threads(1)
    s = StepThrough(project)
    s.prepare()
    return s, s.forward()


def test_every_node_output_matches_a_plain_forward_of_the_same_batch():
    s, tensors = stepped(small_cnn())
    assert [t.node for t in tensors] == ["image", "conv1", "relu1", "pool1", "flatten", "fc", "logits"]
    xb, yb = s.batch
    assert xb.shape == (16, 1, 16, 16)          # the run's batch size, from the training split
    model = s.module
    seen = {}
    hooks = [getattr(model, n).register_forward_hook(lambda m, i, o, n=n: seen.__setitem__(n, o.detach()))
             for n in ("conv1", "relu1", "pool1", "flatten", "fc")]
    with torch.no_grad():
        out = model(xb)
    for h in hooks:
        h.remove()
    for node, value in seen.items():
        torch.testing.assert_close(s.values[node].detach(), value, msg=node)
    torch.testing.assert_close(s.values["logits"].detach(), out)
    by = {t.node: t for t in tensors}
    assert by["conv1"].kind == "maps" and by["conv1"].shape == (6, 14, 14) and by["conv1"].channels == 6
    assert by["conv1"].picture.shape == (6, 14, 14)
    assert 0.0 <= by["conv1"].picture.min() and by["conv1"].picture.max() <= 1.0
    assert by["fc"].kind == "vector" and by["fc"].picture.shape == (3,)
    relu = seen["relu1"]
    assert by["relu1"].minimum == pytest.approx(0.0)
    assert by["relu1"].mean == pytest.approx(float(relu.mean()), rel=1e-5)
    assert by["relu1"].maximum == pytest.approx(float(relu.max()), rel=1e-5)
    assert s.loss == pytest.approx(float(torch.nn.functional.cross_entropy(out, yb)), rel=1e-5)


def test_gradient_norms_match_autograd_and_no_weight_changes():
    s, _ = stepped(small_cnn())
    before = {k: v.clone() for k, v in s.module.state_dict().items()}
    grads = s.backward()
    xb, yb = s.batch
    model = s.module
    params = dict(model.named_parameters())
    # autograd on its own: the same batch, a plain forward, the task's loss
    for p in model.parameters():
        p.grad = None
    x = xb.clone().requires_grad_(True)
    conv_out = model.conv1(x)
    conv_out.retain_grad()
    loss = torch.nn.functional.cross_entropy(model.fc(model.flatten(model.pool1(model.relu1(conv_out)))), yb)
    loss.backward()
    w = torch.cat([params["conv1.weight"].grad.flatten(), params["conv1.bias"].grad.flatten()]).norm()
    assert grads["conv1"].weight_grad_norm == pytest.approx(float(w), rel=1e-4)
    assert grads["conv1"].output_norm == pytest.approx(float(conv_out.grad.norm()), rel=1e-4)
    assert grads["image"].output_norm == pytest.approx(float(x.grad.norm()), rel=1e-4)
    fc_w = torch.cat([params["fc.weight"].grad.flatten(), params["fc.bias"].grad.flatten()]).norm()
    assert grads["fc"].weight_grad_norm == pytest.approx(float(fc_w), rel=1e-4)
    assert grads["relu1"].weight_grad_norm is None and grads["relu1"].output_norm > 0
    for k, v in model.state_dict().items():          # looking never trains
        torch.testing.assert_close(v, before[k], msg=k)


def _fall(project, depth: int = 10) -> float:
    """Gradient norm at the first hidden output over that at the last: how much of the gradient survives."""
    s, _ = stepped(project)
    grads = s.backward()
    return grads["fc1"].output_norm / grads[f"fc{depth}"].output_norm


def test_vanishing_gradient_sigmoid_against_relu_and_residual():
    sigmoid = _fall(deep_mlp("Sigmoid"))
    relu = _fall(deep_mlp("ReLU"))
    residual = _fall(deep_mlp("Sigmoid", residual=True))
    assert sigmoid < 1e-4                   # ten sigmoid layers: the gradient falls by orders of magnitude
    assert relu > 100 * sigmoid             # ReLU's slope is 1 where it is active
    assert residual > 0.1                   # the skip path carries the gradient past every layer


def test_a_gan_is_refused_with_a_sentence():
    project = make_project({"generator": chain([("z", "Input", {"shape": [4]})]),
                            "discriminator": chain([("x", "Input", {"shape": [4]})])},
                           {"type": "gan"}, {"dataset": "blobs"})
    with pytest.raises(NetStudioError, match="GAN trains two"):
        StepThrough(project)


def test_a_checkpoint_shows_the_trained_model_and_a_misfit_is_named(tmp_path):
    from netstudio.core.errors import ProjectError
    from netstudio.training.engine import Trainer

    torch.set_num_threads(1)
    project = small_cnn()
    trainer = Trainer(project, {"max_steps": 3, "optimizer": {"type": "adam", "lr": 0.01}},
                      run_dir=tmp_path / "run")
    end = trainer.run()
    assert end.kind == "finished" and end.checkpoint
    s = StepThrough(project, checkpoint=end.checkpoint)
    s.prepare()
    trained = trainer.task.modules["model"].state_dict()
    for k, v in s.module.state_dict().items():
        torch.testing.assert_close(v, trained[k], msg=k)
    fresh = StepThrough(project)
    fresh.prepare()
    assert not torch.equal(fresh.module.state_dict()["conv1.weight"], trained["conv1.weight"])
    edited = project.copy()
    edited.graph("model").node("conv1").params["out_channels"] = 5
    with pytest.raises(ProjectError, match="was the graph changed after training"):
        StepThrough(edited, checkpoint=end.checkpoint).prepare()


def test_an_lstm_whose_last_state_alone_is_used_has_that_gradient():
    g = chain([("wave", "Input", {"shape": [12, 1]}), ("lstm", "LSTM", {"hidden_size": 6}),
               ("fc", "Linear", {"out_features": 1}), ("out", "Output", {})])
    g["edges"][1]["from_port"] = 1            # lstm.last -> fc: the sequence output is dropped by fx
    project = make_project({"model": g}, {"type": "regress"}, {"dataset": "sine", "options": {"samples": 80,
                                                                                              "length": 12}},
                           {"batch_size": 8})
    s, tensors = stepped(project)
    assert {t.node: t.shape for t in tensors}["lstm"] == (12, 6)          # the card shows the sequence
    grads = s.backward()
    xb, yb = s.batch
    model = s.module
    for p in model.parameters():
        p.grad = None
    seq, (h, c) = model.lstm(xb)
    last = h[-1] if h.dim() == 3 else h
    last.retain_grad()
    torch.nn.functional.mse_loss(model.fc(last), yb).backward()
    assert grads["lstm"].output_norm == pytest.approx(float(last.grad.norm()), rel=1e-4)

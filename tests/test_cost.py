"""The cost of every layer: FLOPs computed from the shapes equal PyTorch's FlopCounterMode on the compiled
module, memory is what the tensors take, and the training estimate is close to a measured peak."""

from __future__ import annotations

import pytest
import torch
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from netstudio import load_project
from netstudio.compiler import ShapeInference, build_module
from netstudio.compiler.cost import bytes_text, flops_text, graph_cost, optimizer_state_copies
from netstudio.compiler.fx_build import example_inputs

from conftest import SAMPLES
from helpers import chain_graph

pytestmark = pytest.mark.filterwarnings("ignore:TF32 acceleration on top of oneDNN")

SAMPLE_GRAPHS = [(path.name, name) for path in sorted(SAMPLES.glob("*.nsproj"))
                 for name in load_project(path).graphs]


def _counted(graph, batch: int) -> tuple[int, dict[str, int]]:
    """FlopCounterMode's total and per-node FLOPs for one training-mode forward pass of the compiled graph.

    oneDNN's fused LSTM kernel and the CPU flash-attention kernel are opaque to FlopCounterMode (it counts
    0 for them); with oneDNN off and SDPA's math backend PyTorch runs the same layers as plain matrix
    products, which it counts.
    """
    gm = build_module(graph).train()
    with torch.backends.mkldnn.flags(enabled=False), sdpa_kernel(SDPBackend.MATH), \
            FlopCounterMode(display=False) as counter:
        gm(*example_inputs(graph, batch))
    per_node = {}
    for module, ops in counter.get_flop_counts().items():
        if module.count(".") == 1 and sum(ops.values()):   # "<ClassName>.<node id>": one layer
            per_node[module.split(".", 1)[1]] = sum(ops.values())
    return counter.get_total_flops(), per_node


@pytest.mark.parametrize("sample, graph_name", SAMPLE_GRAPHS)
def test_flops_equal_flop_counter_mode_for_every_sample_project(sample, graph_name, one_torch_thread):
    graph = load_project(SAMPLES / sample).graph(graph_name)
    batch = 3
    cost = graph_cost(graph, ShapeInference().infer(graph), batch_size=batch)
    total, per_node = _counted(graph, batch)
    assert total > 0 and cost.flops * batch == total          # FLOPs are per sample
    assert {nid: c.flops * batch for nid, c in cost.nodes.items() if c.flops} == per_node
    assert all(c.macs * 2 == c.flops for c in cost.nodes.values())


@pytest.mark.parametrize("layers, input_shape", [
    ([("Conv1d", {"out_channels": 6, "kernel_size": 3, "stride": 2, "groups": 2})], (4, 21)),
    ([("ConvTranspose2d", {"out_channels": 6, "kernel_size": 4, "stride": 2, "padding": 1, "groups": 3})], (3, 5, 5)),
    ([("Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": "same", "dilation": 2, "bias": False})], (2, 9, 9)),
    ([("GRU", {"hidden_size": 12, "num_layers": 2, "bidirectional": True})], (7, 5)),
    ([("RNN", {"hidden_size": 9})], (6, 4)),
    ([("LSTM", {"hidden_size": 8, "num_layers": 2, "bidirectional": True})], (5, 3)),
    ([("MultiheadAttention", {"num_heads": 4})], (7, 16)),
    ([("TransformerEncoderLayer", {"nhead": 2, "dim_feedforward": 24})], (6, 8)),
    ([("Linear", {"out_features": 5})], (4, 3, 7)),
])
def test_flops_of_layers_the_samples_do_not_use(layers, input_shape, one_torch_thread):
    graph = chain_graph(*layers, input_shape=input_shape)
    cost = graph_cost(graph, ShapeInference().infer(graph), batch_size=2)
    total, per_node = _counted(graph, 2)
    assert total > 0 and cost.flops * 2 == total and per_node == {"n0": total}


def test_parameter_and_activation_memory_of_a_conv2d():
    graph = chain_graph(("Conv2d", {"out_channels": 16, "kernel_size": 3}), "Flatten", input_shape=(3, 32, 32))
    batch = 8
    cost = graph_cost(graph, ShapeInference().infer(graph), batch_size=batch)
    conv = cost.nodes["n0"]
    assert conv.params == 16 * 3 * 9 + 16 and conv.param_bytes == {"float32": 4 * conv.params}
    assert conv.activation_bytes == batch * 16 * 30 * 30 * 4            # B * C * H * W * 4
    assert conv.macs == 16 * 30 * 30 * 3 * 9
    assert cost.nodes["n1"].activation_bytes == conv.activation_bytes   # Flatten: same values...
    assert cost.nodes["n1"].saved_bytes == 0                            # ...a view, nothing more to keep
    assert cost.param_memory == 4 * cost.params


def test_training_memory_for_adam_is_four_copies_of_the_weights_and_the_activations():
    graph = load_project(SAMPLES / "mnist_cnn.nsproj").graph("model")
    infos = ShapeInference().infer(graph)
    adam = graph_cost(graph, infos, batch_size=32, optimizer={"type": "adam", "lr": 0.001})
    assert adam.training_bytes == 4 * 4 * 54_410 + adam.saved_bytes
    # what backward keeps: every allocated output plus MaxPool2d's int64 indices (Flatten/Output are views)
    outputs = 32 * 4 * (28 * 28 + 2 * 32 * 26 * 26 + 32 * 13 * 13 + 10)
    assert adam.saved_bytes == outputs + 32 * 8 * 32 * 13 * 13
    sgd = graph_cost(graph, infos, batch_size=32, optimizer={"type": "sgd", "momentum": 0.0})
    assert sgd.training_bytes == 2 * 4 * 54_410 + adam.saved_bytes


@pytest.mark.parametrize("optimizer, copies", [
    ({"type": "sgd"}, 0), ({"type": "sgd", "momentum": 0.9}, 1), ({"type": "adam"}, 2), ({"type": "adamw"}, 2),
    ({"type": "adam", "amsgrad": True}, 3), ({"type": "rmsprop"}, 1), ({"type": "rmsprop", "momentum": 0.9}, 2),
    ({"type": "adagrad"}, 1), ({"type": "adadelta"}, 2)])
def test_optimizer_state_copies_match_torch_optim(optimizer, copies):
    assert optimizer_state_copies(optimizer) == copies
    weight = torch.nn.Parameter(torch.ones(3))
    settings = {k: v for k, v in optimizer.items() if k != "type"}
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad,
           "adadelta": torch.optim.Adadelta}[optimizer["type"]]([weight], lr=0.1, **settings)
    weight.sum().backward()
    opt.step()
    state = opt.state[weight]
    assert sum(1 for v in state.values() if torch.is_tensor(v) and v.shape == weight.shape) == copies


def _measured_training_peak(gm, inputs) -> int:
    """Bytes in use at the peak of one Adam training step as the engine runs it (fused Adam): the tensors
    alive before it (weights, batch) plus the most its forward, backward and optimizer step had allocated
    at once, from torch.profiler's memory timeline."""
    from torch.profiler import ProfilerActivity, profile
    from torch.profiler._memory_profiler import Action

    optimizer = torch.optim.Adam(gm.parameters(), lr=1e-3, fused=True)
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True, record_shapes=True,
                 with_stack=True) as prof:
        out = gm(*inputs)
        out.square().mean().backward()
        optimizer.step()
        del out
    before = running = peak = 0
    for _, action, _, size in sorted(prof._memory_profile().timeline, key=lambda event: event[0]):
        if action == Action.PREEXISTING:
            before += size
        elif action == Action.CREATE:
            running += size
        elif action == Action.DESTROY:
            running -= size
        peak = max(peak, running)
    return before + peak


@pytest.mark.parametrize("sample", ["mnist_cnn", "mnist_mlp", "tiny_transformer", "char_lstm"])
def test_training_memory_estimate_is_within_30_percent_of_the_measured_peak(sample, one_torch_thread):
    """Measured on the CPU (no CUDA allocator statistics here): 0.97x for the MNIST CNN when written."""
    project = load_project(SAMPLES / f"{sample}.nsproj")
    graph = project.graph("model")
    inference = ShapeInference()
    batch = project.training["batch_size"]
    estimate = graph_cost(graph, inference.infer(graph), batch, {"type": "adam"}).training_bytes
    torch.manual_seed(0)
    gm = build_module(graph, inference=inference).train()
    inputs = example_inputs(graph, batch)
    if inputs[0].dtype == torch.int64:
        inputs = (torch.randint(0, 10, inputs[0].shape),)
    measured = _measured_training_peak(gm, inputs)
    assert 0.7 * measured <= estimate <= 1.3 * measured, (bytes_text(estimate), bytes_text(measured))


def test_units_read_like_a_person_writes_them():
    assert flops_text(0) == "0 FLOPs" and flops_text(497_536) == "498 kFLOPs"
    assert flops_text(1_820_000_000) == "1.82 GFLOPs" and flops_text(27_291_648) == "27.3 MFLOPs"
    assert bytes_text(217_640) == "218 KB" and bytes_text(7_025_152) == "7.03 MB" and bytes_text(999) == "999 B"
    assert bytes_text(999_999) == "1.00 MB"


def test_summary_json_gives_each_layers_cost_and_the_totals(capsys):
    import json

    from netstudio.cli import main

    assert main(["summary", str(SAMPLES / "mnist_cnn.nsproj"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    conv = next(n for n in data["nodes"] if n["id"] == "conv1")
    assert conv["macs"] == 32 * 26 * 26 * 9 and conv["flops"] == 2 * conv["macs"]
    assert conv["param_bytes"] == {"float32": 320 * 4} and conv["activation_bytes"] == 32 * 32 * 26 * 26 * 4
    cost = data["cost"]
    assert cost["batch_size"] == 32 and cost["optimizer"] == "adam"           # the project's training section
    assert cost["flops"] == sum(n["flops"] for n in data["nodes"]) and cost["param_bytes"] == {"float32": 217_640}
    train = cost["training_bytes"]
    assert set(train) == {"weights", "gradients", "optimizer_state", "activations", "total"}
    assert train["total"] == 4 * 217_640 + train["activations"]
    assert main(["summary", str(SAMPLES / "mnist_cnn.nsproj"), "--json", "--batch-size", "1"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["cost"]["activation_bytes"] * 32 == cost["activation_bytes"] and one["cost"]["flops"] == cost["flops"]
    assert main(["summary", str(SAMPLES / "mnist_cnn.nsproj")]) == 0
    table = capsys.readouterr().out
    assert "FLOPs per sample: 498 kFLOPs (248,768 multiply-adds)" in table
    assert "training memory with adam: about 8.59 MB" in table

"""Every layer: meta-device shape inference equals what the real compiled module produces."""

import pytest
import torch

from netstudio.compiler import ShapeInference, build_module
from netstudio.compiler.codegen import constructor_code
from netstudio.compiler.summary import summarize, summary_table
from netstudio.core.graph import Edge, Graph, Node
from netstudio.layers import all_specs, shape_text

from helpers import chain_graph

IMG = (3, 16, 16)
SEQ = (10, 8)
# type -> (input shape, dtype, params, expected output shape)
SINGLE = {
    "Output": (IMG, "float32", {}, IMG),
    "Flatten": (IMG, "float32", {}, (768,)),
    "Unflatten": ((48,), "float32", {"unflattened_size": [3, 4, 4]}, (3, 4, 4)),
    "Reshape": (IMG, "float32", {"shape": [3, -1]}, (3, 256)),
    "Permute": (SEQ, "float32", {"dims": [0, 2, 1]}, (8, 10)),
    "Identity": (IMG, "float32", {}, IMG),
    "Mean": (IMG, "float32", {"dim": [2, 3]}, (3,)),
    "Select": (SEQ, "float32", {"dim": 1, "index": -1}, (8,)),
    "Linear": ((20,), "float32", {"out_features": 7}, (7,)),
    "Conv1d": ((4, 30), "float32", {"out_channels": 6, "kernel_size": 5, "stride": 2}, (6, 13)),
    "Conv2d": (IMG, "float32", {"out_channels": 8, "kernel_size": 3, "padding": 1}, (8, 16, 16)),
    "ConvTranspose2d": ((8, 7, 7), "float32", {"out_channels": 4, "kernel_size": 4, "stride": 2, "padding": 1},
                        (4, 14, 14)),
    "Upsample": (IMG, "float32", {"scale_factor": 2.0}, (3, 32, 32)),
    "MaxPool1d": ((4, 30), "float32", {"kernel_size": 2}, (4, 15)),
    "MaxPool2d": (IMG, "float32", {"kernel_size": 2}, (3, 8, 8)),
    "AvgPool2d": (IMG, "float32", {"kernel_size": 4}, (3, 4, 4)),
    "AdaptiveAvgPool2d": (IMG, "float32", {"output_size": 1}, (3, 1, 1)),
    "AdaptiveMaxPool2d": (IMG, "float32", {"output_size": [2, 3]}, (3, 2, 3)),
    "BatchNorm1d": ((12,), "float32", {}, (12,)),
    "BatchNorm2d": (IMG, "float32", {}, IMG),
    "LayerNorm": (SEQ, "float32", {}, SEQ),
    "GroupNorm": ((8, 4, 4), "float32", {"num_groups": 4}, (8, 4, 4)),
    "Dropout": (IMG, "float32", {"p": 0.2}, IMG),
    "Dropout2d": (IMG, "float32", {}, IMG),
    "StochasticDepth": (IMG, "float32", {"p": 0.3, "mode": "batch"}, IMG),
    "ReLU": (IMG, "float32", {}, IMG), "LeakyReLU": (IMG, "float32", {"negative_slope": 0.2}, IMG),
    "PReLU": (IMG, "float32", {}, IMG), "ELU": (IMG, "float32", {}, IMG), "GELU": (IMG, "float32", {}, IMG),
    "SiLU": (IMG, "float32", {}, IMG), "Sigmoid": (IMG, "float32", {}, IMG), "Tanh": (IMG, "float32", {}, IMG),
    "Softmax": ((10,), "float32", {}, (10,)), "LogSoftmax": ((10,), "float32", {"dim": 1}, (10,)),
    "Softplus": (IMG, "float32", {}, IMG),
    "ReLU6": (IMG, "float32", {}, IMG), "Hardswish": (IMG, "float32", {}, IMG), "Hardsigmoid": (IMG, "float32", {}, IMG),
    "Embedding": ((12,), "int64", {"num_embeddings": 50, "embedding_dim": 16}, (12, 16)),
    "MultiheadAttention": (SEQ, "float32", {"num_heads": 2}, SEQ),
    "TransformerEncoderLayer": (SEQ, "float32", {"nhead": 2, "dim_feedforward": 16}, SEQ),
    "PositionalEncoding": (SEQ, "float32", {"max_len": 50}, SEQ),
}
RECURRENT = ["RNN", "LSTM", "GRU"]
MULTI_INPUT = ["Concat", "Add", "Multiply"]


def run_real(graph, batch=3):
    model = build_module(graph).eval()
    inputs = []
    for node in graph:
        if node.type == "Input":
            shape = (batch, *node.params["shape"])
            inputs.append(torch.randint(0, 5, shape) if node.params.get("dtype") == "int64" else torch.randn(shape))
    with torch.no_grad():
        return model(*inputs)


def test_every_catalog_type_is_covered():
    covered = set(SINGLE) | set(RECURRENT) | set(MULTI_INPUT) | {"Input", "Split"}
    assert {s.type for s in all_specs()} <= covered


@pytest.mark.parametrize("type_name", sorted(SINGLE))
def test_single_input_layer(type_name):
    shape, dtype, params, expected = SINGLE[type_name]
    graph = chain_graph((type_name, params), input_shape=shape, dtype=dtype)
    info = ShapeInference().infer(graph)["n0"]
    assert info.ok, info.error
    assert info.out_shapes == [expected]
    out = run_real(graph)
    assert tuple(out.shape[1:]) == expected
    if type_name not in ("Output", "Identity"):
        node = graph.node("n0")
        model = build_module(graph)
        own = sum(p.numel() for n, p in model.named_parameters() if n.startswith(node.id + "."))
        assert info.param_count == own


@pytest.mark.parametrize("type_name", RECURRENT)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_recurrent_layers_have_sequence_and_last_outputs(type_name, bidirectional):
    graph = chain_graph((type_name, {"hidden_size": 6, "num_layers": 2, "bidirectional": bidirectional}),
                        input_shape=SEQ)
    graph.add_node(Node("seq", "Output"))
    graph.add_node(Node("last", "Output"))
    graph.add_edge(Edge("n0", "seq", 0))
    graph.add_edge(Edge("n0", "last", 1))
    width = 12 if bidirectional else 6
    info = ShapeInference().infer(graph)["n0"]
    assert info.out_shapes == [(10, width), (width,)]
    seq, last = run_real(graph)
    assert seq.shape == (3, 10, width) and last.shape == (3, width)
    if not bidirectional:  # the last hidden state of the top layer is the sequence output's last step
        torch.testing.assert_close(last, seq[:, -1, :])


@pytest.mark.parametrize("type_name", MULTI_INPUT)
def test_multi_input_layers(type_name):
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [4, 5, 5]}))
    g.add_node(Node("y", "Input", {"shape": [4, 5, 5]}))
    g.add_node(Node("z", "Input", {"shape": [4, 5, 5]}))
    g.add_node(Node("m", type_name))
    for port, src in enumerate("xyz"):
        g.add_edge(Edge(src, "m", 0, port))
    expected = (12, 5, 5) if type_name == "Concat" else (4, 5, 5)
    assert ShapeInference().infer(g)["m"].out_shapes == [expected]
    assert tuple(run_real(g).shape[1:]) == expected


def test_split_has_one_output_per_chunk():
    graph = chain_graph(("Split", {"chunks": 3, "dim": 1}), input_shape=(6, 4))
    for i in range(3):
        graph.add_node(Node(f"o{i}", "Output"))
        graph.add_edge(Edge("n0", f"o{i}", i))
    assert ShapeInference().infer(graph)["n0"].out_shapes == [(2, 4)] * 3
    assert [tuple(t.shape) for t in run_real(graph)] == [(3, 2, 4)] * 3


def test_attention_with_separate_query_key_value():
    g = Graph()
    g.add_node(Node("q", "Input", {"shape": [5, 16]}))
    g.add_node(Node("kv", "Input", {"shape": [9, 12]}))
    g.add_node(Node("att", "MultiheadAttention", {"num_heads": 4}))
    g.add_edge(Edge("q", "att", 0, 0))
    g.add_edge(Edge("kv", "att", 0, 1))
    g.add_edge(Edge("kv", "att", 0, 2))
    info = ShapeInference().infer(g)["att"]
    assert info.ok and info.out_shapes == [(5, 16)]
    assert run_real(g).shape == (3, 5, 16)


def test_missing_params_take_pytorch_defaults():
    graph = chain_graph(("Conv2d", {"out_channels": 4, "kernel_size": 3}))
    conv = build_module(graph).n0
    assert conv.stride == (1, 1) and conv.padding == (0, 0) and conv.bias is not None
    graph = chain_graph(("MaxPool2d", {"kernel_size": 3}))
    assert build_module(graph).n0.stride == 3  # PyTorch: stride defaults to kernel_size


def test_a_shape_reads_the_same_in_sentences_tables_and_code():
    assert shape_text((32, 13, 13)) == "(32, 13, 13)"
    assert shape_text((784,)) == "(784,)" and shape_text(()) == "()" and shape_text(None) == "?"
    assert shape_text((32, 26, 26), batch="B") == "(B, 32, 26, 26)" and shape_text((), batch="B") == "(B)"
    assert shape_text((784,), tuple_comma=False) == "(784)"  # run-time failure messages
    graph = chain_graph("Flatten", ("Conv2d", {"out_channels": 4, "kernel_size": 3}))
    assert "receives (784,)" in ShapeInference().infer(graph)["n1"].error
    assert "  (784,)  " in summary_table(summarize(graph))


@pytest.mark.parametrize("spec", [s for s in all_specs() if s.torch_class is None], ids=lambda s: s.type)
def test_function_only_layers_read_as_code(spec):
    params = spec.initial_params()
    assert spec.code is not None
    assert constructor_code(spec.type, params, None) == spec.code(spec.resolved(params)) != ""


def test_function_code_lines():
    assert constructor_code("Add", {}, None) == "a + b"
    assert constructor_code("Reshape", {"shape": [3, -1]}, None) == "x.reshape(x.shape[0], 3, -1)"
    assert constructor_code("Permute", {"dims": [0, 2, 1]}, None) == "x.permute(0, 2, 1)"
    assert constructor_code("Mean", {"dim": [2, 3], "keepdim": True}, None) == "x.mean(dim=[2, 3], keepdim=True)"
    assert constructor_code("Input", {"shape": [1, 28, 28]}, None) == "x = torch.randn(batch_size, 1, 28, 28)"

"""One walk decides which value reaches which input: shape inference and the compiled model agree."""

import pytest
import torch

import netstudio
from netstudio.compiler import ShapeInference, build_module
from netstudio.compiler.traversal import GraphWalker
from netstudio.core.graph import Edge, Graph, Node

SAMPLES = ["mnist_mlp", "mnist_cnn", "resnet_cifar10", "char_lstm", "tiny_transformer", "sine_rnn"]


class Recorder(GraphWalker):
    """Names each value "<node>:<port>" and records what every layer receives."""

    def source(self, node, spec):
        return [f"{node.id}:0"]

    def visit(self, node, spec, inputs):
        return [f"{node.id}:{port}" for port in range(len(spec.ports_out(spec.resolved(node.params))))] or [None]

    def outputs(self, result):
        return None if isinstance(result, str) else result

    def refuse(self, node, message):
        return message

    def blocked(self, node):
        return "blocked"


def test_inputs_arrive_in_port_order_whatever_order_the_wires_were_drawn():
    g = Graph()
    g.add_node(Node("a", "Input", {"shape": [2]}))
    g.add_node(Node("b", "Input", {"shape": [3]}))
    g.add_node(Node("cat", "Concat"))
    g.add_edge(Edge("b", "cat", 0, 1))  # the second input wired first
    g.add_edge(Edge("a", "cat", 0, 0))
    assert ShapeInference().infer(g)["cat"].in_shapes == [(2,), (3,)]
    a, b = torch.randn(4, 2), torch.randn(4, 3)
    torch.testing.assert_close(build_module(g)(a, b), torch.cat([a, b], dim=1))


def test_each_layer_gets_the_output_port_its_wire_starts_from():
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [6, 4]}))
    g.add_node(Node("split", "Split", {"chunks": 3, "dim": 1}))
    g.add_node(Node("add", "Add"))
    g.add_edge(Edge("x", "split"))
    g.add_edge(Edge("split", "add", 2, 0))
    g.add_edge(Edge("split", "add", 0, 1))
    seen = {}

    class Inputs(Recorder):
        def visit(self, node, spec, inputs):
            seen[node.id] = inputs
            return super().visit(node, spec, inputs)

    Inputs().run(g)
    assert seen == {"split": ["x:0"], "add": ["split:2", "split:0"]}
    x = torch.randn(5, 6, 4)
    torch.testing.assert_close(build_module(g)(x), x[:, 4:6] + x[:, 0:2])


def test_wiring_problems_are_sentences_and_block_what_follows():
    g = Graph()
    g.add_node(Node("x", "Input", {"shape": [6, 4]}))
    g.add_node(Node("split", "Split", {"chunks": 2}))
    g.add_node(Node("relu", "ReLU"))
    g.add_node(Node("fc", "Linear", {"out_features": 2}))
    g.add_node(Node("add", "Add"))
    g.add_node(Node("after", "ReLU"))
    g.add_edge(Edge("x", "split"))
    g.add_edge(Edge("split", "relu", 3))       # Split has two outputs, not four
    g.add_edge(Edge("x", "add"))               # Add needs at least two branches
    g.add_edge(Edge("add", "after"))
    results = Recorder().run(g)
    assert results["relu"] == "the input comes from output 3 of 'split', which has only 2 output(s)"
    assert results["fc"] == "Linear has no input: connect a layer to it"
    assert results["add"] == "Add needs at least 2 inputs but has 1: connect another branch"
    assert results["after"] == "blocked"
    infos = ShapeInference().infer(g)
    assert infos["relu"].error == results["relu"] and infos["after"].blocked


@pytest.mark.parametrize("sample", SAMPLES)
def test_compiled_layers_receive_the_shapes_inference_shows(samples_dir, sample):
    project = netstudio.load_project(samples_dir / f"{sample}.nsproj")
    graph = project.graph()
    infos = ShapeInference().infer(graph)
    model = build_module(graph).eval()
    received = {}

    def record(name):
        def hook(module, args):
            received[name] = [tuple(a.shape[1:]) for a in args]
        return hook

    for name, module in model.named_children():
        module.register_forward_pre_hook(record(name))
    inputs = []
    for node in graph:
        if node.type == "Input":
            shape = (3, *node.params["shape"])
            inputs.append(torch.randint(0, 10, shape) if node.params.get("dtype") == "int64" else torch.randn(shape))
    with torch.no_grad():
        model(*inputs)
    assert received, "no layer ran"
    for name, shapes in received.items():
        expected = infos[name].in_shapes
        assert shapes[:len(expected)] == expected, name


def test_attention_with_only_a_key_uses_it_as_the_value_in_both_passes():
    g = Graph()
    g.add_node(Node("q", "Input", {"shape": [5, 16]}))
    g.add_node(Node("k", "Input", {"shape": [9, 12]}))
    g.add_node(Node("att", "MultiheadAttention", {"num_heads": 4}))
    g.add_edge(Edge("q", "att", 0, 0))
    g.add_edge(Edge("k", "att", 0, 1))
    info = ShapeInference().infer(g)["att"]
    assert info.in_shapes == [(5, 16), (9, 12)] and info.out_shapes == [(5, 16)]
    model = build_module(g).eval()
    assert (model.att.kdim, model.att.vdim) == (12, 12)
    assert model(torch.randn(2, 5, 16), torch.randn(2, 9, 12)).shape == (2, 5, 16)

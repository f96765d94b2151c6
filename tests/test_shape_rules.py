"""The torch-free shape rules (``layers.shape_rules``) agree with the meta device wherever they answer.

The contract: for any params and input a layer's checks accept, the rules either give exactly the meta
run's output shapes, dtypes and parameter count, or say nothing. Hypothesis draws the params and inputs,
edge cases included (kernels larger than the input, paddings over half a kernel, groups that do not divide,
ceil mode, broadcasting); every sample project and template must be answered without the meta device.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netstudio.compiler.shapes import NodeInfo, ShapeInference, reserved_names
from netstudio.compiler.torch_names import SNAPSHOT, TORCH_VERSION
from netstudio.core.project import read_project
from netstudio.layers import shape_rules
from netstudio.layers.build import check_inputs
from netstudio.layers.catalog import get_spec

ROOT = Path(__file__).resolve().parents[1]
small = st.integers(1, 6)
side = st.integers(1, 12)


def image(channels=small):
    return st.tuples(channels, side, side)


def pair_or_int(values):
    return st.one_of(values, st.lists(values, min_size=2, max_size=2))


CONV = dict(out_channels=st.sampled_from([1, 2, 3, 4, 6]), kernel_size=pair_or_int(st.integers(1, 5)),
            stride=pair_or_int(st.integers(1, 3)), padding=st.one_of(pair_or_int(st.integers(0, 3)),
                                                                     st.sampled_from(["same", "valid"])),
            dilation=pair_or_int(st.integers(1, 2)), groups=st.sampled_from([1, 1, 2, 3]), bias=st.booleans(),
            padding_mode=st.sampled_from(["zeros", "zeros", "reflect"]))
POOL = dict(kernel_size=pair_or_int(st.integers(1, 5)), stride=st.one_of(st.none(), pair_or_int(st.integers(1, 3))),
            padding=pair_or_int(st.integers(0, 3)), ceil_mode=st.booleans())
SEQ = st.tuples(side, st.sampled_from([2, 4, 6, 8, 12]))

# type -> (params strategy, input shapes strategy)
CASES = {
    "ReLU": ({}, st.lists(small, min_size=0, max_size=4).map(tuple)),
    "GELU": ({"approximate": st.sampled_from(["none", "tanh"])}, image()),
    "Dropout2d": ({"p": st.floats(0, 1)}, image()),
    "Softmax": ({"dim": st.integers(-4, 4)}, st.lists(small, min_size=0, max_size=3).map(tuple)),
    "PReLU": ({"num_parameters": st.sampled_from([1, 2, 3])}, st.lists(small, min_size=0, max_size=3).map(tuple)),
    "Conv1d": ({**CONV, "kernel_size": st.integers(1, 5), "stride": st.integers(1, 3),
                "padding": st.one_of(st.integers(0, 3), st.sampled_from(["same", "valid"])),
                "dilation": st.integers(1, 2)}, st.tuples(small, side)),
    "Conv2d": (CONV, image()),
    "ConvTranspose2d": ({k: v for k, v in CONV.items() if k != "padding_mode"}
                        | {"padding": pair_or_int(st.integers(0, 3)), "output_padding": pair_or_int(st.integers(0, 2))},
                        image()),
    "MaxPool1d": ({**POOL, "kernel_size": st.integers(1, 5), "padding": st.integers(0, 3),
                   "stride": st.one_of(st.none(), st.integers(1, 3)), "dilation": st.integers(1, 2)},
                  st.tuples(small, side)),
    "MaxPool2d": ({**POOL, "dilation": pair_or_int(st.integers(1, 2))}, image()),
    "AvgPool2d": ({**POOL, "count_include_pad": st.booleans()}, image()),
    "AdaptiveAvgPool2d": ({"output_size": st.one_of(st.integers(1, 4),
                                                    st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=2,
                                                             max_size=2))}, image()),
    "AdaptiveMaxPool2d": ({"output_size": st.integers(1, 4)}, image()),
    "BatchNorm1d": ({"affine": st.booleans()}, st.one_of(st.tuples(small), st.tuples(small, side))),
    "BatchNorm2d": ({"affine": st.booleans(), "track_running_stats": st.booleans()}, image()),
    "GroupNorm": ({"num_groups": st.sampled_from([1, 2, 3]), "affine": st.booleans()}, image()),
    "LayerNorm": ({"elementwise_affine": st.booleans(), "bias": st.booleans()}, st.tuples(small, small)),
    "Linear": ({"out_features": st.integers(1, 9), "bias": st.booleans()},
               st.lists(small, min_size=1, max_size=3).map(tuple)),
    "Flatten": ({"start_dim": st.integers(-4, 3), "end_dim": st.integers(-4, 3)},
                st.lists(small, min_size=0, max_size=3).map(tuple)),
    "Add": ({}, st.lists(st.sampled_from([(3, 4), (3, 4), (1, 4), (4,)]), min_size=2, max_size=3)),
    "Multiply": ({}, st.lists(st.sampled_from([(2, 5, 5), (2, 1, 1), (2, 5, 5)]), min_size=2, max_size=3)),
    "Concat": ({"dim": st.integers(-3, 3)},
               st.lists(st.sampled_from([(2, 4, 4), (3, 4, 4), (2, 4, 5)]), min_size=2, max_size=3)),
    "Reshape": ({"shape": st.lists(st.sampled_from([-1, 1, 2, 3, 4, 6, 12]), min_size=1, max_size=3)},
                st.tuples(st.sampled_from([2, 3, 4]), st.sampled_from([2, 3, 6]))),
    "Unflatten": ({"dim": st.integers(-2, 2), "unflattened_size": st.lists(st.sampled_from([-1, 1, 2, 3, 4]),
                                                                           min_size=1, max_size=3)},
                  st.tuples(st.sampled_from([6, 12, 24]), small)),
    "Permute": ({"dims": st.permutations([0, 1, 2, 3])}, image()),
    "Mean": ({"dim": st.one_of(st.integers(-3, 3), st.lists(st.integers(-3, 3), min_size=1, max_size=2)),
              "keepdim": st.booleans()}, image()),
    "Select": ({"dim": st.integers(-3, 3), "index": st.integers(-4, 4)}, image()),
    "Split": ({"chunks": st.integers(1, 4), "dim": st.integers(-3, 3)}, st.tuples(st.sampled_from([4, 6, 12]), small)),
    "Upsample": ({"scale_factor": st.sampled_from([None, 0.5, 1.5, 2.0, 3.0]),
                  "size": st.one_of(st.none(), st.integers(1, 9), st.lists(st.integers(1, 9), min_size=1, max_size=3)),
                  "mode": st.sampled_from(["nearest", "nearest", "bilinear"])},
                 st.one_of(image(), st.tuples(small, side))),
    "LSTM": ({"hidden_size": st.integers(1, 6), "num_layers": st.integers(1, 3), "bidirectional": st.booleans(),
              "bias": st.booleans()}, SEQ),
    "GRU": ({"hidden_size": st.integers(1, 6), "num_layers": st.integers(1, 2), "bidirectional": st.booleans()}, SEQ),
    "RNN": ({"hidden_size": st.integers(1, 6), "nonlinearity": st.sampled_from(["tanh", "relu"])}, SEQ),
    "MultiheadAttention": ({"num_heads": st.sampled_from([1, 2, 3]), "bias": st.booleans()},
                           st.one_of(st.lists(SEQ, min_size=1, max_size=1),
                                     st.tuples(SEQ, st.tuples(st.just(5), small), st.tuples(st.just(5), small))
                                     .map(list))),
    "TransformerEncoderLayer": ({"nhead": st.sampled_from([1, 2]), "dim_feedforward": st.integers(1, 16),
                                 "activation": st.sampled_from(["relu", "gelu"]), "norm_first": st.booleans()}, SEQ),
    "PositionalEncoding": ({"max_len": st.integers(1, 20)}, SEQ),
    "Embedding": ({"num_embeddings": st.integers(1, 20), "embedding_dim": st.integers(1, 6),
                   "padding_idx": st.one_of(st.none(), st.integers(-25, 25))},
                  st.lists(small, min_size=1, max_size=2).map(tuple)),
}
MULTI_INPUT = {"Add", "Multiply", "Concat", "MultiheadAttention"}


def _compare(type_name: str, params: dict, shapes: list) -> bool:
    """Assert the contract for one case; True when the rules answered."""
    spec = get_spec(type_name)
    dtypes = ["int64" if type_name == "Embedding" else "float32"] * len(shapes)
    p = spec.resolved({k: v for k, v in params.items() if v is not None or spec.param(k).optional})
    problems = check_inputs(spec, p, shapes, dtypes)
    if any(pr.severity == "error" for pr in problems):
        return False
    ruled = shape_rules.outputs(type_name, p, shapes, dtypes)
    meta = ShapeInference()._run_meta(spec, p, shapes, dtypes, NodeInfo(in_shapes=list(shapes), problems=problems))
    if ruled is not None:
        assert meta.error is None, f"rules answered {ruled} but PyTorch refused: {meta.error}"
        assert (meta.out_shapes, meta.out_dtypes, meta.param_count) == ruled
    return ruled is not None


@pytest.mark.parametrize("type_name", sorted(CASES))
def test_rules_agree_with_the_meta_device(type_name):
    params_st, shapes_st = CASES[type_name]
    answered = []

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=st.fixed_dictionaries(params_st), shapes=shapes_st)
    def check(params, shapes):
        listed = [tuple(s) for s in shapes] if type_name in MULTI_INPUT else [tuple(shapes)]
        answered.append(_compare(type_name, params, listed))

    check()
    assert any(answered), f"the rules never answered {type_name}"


def test_every_rule_type_is_tested_and_in_the_catalog():
    assert shape_rules.RULE_TYPES - {"Output", "Identity", "Dropout", "StochasticDepth", "LeakyReLU", "ELU", "SiLU",
                                     "Sigmoid", "Tanh", "Softplus", "ReLU6", "Hardswish", "Hardsigmoid",
                                     "LogSoftmax"} <= set(CASES)
    assert all(get_spec(t) is not None for t in shape_rules.RULE_TYPES)


def test_edge_cases_are_left_to_pytorch():
    # a kernel larger than the input, padding over half the kernel, a non-dividing group: the meta run's sentence
    assert shape_rules.outputs("Conv2d", _resolved("Conv2d", out_channels=4, kernel_size=5), [(1, 3, 3)],
                               ["float32"]) is None
    assert shape_rules.outputs("MaxPool2d", _resolved("MaxPool2d", kernel_size=2, padding=2), [(1, 8, 8)],
                               ["float32"]) is None
    assert shape_rules.outputs("Conv2d", _resolved("Conv2d", out_channels=4, kernel_size=3), [(1, 8, 8)],
                               ["float64"]) is None
    # and the ordinary case is answered: 32 3x3 filters on a 28x28 digit
    assert shape_rules.outputs("Conv2d", _resolved("Conv2d", out_channels=32, kernel_size=3), [(1, 28, 28)],
                               ["float32"]) == ([(32, 26, 26)], ["float32"], 320)


def _resolved(type_name, **params):
    return get_spec(type_name).resolved(params)


def _projects():
    files = sorted((ROOT / "sample_projects").glob("*.nsproj"))
    files += sorted((ROOT / "netstudio" / "templates").glob("*.nsproj"))
    assert len(files) >= 15
    return files


@pytest.mark.parametrize("path", _projects(), ids=lambda p: p.stem)
def test_samples_and_templates_need_no_meta_device(path):
    project = read_project(path)
    for graph in project.graphs.values():
        offline, online = ShapeInference(offline=True), ShapeInference()
        quick, exact = offline.infer(graph), online.infer(graph)
        assert offline.pending == 0 and online.on_meta == 0, f"{path.stem}: a layer needed torch"
        assert {k: (i.out_shapes, i.param_count, i.problems) for k, i in quick.items()} == \
            {k: (i.out_shapes, i.param_count, i.problems) for k, i in exact.items()}


def test_the_reserved_names_snapshot_matches_torch():
    import torch

    if torch.__version__.split("+")[0] != TORCH_VERSION:
        pytest.skip(f"snapshot taken from torch {TORCH_VERSION}, installed {torch.__version__}")
    assert SNAPSHOT == reserved_names()

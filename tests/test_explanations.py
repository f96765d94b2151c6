"""The learner-facing layer explanations: complete, bilingual, and their size formulas match PyTorch."""

from __future__ import annotations

import itertools
import math
import re
import subprocess
import sys

import pytest

from netstudio.layers import CATEGORIES, all_specs, get_spec
from netstudio.layers.explanations import (CATEGORY_NAMES, EXPLANATIONS, category_name, explanation, formula,
                                           param_help)

CJK = re.compile(r"[\u4e00-\u9fff]")
TYPES = [spec.type for spec in all_specs()]
# The layers whose every parameter the inspector must explain (the brief's "common layers").
COMMON = ["Input", "Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool2d",
          "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "BatchNorm1d", "BatchNorm2d", "Dropout", "Dropout2d", "LSTM",
          "GRU", "RNN", "Embedding", "MultiheadAttention", "TransformerEncoderLayer", "Flatten", "Unflatten",
          "Reshape", "Concat", "Add"]


def _sentences_en(text: str) -> int:
    """Sentence ends: a full stop, ! or ? before a space or the end, abbreviations aside."""
    return len(re.findall(r"[.!?](?=\s|$)", text)) - len(re.findall(r"\b(?:e\.g|i\.e|etc|vs)\.(?=\s)", text))


@pytest.mark.parametrize("type_name", TYPES)
def test_every_layer_has_a_short_paragraph_in_both_languages(type_name):
    entry = EXPLANATIONS[type_name]
    assert set(entry) <= {"en", "zh", "formula", "params"}
    en, zh = explanation(type_name, "en"), explanation(type_name, "zh")
    assert type_name in en and type_name in zh, "both texts name the layer as the palette shows it"
    assert "\n" not in en and "\n" not in zh, "one paragraph each"
    assert not CJK.search(en)
    assert len(CJK.findall(zh)) >= 40, "the Chinese text is Chinese, not English with a few characters"
    assert 2 <= _sentences_en(en) <= 5, en
    assert 2 <= zh.count("。") <= 5 and zh.endswith("。"), zh
    assert abs(_sentences_en(en) - zh.count("。")) <= 1, "the Chinese text says what the English one says"


@pytest.mark.parametrize("type_name", TYPES)
def test_documented_params_exist_and_every_param_is_explained(type_name):
    spec = get_spec(type_name)
    names = {p.name for p in spec.params}
    documented = EXPLANATIONS[type_name].get("params", {})
    assert set(documented) <= names, f"{type_name} documents parameters it does not have"
    assert names <= set(documented), f"{type_name} leaves {sorted(names - set(documented))} unexplained"
    for name in names:
        assert param_help(type_name, name, "en") and not CJK.search(param_help(type_name, name, "en"))
        assert CJK.search(param_help(type_name, name, "zh"))


def test_the_common_layers_are_all_in_the_catalog_and_explained():
    for type_name in COMMON:
        spec = get_spec(type_name)
        assert spec is not None, type_name
        for p in spec.params:
            assert param_help(type_name, p.name, "zh-CN"), (type_name, p.name)


def test_inferred_params_say_the_graph_fills_them_in():
    inferred = [(s.type, p.name) for s in all_specs() for p in s.params if p.inferred]
    assert ("Conv2d", "in_channels") in inferred and ("LayerNorm", "normalized_shape") in inferred
    for type_name, name in inferred:
        assert re.search(r"infer|fills in", param_help(type_name, name, "en")), (type_name, name)
        assert re.search("推断|自动填写", param_help(type_name, name, "zh")), (type_name, name)


def test_port_conventions_are_explained_where_they_matter():
    for rnn in ("RNN", "LSTM", "GRU"):
        for lang in ("en", "zh"):
            text = explanation(rnn, lang)
            assert "batch_first" in text and "sequence" in text and "last" in text, (rnn, lang)
    assert "query" in explanation("MultiheadAttention", "zh") and "key" in explanation("MultiheadAttention", "zh")
    assert "self-attention" in explanation("MultiheadAttention")
    assert "batch" in explanation("Input") and "批量" in explanation("Input", "zh")


def test_every_category_has_a_name_in_both_languages():
    assert set(CATEGORY_NAMES) == set(CATEGORIES)
    for category in CATEGORIES:
        assert category_name(category, "en") == category
        assert CJK.search(category_name(category, "zh"))
    assert category_name("Pooling", "zh_CN") == "池化"


def test_unknown_type_and_language_fall_back_as_documented():
    assert "Conv3x" in explanation("Conv3x") and "not a NetStudio layer type" in explanation("Conv3x")
    assert "Conv3x" in explanation("Conv3x", "zh") and CJK.search(explanation("Conv3x", "zh"))
    assert explanation("Conv2d", "fr") == explanation("Conv2d", "en") == explanation("Conv2d", None)
    for spelling in ("zh_CN", "zh-CN", "ZH", "zh-Hans"):
        assert explanation("LSTM", spelling) == EXPLANATIONS["LSTM"]["zh"]
    assert formula("Conv3x") is None and formula("Output") is None
    assert param_help("Conv3x", "kernel_size") is None and param_help("Conv2d", "kernal_size") is None
    assert param_help("Conv2d", "kernel_size", "de") == EXPLANATIONS["Conv2d"]["params"]["kernel_size"]["en"]
    assert category_name("Nonexistent") == "Nonexistent"


def test_importing_explanations_loads_neither_torch_nor_qt():
    code = ("import sys, netstudio.layers.explanations; "
            "assert 'torch' not in sys.modules, 'torch'; assert 'PySide6' not in sys.modules, 'PySide6'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# --- The size formulas, read from the text a student sees, against PyTorch itself -----------------

def _evaluate(text: str, **values) -> float:
    """Evaluate the right-hand side of one formula line, e.g. "⌊(H + 2P − K) / S⌋ + 1"."""
    expr = text.replace("⌊", "floor(").replace("⌋", ")").replace("⌈", "ceil(").replace("⌉", ")")
    expr = expr.replace("·", "*").replace("−", "-")
    expr = re.sub(r"(\d)([A-Za-z(])", r"\1*\2", expr)  # 2P -> 2*P
    return eval(expr, {"floor": math.floor, "ceil": math.ceil, "__builtins__": {}}, values)


def _rhs(line: str) -> str:
    """"H_out = <expr>,  S = K" -> "<expr>"; "D = 1, F = K:  out = <expr>" -> "<expr>"."""
    line = line.split(":", 1)[1] if ":" in line else line
    return line.split("=", 1)[1].split(",")[0].strip()


def _conv_cases():
    for size, k, s, p, d in itertools.product((7, 13, 28), (1, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2)):
        if d * (k - 1) + 1 <= size + 2 * p:
            yield size, k, s, p, d


def test_conv_formulas_match_pytorch():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    lines2d = formula("Conv2d").split("\n")
    (line1d,) = formula("Conv1d").split("\n")
    for size, k, s, p, d in _conv_cases():
        x2 = torch.empty(1, 1, size, size + 1, device="meta")
        out = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, device="meta")(x2).shape
        assert _evaluate(_rhs(lines2d[0]), H=size, P=p, D=d, K=k, S=s) == out[2]
        assert _evaluate(_rhs(lines2d[1]), W=size + 1, P=p, D=d, K=k, S=s) == out[3]
        if d == 1:  # the course-book form leaves dilation out and rounds down
            assert math.floor(_evaluate(_rhs(lines2d[2]), W=size + 1, F=k, P=p, S=s)) == out[3]
        x1 = torch.empty(1, 1, size, device="meta")
        out1 = nn.Conv1d(1, 1, k, stride=s, padding=p, dilation=d, device="meta")(x1).shape
        assert _evaluate(_rhs(line1d), L=size, P=p, D=d, K=k, S=s) == out1[2]


def test_conv_transpose_formula_matches_pytorch_and_doubles_as_the_text_says():
    torch = pytest.importorskip("torch")
    line = formula("ConvTranspose2d")
    checked = 0
    for size, k, s, p, d in _conv_cases():
        for op in range(max(s, d)):
            layer = torch.nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d,
                                             device="meta")
            expected = _evaluate(_rhs(line), H=size, S=s, P=p, D=d, K=k, output_padding=op)
            if expected < 1:
                continue
            assert layer(torch.empty(1, 1, size, size, device="meta")).shape[2] == expected
            checked += 1
    assert checked > 100
    assert "7 → 14 → 28" in explanation("ConvTranspose2d")
    assert [_evaluate(_rhs(line), H=h, S=2, P=1, D=1, K=4, output_padding=0) for h in (7, 14)] == [14, 28]


def test_pool_formulas_match_pytorch():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    for size, k, s, p, d in _conv_cases():
        if 2 * p > k:
            continue
        x2 = torch.empty(1, 1, size, size, device="meta")
        for stride in (s, None):
            S = stride or k  # the formulas' "S = K": stride left empty
            out = nn.MaxPool2d(k, stride=stride, padding=p, dilation=d)(x2).shape[2]
            assert _evaluate(_rhs(formula("MaxPool2d").split("\n")[0]), H=size, P=p, D=d, K=k, S=S) == out
            out1 = nn.MaxPool1d(k, stride=stride, padding=p, dilation=d)(x2[0]).shape[2]
            assert _evaluate(_rhs(formula("MaxPool1d")), L=size, P=p, D=d, K=k, S=S) == out1
            if d == 1:
                out = nn.AvgPool2d(k, stride=stride, padding=p)(x2).shape[2]
                assert _evaluate(_rhs(formula("AvgPool2d")), H=size, P=p, K=k, S=S) == out
                textbook = formula("MaxPool2d").split("\n")[1]
                assert math.floor(_evaluate(_rhs(textbook), W=size, F=k, P=p, S=S)) == out
    assert "S = K" in formula("MaxPool2d") and "S = K" in formula("AvgPool2d")


def test_adaptive_pool_windows_match_pytorch():
    torch = pytest.importorskip("torch")
    start_text, end_text = formula("AdaptiveAvgPool2d").split(":", 1)[1].split("≤ h <")
    for size, out_size in [(7, 3), (10, 4), (5, 5), (13, 1), (4, 3)]:
        rows = torch.arange(size, dtype=torch.float64).reshape(1, 1, size, 1)
        avg = torch.nn.AdaptiveAvgPool2d((out_size, 1))(rows).flatten().tolist()
        top = torch.nn.AdaptiveMaxPool2d((out_size, 1))(rows).flatten().tolist()
        for i in range(out_size):
            start = _evaluate(start_text.strip(), i=i, H=size, H_out=out_size)
            last = _evaluate(end_text.strip(), i=i, H=size, H_out=out_size) - 1
            assert top[i] == last
            assert avg[i] == pytest.approx(sum(range(start, last + 1)) / (last - start + 1))


def test_upsample_formula_matches_pytorch():
    torch = pytest.importorskip("torch")
    for size, factor in [(7, 2.0), (7, 1.5), (5, 0.5), (9, 2.5)]:
        out = torch.nn.Upsample(scale_factor=factor)(torch.zeros(1, 1, size, size)).shape[2]
        assert _evaluate(_rhs(formula("Upsample")), H=size, scale_factor=factor) == out


@pytest.mark.parametrize("type_name", [s.type for c in ("Dense & convolution", "Pooling")
                                       for s in all_specs() if s.category == c])
def test_conv_and_pool_layers_have_formulas(type_name):
    assert formula(type_name) and not CJK.search(formula(type_name))

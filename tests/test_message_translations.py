"""Every sentence the engine can say reaches a Chinese classroom translated.

The extractor reads the templates from the source, so a new error message without a zh_CN entry
fails here, naming the file that says it and the line to add.
"""

import json
import re
from pathlib import Path

from netstudio.compiler.shapes import ShapeInference
from netstudio.core.graph import Edge, Graph, Node
from netstudio.core.i18n import catalog, literal_parts, translate
from netstudio.core.i18n.extract import engine_templates, templates_in_source

CATALOG = Path(__file__).resolve().parents[1] / "netstudio" / "core" / "i18n" / "zh_CN.json"


def _placeholders(target: str) -> list[str]:
    return re.findall(r"(?<!\{)\{(\d*)\}(?!\})", target)


def test_every_engine_sentence_has_a_chinese_translation():
    entries = json.loads(CATALOG.read_text(encoding="utf-8"))
    missing = {t: f for t, f in engine_templates().items() if t not in entries}
    assert not missing, ("these engine sentences have no zh_CN translation; add them to "
                         "netstudio/core/i18n/zh_CN.json:\n" + "\n".join(f"{f}: {t!r}" for t, f in missing.items()))


def test_translations_keep_every_value_of_the_sentence():
    for source, target in json.loads(CATALOG.read_text(encoding="utf-8")).items():
        count = len(literal_parts(source)) - 1
        marks = _placeholders(target)
        if any(marks):
            assert sorted({int(m) for m in marks}) == list(range(count)), (source, target)
        else:
            assert len(marks) == count, (source, target)
        assert target == source or re.search(r"[\u4e00-\u9fff]", target), f"not translated: {target!r}"


def test_extractor_reads_fstrings_concatenations_and_helper_calls():
    found = templates_in_source(
        "raise ProjectError(f'{path}: node {n!r} has ' + 'no type')\n"
        "_fail(where, f'must be one of {choices}, not {value!r}')\n"
        "notes.append('training in float32 on this machine')\n"
        "raise ValueError('internal: for programmers only')\n")
    assert found == {"{}: node {} has no type", "must be one of {}, not {}", "training in float32 on this machine"}


def test_a_real_shape_error_reads_in_chinese_with_its_numbers():
    graph = Graph()
    graph.add_node(Node("x", "Input", {"shape": [1, 28, 28]}))
    graph.add_node(Node("fc", "Linear", {"out_features": 10}))
    graph.add_node(Node("out", "Output", {}))
    graph.add_edge(Edge("x", "fc"))
    graph.add_edge(Edge("fc", "out"))
    error = ShapeInference().infer(graph)["fc"].warnings[0]  # a Linear on an image acts on its rows
    assert error.startswith("Linear expects a flat vector but receives")
    zh = translate(error, "zh_CN")
    assert zh.startswith("Linear 需要一维向量，但收到") and "28" in zh and "Flatten" in zh
    assert translate(error, "en") == error


def test_a_prefixed_sentence_translates_after_its_prefix_and_unknown_text_stays():
    zh = catalog("zh_CN")
    assert zh.translate("conv2: groups=3 must divide both in_channels (4) and out_channels (8)") == \
        "conv2：groups=3 必须同时整除 in_channels（4）和 out_channels（8）"
    assert translate("a sentence nobody wrote a template for", "zh_CN") == "a sentence nobody wrote a template for"

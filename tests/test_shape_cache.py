"""The persistent shape cache: hits, invalidation, damaged files, bounds; check/summary without torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netstudio.compiler import shape_cache
from netstudio.compiler.shape_cache import CachedInference, ShapeCache
from netstudio.compiler.shapes import ShapeInference
from netstudio.core.graph import Edge, Graph, Node

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_projects"


def _graph(channels: int = 8, size: int = 28, padding_mode: str = "zeros") -> Graph:
    """Input -> Conv2d -> Flatten; reflect padding is a case the torch-free rules leave to the meta device."""
    g = Graph("model")
    g.add_node(Node("image", "Input", {"shape": [1, size, size]}))
    g.add_node(Node("conv", "Conv2d", {"out_channels": channels, "kernel_size": 3, "padding_mode": padding_mode}))
    g.add_node(Node("flat", "Flatten", {}))
    g.add_edge(Edge("image", "conv", 0, 0))
    g.add_edge(Edge("conv", "flat", 0, 0))
    return g


def _fresh(store: ShapeCache) -> ShapeInference:
    return ShapeInference(store=store)   # an empty memory cache: only the store can answer


def test_a_second_session_reads_shapes_from_disk(tmp_path):
    store = ShapeCache(tmp_path / "shapes.json")
    first = _fresh(store)
    assert first.infer(_graph())["flat"].out_shapes == [(8 * 26 * 26,)]
    assert first.computed == 2
    assert store.flush() and (tmp_path / "shapes.json").is_file()
    again = _fresh(ShapeCache(tmp_path / "shapes.json"))
    infos = again.infer(_graph())
    assert again.computed == 0
    assert infos["conv"].out_shapes == [(8, 26, 26)] and infos["conv"].param_count == 8 * 9 + 8


def test_changed_params_and_input_shapes_are_recomputed(tmp_path):
    store = ShapeCache(tmp_path / "shapes.json")
    _fresh(store).infer(_graph())
    changed_params = _fresh(store)
    assert changed_params.infer(_graph(channels=4))["conv"].out_shapes == [(4, 26, 26)]
    assert changed_params.computed == 2                  # the conv and the flatten after it
    changed_input = _fresh(store)
    assert changed_input.infer(_graph(size=10))["flat"].out_shapes == [(8 * 8 * 8,)]
    assert changed_input.computed == 2


def test_a_new_version_recomputes(tmp_path, monkeypatch):
    store = ShapeCache(tmp_path / "shapes.json")
    _fresh(store).infer(_graph())
    monkeypatch.setattr(shape_cache, "__version__", "99.0")
    later = _fresh(store)
    assert later.infer(_graph())["conv"].out_shapes == [(8, 26, 26)]
    assert later.computed == 2


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"format": "other"}', b"\xff\xfe",
                                     b'{"format": "netstudio-shape-cache-1", "entries": {"k": 3}}',
                                     b"[" * 100_000])
def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path, content):
    path = tmp_path / "shapes.json"
    path.write_bytes(content)
    store = ShapeCache(path)
    inference = _fresh(store)
    assert inference.infer(_graph())["conv"].out_shapes == [(8, 26, 26)]
    assert store.flush()
    assert json.loads(path.read_text())["format"] == shape_cache.FORMAT
    assert _fresh(ShapeCache(path)).infer(_graph())["conv"].ok


def test_the_cache_is_bounded_and_written_readable_by_others(tmp_path):
    store = ShapeCache(tmp_path / "shapes.json", max_entries=3)
    inference = _fresh(store)
    for channels in range(1, 6):
        inference.infer(_graph(channels=channels))
    assert len(store) == 3
    store.flush()
    assert (tmp_path / "shapes.json").stat().st_mode & 0o044 == 0o044 & ~_umask()
    assert not list(tmp_path.glob(".shapes-*"))            # no temp file left behind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_offline_inference_never_guesses(tmp_path):
    store = ShapeCache(tmp_path / "shapes.json")
    offline = ShapeInference(store=store, offline=True)
    infos = offline.infer(_graph(padding_mode="reflect"))
    # nothing known yet and no rule for the conv: it and what follows are pending, not errors, and nothing ran
    assert infos["image"].out_shapes == [(1, 28, 28)]
    assert infos["conv"].pending and infos["flat"].pending and not infos["flat"].problems
    assert offline.computed == 0 and offline.pending == 2
    _fresh(store).infer(_graph(padding_mode="reflect"))
    known = ShapeInference(store=store, offline=True).infer(_graph(padding_mode="reflect"))
    assert known["flat"].out_shapes == [(8 * 26 * 26,)] and not any(i.pending for i in known.values())


def test_offline_inference_answers_common_layers_by_their_rules(tmp_path):
    offline = ShapeInference(store=ShapeCache(tmp_path / "shapes.json"), offline=True)
    infos = offline.infer(_graph())
    assert infos["flat"].out_shapes == [(8 * 26 * 26,)] and infos["conv"].param_count == 80
    assert offline.pending == 0 and offline.ruled == 2 and offline.on_meta == 0


def test_whole_graph_answers_ignore_positions(tmp_path):
    store = ShapeCache(tmp_path / "shapes.json")
    CachedInference(store).infer(_graph())
    moved = _graph()
    moved.set_pos("conv", (300.0, 40.0))
    cached = CachedInference(store)
    assert cached.infer(moved)["conv"].out_shapes == [(8, 26, 26)]
    assert not cached.used_torch


CHECK = """
import sys
from netstudio.cli import main
rc = main([sys.argv[1], sys.argv[2]])
print("TORCH", "torch" in sys.modules, "RC", rc)
"""


def _cli(command: str, project: Path, cache: Path) -> tuple[bool, int, str]:
    env = {**os.environ, "NETSTUDIO_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", CHECK, command, str(project)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    lines = out.stdout.strip().splitlines()
    last = lines[-1].split()
    return last[1] == "True", int(last[3]), "\n".join(lines[:-1]) + out.stderr


@pytest.mark.parametrize("command", ["check", "summary"])
def test_check_and_summary_of_a_cached_graph_do_not_import_torch(tmp_path, command):
    project = tmp_path / "cnn.nsproj"
    project.write_text((SAMPLES / "mnist_cnn.nsproj").read_text())
    cache = tmp_path / "cache"
    torch_cold, rc_cold, text_cold = _cli(command, project, cache)
    assert rc_cold == 0 and not torch_cold, text_cold       # every layer has a rule: no torch even cold
    if command == "summary":
        assert "54,410" in text_cold and "FLOPs" in text_cold
    data = json.loads(project.read_text())
    # an edit only torch can answer: 16 filters with reflect padding
    data["graphs"]["model"]["nodes"][1]["params"].update(out_channels=16, padding_mode="reflect")
    project.write_text(json.dumps(data))
    torch_edit, rc_edit, text_edit = _cli(command, project, cache)
    assert torch_edit and rc_edit == 0
    torch_warm, rc_warm, text_warm = _cli(command, project, cache)
    assert rc_warm == 0 and not torch_warm, text_warm
    assert text_warm == text_edit                           # the same answer, from the cache
    if command == "summary":
        assert text_edit != text_cold and "16" in text_edit


def test_torch_free_copies_match_their_sources():
    from netstudio.training.dataset_names import DATASET_IDS
    from netstudio.training.datasets import LOADERS
    from netstudio.training.distributed import WORKER_FLAG

    assert tuple(LOADERS) == DATASET_IDS
    assert WORKER_FLAG == "--distributed-worker"    # cli/cmd_train.py spells it out to stay torch-free


def test_results_from_elsewhere_are_learned_for_the_next_offline_walk(tmp_path):
    graph = _graph(padding_mode="reflect")
    computed = ShapeInference().infer(graph)                         # e.g. by the shape server
    gui = ShapeInference(store=ShapeCache(tmp_path / "shapes.json"), offline=True)
    assert gui.infer(graph)["conv"].pending
    gui.learn(graph, computed)
    known = gui.infer(graph)
    assert known["flat"].out_shapes == [(8 * 26 * 26,)] and gui.pending == 0 and gui.computed == 0

"""Fuzzing project files: mutations of the sample projects (types, sizes, nesting, ids, edges, sections)
go through ``netstudio check``, ``summary`` and ``export --format python`` in-process, and a share of
them through ``train`` for one step. Each must end with exit 0, or a non-zero exit and one line that
is not the last-resort "internal error"; never a traceback, a hang or a crash.

The README's test command runs 500 files with a fixed seed (about a minute); ``pytest -m fuzz`` runs
NETSTUDIO_FUZZ_EXAMPLES (default 3,000) random ones.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netstudio.cli import main
from netstudio.layers import all_specs, get_spec

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_projects").glob("*.nsproj"))
SAMPLE_DATA = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES}
LAYER_TYPES = [s.type for s in all_specs()]
PARAM_NAMES = sorted({p.name for s in all_specs() for p in s.params})

pytestmark = pytest.mark.usefixtures("one_torch_thread")   # training in-process beside other work

BIG_INT = "<an integer of 4,301 digits>"   # written into the text (hypothesis cannot repr such an int)
# JSON values a file can hold, weighted towards the troublesome ones
SCALARS = (st.none() | st.booleans() | st.integers(-3, 3) | st.integers(-2**40, 2**40)
           | st.sampled_from([0, -1, 10**6, 10**12, 2**63, BIG_INT]) | st.floats(allow_nan=True)
           | st.text(max_size=8) | st.sampled_from(["", "relu", "NaN", "1e400", "x" * 300]))
# values a layer may well accept: they reach compilation and training instead of the file check
PLAUSIBLE = (st.integers(1, 64) | st.sampled_from([0, 0.0, 0.1, 0.5, 1, 2, 3, 7, True, False, [2, 2], [1, 3],
                                                   "same", "valid", "zeros", "mean", "sum"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


def _nested(depth: int) -> str:
    """A marker the writer turns into ``depth`` nested lists (too deep for json.dumps itself)."""
    return f"<nested {depth}>"


@st.composite
def mutated_projects(draw, plausible_only: bool = False) -> tuple[str, dict]:
    """A sample project with one to three mutations; ``plausible_only``: one change of a size or
    option, which usually leaves a graph that compiles and trains."""
    name = draw(st.sampled_from(sorted(SAMPLE_DATA)))
    data = json.loads(json.dumps(SAMPLE_DATA[name]))
    graphs = data["graphs"]
    gname = draw(st.sampled_from(sorted(graphs)))
    graph = graphs[gname]
    nodes, edges = graph["nodes"], graph["edges"]
    for _ in range(1 if plausible_only else draw(st.sampled_from([1, 1, 1, 2, 3]))):
        kind = "plausible" if plausible_only else draw(st.sampled_from(["plausible", "plausible", "plausible", "param", "param_name", "type", "id",
                                     "drop_node", "drop_edge", "edge", "port", "section", "nesting", "duplicate",
                                     "top", "node_value"]))
        node_dicts = [n for n in nodes if isinstance(n, dict)]   # an earlier mutation may have replaced one
        edges[:] = [e for e in edges if isinstance(e, dict)]
        node = draw(st.sampled_from(node_dicts)) if node_dicts else None
        if kind == "plausible" and node is not None:
            params = node["params"] = node["params"] if isinstance(node.get("params"), dict) else {}
            spec = get_spec(node.get("type")) if isinstance(node.get("type"), str) else None
            own = sorted(p.name for p in spec.params if not p.inferred) if spec is not None else []
            sizes = sorted(k for k, v in params.items() if isinstance(v, int) and not isinstance(v, bool))
            if sizes and draw(st.booleans()):      # a size: another whole number, usually a valid graph
                params[draw(st.sampled_from(sizes))] = draw(st.integers(1, 48))
            elif own:                              # one of the layer's own parameters
                params[draw(st.sampled_from(own))] = draw(PLAUSIBLE)
        elif kind == "param" and node is not None:
            params = node["params"] = node["params"] if isinstance(node.get("params"), dict) else {}
            key = draw(st.sampled_from(sorted(params) or PARAM_NAMES))
            params[key] = draw(VALUES)
        elif kind == "param_name" and node is not None:
            node["params"] = node["params"] if isinstance(node.get("params"), dict) else {}
            node["params"][draw(st.sampled_from(PARAM_NAMES))] = draw(VALUES)
        elif kind == "type" and node is not None:
            node["type"] = draw(st.sampled_from(LAYER_TYPES) | st.text(max_size=10))
        elif kind == "id" and node is not None:
            old, new = node.get("id"), draw(st.sampled_from(["self", "meta", "forward", "x", "1a", "", "a" * 65,
                                                         "training", "torch", "input"]) | st.text(max_size=6))
            node["id"] = new
            for e in edges:
                for end in ("from", "to"):
                    if e.get(end) == old and draw(st.booleans()):
                        e[end] = new
        elif kind == "drop_node" and node is not None:
            nodes.remove(node)
        elif kind == "drop_edge" and edges:
            edges.remove(draw(st.sampled_from(edges)))
        elif kind == "edge" and node_dicts:
            edges.append({"from": draw(st.sampled_from(node_dicts)).get("id"),
                          "to": draw(st.sampled_from(node_dicts)).get("id"), "to_port": draw(st.integers(0, 2))})
        elif kind == "port" and edges:
            draw(st.sampled_from(edges))[draw(st.sampled_from(["from_port", "to_port"]))] = draw(VALUES)
        elif kind == "section":
            section = draw(st.sampled_from(["task", "data", "training"]))
            key = draw(st.sampled_from(["type", "dataset", "epochs", "batch_size", "optimizer", "lr", "split",
                                        "augment", "schedule", "options", "graph", "loss", "seed", "device"]))
            data[section] = data.get(section) if isinstance(data.get(section), dict) else {}
            data[section][key] = draw(VALUES)
        elif kind == "nesting" and node is not None:
            node["params"] = node["params"] if isinstance(node.get("params"), dict) else {}
            node["params"]["deep"] = _nested(draw(st.sampled_from([50, 101, 1000, 20000])))
        elif kind == "duplicate" and node is not None:
            nodes.append(dict(node))
        elif kind == "top":
            data[draw(st.sampled_from(["version", "format", "name", "graphs"]))] = draw(VALUES)
        elif kind == "node_value" and nodes:
            nodes[draw(st.integers(0, len(nodes) - 1))] = draw(VALUES)
    return name, data


TALLY: dict[tuple[str, int], int] = {}   # (command, exit code) -> files, for the closing report


def run_cli(argv: list[str]) -> tuple[int, str]:
    """``netstudio ARGV`` in this process: (exit code, everything it printed)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:            # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def file_text(data: dict) -> str:
    """The project as file text, with the markers for huge integers and deep nesting written out.

    Raises ValueError for what json.dumps itself refuses to write.
    """
    text = json.dumps(data).replace(json.dumps(BIG_INT), "7" * 4301)
    return re.sub(r'"<nested (\d+)>"', lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)


def _check_file(tmp: Path, name: str, data: dict, train: bool) -> None:
    path = tmp / "fuzz.nsproj"
    try:
        text = file_text(data)
    except ValueError:
        return
    path.write_text(text, encoding="utf-8")
    commands = [["check", str(path)], ["summary", str(path)],
                ["export", str(path), "--format", "python", "-o", str(tmp / "fuzz_model.py")]]
    if train:
        commands.append(["train", str(path), "--max-steps", "1", "--epochs", "1", "--device", "cpu",
                         "--run-dir", str(tmp / "run")])
    accepted = True
    for argv in commands:
        if argv[0] == "train" and not accepted:     # train what check accepts; check covers the rest
            continue
        code, output = run_cli(argv)
        TALLY[(argv[0], code)] = TALLY.get((argv[0], code), 0) + 1
        accepted = accepted and (argv[0] != "check" or code == 0)
        assert "Traceback" not in output and "internal error" not in output, (name, argv[0], output[-1500:])
        if code != 0:   # says why: "netstudio check: FILE: ..." or check's "node: problem" lines
            assert output.strip(), (name, argv[0], code)


def _fuzz(tmp_path: Path, examples: int, derandomize: bool, plausible_only: bool = False) -> None:
    @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated_projects(plausible_only))
    def run(case):
        name, data = case
        # training loads data and builds optimizers (about a second); CIFAR would need a download
        _check_file(tmp_path, name, data, train=plausible_only and "cifar" not in name)

    run()


def test_500_mutated_project_files_end_with_a_message_never_a_traceback(tmp_path):
    _fuzz(tmp_path, 500, derandomize=True)


def test_plausible_variants_of_the_samples_check_and_train_one_step(tmp_path):
    _fuzz(tmp_path, 60, derandomize=True, plausible_only=True)
    assert TALLY.get(("train", 0), 0) >= 10          # the variants really reach training


@pytest.mark.fuzz
@pytest.mark.timeout(7200)   # the long profile runs as long as it needs
def test_mutated_project_files_long_profile(tmp_path):
    examples = int(os.environ.get("NETSTUDIO_FUZZ_EXAMPLES", "3000"))
    _fuzz(tmp_path, examples, derandomize=False)
    _fuzz(tmp_path, examples // 10, derandomize=False, plausible_only=True)

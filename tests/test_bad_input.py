"""Bad project files and file-system trouble: one clear sentence each, never a traceback, a hang or a loss.

Each test holds the smallest input that once broke the promise (RecursionError, ValueError, TypeError,
MemoryError, a hang on a FIFO, "File name too long", files saved 0600, temp files left behind).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import time

import pytest

import netstudio
from netstudio.core.errors import GraphError, ProjectError
from netstudio.core.fileio import atomic_write_text, read_file_bytes, safe_file_stem
from netstudio.core.graph import MAX_NODE_ID_LENGTH, Graph, Node
from netstudio.core.project import MAX_NESTING, MAX_PROJECT_BYTES, project_from_dict, project_from_json

from conftest import make_project_dict

NODES = [{"id": "x", "type": "Input", "params": {"shape": [4]}},
         {"id": "fc", "type": "Linear", "params": {"out_features": 2}}]
EDGES = [{"from": "x", "to": "fc"}]


def _text_with(field_json: str, where: str = "top") -> str:
    """A valid project's JSON with ``field_json`` spliced in as an unknown top-level field or a parameter."""
    doc = json.loads(json.dumps(make_project_dict(NODES, EDGES)))  # a copy: NODES stays as it is
    marker = "__SPLICE__"
    if where == "top":
        doc["junk"] = marker
    else:
        doc["graphs"]["model"]["nodes"][1]["params"]["bias"] = marker
    return json.dumps(doc).replace(json.dumps(marker), field_json)


# ----- 1. nesting -----
@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("where", ["top", "param"])
def test_deeply_nested_json_is_refused_with_its_place(depth, where):
    text = _text_with("[" * depth + "]" * depth, where)
    with pytest.raises(ProjectError) as info:
        project_from_json(text, "deep.nsproj")
    message = str(info.value)
    # where json.loads itself gives up (100,000 levels; 1,000 on Python 3.11) the place is a line and
    # column; where it copes (1,000 levels on 3.12) the depth check names the path into the project
    assert re.search(r"nested too deeply at line 1, column \d+|(junk|params\.bias)(\[0\])*\.\.\. is nested too deeply",
                     message), message
    assert message.startswith("deep.nsproj: ") and f"at most {MAX_NESTING} levels" in message


def test_nesting_json_can_parse_is_still_refused_before_anything_recurses(tmp_path):
    # 500 levels: json.loads manages, but copying and checking the project would recurse past the limit
    text = _text_with("[" * 500 + "]" * 500, "param")
    path = tmp_path / "deep.nsproj"
    path.write_text(text)
    with pytest.raises(ProjectError) as info:
        netstudio.load_project(path)
    message = str(info.value)
    assert "graphs.model.nodes[1].params.bias" in message and "nested too deeply" in message
    assert info.value.field == "graphs"


def test_nesting_check_also_guards_project_from_dict():
    deep: list = []
    for _ in range(MAX_NESTING + 5):
        deep = [deep]
    doc = make_project_dict(NODES, EDGES, extra_field=deep)
    with pytest.raises(ProjectError, match=r"extra_field\[0\].*nested too deeply"):
        project_from_dict(doc)
    doc["extra_field"] = [[[["a normal depth"]]]]
    assert project_from_dict(doc).extra["extra_field"] == [[[["a normal depth"]]]]


# ----- 2. huge integers -----
def test_integer_of_4301_digits_is_refused_with_its_place():
    text = _text_with("1" * 4301)
    with pytest.raises(ProjectError, match=r"a number at line 1, column \d+ has more than 4300 digits") as info:
        project_from_json(text, "big.nsproj")
    assert str(info.value).startswith("big.nsproj: ")
    # the same digits inside a string are just text
    assert project_from_json(_text_with(json.dumps("1" * 5000))).extra["junk"] == "1" * 5000


# ----- 3. version-0 files -----
@pytest.mark.parametrize("connections, words", [
    ([5], "connection #1 must be a pair [from, to] of node ids, found 5"),
    ([["x", "fc"], None], "connection #2 must be a pair [from, to] of node ids, found null"),
    ([["x", "fc", "y"]], "connection #1 must be a pair [from, to] of node ids, found 3 value(s)"),
    (None, "\"connections\" must be a list of [from, to] pairs, found null"),
    (7, "\"connections\" must be a list of [from, to] pairs, found 7"),
])
def test_version_0_connections_of_the_wrong_kind_name_the_connection(connections, words):
    doc = {"format": "netstudio-project", "version": 0, "layers": NODES, "connections": connections}
    with pytest.raises(ProjectError) as info:
        project_from_dict(doc, "old.nsproj")
    assert str(info.value) == f"old.nsproj: {words}"
    assert info.value.field == "connections"


def test_version_0_layers_not_a_list_is_refused():
    doc = {"format": "netstudio-project", "version": 0, "layers": None}
    with pytest.raises(ProjectError, match="\"layers\" must be a list of nodes, found null"):
        project_from_dict(doc, "old.nsproj")


# ----- 4. what is not a regular file, and files too big -----
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.timeout(20)
def test_dev_zero_is_refused_without_reading():
    with pytest.raises(ProjectError, match=r"^/dev/zero: is a device, not a project file$"):
        netstudio.load_project("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(20)
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.nsproj"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="is a pipe, not a project file"):
        netstudio.load_project(fifo)


def test_project_above_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.nsproj"
    with open(big, "wb") as fh:  # sparse: no disk space used
        fh.truncate(MAX_PROJECT_BYTES + 1)
    with pytest.raises(ProjectError, match=r"is larger than 64 MiB, the limit for a project file"):
        netstudio.load_project(big)


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path):
    # /proc-style files report size 0 and then deliver data: the read itself is bounded
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 100)
    assert read_file_bytes(path, 100) == b"x" * 100
    with pytest.raises(ProjectError, match="is larger than"):
        read_file_bytes(path, 99)


def test_folder_and_missing_file_messages(tmp_path):
    with pytest.raises(ProjectError, match="is a folder, not a project file"):
        netstudio.load_project(tmp_path)
    with pytest.raises(ProjectError, match="no such file"):
        netstudio.load_project(tmp_path / "missing.nsproj")


# ----- 5. unbounded names -----
def test_node_id_of_10000_characters_is_refused_naming_the_node():
    nodes = [dict(NODES[0]), {**NODES[1], "id": "a" * 10_000}]
    with pytest.raises(ProjectError) as info:
        project_from_dict(make_project_dict(nodes, []), "long.nsproj")
    message = str(info.value)
    assert "node #2 has an id of 10,000 characters" in message and f"at most {MAX_NODE_ID_LENGTH}" in message
    assert len(message) < 200 and info.value.field == "id"


def test_graph_refuses_an_overlong_id_and_accepts_the_longest_allowed():
    g = Graph()
    g.add_node(Node("a" * MAX_NODE_ID_LENGTH, "ReLU"))
    with pytest.raises(GraphError, match=f"use up to {MAX_NODE_ID_LENGTH}"):
        g.add_node(Node("a" * (MAX_NODE_ID_LENGTH + 1), "ReLU"))


def test_overlong_graph_name_and_type_are_refused():
    doc = make_project_dict(NODES, EDGES)
    doc["graphs"] = {"g" * 1000: doc["graphs"]["model"]}
    with pytest.raises(ProjectError, match=r"graph name 'ggg.*must be 1 to 64 characters long \(it has 1000\)"):
        project_from_dict(doc)
    nodes = [NODES[0], {**NODES[1], "type": "T" * 5000}]
    with pytest.raises(ProjectError, match="node 'fc' has a \"type\" of 5,000 characters"):
        project_from_dict(make_project_dict(nodes, EDGES))


def test_messages_quote_long_values_shortly():
    doc = make_project_dict(NODES, EDGES)
    doc["format"] = "f" * 10_000
    with pytest.raises(ProjectError) as info:
        project_from_dict(doc, "p.nsproj")
    assert len(str(info.value)) < 200


def test_safe_file_stem_is_short_portable_and_distinct():
    assert safe_file_stem("epoch001_filters_conv1") == "epoch001_filters_conv1"
    assert safe_file_stem("../../etc/passwd") == "etc_passwd"
    long_a, long_b = safe_file_stem("a" * 10_000), safe_file_stem("a" * 9_999)
    assert len(long_a) <= 48 and long_a != long_b
    assert safe_file_stem("模型", fallback="project") == "project"


# ----- 7. wrong JSON types read as JSON -----
def test_section_of_the_wrong_type_is_named_in_json_words():
    doc = make_project_dict(NODES, EDGES)
    doc["training"] = None
    with pytest.raises(ProjectError, match="\"training\" must be an object, found null"):
        project_from_dict(doc, "p.nsproj")


# ----- 11. file modes -----
@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX modes")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_project_honours_the_umask(tmp_path, umask, mode):
    project = project_from_dict(make_project_dict(NODES, EDGES))
    old = os.umask(umask)
    try:
        project.save(tmp_path / "p.nsproj")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "p.nsproj").st_mode) == mode


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX modes")
def test_saving_over_a_file_keeps_its_mode(tmp_path):
    path = tmp_path / "p.nsproj"
    atomic_write_text(path, "one")
    os.chmod(path, 0o640)
    atomic_write_text(path, "two")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and path.read_text() == "two"


# ----- 13. leftovers of killed saves -----
def test_save_removes_temp_files_of_earlier_killed_saves(tmp_path):
    project = project_from_dict(make_project_dict(NODES, EDGES))
    old = tmp_path / ".p.nsproj.k1ll3d_x.tmp"        # what mkstemp named a save that was killed
    fresh = tmp_path / ".p.nsproj.inprog_1.tmp"      # a save running right now in another process
    other = tmp_path / ".q.nsproj.k1ll3d_x.tmp"      # another target's leftover
    unrelated = tmp_path / ".p.nsproj.notes.tmp"     # not our temp pattern
    for path in (old, fresh, other, unrelated):
        path.write_text("partial")
    hour_ago = time.time() - 3600
    for path in (old, other, unrelated):
        os.utime(path, (hour_ago, hour_ago))
    project.save(tmp_path / "p.nsproj")
    assert not old.exists()
    assert fresh.exists() and other.exists() and unrelated.exists()
    assert netstudio.load_project(tmp_path / "p.nsproj").graph().node("fc").type == "Linear"


def test_a_graph_above_the_node_limit_is_refused_in_bounded_time():
    from netstudio.core.project import MAX_GRAPH_NODES

    n = MAX_GRAPH_NODES + 1
    nodes = [{"id": "x", "type": "Input", "params": {"shape": [4]}}] + [
        {"id": f"r{i}", "type": "ReLU"} for i in range(n - 1)]
    edges = [{"from": "x", "to": "r0"}] + [{"from": f"r{i}", "to": f"r{i + 1}"} for i in range(n - 2)]
    with pytest.raises(ProjectError, match=r"has 10,001 nodes; NetStudio opens graphs of up to 10,000 nodes"):
        netstudio.project_from_dict(make_project_dict(nodes, edges))

"""Project files: round trip, unknown fields, migration, version, bad files, atomic saves."""

import json
import os

import pytest

import netstudio
from netstudio.core import ProjectError
from netstudio.core.migrations import CURRENT_VERSION

from conftest import make_project_dict

NODES = [{"id": "image", "type": "Input", "params": {"shape": [1, 28, 28]}, "pos": [0, 0]},
         {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 32, "kernel_size": 3}, "pos": [220, 0]},
         {"id": "act1", "type": "ReLU", "params": {}, "pos": [440, 0]}]
EDGES = [{"from": "image", "to": "conv1"}, {"from": "conv1", "to": "act1"}]


def write(tmp_path, data, name="p.nsproj"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_issue_example_loads_and_round_trips(tmp_path):
    path = write(tmp_path, make_project_dict(NODES, EDGES, name="MNIST CNN"))
    project = netstudio.load_project(path)
    assert project.name == "MNIST CNN"
    graph = project.graph("model")
    assert [n.id for n in graph] == ["image", "conv1", "act1"]
    assert graph.node("conv1").params == {"out_channels": 32, "kernel_size": 3}
    out = tmp_path / "out.nsproj"
    project.save(out)
    again = json.loads(out.read_text())
    assert again["graphs"]["model"]["nodes"] == NODES
    assert again["graphs"]["model"]["edges"] == EDGES
    assert again["format"] == "netstudio-project" and again["version"] == CURRENT_VERSION


def test_unknown_fields_and_sections_are_kept(tmp_path):
    nodes = [dict(NODES[0], comment="the digits"), *NODES[1:]]
    edges = [dict(EDGES[0], colour="red"), EDGES[1]]
    data = make_project_dict(nodes, edges, author="Ms Li", task={"kind": "classify", "future": 1},
                             data={"dataset": "mnist10k"}, training={"epochs": 3})
    data["graphs"]["model"]["notes"] = "keep me"
    project = netstudio.load_project(write(tmp_path, data))
    out = tmp_path / "out.nsproj"
    project.save(out)
    again = json.loads(out.read_text())
    assert again["author"] == "Ms Li"
    assert again["task"] == {"kind": "classify", "future": 1}
    assert again["training"] == {"epochs": 3}
    assert again["graphs"]["model"]["notes"] == "keep me"
    assert again["graphs"]["model"]["nodes"][0]["comment"] == "the digits"
    assert again["graphs"]["model"]["edges"][0]["colour"] == "red"


def test_ports_round_trip(tmp_path, samples_dir):
    project = netstudio.load_project(samples_dir / "resnet_cifar10.nsproj")
    skip = [e for e in project.graph().edges if e.dst_port == 1]
    assert skip and skip[0].dst == "block1_add"
    out = tmp_path / "r.nsproj"
    project.save(out)
    assert {"from": "stem_relu", "to": "block1_add", "to_port": 1} in json.loads(out.read_text())["graphs"]["model"]["edges"]


def test_version_0_is_migrated(tmp_path):
    old = {"format": "netstudio-project", "version": 0, "name": "Draft",
           "layers": NODES, "connections": [["image", "conv1"], ["conv1", "act1"]]}
    project = netstudio.load_project(write(tmp_path, old))
    assert [(e.src, e.dst) for e in project.graph().edges] == [("image", "conv1"), ("conv1", "act1")]
    out = tmp_path / "new.nsproj"
    project.save(out)
    assert json.loads(out.read_text())["version"] == CURRENT_VERSION


def test_newer_version_is_refused_clearly(tmp_path):
    path = write(tmp_path, make_project_dict(NODES, EDGES, version=CURRENT_VERSION + 1))
    with pytest.raises(ProjectError, match="newer NetStudio") as info:
        netstudio.load_project(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content, words, node, field", [
    ("{not json", ["not valid JSON", "line 1"], None, None),
    (make_project_dict(NODES, EDGES, format="keras"), ["not a NetStudio project", "format"], None, "format"),
    (make_project_dict([*NODES[:2], {"id": "act1", "type": "Relu", "params": {}}], EDGES),
     ["unknown layer type 'Relu'", "ReLU", "act1"], "act1", "type"),
    (make_project_dict(NODES, [*EDGES, {"from": "act1", "to": "fc9"}]), ["fc9", "does not exist"], "fc9", "to"),
    (make_project_dict([*NODES, dict(NODES[1])], EDGES), ["'conv1' is used twice"], "conv1", "id"),
    (make_project_dict([NODES[0], dict(NODES[1], params={"out_channels": "32", "kernel_size": 3}), NODES[2]], EDGES),
     ["conv1", "out_channels must be a whole number"], "conv1", "out_channels"),
    (make_project_dict([NODES[0], dict(NODES[1], params={"out_channels": 32, "kernal_size": 3}), NODES[2]], EDGES),
     ["unknown parameter 'kernal_size'", "did you mean kernel_size"], "conv1", "kernal_size"),
    (make_project_dict([NODES[0], dict(NODES[1], id="conv-1"), NODES[2]], EDGES), ["'conv-1'"], "conv-1", "id"),
    (make_project_dict(NODES, [{"from": "image", "to": "conv1", "to_port": "one"}]), ["to_port"], "conv1", "to_port"),
])
def test_bad_files_name_file_node_and_field(tmp_path, content, words, node, field):
    path = write(tmp_path, content)
    with pytest.raises(ProjectError) as info:
        netstudio.load_project(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for word in words:
        assert word in message
    assert "\n" not in message
    assert info.value.node_id == node
    assert info.value.field == field


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ProjectError, match="no such file"):
        netstudio.load_project(tmp_path / "nope.nsproj")
    with pytest.raises(ProjectError, match="is a folder"):
        netstudio.load_project(tmp_path)


def test_any_file_name_is_accepted(tmp_path):
    path = write(tmp_path, make_project_dict(NODES, EDGES), name="lesson 3.json")
    assert len(netstudio.load_project(path).graph()) == 3


def test_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = write(tmp_path, make_project_dict(NODES, EDGES))
    before = path.read_text()
    project = netstudio.load_project(path)
    project.name = "Changed"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(netstudio.core.ProjectError, match="No space left"):
        project.save(path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.nsproj"]  # no temp file left behind


def test_json_is_diff_friendly(tmp_path, samples_dir):
    project = netstudio.load_project(samples_dir / "mnist_cnn.nsproj")
    out = tmp_path / "m.nsproj"
    project.save(out)
    lines = out.read_text().splitlines()
    node_lines = [line for line in lines if '"id": "conv1"' in line]
    assert len(node_lines) == 1 and '"out_channels": 32' in node_lines[0]  # one node per line


def test_all_samples_load(samples_dir):
    names = sorted(p.stem for p in samples_dir.glob("*.nsproj"))
    assert {"mnist_mlp", "mnist_cnn", "cifar10_cnn", "char_lstm", "mnist_autoencoder", "mnist_dcgan",
            "resnet_cifar10", "tiny_transformer"} <= set(names)
    for path in samples_dir.glob("*.nsproj"):
        assert netstudio.load_project(path).graphs

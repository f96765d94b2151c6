"""Blocks in the core: the file format (version 2, migration), expansion, Make block / Unmake block."""

from __future__ import annotations

import json

import pytest

import netstudio
from netstudio.core import ProjectError
from netstudio.core.block_commands import MakeBlock, RenameBlock, UnmakeBlock
from netstudio.core.blocks import block_from_json, block_to_json, expand, merge_blocks
from netstudio.core.commands import UndoStack
from netstudio.core.errors import GraphError
from netstudio.core.migrations import CURRENT_VERSION, migrate
from netstudio.core.project import project_from_dict
from netstudio.layers import validate_node

from test_blocks_fixtures import block_project, block_project_dict


def snapshot(project) -> str:
    return project.to_json()


def test_version_2_round_trips_blocks_exactly(tmp_path):
    data = block_project_dict(repeat=3, nested=True)
    project = project_from_dict(data, validate_node=validate_node)
    assert CURRENT_VERSION == 2
    assert set(project.blocks) == {"Basic", "Stage"}
    # every graph and every block graph shares the project's dict, so a graph alone can expand
    assert project.graph().blocks is project.blocks
    assert project.blocks["Stage"].graph.blocks is project.blocks
    path = tmp_path / "b.nsproj"
    project.save(path)
    again = json.loads(path.read_text())
    assert again["version"] == 2
    assert again["blocks"] == data["blocks"]
    assert again["graphs"] == data["graphs"]
    assert '"inputs": ["x"]' in path.read_text()   # short port lists stay on one line
    assert netstudio.load_project(path).to_json() == project.to_json()


def test_version_1_file_migrates_with_empty_blocks(tmp_path):
    v1 = {"format": "netstudio-project", "version": 1, "name": "Old",
          "graphs": {"model": {"nodes": [{"id": "x", "type": "Input", "params": {"shape": [3]}}], "edges": []}},
          "task": {}, "data": {}, "training": {}, "blocks": "someone's own field"}
    migrated = migrate(json.loads(json.dumps(v1)))
    assert migrated["version"] == 2 and migrated["blocks"] == {}
    assert migrated["blocks_v1"] == "someone's own field"     # an old unknown field is kept, not misread
    path = tmp_path / "old.nsproj"
    path.write_text(json.dumps(v1))
    project = netstudio.load_project(path)
    assert project.blocks == {} and project.extra["blocks_v1"] == "someone's own field"
    project.save(path)
    assert json.loads(path.read_text())["version"] == 2


def test_every_sample_and_template_opens_and_saves_as_version_2(samples_dir, tmp_path):
    from pathlib import Path

    templates = Path(netstudio.__file__).parent / "templates"
    files = sorted(samples_dir.glob("*.nsproj")) + sorted(templates.glob("*.nsproj"))
    assert len(files) >= 7
    for f in files:
        project = netstudio.load_project(f)
        project.save(tmp_path / f.name)
        saved = json.loads((tmp_path / f.name).read_text())
        assert saved["version"] == 2 and saved["blocks"] == {}
        assert saved["graphs"] == json.loads(f.read_text())["graphs"]


@pytest.mark.parametrize("change, words", [
    (lambda d: d.__setitem__("blocks", []), '"blocks" must be an object'),
    (lambda d: d["blocks"].__setitem__("1bad", d["blocks"]["Basic"]), "block name '1bad'"),
    (lambda d: d["blocks"]["Basic"].__setitem__("outputs", ["nope"]), "block 'Basic': \"outputs\" names node 'nope'"),
    (lambda d: d["blocks"]["Basic"].__setitem__("inputs", ["conv1"]), "input 'conv1' must be an Input node"),
    (lambda d: d["blocks"]["Basic"].__setitem__("outputs", []), "at least one node"),
    (lambda d: d["blocks"]["Basic"]["graph"]["nodes"][1].__setitem__("type", "Conv"),
     "block 'Basic': node 'conv1' (Conv): unknown layer type"),
])
def test_damaged_blocks_section_is_refused_with_a_sentence(change, words):
    data = block_project_dict()
    change(data)
    with pytest.raises(ProjectError) as info:
        project_from_dict(data, "p.nsproj", validate_node=validate_node)
    assert words in str(info.value)
    assert str(info.value).startswith("p.nsproj: ")


def test_expand_names_and_origins():
    project = block_project(repeat=2, nested=True)
    exp = expand(project.graph())
    flat = exp.graph
    assert [n.id for n in flat if n.type == "Block"] == []
    assert exp.origin["layer1_1__conv1"] == ("layer1", "1", "conv1")
    assert exp.origin["layer2__b__bn1"] == ("layer2", "b", "bn1")
    assert exp.outputs == {"layer1": ["layer1_1__add"], "layer2": ["layer2__proj"]}
    assert exp.inputs["layer1"] == [("stem", 0)]
    # the copies are chained, and each copy's skip connection reads the copy's own input
    assert {(e.src, e.dst, e.dst_port) for e in flat.in_edges("layer1_1__add")} == {
        ("layer1_1__relu", "layer1_1__add", 0), ("layer1_0__add", "layer1_1__add", 1)}
    assert [e.src for e in flat.in_edges("layer2__b__conv1")] == ["layer1_1__add"]
    assert [e.src for e in flat.in_edges("pool")] == ["layer2__proj"]
    assert len(exp.members["layer1"]) == 8 and len(exp.members["layer2"]) == 5
    # the source graph is untouched
    assert [n.id for n in project.graph()] == ["image", "stem", "layer1", "layer2", "pool", "flat", "fc"]


def test_expand_refuses_a_generated_id_that_exists():
    data = block_project_dict(repeat=1)
    data["graphs"]["model"]["nodes"].append({"id": "layer1__conv1", "type": "ReLU", "params": {}})
    project = project_from_dict(data, validate_node=validate_node)
    with pytest.raises(GraphError) as info:
        expand(project.graph())
    assert "layer1__conv1" in info.value.message and "rename" in info.value.message


def test_blocks_that_cannot_expand_say_why():
    data = block_project_dict(repeat=1, nested=True)
    data["blocks"]["Basic"]["graph"]["nodes"].append({"id": "again", "type": "Block", "params": {"block": "Stage"}})
    data["graphs"]["model"]["nodes"][2]["params"]["block"] = "Missing"
    project = project_from_dict(data, validate_node=validate_node)
    exp = expand(project.graph())
    assert "there is no block 'Missing'" in exp.problems["layer1"]
    assert exp.problems["layer2__b__again"] == ("block 'Stage' uses itself (Stage -> Basic -> Stage); a block "
                                                 "cannot contain itself")


def test_library_file_carries_the_blocks_it_uses():
    project = block_project(nested=True)
    text = block_to_json("Stage", project.blocks)
    name, blocks = block_from_json(text)
    assert name == "Stage" and list(blocks) == ["Basic", "Stage"]
    assert blocks["Stage"].graph.blocks is blocks
    # adding it to a project with another "Basic" renames the newcomer and its users
    other = block_project()
    other.blocks["Basic"].description = "a different one"
    renames = merge_blocks(other.blocks, blocks)
    assert renames == {"Basic": "Basic_2", "Stage": "Stage"}
    assert other.blocks["Stage"].graph.node("b").params["block"] == "Basic_2"
    assert other.blocks["Stage"].graph.blocks is other.blocks
    with pytest.raises(ProjectError, match="not a NetStudio block file"):
        block_from_json('{"format": "x"}')


# ----- Make block / Unmake block -----
def chain_project():
    """image -> c1 -> r1 -> c2 -> r2 -> fc, with a skip r1 -> add <- r2."""
    nodes = [{"id": "image", "type": "Input", "params": {"shape": [2, 6, 6]}, "pos": [0, 0]},
             {"id": "c1", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 3, "padding": 1}, "pos": [240, 0]},
             {"id": "r1", "type": "ReLU", "params": {}, "pos": [480, 0]},
             {"id": "c2", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 3, "padding": 1}, "pos": [720, 0]},
             {"id": "r2", "type": "ReLU", "params": {}, "pos": [960, 0]},
             {"id": "add", "type": "Add", "params": {}, "pos": [1200, 0]},
             {"id": "flat", "type": "Flatten", "params": {}, "pos": [1440, 0]}]
    edges = [{"from": "image", "to": "c1"}, {"from": "c1", "to": "r1"}, {"from": "r1", "to": "c2"},
             {"from": "c2", "to": "r2"}, {"from": "r2", "to": "add"}, {"from": "r1", "to": "add", "to_port": 1},
             {"from": "add", "to": "flat"}]
    data = {"format": "netstudio-project", "version": 2, "name": "Chain",
            "graphs": {"model": {"nodes": nodes, "edges": edges}}}
    return project_from_dict(data, validate_node=validate_node)


def test_make_block_and_undo_redo_restore_exactly():
    project = chain_project()
    graph = project.graph()
    before = snapshot(project)
    stack = UndoStack()
    cmd = MakeBlock(graph, ["c2", "r2", "add"], "Residual", shapes={"r1": [(2, 6, 6)]})
    stack.push(cmd)
    assert [n.id for n in graph] == ["image", "c1", "r1", "residual1", "flat"]
    block = project.blocks["Residual"]
    assert block.inputs == ["x"] and block.outputs == ["add"]
    assert block.graph.node("x").params == {"shape": [2, 6, 6]}
    # one value (r1) feeds two inner nodes: one input, read by both
    assert {(e.src, e.dst, e.dst_port) for e in block.graph.edges if e.src == "x"} == {("x", "c2", 0), ("x", "add", 1)}
    assert [(e.src, e.dst) for e in graph.edges_of(["residual1"])] == [("r1", "residual1"), ("residual1", "flat")]
    after = snapshot(project)
    # the flat graph computes the same thing: same layers, same wiring, renamed
    flat = expand(graph).graph
    assert {(e.src, e.dst, e.dst_port) for e in flat.edges} >= {("r1", "residual1__c2", 0), ("r1", "residual1__add", 1),
                                                                ("residual1__add", "flat", 0)}
    stack.undo()
    assert snapshot(project) == before and project.blocks == {}
    stack.redo()
    assert snapshot(project) == after


def test_make_block_refuses_a_selection_a_path_leaves_and_reenters():
    graph = chain_project().graph()
    with pytest.raises(GraphError) as info:
        MakeBlock(graph, ["r1", "add"], "Bad")
    assert info.value.message == ("the selection cannot become a block: the path r1 -> c2 -> r2 -> add leaves it and "
                                  "comes back; add c2, r2 to the selection or leave add out")
    with pytest.raises(GraphError, match="Input node and stays outside"):
        MakeBlock(graph, ["image", "c1"], "Stem")
    with pytest.raises(GraphError, match="cannot name a block"):
        MakeBlock(graph, ["c1"], "2nd")


def test_unmake_block_restores_layers_and_undo_is_exact():
    project = block_project(repeat=2)
    graph = project.graph()
    before = snapshot(project)
    before_nodes = [n.copy() for n in graph]
    stack = UndoStack()
    stack.push(UnmakeBlock(graph, "layer1"))
    ids = [n.id for n in graph]
    assert ids == ["image", "stem", "conv1_0", "bn1_0", "relu_0", "add_0", "conv1_1", "bn1_1", "relu_1", "add_1",
                   "pool", "flat", "fc"]
    assert {(e.src, e.dst, e.dst_port) for e in graph.in_edges("add_1")} == {("relu_1", "add_1", 0),
                                                                             ("add_0", "add_1", 1)}
    assert [e.src for e in graph.in_edges("conv1_0")] == ["stem"]
    assert [e.src for e in graph.in_edges("pool")] == ["add_1"]
    assert "Basic" in project.blocks            # the definition stays for other uses
    xs = [graph.node(i).pos[0] for i in ids[2:10]]
    assert xs == sorted(xs)                     # the copies are laid left to right
    # room is made: the unfolded layers start at the block's place and the row's next node moved past them
    block_x = next(n.pos[0] for n in before_nodes if n.id == "layer1")
    assert graph.node("conv1_0").pos[0] >= block_x and graph.node("pool").pos[0] > max(xs)
    stack.undo()
    assert snapshot(project) == before
    stack.redo()
    assert [n.id for n in graph] == ids


def test_make_then_unmake_gives_the_same_network():
    project = chain_project()
    graph = project.graph()
    edges_before = {(e.src, e.dst, e.dst_port) for e in graph.edges}
    MakeBlock(graph, ["c1", "r1", "c2"], "Trio").redo()
    UnmakeBlock(graph, "trio1").redo()
    assert {(e.src, e.dst, e.dst_port) for e in graph.edges} == edges_before


def test_rename_block_renames_every_use_inside_other_blocks_and_undo_is_exact():
    project = block_project(nested=True)
    graph = project.graph()
    before = snapshot(project)
    flat_before = [(n.id, n.type) for n in expand(graph).graph]
    stack = UndoStack()
    stack.push(RenameBlock(graph, "Basic", "Residual", project.graphs.values()))
    assert list(project.blocks) == ["Residual", "Stage"]          # the file keeps its order
    assert graph.node("layer1").params == {"block": "Residual", "repeat": 2}
    assert project.blocks["Stage"].graph.node("b").params["block"] == "Residual"   # the use inside Stage too
    assert project.blocks["Residual"].graph.name == "Residual"
    assert [(n.id, n.type) for n in expand(graph).graph] == flat_before   # same layers, same ids (and weights)
    stack.undo()
    assert snapshot(project) == before
    with pytest.raises(GraphError, match="already exists"):
        RenameBlock(graph, "Basic", "Stage")
    with pytest.raises(GraphError, match="cannot name a block"):
        RenameBlock(graph, "Basic", "no spaces")

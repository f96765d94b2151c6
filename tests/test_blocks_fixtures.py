"""Projects with blocks shared by the tests/test_blocks_*.py files (this module holds no tests)."""

from __future__ import annotations

import copy

from netstudio.core.project import project_from_dict
from netstudio.layers import validate_node

BASIC = {"graph": {"nodes": [
    {"id": "x", "type": "Input", "params": {"shape": [4, 8, 8]}, "pos": [0, 0]},
    {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3, "padding": 1}, "pos": [240, 0]},
    {"id": "bn1", "type": "BatchNorm2d", "params": {}, "pos": [480, 0]},
    {"id": "relu", "type": "ReLU", "params": {}, "pos": [720, 0]},
    {"id": "add", "type": "Add", "params": {}, "pos": [960, 0]}],
    "edges": [{"from": "x", "to": "conv1"}, {"from": "conv1", "to": "bn1"}, {"from": "bn1", "to": "relu"},
              {"from": "relu", "to": "add"}, {"from": "x", "to": "add", "to_port": 1}]},
    "inputs": ["x"], "outputs": ["add"], "description": "conv, norm, relu and a skip connection"}

# a block that uses another: Stage = Basic then a 1x1 conv
STAGE = {"graph": {"nodes": [
    {"id": "inp", "type": "Input", "params": {"shape": [4, 8, 8]}, "pos": [0, 0]},
    {"id": "b", "type": "Block", "params": {"block": "Basic"}, "pos": [240, 0]},
    {"id": "proj", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 1}, "pos": [480, 0]}],
    "edges": [{"from": "inp", "to": "b"}, {"from": "b", "to": "proj"}]},
    "inputs": ["inp"], "outputs": ["proj"]}


def block_project_dict(repeat: int = 2, nested: bool = False) -> dict:
    """image -> stem conv -> layer1 (Basic x repeat) [-> layer2 (Stage)] -> pool -> flatten -> fc (3 classes)."""
    nodes = [{"id": "image", "type": "Input", "params": {"shape": [1, 8, 8]}, "pos": [0, 0]},
             {"id": "stem", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3, "padding": 1},
              "pos": [240, 0]},
             {"id": "layer1", "type": "Block", "params": {"block": "Basic", "repeat": repeat}, "pos": [480, 0]}]
    edges = [{"from": "image", "to": "stem"}, {"from": "stem", "to": "layer1"}]
    last = "layer1"
    if nested:
        nodes.append({"id": "layer2", "type": "Block", "params": {"block": "Stage"}, "pos": [720, 0]})
        edges.append({"from": "layer1", "to": "layer2"})
        last = "layer2"
    nodes += [{"id": "pool", "type": "AdaptiveAvgPool2d", "params": {"output_size": 1}, "pos": [960, 0]},
              {"id": "flat", "type": "Flatten", "params": {}, "pos": [1200, 0]},
              {"id": "fc", "type": "Linear", "params": {"out_features": 3}, "pos": [1440, 0]}]
    edges += [{"from": last, "to": "pool"}, {"from": "pool", "to": "flat"}, {"from": "flat", "to": "fc"}]
    blocks = {"Basic": copy.deepcopy(BASIC)}
    if nested:
        blocks["Stage"] = copy.deepcopy(STAGE)
    return {"format": "netstudio-project", "version": 2, "name": "Block net",
            "graphs": {"model": {"nodes": nodes, "edges": edges}}, "task": {}, "data": {}, "training": {},
            "blocks": blocks}


def block_project(repeat: int = 2, nested: bool = False):
    return project_from_dict(block_project_dict(repeat, nested), validate_node=validate_node)

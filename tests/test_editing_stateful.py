"""Random editing sessions (hypothesis state machine) over the core edit verbs with undo and redo.

After every step the graph must be a valid document: acyclic, one edge per input port, every edge
between existing nodes, the adjacency indexes equal to the edge list. Undoing everything gives back
the file byte for byte; redoing everything gives back the newest state. ``pytest -m fuzz`` runs many
more sessions (NETSTUDIO_FUZZ_EXAMPLES, default 300).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import netstudio
from netstudio.core import editing
from netstudio.core.commands import UndoStack
from netstudio.core.errors import EdgeError
from netstudio.core.graph import Node

SAMPLE = Path(__file__).resolve().parents[1] / "sample_projects" / "resnet_cifar10.nsproj"   # branches and an Add with two inputs


class EditingSession(RuleBasedStateMachine):
    @initialize()
    def open_project(self) -> None:
        self.project = netstudio.load_project(SAMPLE)
        self.graph = self.project.graph()
        self.stack = UndoStack()
        self.start = self.project.to_json()
        self.steps = 0

    def _push(self, command) -> None:
        if command is not None:
            self.stack.push(command)
            self.steps += 1

    def _ids(self) -> list[str]:
        return [n.id for n in self.graph.nodes]

    @rule(data=st.data())
    def add_layer(self, data) -> None:
        node = Node(self.graph.unique_id("ReLU"), "ReLU", {}, (data.draw(st.floats(-500, 500)), 0.0))
        ids = self._ids()
        source = data.draw(st.none() | st.sampled_from(ids)) if ids else None
        self._push(editing.add_node(self.graph, node, (source, 0) if source else None))

    @rule(data=st.data())
    def connect(self, data) -> None:
        ids = self._ids()
        if len(ids) < 2:
            return
        src, dst = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
        port = data.draw(st.integers(0, 1))
        try:
            self._push(editing.connect(self.graph, src, 0, dst, port))
        except EdgeError:
            before = self.project.to_json()
            assert self.project.to_json() == before          # a refusal changes nothing

    @rule(data=st.data())
    def disconnect(self, data) -> None:
        edges = self.graph.edges
        if edges:
            self._push(editing.disconnect(self.graph, [data.draw(st.sampled_from(edges))]))

    @rule(data=st.data())
    def delete(self, data) -> None:
        ids = self._ids()
        if ids:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
            self._push(editing.remove(self.graph, chosen))

    @rule(data=st.data(), value=st.integers(1, 512))
    def set_param(self, data, value) -> None:
        ids = self._ids()
        if ids:
            self._push(editing.set_param(self.graph, data.draw(st.sampled_from(ids)), "out_features", value))

    @rule(data=st.data())
    def move(self, data) -> None:
        ids = self._ids()
        if ids:
            nid = data.draw(st.sampled_from(ids))
            self._push(editing.move(self.graph, {nid: (data.draw(st.integers(-900, 900)), 40.0)}))

    @rule(data=st.data())
    def copy_paste(self, data) -> None:
        ids = self._ids()
        if ids:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
            command, _ = editing.paste(self.graph, editing.copy_payload(self.graph, chosen))
            self._push(command)

    @rule()
    def undo(self) -> None:
        self.stack.undo()

    @rule()
    def redo(self) -> None:
        self.stack.redo()

    @invariant()
    def graph_is_a_valid_document(self) -> None:
        g = self.graph
        order = g.topological_order()                        # raises on a cycle
        assert sorted(order) == sorted(self._ids())
        ports = [(e.dst, e.dst_port) for e in g.edges]
        assert len(ports) == len(set(ports)), "two edges into one input port"
        for e in g.edges:
            assert e.src in g and e.dst in g
            assert g.edge_into(e.dst, e.dst_port) == e
            assert e in g.out_edges(e.src)
        assert sum(len(g.in_edges(n)) for n in self._ids()) == len(g.edges)

    def teardown(self) -> None:
        if not hasattr(self, "stack"):
            return
        while self.stack.can_redo():                        # the newest state the session reached
            self.stack.redo()
        end = self.project.to_json()
        while self.stack.can_undo():
            self.stack.undo()
        assert self.project.to_json() == self.start          # byte for byte
        while self.stack.can_redo():
            self.stack.redo()
        assert self.project.to_json() == end


def _run(examples: int) -> None:
    EditingSession.TestCase.settings = settings(max_examples=examples, stateful_step_count=30, deadline=None,
                                                suppress_health_check=[HealthCheck.too_slow])
    EditingSession.TestCase("runTest").runTest()


def test_random_editing_sessions_keep_the_graph_valid_and_undo_restores_the_file():
    _run(60)


@pytest.mark.fuzz
@pytest.mark.timeout(7200)   # the long profile runs as long as it needs
def test_random_editing_sessions_long_profile():
    _run(int(os.environ.get("NETSTUDIO_FUZZ_EXAMPLES", "300")))

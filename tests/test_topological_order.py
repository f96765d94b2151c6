"""The graph's own topological sort gives networkx's lexicographical order (file order breaks ties)."""

import random

import networkx as nx
import pytest

from netstudio.core.errors import GraphError
from netstudio.core.graph import Edge, Graph, Node


def _random_dag(seed: int) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    ids = [f"n{i}" for i in range(rng.randint(1, 30))]
    rank = {nid: i for i, nid in enumerate(ids)}
    rng.shuffle(ids)   # file order differs from the dependency order
    for nid in ids:
        g.add_node(Node(nid, "Add"))
    for dst in ids:
        sources = [s for s in ids if rank[s] < rank[dst]]
        for port, src in enumerate(rng.sample(sources, min(len(sources), rng.randint(0, 2)))):
            g.add_edge(Edge(src, dst, 0, port))
    return g


@pytest.mark.parametrize("seed", range(40))
def test_the_order_is_networkx_lexicographical_order(seed):
    g = _random_dag(seed)
    index = {n.id: i for i, n in enumerate(g)}
    expected = list(nx.lexicographical_topological_sort(g.to_networkx(), key=index.__getitem__))
    assert g.topological_order() == expected


def test_a_cycle_is_named():
    g = Graph()
    for nid in ("a", "b", "c"):
        g.add_node(Node(nid, "Add"))
    g.add_edge(Edge("a", "b"))
    g.add_edge(Edge("b", "c"))
    g._in["a"][0] = Edge("c", "a")          # bypass the editing rules, as a damaged file could
    g._out["c"].append(Edge("c", "a"))
    g._edges.append(Edge("c", "a"))
    g._order = None
    with pytest.raises(GraphError, match="the graph has a cycle"):
        g.topological_order()

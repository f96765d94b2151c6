"""Small graph builders shared by tests."""

from netstudio.core.graph import Edge, Graph, Node


def chain_graph(*layers, input_shape=(1, 28, 28), dtype="float32", name="model") -> Graph:
    """Input -> layers... as a Graph; each layer is (type, params) or a type name."""
    g = Graph(name)
    g.add_node(Node("x", "Input", {"shape": list(input_shape), "dtype": dtype}))
    prev = "x"
    for i, layer in enumerate(layers):
        type_name, params = (layer, {}) if isinstance(layer, str) else layer
        nid = f"n{i}"
        g.add_node(Node(nid, type_name, dict(params)))
        g.add_edge(Edge(prev, nid))
        prev = nid
    return g

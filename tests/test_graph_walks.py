"""`ModelGraph.calls_into`/`calls_from` walk the adjacency dicts once for all their starts:
the same calls as the union of networkx's `ancestors`/`descendants` of each start, cycles
(a custom layer returning its input) included; and `new_fact`/`evolve` still refuse a name
that is not a field."""

from __future__ import annotations

import networkx as nx
import pytest

from noiselint.model.graph import CallNode, ModelGraph
from noiselint.shapes.facts import evolve, new_fact
from noiselint.shapes.oracle import KerasShapes
from noiselint.syntax import nodes


def _networkx_calls(graph: ModelGraph, starts: list[int], both: bool) -> list[int]:
    seen: set[int] = set()
    for tid in starts:
        seen |= nx.ancestors(graph.graph, tid)
        if both:
            seen |= nx.descendants(graph.graph, tid)
    return sorted(n for n in seen if isinstance(graph.node(n), CallNode))


def _graph() -> tuple[ModelGraph, list[int]]:
    graph, node = ModelGraph(KerasShapes(None)), nodes.Name("x")
    a = graph.input_layer(node, (None, 4), True, None)
    b = graph.input_layer(node, (None, 4), True, None)
    x = graph.opaque("f", node, [a], "unknown")
    # A custom layer whose call returns its input: an edge back to a tensor made before it.
    cid = graph.begin_composite("Same", node, [x])
    graph.end_composite(cid, [x])
    y = graph.passthrough("g", node, x)
    j = graph.join(y, graph.opaque("h", node, [b], "unknown"))
    z = graph.opaque("k", node, [j, a], "unknown")
    return graph, [a, b, x, y, j, z]


@pytest.mark.parametrize("picks", [(5,), (3,), (2,), (2, 5), (0, 1), (4, 2), ()])
def test_walks_match_networkx(picks: tuple[int, ...]) -> None:
    graph, tensors = _graph()
    starts = [tensors[i] for i in picks]
    assert graph.calls_into(starts) == _networkx_calls(graph, starts, both=False)
    assert graph.calls_from(starts) == _networkx_calls(graph, starts, both=True)


def test_a_call_among_the_starts_is_left_out_as_networkx_leaves_it() -> None:
    graph, tensors = _graph()
    cid = next(iter(graph.predecessors(tensors[2])))  # the opaque call that made `x`
    assert graph.calls_into([cid]) == _networkx_calls(graph, [cid], both=False)
    assert graph.calls_from([cid, tensors[5]]) == _networkx_calls(graph, [cid, tensors[5]], both=True)


def test_unknown_fields_are_refused() -> None:
    fact = new_fact(nodes.Name("x"), "Dense", (), None)
    with pytest.raises(TypeError, match="no field 'colour'"):
        new_fact(nodes.Name("x"), "Dense", (), None, colour=1)
    with pytest.raises(TypeError, match="no field 'colour'"):
        evolve(fact, name="a", colour=1)
    assert evolve(fact, name="a").name == "a" and fact.name is None


def test_the_digraph_holds_every_node_and_edge_with_its_data() -> None:
    graph, tensors = _graph()
    digraph = graph.graph
    assert isinstance(digraph, nx.DiGraph)
    assert sorted(digraph) == sorted(graph._data)
    assert all(digraph.nodes[n]["data"] is graph.node(n) for n in digraph)
    edges = {(u, v): data for u, ends in graph._succ.items() for v, data in ends.items()}
    assert {(u, v): d for u, v, d in digraph.edges(data=True)} == edges
    # Both ends of an edge hold its one data dict, as networkx's own add_edge leaves them.
    assert all(graph._pred[v][u] is data for (u, v), data in edges.items())
    # A copy: a change to the DiGraph changes nothing in the model graph.
    digraph.remove_node(tensors[0])
    assert tensors[0] in graph.graph

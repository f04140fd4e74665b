"""`evolve`, the graph's fast `dataclasses.replace` (shapes/facts.py)."""

import dataclasses

import libcst as cst
import pytest

from noiselint.shapes.facts import LayerFact, evolve


def test_evolve_is_replace_for_the_graph_records():
    fact = LayerFact(cst.Name("x"), "Dense", ((None, 3),), (None, 4), config={"units": 4})
    for changes in ({"depth": 2}, {"name": "h", "output_exact": False}, {}):
        assert evolve(fact, **changes) == dataclasses.replace(fact, **changes)
    assert evolve(fact, depth=1).depth == 1 and fact.depth == 0  # a copy: the original is unchanged
    with pytest.raises(TypeError):
        evolve(fact, dpeth=1)

"""`evolve`, the graph's fast `dataclasses.replace` (shapes/facts.py)."""

import dataclasses

import pytest

from noiselint.shapes.facts import CallError, LayerFact, evolve, new_fact
from noiselint.syntax import nodes


def test_evolve_is_replace_for_the_graph_records():
    fact = LayerFact(nodes.Name("x"), "Dense", ((None, 3),), (None, 4), config={"units": 4})
    for changes in ({"depth": 2}, {"name": "h", "output_exact": False}, {}):
        assert evolve(fact, **changes) == dataclasses.replace(fact, **changes)
    assert evolve(fact, depth=1).depth == 1 and fact.depth == 0  # a copy: the original is unchanged
    with pytest.raises(TypeError):
        evolve(fact, dpeth=1)


def test_new_fact_is_the_dataclass_constructor():
    node = nodes.Name("x")
    for given in ({}, {"config": {"units": 4}, "depth": 2, "kind": "op", "call": node},
                  {"unknown_reason": "why", "output_exact": False, "instance": 3}):
        made, plain = new_fact(node, "Dense", ((None, 3),), (None, 4), **given), \
            LayerFact(node, "Dense", ((None, 3),), (None, 4), **given)
        assert made == plain and type(made) is LayerFact
        assert list(vars(made).items()) == list(vars(plain).items())  # the same fields, in the same order
    first, second = new_fact(node, "A", (), None), new_fact(node, "B", (), None)
    assert first.config == {} and first.config is not second.config  # a new dict each, as the factory
    with pytest.raises(TypeError):
        new_fact(node, "Dense", (), None, dpeth=1)



def test_the_records_own_init_is_the_dataclass_one():
    from noiselint.model.graph import CallNode, TensorNode
    from noiselint.shapes.specs import LayerSpec, ShapeOutcome

    node = nodes.Name("x")
    fact = LayerFact(node, "Dense", ((None, 3),), (None, 4))
    error = CallError("Keras", "ValueError", "no")
    for cls, args, kwargs in ((TensorNode, ((None, 4), True), {}), (TensorNode, (None, False, None), {}),
                              (CallNode, (fact, None, 2, "layer"), {}),
                              (CallNode, (fact, None, None, "op"), {"site_ok": "rank", "inputs": (3, 3)}),
                              (LayerSpec, ("Dense", node), {}),
                              (LayerSpec, ("Dense", node, (("units", 4),), (("x", "y"),), "c", None, (None, 3), True),
                               {}),
                              (LayerSpec, ("Dense", node), {"data_format_default": True, "site": None}),
                              (ShapeOutcome, (((None, 4),), True), {}),
                              (ShapeOutcome, (None, False), {"reason": "r", "error": error})):
        made = cls(*args, **kwargs)
        names = [f.name for f in dataclasses.fields(cls)]
        assert list(vars(made)) == names  # every field, in order
        assert dataclasses.replace(made) == made  # the generated __init__ makes an equal one
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.kind = "x"  # type: ignore[misc]

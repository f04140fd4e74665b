"""What the interpreter looks up once and reuses (docs/speed.md, "Session 10: calls"): the
same values, steps and facts as when it was looked up again."""

import dataclasses
import textwrap

from noiselint.files.source import SourceFile
from noiselint.model.exprs import Expressions
from noiselint.model.graph import ModelGraph
from noiselint.model.values import Frame, Tensor
from noiselint.shapes.facts import CallError, LayerFact, ModelFact, ShapeFacts
from noiselint.shapes.oracle import KerasShapes
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const


def _expressions() -> Expressions:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent("x = 1\n")))
    assert isinstance(parsed, ParsedModule)
    return Expressions(parsed, Evaluator(parsed), ModelGraph(KerasShapes(None)))


def test_a_name_already_looked_up_is_one_step_and_its_value():
    exprs, frame = _expressions(), Frame(None)
    frame.vars["x"] = Tensor(3)
    before = exprs._meter.steps
    assert exprs.eval(nodes.Name("x"), frame) == exprs.eval_bound(nodes.Name("x"), Tensor(3)) == Tensor(3)
    assert exprs._meter.steps == before + 2  # one step each, as `eval` counts
    assert exprs.eval_bound(nodes.Name("None"), Tensor(3)) == exprs.eval(nodes.Name("None"), frame) == Const(None)


def test_a_tensor_made_by_one_call_or_several_is_named_at_the_outermost():
    graph = ModelGraph(KerasShapes(None))
    node = nodes.Name("x")
    alone = graph.input_layer(node, (None, 3), True, None)
    graph.name(alone, "inp")
    outer = graph.begin_composite("Block", node, [alone])
    inner = graph.passthrough("Dropout", node, alone, parent=outer)
    graph.end_composite(outer, [inner])
    graph.name(inner, "h")  # made by the composite and by the call inside it
    graph.add_model("m", node, "functional", graph.calls_into([inner]))
    names = [(f.layer, f.name) for f in graph.facts().models[0].layers]
    assert names == [("InputLayer", "inp"), ("Block", "h"), ("Dropout", None)]


def test_failures_are_listed_once_and_not_carried_to_a_copy():
    node = nodes.Name("x")
    bad = LayerFact(node, "Dense", ((None, 5),), None, error=CallError("Keras", "ValueError", "no"))
    good = LayerFact(node, "Dense", ((None, 3),), (None, 4))
    facts = ShapeFacts({}, (ModelFact("m", node, (good, bad)),))
    assert facts.failures() == (bad,) and facts.failures() is facts.failures()
    fixed = dataclasses.replace(facts, models=(ModelFact("m", node, (good,)),))
    assert fixed.failures() == () and fixed == dataclasses.replace(fixed)

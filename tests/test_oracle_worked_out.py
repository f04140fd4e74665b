"""`KerasShapes.output_shapes` keeps the outcomes it works out alone (written formulas, kept
shapes, the sizes any value gives, an unknown input's fallback), by the question with the
types of its values: asked again, it gives the same outcome, and a question `==` takes for
the same (`1`, `True`, `1.0`) or one that went to Keras is worked out again."""

from __future__ import annotations

from noiselint.shapes.oracle import KerasShapes
from noiselint.shapes.specs import LayerSpec
from noiselint.syntax import nodes


class _Refusing:
    """A `load` that counts how often Keras (or TensorFlow) was sought, and is never there."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return "no Keras here"


def _dense(units: object) -> LayerSpec:
    return LayerSpec("Dense", nodes.Name("d"), (("units", units),))


def test_a_written_outcome_is_given_again() -> None:
    load = _Refusing()
    oracle = KerasShapes(None, load=load, load_tf=load)
    first = oracle.output_shapes(_dense(8), ((None, 20),), True)
    # Another construction of the same layer (a loop's next pass) on the same shape.
    again = oracle.output_shapes(_dense(8), ((None, 20),), True)
    assert again is first and first.outputs == ((None, 8),) and load.calls == 0
    assert oracle.output_shapes(_dense(8), ((None, 21),), True).outputs == ((None, 8),)
    assert oracle.output_shapes(_dense(8), ((None, 20),), False).exact is False


def test_values_equal_in_python_are_other_questions() -> None:
    load = _Refusing()
    oracle = KerasShapes(None, load=load, load_tf=load)
    assert oracle.output_shapes(_dense(1), ((None, 20),), True).outputs == ((None, 1),)
    for other in (True, 1.0):
        fresh = KerasShapes(None, load=_Refusing(), load_tf=_Refusing())
        expected = fresh.output_shapes(_dense(other), ((None, 20),), True)
        assert oracle.output_shapes(_dense(other), ((None, 20),), True) == expected
        assert expected.outputs != ((None, 1),)


def test_an_outcome_that_sought_keras_is_not_kept() -> None:
    load = _Refusing()
    oracle = KerasShapes(None, load=load, load_tf=load)
    first = oracle.output_shapes(_dense(True), ((None, 20),), True)  # no written formula takes `True`
    sought = load.calls
    assert sought > 0 and first.reason == "TensorFlow is not available"
    assert oracle.output_shapes(_dense(True), ((None, 20),), True) == first
    assert load.calls > sought  # sought again: Keras may be there now


def test_a_nested_layer_is_worked_out_each_time() -> None:
    oracle = KerasShapes(None, load=_Refusing(), load_tf=_Refusing())
    lstm = LayerSpec("LSTM", nodes.Name("l"), (("units", 4),))
    wrapped = LayerSpec("Bidirectional", nodes.Name("b"), (("layer", lstm),))
    first = oracle.output_shapes(wrapped, ((None, 5, 3),), True)
    again = oracle.output_shapes(wrapped, ((None, 5, 3),), True)
    assert again == first
    assert again is not first  # made again, not the kept one (as `_dense(8)`'s is)


def test_the_sizes_any_value_gives_are_kept() -> None:
    """A builder nothing calls, run on an unknown `units`: the layer asked with two values
    (`_for_any_size`) from the written formulas alone is kept like any worked-out outcome."""
    load = _Refusing()
    oracle = KerasShapes(None, load=load, load_tf=load)
    spec = LayerSpec("Dense", nodes.Name("d"), (), (("units", "a parameter of a function the module never calls"),))
    first = oracle.output_shapes(spec, ((None, 20),), True)
    assert first.outputs == ((None, None),) and first.reason is not None and load.calls == 0
    again = oracle.output_shapes(LayerSpec("Dense", nodes.Name("e"), (), spec.unknown), ((None, 20),), True)
    assert again is first


def test_an_unknown_input_is_worked_out_once() -> None:
    oracle = KerasShapes(None, load=_Refusing(), load_tf=_Refusing())
    first = oracle.output_shapes(_dense(8), (None,), False)
    assert first.outputs is None and first.reason == "its input shape is not known"
    assert oracle.output_shapes(_dense(8), (None,), False) is first

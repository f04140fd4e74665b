"""The written-out Keras op formulas (shapes/formulas_keras_ops.py) against Keras itself:
wherever a formula answers, Keras's `compute_output_spec` on a KerasTensor (the same call
noiselint makes, shapes/keras_op_shapes.py) gives the same shape; where Keras refuses, the
formula does not answer. Fast examples first, then the slow property tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noiselint.shapes import formulas_keras_ops
from noiselint.shapes.keras_op_shapes import keras_op_shapes
from noiselint.shapes.oracle import load_keras

X = {"t": 0}


@pytest.mark.parametrize(("op", "args", "shape", "out"), [
    ("cumsum", {"x": X, "axis": -1}, (None, None), (None, None)),  # the survey's question
    ("cumsum", {"x": X}, (4, 3), (12,)),
    ("cumsum", {"x": X, "axis": None}, (None, 3), (None,)),
    ("cumsum", {"x": X, "axis": 2}, (4, 3), None),  # Keras refuses the axis
    ("cumsum", {"x": X, "axis": True}, (4, 3), None),
    ("cumsum", {"x": X, "axis": -1, "dtype": "int32"}, (4, 3), None),  # not an argument noiselint passes
    ("reshape", {"x": X, "newshape": [-1]}, (None, 600), (None,)),  # the survey's question
    ("reshape", {"x": X, "newshape": [-1, 6]}, (4, 3), (2, 6)),
    ("reshape", {"x": X, "newshape": 12}, (4, 3), (12,)),
    ("reshape", {"x": X, "newshape": [5, -1]}, (4, 3), None),  # does not divide
    ("reshape", {"x": X, "newshape": [5, 2]}, (4, 3), None),  # another size
    ("reshape", {"x": X, "newshape": [-1, -1]}, (4, 3), None),
    ("reshape", {"x": X, "newshape": [2, {"t": 1}]}, (4, 3), None),  # a size known at run time
    ("reshape", {"x": {"t": 1}, "newshape": [-1]}, (4, 3), None),
    ("transpose", {"x": X}, (4, 3), None),  # no formula
])
def test_keras_op_formulas(op: str, args: dict, shape: tuple, out: tuple | None) -> None:
    written = formulas_keras_ops.answer(f"keras.ops.{op}", args, ((shape, "float32"),))
    assert written == (None if out is None else (out,))


DIM = st.sampled_from([None, None, 1, 2, 3, 4, 6, 0])
SHAPE = st.lists(DIM, max_size=4).map(tuple)
SIZE = st.sampled_from([-1, -1, 1, 2, 3, 4, 6, 12, 0, -2])
CUMSUM = st.fixed_dictionaries({"x": st.just(X)}, optional={"axis": st.one_of(st.none(), st.integers(-5, 4))})
RESHAPE = st.fixed_dictionaries({"x": st.just(X), "newshape": st.one_of(SIZE, st.lists(SIZE, max_size=4))})
ANSWERED: dict[str, int] = {}


@pytest.mark.slow
@pytest.mark.parametrize("op", ["cumsum", "reshape"])
def test_keras_op_formulas_agree_with_keras(op: str) -> None:
    keras = load_keras()
    if isinstance(keras, str):
        pytest.skip(keras)

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(args=CUMSUM if op == "cumsum" else RESHAPE, shape=SHAPE)
    def agree(args: dict, shape: tuple) -> None:
        inputs = ((shape, "float32"),)
        written = formulas_keras_ops.answer(f"keras.ops.{op}", args, inputs)
        if written is None:
            return
        assert keras_op_shapes(keras, f"keras.ops.{op}", args, inputs) == written, (args, shape)
        ANSWERED[op] = ANSWERED.get(op, 0) + 1

    agree()
    assert ANSWERED.get(op, 0) >= 50, ANSWERED

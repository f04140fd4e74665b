"""The written-out Keras op formulas (shapes/formulas_keras_ops*.py) against Keras itself:
wherever a formula answers, Keras's `compute_output_spec` on KerasTensors (the same call
noiselint makes, shapes/keras_op_shapes.py) gives the same shapes; where Keras refuses, the
formula does not answer. Fast examples first, then the slow property tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noiselint.shapes import formulas_keras_ops
from noiselint.shapes.keras_op_shapes import keras_op_shapes
from noiselint.shapes.keras_ops import BINARY, KERAS_OPS
from noiselint.shapes.oracle import _message, load_keras

X = {"t": 0}
T1, T2 = {"t": 1}, {"t": 2}
N = None
REDUCTIONS = ("sum", "mean", "max", "min", "prod", "std", "var", "any", "all", "logsumexp", "argmax", "argmin")


def _inputs(op: str, args: dict, shapes: tuple) -> tuple:
    """Each input's dtype as noiselint gives it (int32 for an op's index tensors)."""
    ints = {a["t"] for name, a in args.items() if name in KERAS_OPS[op].int_tensors and isinstance(a, dict)}
    return tuple((s, "int32" if i in ints else "float32") for i, s in enumerate(shapes))


@pytest.mark.parametrize(("op", "args", "shapes", "out"), [
    # The questions of the keras-hub survey.
    ("sum", {"x": X, "axis": [2, 3], "keepdims": True}, [(N, N, N, N)], (N, N, 1, 1)),
    ("transpose", {"x": X, "axes": [0, 3, 1, 2]}, [(N, N, N, N)], (N, N, N, N)),
    ("concatenate", {"xs": [X, T1], "axis": 1}, [(N, N), (N, N)], (N, N)),
    ("concatenate", {"xs": [X, T1], "axis": 0}, [(N, 128, 128, N), (N, 128, 128, N)], (N, 128, 128, N)),
    ("sum", {"x": X, "axis": 1}, [(N, N)], (N,)),
    ("maximum", {"x1": X, "x2": T1}, [(N,), ()], (N,)),
    ("maximum", {"x1": X, "x2": T1}, [(N, N, 1, 1), ()], (N, N, 1, 1)),
    ("squeeze", {"x": X, "axis": [1, 2, 3]}, [(N, N, N, N, N)], None),  # Keras refuses a None size
    ("not_equal", {"x1": X, "x2": T1}, [(N, N), ()], (N, N)),
    ("where", {"condition": X, "x1": T1, "x2": T2}, [(N, N), (), ()], (N, N)),
    # The survey of session 5.
    ("cumsum", {"x": X, "axis": -1}, [(N, N)], (N, N)),
    ("reshape", {"x": X, "newshape": [-1]}, [(N, 600)], (N,)),
    # Reductions: axis None, an int, a list; keepdims; refusals.
    ("mean", {"x": X}, [(4, 3)], ()),
    ("max", {"x": X, "keepdims": True}, [(4, N)], (1, 1)),
    ("prod", {"x": X, "axis": -1}, [(4, 3)], (4,)),
    ("logsumexp", {"x": X, "axis": [0, -1]}, [(4, 3, 2)], (3,)),
    ("argmax", {"x": X, "axis": -1, "keepdims": True}, [(4, 3)], (4, 1)),
    ("std", {"x": X, "axis": []}, [(4, 3)], (4, 3)),
    ("sum", {"x": X, "axis": 2}, [(4, 3)], None),  # out of range
    ("sum", {"x": X, "axis": [1, 1]}, [(4, 3)], None),  # repeated: left to Keras
    ("sum", {"x": X, "axis": [1, -1]}, [(4, 3)], None),
    ("sum", {"x": X, "axis": True}, [(4, 3)], None),  # a bool
    ("sum", {"x": X, "keepdims": 1}, [(4, 3)], None),
    ("sum", {"x": X, "initial": 0}, [(4, 3)], None),  # not one of the op's parameters
    ("sum", {"x": X}, [(4, -1)], None),  # not a shape Keras takes
    ("sum", {"x": X}, [(4, 3.0)], None),
    # The axis ops.
    ("transpose", {"x": X}, [(4, 3, N)], (N, 3, 4)),
    ("transpose", {"x": X, "axes": [1, 0, 0]}, [(4, 3, 2)], None),
    ("transpose", {"x": X, "axes": [1, 0]}, [(4, 3, 2)], None),
    ("softmax", {"x": X}, [(N, 3)], (N, 3)),
    ("log_softmax", {"x": X, "axis": [0, 0]}, [(N, 3)], (N, 3)),
    ("softmax", {"x": X}, [()], None),
    ("softmax", {"x": X, "axis": 2}, [(N, 3)], None),
    ("clip", {"x": X, "x_min": T1, "x_max": T2}, [(N, 3), (), (5,)], (N, 3)),
    ("clip", {"x": X, "x_min": T1}, [(N, 3), ()], None),
    ("expand_dims", {"x": X, "axis": -1}, [(N, 3)], (N, 3, 1)),
    ("expand_dims", {"x": X, "axis": [0, 2]}, [(N, 3)], (1, N, 1, 3)),
    ("expand_dims", {"x": X, "axis": [0, -4]}, [(N, 3)], None),  # the same axis twice
    ("expand_dims", {"x": X, "axis": 3}, [(N, 3)], None),
    ("expand_dims", {"x": X}, [(N, 3)], None),
    ("squeeze", {"x": X}, [(N, 1, 3, 1)], (N, 3)),
    ("squeeze", {"x": X, "axis": -1}, [(N, 1, 3, 1)], (N, 1, 3)),
    ("squeeze", {"x": X, "axis": 2}, [(N, 1, 3, 1)], None),
    # Sizes.
    ("reshape", {"x": X, "newshape": [-1, 6]}, [(4, 3)], (2, 6)),
    ("reshape", {"x": X, "newshape": 12}, [(4, 3)], (12,)),
    ("reshape", {"x": X, "newshape": [5, -1]}, [(4, 3)], None),  # does not divide
    ("reshape", {"x": X, "newshape": [5, 2]}, [(4, 3)], None),  # another size
    ("reshape", {"x": X, "newshape": [-1, -1]}, [(4, 3)], None),
    ("reshape", {"x": X, "newshape": [2, T1]}, [(4, 3), ()], None),  # a size known at run time
    ("reshape", {"x": T1, "newshape": [-1]}, [(4, 3)], None),  # no such input
    ("cumsum", {"x": X}, [(4, 3)], (12,)),
    ("cumsum", {"x": X, "axis": 2}, [(4, 3)], None),
    ("tile", {"x": X, "repeats": [2, 1, 3]}, [(N, 3)], (2, N, 9)),
    ("tile", {"x": X, "repeats": 2}, [(4, 3)], (4, 6)),
    ("tile", {"x": X, "repeats": [-1]}, [(4, 3)], None),
    ("repeat", {"x": X, "repeats": 2}, [(4, 3)], (24,)),
    ("repeat", {"x": X, "repeats": [1, 2, 3], "axis": 1}, [(N, 3)], (N, 6)),
    ("repeat", {"x": X, "repeats": [1, 2], "axis": 1}, [(N, 3)], None),
    ("repeat", {"x": X, "repeats": 2, "axis": 0}, [(N, 3)], (N, 3)),
    ("broadcast_to", {"x": X, "shape": [2, 4, 3]}, [(N, 3)], (2, 4, 3)),
    ("broadcast_to", {"x": X, "shape": [4, 2]}, [(N, 3)], None),
    ("split", {"x": X, "indices_or_sections": 3, "axis": -1}, [(N, 6)], ((N, 2), (N, 2), (N, 2))),
    ("split", {"x": X, "indices_or_sections": [1, 4]}, [(N, 6)], ((1, 6), (3, 6), (N, 6))),
    ("split", {"x": X, "indices_or_sections": 4, "axis": 1}, [(N, 6)], None),  # does not divide
    ("split", {"x": X, "indices_or_sections": [4, 1]}, [(N, 6)], None),  # a negative part
    ("take", {"x": X, "indices": T1, "axis": 1}, [(N, 5, 3), (2, 4)], (N, 2, 4, 3)),
    ("take", {"x": X, "indices": T1}, [(N, 5, 3), (2, 4)], (2, 4)),
    ("one_hot", {"x": X, "num_classes": 10}, [(N, 5)], (N, 5, 10)),
    ("one_hot", {"x": X, "num_classes": 10, "axis": 1}, [(N, 5)], (N, 10, 5)),
    ("one_hot", {"x": X, "num_classes": 10, "axis": 2}, [(N, 5)], None),  # the rank is refused
    # Several tensors.
    ("add", {"x1": X, "x2": T1}, [(N, 1, 3), (4, N, 1)], (4, N, 3)),
    ("add", {"x1": X, "x2": T1}, [(N, 2), (3,)], None),
    ("multiply", {"x1": X}, [(N, 2)], None),
    ("matmul", {"x1": X, "x2": T1}, [(N, 4, 3), (3, 5)], (N, 4, 5)),
    ("matmul", {"x1": X, "x2": T1}, [(3,), (N, 3, 5)], (N, 5)),
    ("matmul", {"x1": X, "x2": T1}, [(4, 3), (2, 5)], None),
    ("matmul", {"x1": X, "x2": T1}, [(), (3, 5)], None),
    ("dot", {"x1": X, "x2": T1}, [(N, 4, 3), (2, N, 5)], (N, 4, 2, 5)),
    ("dot", {"x1": X, "x2": T1}, [(4, N), (3,)], None),  # a None size against a vector is refused
    ("dot", {"x1": X, "x2": T1}, [(4, 3), ()], (4, 3)),
    ("concatenate", {"xs": [X, T1, T2], "axis": -1}, [(N, 2), (4, 3), (4, 1)], (N, 6)),
    ("concatenate", {"xs": [X, T1]}, [(N, 2), (4, 3)], None),
    ("concatenate", {"xs": [X, T1]}, [(N, 2), (4, 3, 1)], None),
    ("stack", {"x": [X, T1], "axis": 2}, [(N, 2), (4, N)], (N, 2, 2)),
    ("stack", {"x": [X, T1], "axis": 3}, [(N, 2), (4, N)], None),
    ("where", {"condition": X, "x1": T1}, [(N, 2), (2,)], None),
])
def test_keras_op_formulas(op: str, args: dict, shapes: list, out: tuple | None) -> None:
    written = formulas_keras_ops.answer(f"keras.ops.{op}", args, _inputs(op, args, tuple(shapes)))
    assert written == (None if out is None else out if op == "split" else (out,))


def test_an_op_without_a_formula_and_an_input_of_unknown_rank_are_left_to_keras() -> None:
    assert formulas_keras_ops.answer("keras.ops.einsum", {"subscripts": "ij->ji", "operands": [X]},
                                     (((4, 3), "float32"),)) is None
    assert formulas_keras_ops.answer("keras.ops.sum", {"x": X}, ((None, "float32"),)) is None
    assert formulas_keras_ops.answer("keras.ops.sum", {"x": X}, (((4, 3), "bool"),)) is None


@pytest.mark.parametrize(("args", "shape", "said"), [
    ({"x": X, "axis": [1, 2, 3]}, (N, N, N, N, N), "Cannot squeeze axis 1, because the dimension is not 1."),
    ({"x": X, "axis": [1, -1]}, (N, 1, 3), "Cannot squeeze axis -1, because the dimension is not 1."),
    ({"x": X, "axis": [5, 0]}, (N, 1, 3), None),  # out of range first: an IndexError, left to Keras
    ({"x": X, "axis": [1, 1]}, (N, 1, 3), None),  # no refusal here: Keras's odd answer
    ({"x": X}, (N, 1, 3), None),
    ({"x": X, "axis": True}, (N, 2, 3), None),
])
def test_the_written_squeeze_refusal(args: dict, shape: tuple, said: str | None) -> None:
    refused = formulas_keras_ops.refusal("keras.ops.squeeze", args, ((shape, "float32"),))
    assert refused == (None if said is None else ("ValueError", said))
    assert formulas_keras_ops.refusal("keras.ops.sum", {"x": X, "axis": 3}, (((4,), "float32"),)) is None


# The slow property tests: questions drawn around the edges Keras cares about (None, 0 and
# 1 sizes, ranks that differ, axes out of range, repeated and negative), each answered
# question put to Keras.
DIM = st.sampled_from([None, None, 1, 1, 2, 3, 4, 6, 0])
SHAPE = st.lists(DIM, max_size=4).map(tuple)
AXIS = st.integers(-5, 4)
AXES = st.one_of(st.none(), AXIS, st.lists(AXIS, max_size=4))
KEEPDIMS = st.sampled_from([True, False, False, 1])
SIZE = st.sampled_from([-1, -1, 1, 2, 3, 4, 6, 12, 0, -2])


@st.composite
def _related(draw: st.DrawFn, base: tuple) -> tuple:
    """A shape like `base`: some sizes drawn again, a leading axis dropped or added."""
    shape = tuple(draw(st.one_of(st.just(d), DIM)) for d in base)
    change = draw(st.integers(-1, 1))
    return shape[1:] if change < 0 else (draw(DIM), *shape) if change > 0 else shape


def _optional(**fields: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def _question(draw: st.DrawFn, op: str) -> tuple[dict, tuple]:
    """Arguments and input shapes for `op`."""
    x = draw(SHAPE)
    if op in REDUCTIONS:
        return {"x": X, **draw(_optional(axis=AXES, keepdims=KEEPDIMS))}, (x,)
    if op in ("softmax", "log_softmax", "cumsum", "squeeze"):
        if op == "squeeze":
            x = tuple(draw(st.sampled_from([d, 1])) for d in x)
        return {"x": X, **draw(_optional(axis=AXES))}, (x,)
    if op == "clip":
        return {"x": X, **draw(_optional(x_min=st.just(T1), x_max=st.just(T2)))}, (x, draw(SHAPE), draw(SHAPE))
    if op == "transpose":
        permutation = st.permutations(list(range(len(x)))).map(lambda p: [a - len(x) if a % 2 else a for a in p])
        return {"x": X, **draw(_optional(axes=st.one_of(st.none(), permutation, st.lists(AXIS, max_size=5))))}, (x,)
    if op == "expand_dims":  # near the rank: most axes past it are refused
        near = st.integers(-len(x) - 2, len(x) + 1)
        return {"x": X, **draw(_optional(axis=st.one_of(st.none(), near, st.lists(near, max_size=2))))}, (x,)
    if op == "reshape":
        return {"x": X, "newshape": draw(st.one_of(SIZE, st.lists(SIZE, max_size=4)))}, (x,)
    if op in ("tile", "repeat"):
        repeats = draw(st.one_of(SIZE, st.lists(SIZE, max_size=4), st.lists(st.sampled_from([1, 2, 3]), max_size=6)))
        extra = draw(_optional(axis=st.one_of(st.none(), AXIS))) if op == "repeat" else {}
        return {"x": X, "repeats": repeats, **extra}, (x,)
    if op == "broadcast_to":
        target = [draw(st.sampled_from([1, 3, 4])) if d is None else d for d in draw(_related(x))]
        return {"x": X, "shape": draw(st.one_of(st.just(target), st.lists(SIZE, max_size=4)))}, (x,)
    if op == "split":
        parts = st.one_of(st.integers(-1, 4), st.lists(st.integers(-1, 7), max_size=3).map(sorted),
                          st.lists(st.integers(-1, 7), max_size=3))
        return {"x": X, "indices_or_sections": draw(parts), **draw(_optional(axis=AXIS))}, (x,)
    if op == "take":
        return {"x": X, "indices": T1, **draw(_optional(axis=st.one_of(st.none(), AXIS)))}, (x, draw(SHAPE))
    if op == "one_hot":
        fields = {"x": X, "num_classes": draw(st.sampled_from([10, 3, 0, -1]))}
        return {**fields, **draw(_optional(axis=st.integers(-2, 4)))}, (x,)
    if op in BINARY:
        return {"x1": X, "x2": T1}, (x, draw(_related(x)))
    if op == "where":
        return {"condition": X, "x1": T1, "x2": T2}, (x, draw(_related(x)), draw(_related(x)))
    if op in ("matmul", "dot"):
        x2 = draw(_related(x))
        if len(x) and len(x2) > 1 and draw(st.booleans()):  # the inner sizes aligned, often
            x2 = (*x2[:-2], x[-1], x2[-1])
        return {"x1": X, "x2": T1}, (x, x2)
    if op in ("concatenate", "stack"):
        shapes = (x, *(draw(_related(x)) for _ in range(draw(st.integers(0, 2)))))
        refs = [{"t": i} for i in range(len(shapes))]
        return {"xs" if op == "concatenate" else "x": refs, **draw(_optional(axis=AXIS))}, shapes
    raise AssertionError(op)


OPS = [*REDUCTIONS, "softmax", "log_softmax", "clip", "cumsum", "transpose", "expand_dims", "squeeze", "reshape",
       "tile", "repeat", "broadcast_to", "split", "take", "one_hot", *BINARY, "where", "matmul", "dot",
       "concatenate", "stack"]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:You are using a softmax over axis")
@pytest.mark.parametrize("op", OPS)
def test_keras_op_formulas_agree_with_keras(op: str) -> None:
    keras = load_keras()
    if isinstance(keras, str):
        pytest.skip(keras)
    answered = []

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(question=_question(op))
    def agree(question: tuple[dict, tuple]) -> None:
        args, shapes = question
        inputs = _inputs(op, args, shapes)
        written = formulas_keras_ops.answer(f"keras.ops.{op}", args, inputs)
        if written is None:
            return
        assert keras_op_shapes(keras, f"keras.ops.{op}", args, inputs) == written, (args, shapes)
        answered.append(question)

    agree()
    assert len(answered) >= 50, len(answered)


@pytest.mark.slow
def test_the_written_squeeze_refusal_is_keras_word_for_word() -> None:
    keras = load_keras()
    if isinstance(keras, str):
        pytest.skip(keras)
    refused = []

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(args=st.fixed_dictionaries({"x": st.just(X), "axis": AXES}), shape=SHAPE)
    def agree(args: dict, shape: tuple) -> None:
        inputs = ((shape, "float32"),)
        written = formulas_keras_ops.refusal("keras.ops.squeeze", args, inputs)
        if written is None:
            return
        with pytest.raises(Exception) as raised:  # its type is part of the answer
            keras_op_shapes(keras, "keras.ops.squeeze", args, inputs)
        assert (type(raised.value).__name__, _message(raised.value)) == written, (args, shape)
        refused.append(args)

    agree()
    assert len(refused) >= 50, len(refused)

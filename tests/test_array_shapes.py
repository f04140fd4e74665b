"""The written NumPy shape rules (values/arrays.py) held to NumPy: for random small shapes
and arguments, the formula's shape is the shape NumPy gives, and the formula's error is
NumPy's (type and message). Arrays here are tiny; noiselint itself never allocates one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noiselint.values import arrays
from noiselint.values.arrays import ArrayError

SHAPES = st.lists(st.integers(0, 4), min_size=0, max_size=4).map(tuple)
NONEMPTY = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)
CASES = settings(max_examples=300, deadline=None)


def _numpy(run):  # type: ignore[no-untyped-def]
    try:
        return run()
    except Exception as exc:
        return ArrayError(type(exc).__name__, str(exc))


def _same(formula: object, numpy: object, words: bool = True) -> None:
    """`words`: NumPy's message too (not for zero sizes, where NumPy's wording varies)."""
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError), (formula, numpy)
        assert formula.type == numpy.type
        assert formula.message == numpy.message or not words
    else:
        assert formula == numpy, (formula, numpy)


@CASES
@given(SHAPES, st.lists(st.integers(-2, 6), min_size=0, max_size=4))
def test_reshape(shape: tuple[int, ...], new: list[int]) -> None:
    _same(arrays.reshape(shape, new), _numpy(lambda: np.zeros(shape).reshape(new).shape),
          words=0 not in (*shape, *new) and min(new, default=0) >= 0)


@CASES
@given(SHAPES, st.integers(-6, 6))
def test_expand_dims(shape: tuple[int, ...], axis: int) -> None:
    _same(arrays.expand_dims(shape, [axis]), _numpy(lambda: np.expand_dims(np.zeros(shape), axis).shape), False)


_KEYS = st.one_of(st.integers(-5, 5), st.just(arrays.NEWAXIS), st.just(arrays.ELLIPSIS),
                  st.tuples(st.one_of(st.none(), st.integers(-5, 5)), st.one_of(st.none(), st.integers(-5, 5)),
                            st.one_of(st.none(), st.sampled_from([-2, -1, 1, 2, 3]))))


def _np_key(k: object) -> object:
    if k == arrays.NEWAXIS:
        return None
    if k == arrays.ELLIPSIS:
        return Ellipsis
    return slice(*k) if isinstance(k, tuple) else k


@CASES
@given(SHAPES, st.lists(_KEYS, min_size=1, max_size=4))
def test_index(shape: tuple[int, ...], key: list[object]) -> None:
    formula = arrays.index(shape, key)
    numpy = _numpy(lambda: np.zeros(shape)[tuple(_np_key(k) for k in key)].shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError), (formula, numpy)
        assert formula.type == numpy.type
    else:
        assert formula == numpy


@CASES
@given(SHAPES, SHAPES)
def test_broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    formula = arrays.broadcast(a, b)
    numpy = _numpy(lambda: (np.zeros(a) + np.zeros(b)).shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError) and formula.type == numpy.type
    else:
        assert formula == numpy


@CASES
@given(SHAPES, SHAPES)
def test_matmul(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    formula = arrays.matmul(a, b)
    numpy = _numpy(lambda: (np.zeros(a) @ np.zeros(b)).shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError) and formula.type == numpy.type, (a, b, formula, numpy)
    else:
        assert formula == numpy, (a, b, formula, numpy)


@CASES
@given(st.lists(NONEMPTY, min_size=1, max_size=3), st.integers(-4, 4))
def test_concatenate(shapes: list[tuple[int, ...]], axis: int) -> None:
    formula = arrays.concatenate(shapes, axis)
    numpy = _numpy(lambda: np.concatenate([np.zeros(s) for s in shapes], axis=axis).shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError), (formula, numpy)
    else:
        assert formula == numpy


@CASES
@given(st.lists(SHAPES, min_size=1, max_size=3), st.integers(-5, 5))
def test_stack(shapes: list[tuple[int, ...]], axis: int) -> None:
    formula = arrays.stack(shapes, axis)
    numpy = _numpy(lambda: np.stack([np.zeros(s) for s in shapes], axis=axis).shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError), (formula, numpy)
    else:
        assert formula == numpy


@CASES
@given(SHAPES, st.one_of(st.none(), st.integers(-4, 4)))
def test_squeeze(shape: tuple[int, ...], axis: int | None) -> None:
    formula = arrays.squeeze(shape, None if axis is None else [axis])
    numpy = _numpy(lambda: np.squeeze(np.zeros(shape), axis=axis).shape)
    if isinstance(numpy, ArrayError):
        assert isinstance(formula, ArrayError), (formula, numpy)
    else:
        assert formula == numpy


def _z(*shape: int) -> np.ndarray:
    return np.zeros(shape)


# Explicit cases at the edges the random tests reach rarely or check loosely: the shape or the
# error (type, and NumPy's message where noiselint's matches it) is NumPy's, computed here; a
# shape also prints as NumPy prints it (`show`, the text of NL201-NL206's messages).
TABLE = [
    ("one -1", lambda: arrays.reshape((2, 3), [-1]), lambda: _z(2, 3).reshape(-1)),
    ("-1 with a size", lambda: arrays.reshape((6,), [-1, 2]), lambda: _z(6).reshape(-1, 2)),
    ("two -1", lambda: arrays.reshape((2, 3), [-1, -1]), lambda: _z(2, 3).reshape(-1, -1)),
    ("-2 is inferred too", lambda: arrays.reshape((2, 3), [-2, 3]), lambda: _z(2, 3).reshape(-2, 3)),
    ("-1 and -2", lambda: arrays.reshape((2, 3), [-1, -2]), lambda: _z(2, 3).reshape(-1, -2)),
    ("expand_dims past the end", lambda: arrays.expand_dims((2, 3), [5]), lambda: np.expand_dims(_z(2, 3), 5)),
    ("two ellipses", lambda: arrays.index((2, 3), [arrays.ELLIPSIS, arrays.ELLIPSIS]), lambda: _z(2, 3)[..., ...]),
    ("too many indices", lambda: arrays.index((2, 3), [0, 0, 0]), lambda: _z(2, 3)[0, 0, 0]),
    ("index out of bounds", lambda: arrays.index((2, 3), [0, 5]), lambda: _z(2, 3)[0, 5]),
    ("concatenate on a missing axis", lambda: arrays.concatenate([(2, 3), (2, 3)], 2),
     lambda: np.concatenate([_z(2, 3), _z(2, 3)], 2)),
    ("stack of different ranks", lambda: arrays.stack([(2, 3), (3,)], 0), lambda: np.stack([_z(2, 3), _z(3)], 0)),
    ("stack of different sizes", lambda: arrays.stack([(2, 3), (2, 4)], 0),
     lambda: np.stack([_z(2, 3), _z(2, 4)], 0)),
    ("stack on a missing axis", lambda: arrays.stack([(2, 3), (2, 3)], 3), lambda: np.stack([_z(2, 3), _z(2, 3)], 3)),
    ("stack on the last axis", lambda: arrays.stack([(2, 3), (2, 3)], -1),
     lambda: np.stack([_z(2, 3), _z(2, 3)], -1)),
    ("squeeze a missing axis", lambda: arrays.squeeze((2, 3), [2]), lambda: np.squeeze(_z(2, 3), axis=2)),
    ("squeeze an axis of 2", lambda: arrays.squeeze((2, 3), [0]), lambda: np.squeeze(_z(2, 3), axis=0)),
]


@pytest.mark.parametrize(("formula", "numpy"), [case[1:] for case in TABLE], ids=[case[0] for case in TABLE])
def test_table_of_numpy_s_answers(formula, numpy) -> None:  # type: ignore[no-untyped-def]
    expected = _numpy(lambda: numpy().shape)
    _same(formula(), expected)
    if not isinstance(expected, ArrayError):
        assert arrays.show(formula()) == str(expected)


# Errors whose type is NumPy's but whose message is shorter: NumPy's names the arrays by index
# and gives their ranks or sizes. No rule reports a concatenate (NL206 is for reshape).
@pytest.mark.parametrize(("shapes", "axis"), [([(2, 3), (3,)], 0), ([(2, 3), (2, 4)], 0)])
def test_concatenate_errors_are_numpy_s_type(shapes: list[tuple[int, ...]], axis: int) -> None:
    expected = _numpy(lambda: np.concatenate([np.zeros(s) for s in shapes], axis).shape)
    _same(arrays.concatenate(shapes, axis), expected, words=False)


def test_unknown_sizes_stay_unknown() -> None:
    assert arrays.reshape((None, 784), [-1, 28, 28, 1]) == (None, 28, 28, 1)
    assert arrays.reshape((None, 784), [28, 28]) == (28, 28)  # not an error: N may be 1
    assert arrays.index((None, 28, 28), [0]) == (28, 28)
    assert arrays.index((None, 28), [(None, 10, None)]) == (None, 28)
    assert arrays.broadcast((None, 10), (1, 10)) == (None, 10)
    assert arrays.concatenate([(None, 3), (5, 3)], 0) == (None, 3)
    assert arrays.concatenate([(None, None), (3, None)], 0) == (None, None)
    assert arrays.stack([(None,), (None,)], 0) == (2, None)
    # `x.reshape(n, -1, 28)` with `n` known only at run time: the -1 is not known either.
    assert arrays.reshape((32, 784), [None, -1, 28]) == (None, None, 28)


@pytest.mark.slow
@given(st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple), st.integers(1, 5))
@settings(max_examples=50, deadline=None)
def test_to_categorical(shape: tuple[int, ...], classes: int) -> None:
    import keras

    labels = np.zeros(shape, dtype="int64")
    assert arrays.to_categorical(shape, classes) == keras.utils.to_categorical(labels, classes).shape

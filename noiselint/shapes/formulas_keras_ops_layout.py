"""The `keras.ops` that give a tensor new sizes, written out as their
`compute_output_spec` computes them (keras/src/ops/numpy.py, nn.py): `reshape`, `tile`,
`repeat`, `broadcast_to`, `split` (several outputs), `take`, `one_hot`. Sizes and counts
must be plain ints, none negative (Keras refuses a negative size, or takes some in odd
ways); None wherever Keras raises: Keras is asked."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from noiselint.shapes.facts import Shape
from noiselint.shapes.formulas_keras_ops_base import Call, axis, broadcast, ints, is_int

# A split into more parts than this is left to Keras (a part each is no formula's job).
_MOST_PARTS = 1024


def _sizes(value: object) -> list[int] | None:
    """An int or a list of ints, none negative."""
    listed = ints(value)
    return listed if listed is not None and all(v >= 0 for v in listed) else None


def _reshape(call: Call) -> Shape | None:
    """`compute_reshape_output_shape`: a target of positive sizes and at most one -1; the -1
    unknown when an input size is, else the size left (Keras refuses one that does not
    divide, or a known total that differs)."""
    x, target = call.shapes.get("x"), ints(call.static.get("newshape"))
    if x is None or target is None or not all(d > 0 or d == -1 for d in target) or target.count(-1) > 1:
        return None
    if None in x:
        return tuple(None if d == -1 else d for d in target)
    size, known = math.prod(x), math.prod(d for d in target if d != -1)  # type: ignore[arg-type]
    if -1 not in target:
        return tuple(target) if size == known else None
    return tuple(size // known if d == -1 else d for d in target) if size % known == 0 else None


def _tile(call: Call) -> Shape | None:
    """`Tile`: the shape and the repeats padded with 1s on the left to one length; each
    size times its repeat (None stays None)."""
    x, repeats = call.shapes.get("x"), _sizes(call.static.get("repeats"))
    if x is None or repeats is None:
        return None
    rank = max(len(x), len(repeats))
    padded = (1,) * (rank - len(x)) + x
    times = [1] * (rank - len(repeats)) + repeats
    return tuple(None if d is None else d * r for d, r in zip(padded, times, strict=True))


def _repeat(call: Call) -> Shape | None:
    """`Repeat`: without an axis, the flattened input (unknown when a size is); one repeat
    multiplies the size, a list of them (one per element) sums to it."""
    x, repeats, given = call.shapes.get("x"), _sizes(call.static.get("repeats")), call.static.get("axis")
    if x is None or repeats is None:
        return None
    times = repeats[0] if len(repeats) == 1 else None
    if given is None:
        if None in x:
            return (None,)
        size = math.prod(x)  # type: ignore[arg-type]
        if times is not None:
            return (size * times,)
        return (sum(repeats),) if len(repeats) == size else None
    at = axis(given, len(x))
    if at is None:
        return None
    size = x[at]
    if size is None:
        return x
    if times is None and size != len(repeats):
        return None
    return (*x[:at], size * times if times is not None else sum(repeats), *x[at + 1:])


def _broadcast_to(call: Call) -> Shape | None:
    """`BroadcastTo`: the target, once `broadcast_shapes` takes it with the input's shape
    (a shorter target is padded, not refused: the target is still the answer)."""
    x, target = call.shapes.get("x"), call.static.get("shape")
    if x is None or not isinstance(target, list):
        return None
    sizes = _sizes(target)
    if sizes is None or broadcast(x, tuple(sizes)) is None:
        return None
    return tuple(sizes)


def _split(call: Call) -> list[Shape] | None:
    """`_compute_split_output_spec`: n equal parts (the size must divide), or the parts
    between the given indices (each part's size its end less its start, unknown past an
    unknown size; Keras refuses a negative one)."""
    x, given, at = call.shapes.get("x"), call.static.get("indices_or_sections"), call.static.get("axis", 0)
    where = None if x is None else axis(at, len(x))
    if x is None or where is None:
        return None
    size = x[where]

    def part(length: int | None) -> Shape:
        return (*x[:where], length, *x[where + 1:])

    if is_int(given):
        if not 1 <= given <= _MOST_PARTS:  # type: ignore[operator]
            return None
        if size is None:
            return [part(None)] * given  # type: ignore[operator]
        return [part(size // given)] * given if size % given == 0 else None  # type: ignore[operator]
    indices = given if isinstance(given, list) and len(given) < _MOST_PARTS else None
    if indices is None or not all(is_int(i) for i in indices):
        return None
    bounds = [0, *indices, size]
    lengths = [None if end is None else end - start for start, end in itertools.pairwise(bounds)]
    if any(n is not None and n < 0 for n in lengths):
        return None
    return [part(n) for n in lengths]


def _take(call: Call) -> Shape | None:
    """`Take`: the indices' shape (no axis), or put in place of the input's axis."""
    x, indices, given = call.shapes.get("x"), call.shapes.get("indices"), call.static.get("axis")
    if x is None or indices is None:
        return None
    if given is None:
        return indices
    at = axis(given, len(x))
    return None if at is None else x[:at] + indices + x[at + 1:]


def _one_hot(call: Call) -> Shape | None:
    """`OneHot`: `num_classes` appended (axis -1) or inserted at an axis in [0, rank);
    every other axis, even the rank itself, is refused."""
    x, classes, given = call.shapes.get("x"), call.static.get("num_classes"), call.static.get("axis", -1)
    if x is None or not is_int(classes) or classes < 0 or not is_int(given):  # type: ignore[operator]
        return None
    if given == -1:
        return (*x, classes)  # type: ignore[return-value]
    return (*x[:given], classes, *x[given:]) if 0 <= given < len(x) else None  # type: ignore[operator,misc,return-value]


FORMULAS: dict[str, Callable[[Call], Shape | None]] = {
    "reshape": _reshape, "tile": _tile, "repeat": _repeat, "broadcast_to": _broadcast_to, "take": _take,
    "one_hot": _one_hot,
}
SPLIT = _split

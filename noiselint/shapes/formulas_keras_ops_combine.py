"""The `keras.ops` of several tensors, written out as their `compute_output_spec`
computes them (keras/src/ops/numpy.py): the broadcasting ops (`add`, `maximum`,
`not_equal`, ... and `where`), `matmul`, `dot`, `concatenate`, `stack`. None wherever
Keras raises: Keras is asked."""

from __future__ import annotations

from collections.abc import Callable

from noiselint.shapes.facts import Shape
from noiselint.shapes.formulas_keras_ops_base import Call, axis, broadcast, compatible
from noiselint.shapes.keras_ops import BINARY


def _binary(call: Call) -> Shape | None:
    """`Add`, `Maximum`, `NotEqual`, ...: `broadcast_shapes` of the two."""
    x1, x2 = call.shapes.get("x1"), call.shapes.get("x2")
    return None if x1 is None or x2 is None else broadcast(x1, x2)


def _where(call: Call) -> Shape | None:
    """`Where` of all three: the condition broadcast with `x1`, then with `x2`."""
    condition, x1, x2 = call.shapes.get("condition"), call.shapes.get("x1"), call.shapes.get("x2")
    if condition is None or x1 is None or x2 is None:
        return None
    first = broadcast(condition, x1)
    return None if first is None else broadcast(first, x2)


def _matmul(call: Call) -> Shape | None:
    """`compute_matmul_output_shape`: a vector is a matrix of one row (`x1`) or column
    (`x2`), dropped again from the output; the inner sizes equal unless one is None, the
    leading axes broadcast."""
    x1, x2 = call.shapes.get("x1"), call.shapes.get("x2")
    if x1 is None or x2 is None or not x1 or not x2:  # a scalar: Keras fails on its last axis
        return None
    left = (1, x1[0]) if len(x1) == 1 else x1
    right = (x2[0], 1) if len(x2) == 1 else x2
    if left[-1] is not None and right[-2] is not None and left[-1] != right[-2]:
        return None
    leading = broadcast(left[:-2], right[:-2])
    if leading is None:
        return None
    return leading + (() if len(x1) == 1 else (left[-2],)) + (() if len(x2) == 1 else (right[-1],))


def _dot(call: Call) -> Shape | None:
    """`Dot`: a scalar multiplies (broadcasts); two vectors give a scalar, unchecked; a
    vector `x2` needs `x1`'s last size equal to its own, None included; otherwise
    `x1`'s last and `x2`'s second last must agree unless one is None."""
    x1, x2 = call.shapes.get("x1"), call.shapes.get("x2")
    if x1 is None or x2 is None:
        return None
    if not x1 or not x2:
        return broadcast(x1, x2)
    if len(x1) == 1 and len(x2) == 1:
        return ()
    if len(x2) == 1:
        return x1[:-1] if x1[-1] == x2[0] else None
    if x1[-1] is None or x2[-2] is None or x1[-1] == x2[-2]:
        return x1[:-1] + x2[:-2] + x2[-1:]
    return None


def _concatenate(call: Call) -> Shape | None:
    """`Concatenate`: the first's shape, with the sizes on the axis summed (unknown if one
    is); every other size must match the first's or be None on one side."""
    xs, given = call.items, call.static.get("axis", 0)
    if not xs:
        return None
    first = xs[0]
    at = axis(given, len(first))
    if at is None or not all(compatible(x, first, at) for x in xs):
        return None
    sizes = [x[at] for x in xs]
    total = None if None in sizes else sum(sizes)  # type: ignore[arg-type]
    return (*first[:at], total, *first[at + 1:])


def _stack(call: Call) -> Shape | None:
    """`Stack`: the first's shape with the count inserted at the axis (valid up to the
    rank itself); every shape must match the first's, None matching anything."""
    xs, given = call.items, call.static.get("axis", 0)
    if not xs:
        return None
    first = xs[0]
    at = axis(given, len(first) + 1)
    if at is None or not all(compatible(x, first) for x in xs):
        return None
    return (*first[:at], len(xs), *first[at:])


FORMULAS: dict[str, Callable[[Call], Shape | None]] = {
    **dict.fromkeys(BINARY, _binary), "where": _where, "matmul": _matmul, "dot": _dot,
    "concatenate": _concatenate, "stack": _stack,
}

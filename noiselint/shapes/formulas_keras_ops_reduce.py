"""The `keras.ops` of one tensor that reduce it or keep or move its axes, written out as
their `compute_output_spec` computes them (keras/src/ops/numpy.py, nn.py, math.py):
the reductions, `argmax`/`argmin`, `softmax`/`log_softmax`, `clip`, `cumsum`, `transpose`,
`expand_dims`, `squeeze`. None wherever Keras raises, or for an argument the formula does
not take: Keras is asked."""

from __future__ import annotations

import math
from collections.abc import Callable

from noiselint.shapes.facts import Shape
from noiselint.shapes.formulas_keras_ops_base import Call, axis, distinct_axes, ints, reduce

REDUCTIONS = ("sum", "mean", "max", "min", "prod", "std", "var", "any", "all", "logsumexp", "argmax", "argmin")


def _reduction(call: Call) -> Shape | None:
    """`Sum`, `Mean`, ..., `Logsumexp`, `Argmax`: `reduce_shape` of the input (their
    constructors turn an int axis into a list, which `reduce_shape` reads alike)."""
    x = call.shapes.get("x")
    return None if x is None else reduce(x, call.static.get("axis"), call.static.get("keepdims", False))


def _softmax(call: Call) -> Shape | None:
    """`Softmax`, `LogSoftmax`: the input's shape, once `canonicalize_axes` takes the axis
    (an int or a list of them, repeats allowed; None takes all)."""
    x, given = call.shapes.get("x"), call.static.get("axis", -1)
    if x is None:
        return None
    axes = None if given is None else ints(given)
    if given is not None and (axes is None or any(axis(a, len(x)) is None for a in axes)):
        return None
    return x


def _clip(call: Call) -> Shape | None:
    """`Clip`: the input's shape, whatever the bounds' (they are not looked at)."""
    x = call.shapes.get("x")
    return x if x is not None and {"x_min", "x_max"} <= set(call.shapes) else None


def _cumsum(call: Call) -> Shape | None:
    """`Cumsum`: the input's shape along a valid axis; without one, the flattened input
    (its size, unknown when one of its sizes is)."""
    x, given = call.shapes.get("x"), call.static.get("axis")
    if x is None:
        return None
    if given is None:
        return (None,) if None in x else (math.prod(x),)  # type: ignore[arg-type]
    return x if axis(given, len(x)) is not None else None


def _transpose(call: Call) -> Shape | None:
    """`compute_transpose_output_shape`: the sizes reversed, or permuted by `axes` (as many
    as the rank, each valid, none twice)."""
    x, given = call.shapes.get("x"), call.static.get("axes")
    if x is None:
        return None
    if given is None:
        return x[::-1]
    axes = distinct_axes(given, len(x)) if isinstance(given, list) and len(given) == len(x) else None
    return None if axes is None else tuple(x[a] for a in axes)


def _expand_dims(call: Call) -> Shape | None:
    """`compute_expand_dims_output_shape`: a 1 at each axis of the output (an int or a
    list; `ExpandDims` refuses None)."""
    x, given = call.shapes.get("x"), ints(call.static.get("axis"))
    if x is None or given is None:
        return None
    rank = len(x) + len(given)
    axes = distinct_axes(given, rank)
    if axes is None:
        return None
    sizes = iter(x)
    return tuple(1 if i in axes else next(sizes) for i in range(rank))


def _squeeze(call: Call) -> Shape | None:
    """`Squeeze`: every size 1 dropped (axis None; None sizes stay), or the given axes,
    each of which must have size 1 (a None size is refused)."""
    x, given = call.shapes.get("x"), call.static.get("axis")
    if x is None:
        return None
    if given is None:
        return tuple(d for d in x if d != 1)
    listed = ints(given)
    axes = None if listed is None else distinct_axes(listed, len(x))
    if axes is None or any(x[a] != 1 for a in axes):
        return None
    return tuple(d for i, d in enumerate(x) if i not in axes)


def squeeze_refusal(call: Call) -> str | None:
    """`Squeeze`'s words for the first given axis whose size is not 1 (a None size too),
    when no axis before it is out of range (Keras's IndexError, not written here)."""
    x, given = call.shapes.get("x"), call.static.get("axis")
    listed = None if x is None or given is None else ints(given)
    for a in listed or ():
        if not -len(x) <= a < len(x):  # type: ignore[arg-type]
            return None
        if x[a] != 1:  # type: ignore[index]
            return f"Cannot squeeze axis {a}, because the dimension is not 1."
    return None


FORMULAS: dict[str, Callable[[Call], Shape | None]] = {
    **dict.fromkeys(REDUCTIONS, _reduction), "softmax": _softmax, "log_softmax": _softmax, "clip": _clip,
    "cumsum": _cumsum, "transpose": _transpose, "expand_dims": _expand_dims, "squeeze": _squeeze,
}

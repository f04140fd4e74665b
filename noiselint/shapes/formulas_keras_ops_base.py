"""What the written-out `keras.ops` formulas share: a question with its tensor arguments
resolved to their shapes (`Call`), and the helpers of Keras's `compute_output_spec`
(`canonicalize_axis`, `broadcast_shapes`, `reduce_shape`, keras/src/ops/operation_utils.py)
written out, each returning None wherever Keras's raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from noiselint.shapes.facts import Shape


@dataclass(frozen=True)
class Call:
    """One question: the static arguments as noiselint passes them (JSON: ints, lists,
    None, ...), each tensor argument's shape, and the shapes of the list of tensors
    (`concatenate`'s `xs`, `stack`'s `x`; None when there is none)."""
    static: Mapping[str, object]
    shapes: Mapping[str, Shape]
    items: tuple[Shape, ...] | None = None


def is_int(value: object) -> bool:
    """A plain int: Keras takes a bool where it takes an int (`True` is axis 1); the
    formulas leave that, and every other odd value, to Keras."""
    return type(value) is int


def ints(value: object) -> list[int] | None:
    """An int or a list of ints as a list (a list arrives as a tuple in Keras, which its
    axis helpers treat alike); None for anything else."""
    if is_int(value):
        return [value]  # type: ignore[list-item]
    if isinstance(value, list) and all(is_int(v) for v in value):
        return value
    return None


def axis(value: object, rank: int) -> int | None:
    """`canonicalize_axis`: an int in [-rank, rank) as one in [0, rank)."""
    if not is_int(value) or not -rank <= value < rank:  # type: ignore[operator]
        return None
    return value % rank  # type: ignore[operator]


def distinct_axes(values: list[int], rank: int) -> list[int] | None:
    """Each axis canonical, none twice: Keras takes a repeated axis in some ops and does
    something odd with it (`reduce_shape` deletes two sizes), so the formulas leave it."""
    axes = [axis(v, rank) for v in values]
    if None in axes or len(set(axes)) != len(axes):
        return None
    return axes  # type: ignore[return-value]


def broadcast(shape1: Shape, shape2: Shape) -> Shape | None:
    """`broadcast_shapes`: the shorter padded with 1s on the left; then 1 takes the other
    size, None against 1 stays None and against a size takes it, two sizes must be equal
    (None where Keras raises)."""
    rank = max(len(shape1), len(shape2))
    left = (1,) * (rank - len(shape1)) + shape1
    right = (1,) * (rank - len(shape2)) + shape2
    out: list[int | None] = []
    for a, b in zip(left, right, strict=True):
        if a == 1:
            out.append(b)
        elif a is None:
            out.append(None if b == 1 else b)
        elif b == 1 or b is None or b == a:
            out.append(a)
        else:
            return None
    return tuple(out)


def reduce(shape: Shape, axes: object, keepdims: object) -> Shape | None:
    """`reduce_shape`: every axis (axis None) or the given ones dropped, or kept as 1."""
    if type(keepdims) is not bool:
        return None
    if axes is None:
        return (1,) * len(shape) if keepdims else ()
    given = ints(axes)
    canonical = None if given is None else distinct_axes(given, len(shape))
    if canonical is None:
        return None
    if keepdims:
        return tuple(1 if i in canonical else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in canonical)


def compatible(shape1: Shape, shape2: Shape, skip: int | None = None) -> bool:
    """`shape_equal(..., allow_none=True)`: the same rank, each size equal or one of them
    None, except on the axis `skip`."""
    return len(shape1) == len(shape2) and all(
        i == skip or a is None or b is None or a == b for i, (a, b) in enumerate(zip(shape1, shape2, strict=True)))

"""The output shapes of a few Keras ops (`keras.ops.reshape`, `keras.ops.cumsum`), written
out as their `compute_output_spec` computes them on KerasTensors, so that a model using them
needs no Keras import. Each answers only plain arguments (ints, a list of ints) where Keras
answers too; anything else, or an input Keras refuses, returns None and Keras is asked.
`tests/test_keras_op_formulas.py` holds them against Keras itself."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from noiselint.shapes.facts import Shape
from noiselint.shapes.keras_ops import PREFIX

KerasInput = tuple[Shape | None, str]


def answer(op: str, args: Mapping[str, object], inputs: Sequence[KerasInput]) -> tuple[Shape] | None:
    """`(shape,)` of a Keras op on inputs of known rank, or None when only Keras can say."""
    formula = _FORMULAS.get(op.removeprefix(PREFIX)) if op.startswith(PREFIX) else None
    if formula is None or len(inputs) != 1 or inputs[0][0] is None or args.get("x") != {"t": 0}:
        return None
    shape = formula(args, inputs[0][0])
    return None if shape is None else (shape,)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _cumsum(args: Mapping[str, object], shape: Shape) -> Shape | None:
    """`Cumsum.compute_output_spec`: the input's shape along a valid axis; without one, the
    flattened input (its size, unknown when one of its sizes is)."""
    axis = args.get("axis")
    if set(args) - {"x", "axis"}:
        return None
    if axis is None:
        return (None,) if None in shape else (math.prod(shape),)  # type: ignore[arg-type]
    return shape if _int(axis) and -len(shape) <= axis < len(shape) else None  # type: ignore[operator]


def _reshape(args: Mapping[str, object], shape: Shape) -> Shape | None:
    """`compute_reshape_output_shape`: a target of positive sizes and at most one -1; the -1
    unknown when an input size is, else the size left (Keras refuses one that does not
    divide, or a known total that differs)."""
    target = args.get("newshape")
    target = [target] if _int(target) else target
    if set(args) != {"x", "newshape"} or not isinstance(target, list) \
            or not all(_int(d) and (d > 0 or d == -1) for d in target) or target.count(-1) > 1:
        return None
    if None in shape:
        return tuple(None if d == -1 else d for d in target)
    size, known = math.prod(shape), math.prod(d for d in target if d != -1)  # type: ignore[arg-type]
    if -1 not in target:
        return tuple(target) if size == known else None
    return tuple(size // known if d == -1 else d for d in target) if size % known == 0 else None


_FORMULAS = {"cumsum": _cumsum, "reshape": _reshape}

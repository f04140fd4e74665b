"""The output shapes of the common Keras ops, written out as their `compute_output_spec`
computes them on KerasTensors, so that a model using them needs no Keras import: the
reductions and axis ops (formulas_keras_ops_reduce.py), the ops that give new sizes
(formulas_keras_ops_layout.py), the ops of several tensors (formulas_keras_ops_combine.py).
Each answers only plain arguments (ints, lists of ints, None) where Keras answers too;
anything else, or an input Keras refuses, returns None and Keras is asked.
`tests/test_keras_op_formulas.py` holds them against Keras itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from noiselint.shapes import formulas_keras_ops_combine, formulas_keras_ops_layout, formulas_keras_ops_reduce
from noiselint.shapes.facts import Shape
from noiselint.shapes.formulas_keras_ops_base import Call, is_int
from noiselint.shapes.keras_ops import KERAS_OPS, PREFIX
from noiselint.shapes.tf_ops import TfOp

KerasInput = tuple[Shape | None, str]

_FORMULAS = {**formulas_keras_ops_reduce.FORMULAS, **formulas_keras_ops_layout.FORMULAS,
             **formulas_keras_ops_combine.FORMULAS}
# The dtypes noiselint gives its KerasTensors (model/tf_calls.py): every op here takes
# both; another would be Keras's to judge (`result_type` refuses some).
_DTYPES = frozenset({"float32", "int32"})


def answer(op: str, args: Mapping[str, object], inputs: Sequence[KerasInput]) -> tuple[Shape, ...] | None:
    """The output shapes of a Keras op on inputs of known rank (one, or one per part of a
    `split`), or None when only Keras can say."""
    name = op.removeprefix(PREFIX) if op.startswith(PREFIX) else ""
    entry = KERAS_OPS.get(name)
    if entry is None or not (name in _FORMULAS or name == "split"):
        return None
    call = _call(entry, args, inputs)
    if call is None:
        return None
    if name == "split":
        parts = formulas_keras_ops_layout.SPLIT(call)
        return None if not parts else tuple(parts)
    shape = _FORMULAS[name](call)
    return None if shape is None else (shape,)


def refusal(op: str, args: Mapping[str, object], inputs: Sequence[KerasInput]) -> tuple[str, str] | None:
    """Keras's own refusal, (error type, message) word for word, where its words are certain:
    `squeeze` of an axis whose size is not 1 (the keras-hub survey's question); None for
    every other question: Keras is asked."""
    entry = KERAS_OPS.get("squeeze") if op == PREFIX + "squeeze" else None
    call = None if entry is None else _call(entry, args, inputs)
    said = None if call is None else formulas_keras_ops_reduce.squeeze_refusal(call)
    return None if said is None else ("ValueError", said)


def _call(entry: TfOp, args: Mapping[str, object], inputs: Sequence[KerasInput]) -> Call | None:
    """The question with each tensor argument (`{"t": i}`, or a list of them) turned into
    its input's shape; None for an argument the op does not take (keras_op_shapes passes
    only the op's parameters), a tensor where none belongs or an input that is not a plain
    KerasTensor of known rank."""
    if not set(args) <= set(entry.params):
        return None
    shapes: list[Shape] = []
    for shape, dtype in inputs:
        if shape is None or dtype not in _DTYPES or not all(d is None or (is_int(d) and d >= 0) for d in shape):
            return None
        shapes.append(shape)

    def resolve(ref: object) -> Shape | None:
        if isinstance(ref, dict) and set(ref) == {"t"} and is_int(ref["t"]) and 0 <= ref["t"] < len(shapes):
            return shapes[ref["t"]]
        return None

    static: dict[str, object] = {}
    tensors: dict[str, Shape] = {}
    items: tuple[Shape, ...] | None = None
    for name, value in args.items():
        if name in entry.tensors:
            shape = resolve(value)
            if shape is None:
                return None
            tensors[name] = shape
        elif name in entry.tensor_lists:
            listed = [resolve(v) for v in value] if isinstance(value, list) else [None]
            if None in listed:
                return None
            items = tuple(listed)  # type: ignore[arg-type]
        elif _holds_tensor(value):
            return None
        else:
            static[name] = value
    return Call(static, tensors, items)


def _holds_tensor(value: object) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(_holds_tensor(v) for v in value))

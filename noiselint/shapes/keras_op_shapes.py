"""Keras op shapes, asked of Keras itself: an allow-listed `keras.ops` function
(shapes/keras_ops.py) is called on `KerasTensor`s of the input shapes, from static
arguments only, as a functional model's construction calls it. A KerasTensor holds a shape
and a dtype and nothing else: the op runs only its `compute_output_spec`, no kernel, no
user code. Keras is imported by the caller (shapes/oracle.py), only for a question the
shape cache cannot answer.

A question is JSON as for TensorFlow's ops (shapes/tf_graph.py): a tensor argument is
`{"t": i}`, the i-th input, and every input's rank is known (a KerasTensor has one)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import ModuleType

from noiselint.shapes.facts import Shape
from noiselint.shapes.keras_ops import KERAS_OPS, PREFIX
from noiselint.shapes.tf_graph import TfInput


class NotAsked(Exception):
    """A question noiselint does not put to Keras (not Keras's refusal)."""


_WORD = re.compile(r"[A-Za-z_0-9]{1,40}")  # "float32"
_SUBSCRIPTS = re.compile(r"[a-zA-Z.,\- >]{1,80}")  # einsum: "bij,bjk->bik"


def keras_op_shapes(keras: ModuleType, op: str, args: Mapping[str, object],
                    inputs: Sequence[TfInput]) -> tuple[Shape, ...]:
    """The output shapes Keras infers for `op` (one per output: `split` has several).
    Raises what Keras raises when the arguments do not fit the inputs."""
    name = op.removeprefix(PREFIX)
    entry = KERAS_OPS[name]  # KeyError: not allow-listed
    if any(shape is None for shape, _ in inputs):
        raise NotAsked("an input of unknown rank is not asked")
    tensors = [keras.KerasTensor(tuple(shape), dtype=dtype) for shape, dtype in inputs]  # type: ignore[arg-type]

    def value(v: object) -> object:
        if isinstance(v, dict) and set(v) == {"t"} and type(v["t"]) is int:
            return tensors[v["t"]]
        if isinstance(v, list):
            # A shape or axes as Keras's own code passes them; the ops that take a list of
            # tensors (`concatenate`, `stack`) take a tuple as well.
            return tuple(value(i) for i in v)
        if isinstance(v, str) and not (_WORD.fullmatch(v) or (name == "einsum" and _SUBSCRIPTS.fullmatch(v))):
            raise NotAsked(f"argument {v!r} is not a plain word")
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        raise NotAsked(f"argument {v!r} is not static")

    kwargs = {k: value(v) for k, v in args.items() if k in entry.params}
    function = getattr(keras.ops, name)
    # `einsum(subscripts, *operands)`: the operands follow the subscripts.
    out = function(kwargs["subscripts"], *value(args["operands"])) if name == "einsum" else function(**kwargs)  # type: ignore[misc]
    outputs = out if isinstance(out, (list, tuple)) else [out]
    return tuple(tuple(None if d is None else int(d) for d in t.shape) for t in outputs)

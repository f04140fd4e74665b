"""The Keras 3 ops (`keras.ops.*`, `from keras import ops`, `tf.keras.ops` under Keras 3)
noiselint asks Keras about: their parameters, in the order of the installed Keras's
signatures (tests/test_keras_ops.py checks them), and which of them are tensors. Pure data:
nothing here imports Keras.

An op is asked as Keras answers it in a functional model: the `keras.ops` function called
on `KerasTensor`s of the input shapes, which runs its own `compute_output_spec` (the shape
process, shapes/keras_op_shapes.py). Its refusals (`Inner dimensions ... must be equal`)
are what building the model raises; shapes/failures.py says which rule each belongs to."""

from __future__ import annotations

from noiselint.shapes.tf_ops import TfOp

_ROOTS = ("keras.ops.", "tensorflow.keras.ops.", "keras.src.ops.", "keras.api.ops.")
# The namespaces the same functions are also exported from (`keras.ops.numpy.reshape`,
# `keras.src.ops.numpy.reshape`, `keras.ops.nn.softmax`).
_SUBMODULES = ("numpy.", "nn.", "core.", "math.")
PREFIX = "keras.ops."  # how an op is named in the graph and its questions


def _op(name: str, params: str, tensors: str = "", static: str = "", lists: str = "", ints: str = "") -> TfOp:
    def words(text: str) -> frozenset[str]:
        return frozenset(text.split())
    return TfOp(PREFIX + name, tuple(params.split()), words(tensors), words(lists), words(static), words(ints))


# Broadcasting ops of two tensors (`x1`, `x2`).
BINARY = ("add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "maximum", "minimum", "power",
          "mod", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and",
          "logical_or", "logical_xor", "divide_no_nan", "arctan2", "hypot")

KERAS_OPS: dict[str, TfOp] = {
    "reshape": _op("reshape", "x newshape", "x", "newshape"),
    "transpose": _op("transpose", "x axes", "x", "axes"),
    "concatenate": _op("concatenate", "xs axis", static="axis", lists="xs"),
    "stack": _op("stack", "x axis", static="axis", lists="x"),
    "matmul": _op("matmul", "x1 x2", "x1 x2"),
    "expand_dims": _op("expand_dims", "x axis", "x", "axis"),
    "squeeze": _op("squeeze", "x axis", "x", "axis"),
    "where": _op("where", "condition x1 x2", "condition x1 x2"),
    "argmax": _op("argmax", "x axis keepdims", "x", "axis keepdims"),
    "argmin": _op("argmin", "x axis keepdims", "x", "axis keepdims"),
    "split": _op("split", "x indices_or_sections axis", "x", "indices_or_sections axis"),
    "tile": _op("tile", "x repeats", "x", "repeats"),
    "repeat": _op("repeat", "x repeats axis", "x", "repeats axis"),
    "einsum": _op("einsum", "subscripts", static="subscripts"),  # the operands follow the subscripts
    "take": _op("take", "x indices axis", "x indices", "axis", ints="indices"),
    "broadcast_to": _op("broadcast_to", "x shape", "x", "shape"),
    "one_hot": _op("one_hot", "x num_classes axis", "x", "num_classes axis", ints="x"),
    "clip": _op("clip", "x x_min x_max", "x x_min x_max"),
    "cumsum": _op("cumsum", "x axis", "x", "axis"),
    "softmax": _op("softmax", "x axis", "x", "axis"),
    "log_softmax": _op("log_softmax", "x axis", "x", "axis"),
    "dot": _op("dot", "x1 x2", "x1 x2"),
}
for _name in ("sum", "mean", "max", "min", "prod", "std", "var", "any", "all", "logsumexp"):
    KERAS_OPS[_name] = _op(_name, "x axis keepdims", "x", "axis keepdims")
for _name in BINARY:
    KERAS_OPS[_name] = _op(_name, "x1 x2", "x1 x2")

# Elementwise ops of one tensor: the output has the input's shape, whatever it is (held to
# Keras by tests/test_keras_ops.py).
SAME_SHAPE = frozenset({
    "cast", "convert_to_tensor", "stop_gradient", "square", "sqrt", "rsqrt", "abs", "absolute", "exp", "log",
    "log1p", "expm1", "floor", "ceil", "round", "sign", "negative", "reciprocal", "erf", "sin", "cos", "tanh",
    "sigmoid", "relu", "relu6", "gelu", "silu", "swish", "softplus", "softsign", "elu", "selu", "leaky_relu",
    "hard_sigmoid", "hard_silu", "logical_not", "isnan", "isfinite", "zeros_like", "ones_like",
    "nan_to_num", "conj", "real", "imag",
})


def keras_op_name(qualified: str) -> str | None:
    """`keras.src.ops.numpy.reshape` -> `reshape`; None for a name outside `keras.ops`."""
    for root in _ROOTS:
        if qualified.startswith(root):
            rest = qualified[len(root):]
            for sub in _SUBMODULES:
                if rest.startswith(sub):
                    rest = rest[len(sub):]
                    break
            return rest if "." not in rest and rest else None
    return None

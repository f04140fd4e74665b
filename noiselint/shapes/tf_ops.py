"""The TensorFlow ops noiselint may build to ask for a shape (the TF allow-list), and the
TF 1 `tf.layers` functions with the Keras layer each one is. Pure data: nothing here
imports TensorFlow.

An op is built as `tf.compat.v1.<path>` on placeholders in a private graph (shapes/tf_graph.py),
so users' TF 1 keywords (`keep_dims`, `reduction_indices`, `squeeze_dims`) are understood as
TensorFlow understands them. Positional orders are those of the `tf.compat.v1` functions
(tests/test_tf_ops.py checks them against the installed TensorFlow).
"""

from __future__ import annotations

from dataclasses import dataclass

_ROOTS = ("tensorflow.compat.v1.", "tensorflow.compat.v2.", "tensorflow.")


@dataclass(frozen=True, slots=True)
class TfOp:
    """What noiselint reads of one TensorFlow op's arguments."""

    path: str  # under `tf.compat.v1`, e.g. "reshape", "nn.conv2d"
    params: tuple[str, ...]  # positional order
    tensors: frozenset[str]  # parameters that take a tensor
    tensor_lists: frozenset[str] = frozenset()  # parameters that take a list of tensors
    # Parameters passed as static values; an unknown one makes the answer unknown, except
    # inside a list, where an unknown element is a run-time scalar (a dimension).
    static: frozenset[str] = frozenset()
    int_tensors: frozenset[str] = frozenset()  # tensors that must be integers (indices)


def _op(path: str, params: str, tensors: str = "", static: str = "", lists: str = "", ints: str = "") -> TfOp:
    def words(text: str) -> frozenset[str]:
        return frozenset(text.split())
    return TfOp(path, tuple(params.split()), words(tensors), words(lists), words(static), words(ints))


_REDUCE = "input_tensor axis keepdims name reduction_indices keep_dims"
# Elementwise ops of two tensors, broadcast (shapes/formulas.py writes their shape out).
ELEMENTWISE = ("add", "subtract", "multiply", "divide", "truediv", "realdiv", "floordiv", "maximum", "minimum", "pow",
           "squared_difference", "mod", "floormod")

# TF 1 takes these only by keyword (`_sentinel` comes first) and TF 0.x read `(logits, labels)`:
# a positional call means different tensors in different versions, so it is not judged.
KEYWORDS_ONLY = frozenset({"nn.softmax_cross_entropy_with_logits", "nn.sparse_softmax_cross_entropy_with_logits"})

TF_OPS: dict[str, TfOp] = {
    "reshape": _op("reshape", "tensor shape name", "tensor", "shape"),
    "squeeze": _op("squeeze", "input axis name squeeze_dims", "input", "axis squeeze_dims"),
    "expand_dims": _op("expand_dims", "input axis name dim", "input", "axis dim"),
    "concat": _op("concat", "values axis name", static="axis", lists="values"),
    "stack": _op("stack", "values axis name", static="axis", lists="values"),
    "transpose": _op("transpose", "a perm name conjugate", "a", "perm conjugate"),
    "matmul": _op("matmul", "a b transpose_a transpose_b adjoint_a adjoint_b", "a b",
                  "transpose_a transpose_b adjoint_a adjoint_b"),
    "tile": _op("tile", "input multiples name", "input", "multiples"),
    "pad": _op("pad", "tensor paddings mode name constant_values", "tensor", "paddings mode"),
    "argmax": _op("argmax", "input axis name dimension", "input", "axis dimension"),
    "argmin": _op("argmin", "input axis name dimension", "input", "axis dimension"),
    "one_hot": _op("one_hot", "indices depth on_value off_value axis", "indices", "depth axis", ints="indices"),
    "slice": _op("slice", "input_ begin size name", "input_", "begin size"),
    "gather": _op("gather", "params indices validate_indices name axis batch_dims", "params indices",
                  "axis batch_dims", ints="indices"),
    "einsum": _op("einsum", "equation", static="equation"),  # the operands follow the equation
    "nn.conv1d": _op("nn.conv1d", "value filters stride padding use_cudnn_on_gpu data_format name input dilations",
                     "value filters input", "stride padding data_format dilations"),
    "nn.conv2d": _op("nn.conv2d", "input filter strides padding use_cudnn_on_gpu data_format dilations name filters",
                     "input filter filters", "strides padding data_format dilations"),
    "nn.max_pool": _op("nn.max_pool", "value ksize strides padding data_format name input", "value input",
                       "ksize strides padding data_format"),
    "nn.avg_pool": _op("nn.avg_pool", "value ksize strides padding data_format name input", "value input",
                       "ksize strides padding data_format"),
    # Labels of the logits' shape (TensorFlow broadcasts them to [batch, classes]: a rank-1 label
    # vector meets the classes axis).
    "nn.softmax_cross_entropy_with_logits": _op("nn.softmax_cross_entropy_with_logits", "labels logits dim name axis",
                                                "labels logits", "dim axis"),
    "nn.softmax_cross_entropy_with_logits_v2": _op("nn.softmax_cross_entropy_with_logits_v2",
                                                   "labels logits axis name dim", "labels logits", "axis dim"),
    # Integer class labels, one rank below the logits (the wrapper checks the ranks statically).
    "nn.sparse_softmax_cross_entropy_with_logits": _op("nn.sparse_softmax_cross_entropy_with_logits",
                                                       "labels logits name", "labels logits", ints="labels"),
    "nn.embedding_lookup": _op("nn.embedding_lookup", "params ids", "params ids", ints="ids"),
    "__getitem__": _op("__getitem__", "tensor key", "tensor", "key"),  # `x[:, 0]`: a strided slice
}
for _name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_logsumexp"):
    TF_OPS[_name] = _op(_name, _REDUCE, "input_tensor", "axis keepdims reduction_indices keep_dims")
    TF_OPS[f"math.{_name}"] = TF_OPS[_name]
for _name in ELEMENTWISE:
    TF_OPS[_name] = _op(_name, "x y name", "x y")
    TF_OPS[f"math.{_name}"] = TF_OPS[_name]
for _name in ("max_pool", "avg_pool"):
    TF_OPS[f"nn.{_name}2d"] = TF_OPS[f"nn.{_name}"]
TF_OPS["linalg.matmul"] = TF_OPS["matmul"]
TF_OPS["math.argmax"], TF_OPS["math.argmin"] = TF_OPS["argmax"], TF_OPS["argmin"]

# Elementwise ops: the output has the shape of the first argument, whatever the others.
SAME_SHAPE = frozenset({
    *(f"nn.{n}" for n in ("relu", "relu6", "elu", "selu", "leaky_relu", "sigmoid", "tanh", "softplus", "softsign",
                          "gelu", "swish", "silu", "softmax", "log_softmax", "l2_normalize", "bias_add", "lrn",
                          "local_response_normalization", "dropout")),
    *(f"math.{n}" for n in ("tanh", "sigmoid", "abs", "exp", "log", "sqrt", "square", "negative", "sign", "floor",
                            "ceil", "round", "rsqrt", "reciprocal", "erf", "sin", "cos", "l2_normalize", "softplus",
                            "log1p", "logical_not", "is_nan")),
    "tanh", "sigmoid", "identity", "stop_gradient", "cast", "to_float", "to_int32", "abs", "exp", "log", "sqrt",
    "square", "negative", "sign", "floor", "ceil", "round", "rsqrt", "reciprocal", "clip_by_value", "clip_by_norm",
    "zeros_like", "ones_like", "check_numerics", "sin", "cos", "erf", "logical_not",
})

# Ops that make a tensor of the shape their argument spells (`tf.zeros([3, 4])`).
SHAPED = {"zeros": "shape", "ones": "shape", "fill": "dims", "random_normal": "shape", "random_uniform": "shape",
          "truncated_normal": "shape", "random.normal": "shape", "random.uniform": "shape",
          "random.truncated_normal": "shape", "get_variable": "shape"}
SHAPED_PARAMS = {"fill": ("dims", "value"), "get_variable": ("name", "shape")}
PLACEHOLDERS = {"placeholder": ("dtype", "shape", "name"), "placeholder_with_default": ("input", "shape", "name")}

# `tf.layers` / `tf.compat.v1.layers` functions (TF 1.x `tensorflow/python/layers/`, today
# `tf_keras/src/legacy_tf_layers/`): the Keras layer each builds and applies, and the
# function's positional parameters after `inputs`. TF 1 layers default to channels_last.
_CONV = "filters kernel_size strides padding data_format dilation_rate activation use_bias"
_CONV_T = "filters kernel_size strides padding data_format activation use_bias"
_SEPARABLE = "filters kernel_size strides padding data_format dilation_rate depth_multiplier activation"
_POOL = "pool_size strides padding data_format name"
TF_LAYERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dense": ("Dense", ("units", "activation", "use_bias")),
    "flatten": ("Flatten", ("name", "data_format")),
    "batch_normalization": ("BatchNormalization", ("axis", "momentum", "epsilon", "center", "scale")),
    **{f"conv{n}d": (f"Conv{n}D", tuple(_CONV.split())) for n in (1, 2, 3)},
    **{f"conv{n}d_transpose": (f"Conv{n}DTranspose", tuple(_CONV_T.split())) for n in (2, 3)},
    **{f"separable_conv{n}d": (f"SeparableConv{n}D", tuple(_SEPARABLE.split())) for n in (1, 2)},
    **{f"max_pooling{n}d": (f"MaxPooling{n}D", tuple(_POOL.split())) for n in (1, 2, 3)},
    **{f"average_pooling{n}d": (f"AveragePooling{n}D", tuple(_POOL.split())) for n in (1, 2, 3)},
}


def tf_name(qualified: str) -> str | None:
    """`tensorflow.compat.v1.nn.relu` -> `nn.relu`; None for a name outside TensorFlow."""
    for root in _ROOTS:
        if qualified.startswith(root):
            rest = qualified[len(root):]
            return rest if not rest.startswith(("compat.", "keras.")) else None
    return None


def tf_layer(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The Keras layer of a `layers.conv2d`-style name (after `tf_name`)."""
    if not name.startswith("layers."):
        return None
    return TF_LAYERS.get(name[len("layers."):])

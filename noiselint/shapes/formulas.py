"""Output shapes of the most common layers, written out in Python so that a model made of
them needs no Keras (importing TensorFlow costs seconds and half a gigabyte).

Each formula answers only where it is certain to give Keras's own answer: arguments of the
plain kinds, inputs of the rank the layer accepts. Anything else (a string Keras would
normalise, an input Keras would reject, a rare option) returns None, and Keras is asked.
`tests/test_shape_formulas.py` holds every formula against Keras's `compute_output_shape` on
random configurations and inputs: Keras stays the oracle."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

from noiselint.shapes.catalog import OTHER_REQUIRED
from noiselint.shapes.facts import Shape
from noiselint.shapes.tf_ops import ELEMENTWISE

Config = Mapping[str, object]
Formula = Callable[[Config, tuple[Shape, ...]], tuple[Shape, ...] | None]


def answer(layer: str, config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """The output shapes of `layer`, or None when only Keras can say."""
    formula = FORMULAS.get(layer)
    return formula(config, inputs) if formula is not None else None


# Layers whose kernel spans the input's last axis, and the kernel's other size per unit: Keras
# cannot make the kernel for a size it does not know (`Dense` on `Input(shape=(None,))`),
# whatever the output's shape would be (its `compute_output_shape` gives one all the same).
_KERNEL_ON_LAST = {"Dense": 1, "SimpleRNN": 1, "GRU": 3, "LSTM": 4}


def kernel_refusal(layer: str, config: Config, inputs: tuple[Shape, ...]) -> str | None:
    """Keras 3's refusal to build the kernel of a layer whose input's last size is None, in
    its words up to the variable's path (which holds the layer's run-time name); None when
    the size is known. Checked against Keras 3.15 (Dense, LSTM, GRU, SimpleRNN)."""
    per_unit, units = _KERNEL_ON_LAST.get(layer), config.get("units")
    if per_unit is None or len(inputs) != 1 or not inputs[0] or inputs[0][-1] is not None or not _positive(units):
        return None
    return ("Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
            f"Received: shape=(None, {per_unit * units})")  # type: ignore[operator]


def answer_built(layer: str, config: Config, inputs: tuple[Shape, ...], built_on: tuple[Shape, ...]
                 ) -> tuple[Shape, ...] | None:
    """The output shapes of a call of a layer instance that an earlier call built on
    `built_on` (a shared Dense, Conv or Flatten): the unbuilt answer, when the first call
    was one the formula answers and the new input passes the input spec Keras's `build`
    fixed (the same channel or last size, or an unknown one). None when only Keras can say."""
    compatible = _BUILT.get(layer)
    if compatible is None or len(inputs) != 1 or len(built_on) != 1 or answer(layer, config, built_on) is None:
        return None
    return answer(layer, config, inputs) if compatible(config, built_on[0], inputs[0]) else None


def refusal(layer: str, config: Config, inputs: tuple[Shape, ...], built_on: tuple[Shape, ...] | None = None
            ) -> tuple[str, str] | None:
    """Keras's own refusal, (error type, message) word for word, of a question the formulas
    decline because Keras refuses it, where its words are certain: a plain `ConvND` whose
    "valid" output would have a size 0 or less (`compute_conv_output_shape`), a second call
    of a Dense or Conv with another known size on the axis the first call fixed (the input
    spec `build` sets), a pooling `padding` Keras 3 does not take ("SAME") or a "valid"
    pooling window larger than a known size, a DepthwiseConv
    on an unknown channel count, a constructor's required argument left out (an
    `AveragePoolingND` without `pool_size`, a `Conv2D` without `kernel_size`), elementwise
    merges of different batch sizes or of sizes that do not broadcast, a MultiHeadAttention
    given its query alone. None for every other question: Keras is asked.
    `tests/test_keras_answers.py` holds the messages to Keras's recorded ones."""
    if built_on is not None:
        return _built_refusal(layer, config, inputs, built_on)
    missing = _missing_arguments(layer, config) if layer != "TimeDistributed" else _wrapped_missing(config)
    if missing is not None:
        return missing
    if layer in _POOLING:
        return _pooling_refusal(layer, config, inputs)
    if layer in _MERGES:
        return _merge_refusal(layer, config, inputs)
    if layer == "MultiHeadAttention":
        return _query_alone(config, inputs)
    if layer in _DEPTHWISE:
        return _depthwise_refusal(_DEPTHWISE[layer], config, inputs)
    n = _PLAIN_CONV.get(layer)
    setup = None if n is None else _conv_setup(n, False, n == 1, config, inputs)
    # numpy prints the dilation array; one digit each, its columns need no padding.
    if setup is None or setup[6] != "valid" or max(setup[5]) > 9:
        return None
    shape, last, filters, kernel, strides, dilation, _ = setup
    spatial = shape[1:-1] if last else shape[2:]
    if all(_spatial(d, w, s, r, "valid") != -1 for d, w, s, r in zip(spatial, kernel, strides, dilation, strict=True)):
        return None
    kernel_shape = (*kernel, shape[-1] if last else shape[1], filters)
    return "ValueError", ("Computed output size would be zero or negative. Received "
                          f"`inputs shape={tuple(shape)}`, `kernel shape={kernel_shape}`, "
                          f"`dilation_rate=[{' '.join(str(r) for r in dilation)}]`, `strides={strides}`, "
                          "`padding=valid`.")


_PLAIN_CONV = {f"Conv{n}D": n for n in (1, 2, 3)}
_POOLING = {f"{kind}Pooling{n}D" for kind in ("Max", "Average") for n in (1, 2, 3)}
_MERGES = {"Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract"}

# The arguments Keras 3's constructors require, in their order, where each is one noiselint
# passes on (a shape argument); `tests/test_shape_formulas.py` holds the table to Keras's
# signatures. Keras 2 defaulted some (`AveragePooling1D()` pooled by 2), and code written
# for a framework's defaults (tensorpack's argscope gives `Conv2D` its `kernel_size`)
# leaves others out.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "Dense": ("units",), "Embedding": ("input_dim", "output_dim"), "Reshape": ("target_shape",),
    "Permute": ("dims",), "RepeatVector": ("n",), "Dot": ("axes",), "MultiHeadAttention": ("num_heads", "key_dim"),
    "Resizing": ("height", "width"), "CenterCrop": ("height", "width"),
    **{name: ("units",) for name in ("LSTM", "GRU", "SimpleRNN")},
    **{f"{kind}{n}D{tail}": ("filters", "kernel_size") for kind, tail in
       (("Conv", ""), ("Conv", "Transpose"), ("ConvLSTM", "")) for n in (1, 2, 3)},
    **{f"SeparableConv{n}D": ("filters", "kernel_size") for n in (1, 2)},
    **{f"DepthwiseConv{n}D": ("kernel_size",) for n in (1, 2)},
    **{f"AveragePooling{n}D": ("pool_size",) for n in (1, 2, 3)},
}


def _wrapped(config: Config) -> tuple[str, Config] | None:
    """A TimeDistributed's wrapped layer, (class name, config), when that is all its config holds."""
    inner = config.get("layer")
    if set(config) != {"layer"} or not isinstance(inner, dict) or set(inner) != {"class_name", "config"} \
            or not isinstance(inner["class_name"], str) or not isinstance(inner["config"], dict):
        return None
    return inner["class_name"], inner["config"]


def _wrapped_missing(config: Config) -> tuple[str, str] | None:
    """A TimeDistributed around a layer made with an argument that decides no shape
    (catalog.OTHER_REQUIRED), which noiselint never passes: Keras makes the wrapped layer
    first, and its constructor refuses, whatever the input."""
    wrapped = _wrapped(config)
    if wrapped is None or wrapped[0] not in OTHER_REQUIRED:
        return None
    return _missing_arguments(wrapped[0], wrapped[1], OTHER_REQUIRED[wrapped[0]])


def _missing_arguments(layer: str, config: Config, required: tuple[str, ...] | None = None
                       ) -> tuple[str, str] | None:
    """A constructor's required argument left out: Python's TypeError, before anything
    about the input, when every argument given reaches the constructor (plain words,
    numbers and lists of them: noiselint refuses other strings before constructing)."""
    missing = [name for name in (_REQUIRED.get(layer, ()) if required is None else required) if name not in config]
    if not missing or not all(_plain_argument(v) for v in config.values()):
        return None
    quoted = [f"'{name}'" for name in missing]
    names = quoted[0] if len(quoted) == 1 else f"{quoted[0]} and {quoted[1]}" if len(quoted) == 2 \
        else ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    plural = "argument" if len(missing) == 1 else "arguments"
    return "TypeError", f"{layer}.__init__() missing {len(missing)} required positional {plural}: {names}"


def _plain_argument(value: object) -> bool:
    if isinstance(value, str):
        return _WORD.fullmatch(value) is not None
    if isinstance(value, list):
        return all(_plain_argument(v) for v in value)
    return value is None or isinstance(value, (int, float))


def _merge_refusal(layer: str, config: Config, inputs: tuple[Shape, ...]) -> tuple[str, str] | None:
    """`Merge.build`'s words: first for known batch sizes that differ (the shapes as the
    list it was given), then for two sizes after the batch axis that do not broadcast (the
    two shapes it was comparing, the longer first). Only for the questions the formula
    takes otherwise (no config, the input count right, no shape without axes)."""
    if config or len(inputs) < 2 or (layer == "Subtract" and len(inputs) != 2) or not all(inputs):
        return None
    shapes = [tuple(s) for s in inputs]
    if len({s[0] for s in shapes} - {None}) > 1:
        return "ValueError", f"Cannot merge tensors with different batch sizes. Received tensors with shapes {shapes}"
    out = shapes[0][1:]
    for shape in shapes[1:]:
        first, second = (out, shape[1:]) if len(out) >= len(shape[1:]) else (shape[1:], out)
        merged = _keras_broadcast(first, second)
        if merged is None:
            return "ValueError", f"Inputs have incompatible shapes. Received shapes {first} and {second}"
        out = merged
    return None


def _query_alone(config: Config, inputs: tuple[Shape, ...]) -> tuple[str, str] | None:
    """A MultiHeadAttention called with its query alone (`mha(x)`): `compute_output_shape`
    requires the value's shape. For the configs the formula takes."""
    if len(inputs) != 1 or set(config) - {"num_heads", "key_dim"} or not _positive(config.get("num_heads")) \
            or not _positive(config.get("key_dim")):
        return None
    return "TypeError", ("MultiHeadAttention.compute_output_shape() missing 1 required positional argument: "
                         "'value_shape'")


_DEPTHWISE = {f"DepthwiseConv{n}D": n for n in (1, 2)}


def _depthwise_refusal(n: int, config: Config, inputs: tuple[Shape, ...]) -> tuple[str, str] | None:
    """DepthwiseConv's `compute_output_shape` multiplies `depth_multiplier` by the input's
    channel count: an unknown one is Python's TypeError, when nothing else is wrong (the
    question with one channel is one the formula answers)."""
    shape, last = _one(inputs, n + 2), _channels_last(config)
    if shape is None or last is None or shape[-1 if last else 1] is not None:
        return None
    one = (*shape[:-1], 1) if last else (shape[0], 1, *shape[2:])
    if _conv_setup(n, True, False, config, (one,)) is None:
        return None
    return "TypeError", "unsupported operand type(s) for *: 'int' and 'NoneType'"


_WORD = re.compile(r"[A-Za-z_]{1,40}")  # a string noiselint passes to Keras (oracle._WORD)


def _pooling_refusal(layer: str, config: Config, inputs: tuple[Shape, ...]) -> tuple[str, str] | None:
    """Keras 3's pooling layers take `padding` as written ("SAME" too), and
    `compute_pooling_output_shape` accepts only "valid" and "same": its words for another
    plain word, when the question with "same" is one the formula answers (nothing else
    wrong: "same" never makes a size negative); with "valid", its words for a window larger
    than the input."""
    padding = config.get("padding", "valid")
    if not isinstance(padding, str) or padding == "same" or not _WORD.fullmatch(padding) \
            or FORMULAS[layer]({**config, "padding": "same"}, inputs) is None:
        return None
    if padding == "valid":
        return _pool_too_small(layer, config, inputs[0])
    return "ValueError", f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding}"


def _pool_too_small(layer: str, config: Config, shape: Shape) -> tuple[str, str] | None:
    """`compute_pooling_output_shape`'s refusal of a "valid" window larger than a known
    spatial size (a `MaxPooling2D` on a (None, 1, 254, 32) input), as it words it: numpy
    prints the input shape with each unknown spatial size made -1 (an int array, its columns
    padded to one width, when every size is known) and the window; the strides are a tuple.
    None when every output size is positive (the formula answers) or numpy might wrap the
    line."""
    n = len(shape) - 2
    last = _channels_last(config)
    pool = _tuple(config.get("pool_size", 2), n)
    strides = pool if config.get("strides") is None else _tuple(config.get("strides"), n)
    spatial = shape[1:-1] if last else shape[2:]
    if pool is None or strides is None or FORMULAS[layer](config, (shape,)) is not None \
            or all(_spatial(d, w, s, 1, "valid") != -1 for d, w, s in zip(spatial, pool, strides, strict=True)):
        return None
    start = 1 if last else 2
    # Keras writes -1 for an unknown spatial size into a view of the array it then prints.
    printed = [-1 if d is None and start <= i < start + n else d for i, d in enumerate(shape)]
    shown = _numpy(printed, None in shape)
    if len(shown) > 70:
        return None
    return "ValueError", ("Computed output size would be zero or negative. Received: "
                          f"`inputs.shape={shown}`, `pool_size={_numpy(list(pool), False)}`, `strides={strides}`, "
                          "`padding=valid`.")


def _numpy(values: list[int | None], objects: bool) -> str:
    """`str(array)` for a short array: one of objects (an array made from a shape with None
    in it) prints each value as it is, an int array pads each to the widest."""
    texts = [str(v) for v in values]
    if not objects:
        width = max(len(t) for t in texts)
        texts = [t.rjust(width) for t in texts]
    return "[" + " ".join(texts) + "]"


def _built_refusal(layer: str, config: Config, inputs: tuple[Shape, ...], built_on: tuple[Shape, ...]
                   ) -> tuple[str, str] | None:
    """A convolution whose first call is refused (`build` calls the layer, on a known
    channel count: the same words), or a first call Keras would take on a layer built with
    another size on its fixed axis: `assert_input_compatibility`'s axis message, under the
    class name noiselint passes."""
    if layer in _PLAIN_CONV and len(built_on) == 1 and _channels_last(config) is not None \
            and len(built_on[0]) > 1 and built_on[0][-1 if _channels_last(config) else 1] is not None:
        first = refusal(layer, config, built_on)
        if first is not None:
            return first
    if layer == "Dense":
        axis = -1
    elif layer in _PLAIN_CONV and config.get("groups", 1) == 1 and _channels_last(config) is not None:
        axis = -1 if _channels_last(config) else 1
    else:
        return None
    if len(inputs) != 1 or len(built_on) != 1 or answer(layer, config, built_on) is None \
            or answer(layer, config, inputs) is None:
        return None
    built, shape = built_on[0][axis], inputs[0][axis]
    if built is None or shape is None or shape == built:
        return None
    return "ValueError", (f"Input 0 with name 'None' of layer '{layer}' is incompatible with the layer: "
                          f"expected axis {axis} of input shape to have value {built}, but received input with "
                          f"shape {tuple(inputs[0])}")


def _same_size(built: Shape, shape: Shape, axis: int) -> bool:
    """`build` needs the size known; the input spec it sets then takes it or an unknown one.
    An input without that axis at all is Keras's to refuse (Hypothesis found `(None,)` on a
    channels-first Conv1D built on `(None, 1, None)`: an IndexError here)."""
    if not (-len(built) <= axis < len(built) and -len(shape) <= axis < len(shape)):
        return False
    return built[axis] is not None and shape[axis] in (built[axis], None)


def _conv_built(config: Config, built: Shape, shape: Shape) -> bool:
    last = _channels_last(config)
    return config.get("groups", 1) == 1 and last is not None and _same_size(built, shape, -1 if last else 1)


# Elementwise layers made from no argument at all (the only ones noiselint can ask about a
# second call: it passes no argument that does not decide a shape), whose `build` sets no
# input spec: a second call takes any input, as the first did.
_UNCHANGED = ("LeakyReLU", "ReLU", "ELU", "Softmax", "Identity", "ActivityRegularization", "Masking")


def _batch_norm_built(config: Config, built: Shape, shape: Shape) -> bool:
    """BatchNormalization's `build` sets an input spec of the first input's rank and its
    size on the normalised axis (-1: noiselint passes no `axis`)."""
    return not config and len(shape) == len(built) and _same_size(built, shape, -1)


def _conv_lstm_built(config: Config, built: Shape, shape: Shape) -> bool:
    """ConvLSTM's `build` builds its cell on a step of the first input: it refuses an unknown
    spatial or channel size there, and sets an input spec of the rank alone on the layer (the
    cell's own spec is not checked again by a later call's `compute_output_shape`)."""
    last = _channels_last(config)
    if last is None or len(built) < 4 or len(shape) != len(built):
        return False
    step = built[2:-1] if last else built[3:]
    return None not in step and built[-1 if last else 2] is not None


_BUILT: dict[str, Callable[[Config, Shape, Shape], bool]] = {
    **{name: lambda config, built, shape: not config for name in _UNCHANGED},
    "BatchNormalization": _batch_norm_built,
    "Dense": lambda config, built, shape: _same_size(built, shape, -1),
    "Flatten": lambda config, built, shape: True,
    # Pooling layers (global ones too) are built when constructed; a call fixes nothing about
    # the next one (their input spec is the rank alone).
    **{f"{kind}Pooling{n}D": lambda config, built, shape: True for kind in ("Max", "Average") for n in (1, 2, 3)},
    **{f"Global{kind}Pooling{n}D": lambda config, built, shape: True for kind in ("Max", "Average") for n in (1, 2, 3)},
    **{f"Conv{n}D": _conv_built for n in (1, 2, 3)},
    # A transposed convolution's `build` fixes the channel axis as a convolution's does.
    **{f"Conv{n}DTranspose": _conv_built for n in (1, 2, 3)},
    # Neither sets an input spec, and Reshape resolves its target for every call anew.
    "Reshape": lambda config, built, shape: True,
    "Embedding": lambda config, built, shape: True,
    # Bidirectional's input spec is rank 3 whether built or not; its `build` sets no other, and
    # its RNNs' kernels need the first call's last size.
    "Bidirectional": lambda config, built, shape: len(built) == len(shape) == 3 and built[-1] is not None,
    # UpSampling's input spec (its rank) is set when constructed; it has no `build`.
    **{f"UpSampling{n}D": lambda config, built, shape: True for n in (1, 2, 3)},
    **{f"ConvLSTM{n}D": _conv_lstm_built for n in (1, 2, 3)},
    # A recurrent layer's input spec is rank 3; its cell's kernel takes the first call's last
    # size (a sequence model called again on another length: t81's and keras-io's LSTMs).
    **{name: lambda config, built, shape: len(built) == len(shape) == 3 and _same_size(built, shape, -1)
       for name in ("LSTM", "GRU", "SimpleRNN")},
}


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _tuple(value: object, n: int) -> tuple[int, ...] | None:
    """An int or an n-sequence of positive ints, as Keras's `standardize_tuple` takes them."""
    if _positive(value):
        return (value,) * n  # type: ignore[return-value]
    if isinstance(value, (list, tuple)) and len(value) == n and all(_positive(v) for v in value):
        return tuple(value)  # type: ignore[arg-type]
    return None


def _channels_last(config: Config) -> bool | None:
    data_format = config.get("data_format")
    if data_format is None or data_format == "channels_last":
        return True
    return False if data_format == "channels_first" else None


def _one(inputs: tuple[Shape, ...], rank: int | None = None, min_rank: int = 1) -> Shape | None:
    if len(inputs) != 1:
        return None
    shape = inputs[0]
    if rank is not None and len(shape) != rank:
        return None
    return shape if len(shape) >= min_rank else None


def _spatial(size: int | None, window: int, stride: int, dilation: int, padding: str) -> int | None:
    """One spatial axis of a convolution or pooling; None for an unknown size. A size Keras
    rejects (zero or negative) is `-1`, so the caller hands the question to Keras."""
    if size is None:
        return None
    if padding == "valid":
        out = (size - dilation * (window - 1) - 1) // stride + 1
        return out if out > 0 else -1
    return (size - 1) // stride + 1


def _windowed(shape: Shape, channels: int | None, windows: Sequence[int], strides: Sequence[int],
              dilations: Sequence[int], padding: str, last: bool) -> tuple[Shape, ...] | None:
    spatial = shape[1:-1] if last else shape[2:]
    sizes = [_spatial(d, w, s, r, padding) for d, w, s, r in zip(spatial, windows, strides, dilations, strict=True)]
    if -1 in sizes:
        return None
    channel = shape[-1] if channels is None and last else shape[1] if channels is None else channels
    return ((shape[0], *sizes, channel) if last else (shape[0], channel, *sizes),)


_ConvSetup = tuple[Shape, bool, int, tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def _conv_setup(n: int, depthwise: bool, causal: bool, config: Config, inputs: tuple[Shape, ...]
                ) -> _ConvSetup | None:
    """The input, channels last, filters, kernel, strides, dilation and padding of a
    convolution Keras constructs and takes an input of this rank for; None otherwise."""
    shape, last = _one(inputs, n + 2), _channels_last(config)
    kernel = _tuple(config.get("kernel_size"), n)
    strides = _tuple(config.get("strides", 1), n)
    dilation = _tuple(config.get("dilation_rate", 1), n)
    padding = _padding(config)
    if shape is None or last is None or kernel is None or strides is None or dilation is None:
        return None
    if padding not in ("valid", "same", *(("causal",) if causal else ())):
        return None
    if max(strides) > 1 and max(dilation) > 1:
        return None  # Keras refuses the combination
    if depthwise:
        multiplier, channel = config.get("depth_multiplier", 1), shape[-1] if last else shape[1]
        if not _positive(multiplier) or channel is None:
            return None
        filters: object = multiplier * channel  # type: ignore[operator]
    else:
        filters = config.get("filters")
        groups = config.get("groups", 1)
        if not _positive(config.get("depth_multiplier", 1)):
            return None
        if not _positive(filters) or not _positive(groups) or filters % groups:  # type: ignore[operator]
            return None
    return shape, last, filters, kernel, strides, dilation, padding  # type: ignore[return-value]


def _conv(n: int, depthwise: bool = False, causal: bool = False) -> Formula:
    """Conv, SeparableConv and DepthwiseConv; only plain `ConvND` with N = 1 takes "causal"."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        setup = _conv_setup(n, depthwise, causal, config, inputs)
        if setup is None:
            return None
        shape, last, filters, kernel, strides, dilation, padding = setup
        return _windowed(shape, filters, kernel, strides, dilation, padding, last)
    return formula


def _pooling(n: int, default: int | None) -> Formula:
    """Max pooling defaults `pool_size` to 2; average pooling requires it."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        shape, last = _one(inputs, n + 2), _channels_last(config)
        pool = _tuple(config.get("pool_size", default), n)
        strides = pool if config.get("strides") is None else _tuple(config.get("strides"), n)
        padding = config.get("padding", "valid")
        if shape is None or last is None or pool is None or strides is None or padding not in ("valid", "same"):
            return None
        return _windowed(shape, None, pool, strides, (1,) * n, padding, last)  # type: ignore[arg-type]
    return formula


def _global_pooling(n: int) -> Formula:
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        shape, last = _one(inputs, n + 2), _channels_last(config)
        keepdims = config.get("keepdims", False)
        if shape is None or last is None or not isinstance(keepdims, bool):
            return None
        channel = shape[-1] if last else shape[1]
        if not keepdims:
            return ((shape[0], channel),)
        return ((shape[0], *(1,) * n, channel) if last else (shape[0], channel, *(1,) * n),)
    return formula


def _dense(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    shape, units = _one(inputs, min_rank=2), config.get("units")
    return ((*shape[:-1], units),) if shape is not None and _positive(units) else None  # type: ignore[misc]


def _embedding(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    shape, dim = _one(inputs), config.get("output_dim")
    if shape is None or not _positive(dim) or not _positive(config.get("input_dim")):
        return None
    return ((*shape, dim),)  # type: ignore[arg-type]


def _flatten(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    shape = _one(inputs, min_rank=2)
    if shape is None or _channels_last(config) is None:
        return None
    rest = shape[1:]
    return ((shape[0], None if None in rest else math.prod(rest)),)  # type: ignore[arg-type]


def _repeat_vector(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    shape, n = _one(inputs, 2), config.get("n")
    return ((shape[0], n, shape[1]),) if shape is not None and _positive(n) else None  # type: ignore[return-value]


def _reshape(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    shape, target = _one(inputs), config.get("target_shape")
    if shape is None or not isinstance(target, (list, tuple)) or not target \
            or not all(_positive(d) or d == -1 for d in target) or list(target).count(-1) > 1:
        return None
    rest = shape[1:]
    if None in rest:  # Keras cannot check the size: it takes the target, -1 unknown
        return ((shape[0], *(None if d == -1 else d for d in target)),)  # type: ignore[misc]
    size, known = math.prod(rest), math.prod(d for d in target if d != -1)  # type: ignore[arg-type,misc]
    if -1 not in target:
        return ((shape[0], *target),) if size == known else None  # type: ignore[arg-type]
    if size % known:
        return None
    return ((shape[0], *(size // known if d == -1 else d for d in target)),)  # type: ignore[misc]


def _recurrent(states: int) -> Formula:
    """LSTM (two states), GRU and SimpleRNN (one): the output, then with `return_state` each
    state as (batch, units), as `RNN.compute_output_shape` gives them."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        shape, units = _one(inputs, 3), config.get("units")
        sequences = config.get("return_sequences", False)
        state = config.get("return_state", False)
        if shape is None or not _positive(units) or not isinstance(sequences, bool) or not isinstance(state, bool):
            return None
        out = (shape[0], shape[1], units) if sequences else (shape[0], units)
        return (out, *((shape[0], units),) * (states if state else 0))  # type: ignore[return-value]
    return formula


def _concatenate(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    axis = config.get("axis", -1)
    if len(inputs) < 2 or not isinstance(axis, int) or isinstance(axis, bool):
        return None
    rank = len(inputs[0])
    if rank < 2 or any(len(s) != rank for s in inputs) or not -rank <= axis < rank or axis % rank == 0:
        return None
    axis %= rank
    rest = [s[:axis] + s[axis + 1:] for s in inputs]
    # A size 1 is compared as any other size: `build` means to drop such axes before it
    # compares, but its loop runs over the inputs rather than their sizes (Keras 3.15), so it
    # never does (the property test draws 1s against Keras).
    if any(len({r[i] for r in rest} - {None}) > 1 for i in range(rank - 1)):
        return None  # sizes that differ: Keras's error
    sizes = [s[axis] for s in inputs]
    total = None if None in sizes else sum(sizes)  # type: ignore[arg-type]
    # The other sizes are the first input's, even where it has None and another input a size.
    return ((*inputs[0][:axis], total, *inputs[0][axis + 1:]),)


def _elementwise_merge(count: int | None = None) -> Formula:
    """Add, Multiply, ... (Keras's `Merge`): the shapes after the batch axis broadcast as
    `_compute_elemwise_op_output_shape` does (an unknown size on either side gives an unknown
    size, unlike TensorFlow's broadcasting), the batch size the one known one. Subtract takes
    exactly two inputs. A clash (of sizes, of batch sizes) is Keras's to word."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        if config or len(inputs) < 2 or (count is not None and len(inputs) != count) or not all(inputs):
            return None
        batches = {s[0] for s in inputs} - {None}
        if len(batches) > 1:
            return None
        out: Shape = inputs[0][1:]
        for shape in inputs[1:]:
            merged = _keras_broadcast(out, shape[1:])
            if merged is None:
                return None
            out = merged
        return ((batches.pop() if batches else None, *out),)
    return formula


def _keras_broadcast(first: Shape, second: Shape) -> Shape | None:
    """Keras's `Merge._compute_elemwise_op_output_shape`; None where it raises."""
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    out = list(first[:-len(second)])
    for i, j in zip(first[-len(second):], second, strict=True):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1 or i == j:
            out.append(i)
        else:
            return None
    return tuple(out)


def _conv_transpose(n: int) -> Formula:
    """ConvNDTranspose: Keras's `compute_conv_transpose_output_shape` (its TF padding rule)."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        shape, last = _one(inputs, n + 2), _channels_last(config)
        kernel = _tuple(config.get("kernel_size"), n)
        strides = _tuple(config.get("strides", 1), n)
        dilation = _tuple(config.get("dilation_rate", 1), n)
        padding, filters = _padding(config), config.get("filters")
        extra = config.get("output_padding")
        if shape is None or last is None or kernel is None or strides is None or dilation is None \
                or padding not in ("valid", "same") or not _positive(filters):
            return None
        if max(strides) > 1 and max(dilation) > 1:
            return None  # Keras refuses the combination
        if extra is not None:
            extra = (extra,) * n if _natural(extra) else extra
            if not isinstance(extra, (list, tuple)) or len(extra) != n or not all(_natural(e) for e in extra) \
                    or any(e >= s for e, s in zip(extra, strides, strict=True)):
                return None
        spatial = shape[1:-1] if last else shape[2:]
        sizes = []
        for i, size in enumerate(spatial):
            window = (kernel[i] - 1) * dilation[i] + 1
            if size is None:
                sizes.append(None)
            elif padding == "valid":
                pad = max(window, strides[i]) - window if extra is None else extra[i]
                sizes.append((size - 1) * strides[i] + window + pad)
            else:
                sizes.append(size * strides[i] if extra is None else (size - 1) * strides[i] + window % 2 + extra[i])
        return ((shape[0], *sizes, filters) if last else (shape[0], filters, *sizes),)  # type: ignore[return-value]
    return formula


def _padding(config: Config) -> object:
    """Keras lowercases `padding` (`standardize_padding`): "SAME" is "same"."""
    padding = config.get("padding", "valid")
    return padding.lower() if isinstance(padding, str) else padding


def _resizing(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """Resizing: height and width set, a batch of images (rank 4) or one image (rank 3)."""
    height, width, last = config.get("height"), config.get("width"), _channels_last(config)
    if len(inputs) != 1 or len(inputs[0]) not in (3, 4) or not _positive(height) or not _positive(width) \
            or last is None:
        return None
    out = list(inputs[0])
    first = len(out) - 3 + (0 if last else 1)
    out[first:first + 2] = [height, width]
    return (tuple(out),)


def _bidirectional(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """Bidirectional around an LSTM, GRU or SimpleRNN: the layer's output, its last axis
    doubled when the two directions are concatenated (the default); with `return_state`, the
    forward layer's states and then the backward layer's, each (batch, units), as
    `Bidirectional.compute_output_shape` orders them (Keras 3.15: an NMT encoder's
    `Bidirectional(GRU(..., return_state=True))` asked Keras, which cost a run its import)."""
    inner, mode = config.get("layer"), config.get("merge_mode", "concat")
    if set(config) - {"layer", "merge_mode"} or mode not in ("concat", "sum", "mul", "ave") \
            or not isinstance(inner, dict) or set(inner) != {"class_name", "config"} \
            or inner["class_name"] not in ("LSTM", "GRU", "SimpleRNN") or not isinstance(inner["config"], dict) \
            or set(inner["config"]) - {"units", "return_sequences", "return_state"}:
        return None
    out = FORMULAS[inner["class_name"]](inner["config"], inputs)
    if out is None:
        return None
    (*rest, last), *states = out
    return ((*rest, last * 2 if mode == "concat" else last), *states, *states)  # type: ignore[operator]


# The layers TimeDistributed passes each step to through their own formula: one input, one
# output, no mask of their own to follow.
_DISTRIBUTED = ("Dense", "Flatten", "LSTM", "GRU", "SimpleRNN")


def _time_distributed(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """TimeDistributed: the wrapped layer's output for a step (the input without its time
    axis, which needs rank 3 or more), the time axis put back after the batch axis, as its
    `compute_output_shape` does (it checks no input spec of the wrapped layer's: where the
    wrapped formula declines a step Keras would take, Keras is asked)."""
    wrapped, shape = _wrapped(config), _one(inputs, min_rank=3)
    if wrapped is None or shape is None or wrapped[0] not in _DISTRIBUTED:
        return None
    out = FORMULAS[wrapped[0]](wrapped[1], ((shape[0], *shape[2:]),))
    if out is None or len(out) != 1:
        return None  # an RNN's states: Keras's `compute_output_shape` mixes them up
    ((batch, *rest),) = out
    return ((batch, shape[1], *rest),)


def elementwise(op: str, args: Mapping[str, object], inputs: Sequence[tuple[Shape | None, str]]
                ) -> tuple[Shape | None] | None:
    """The output shape of a TensorFlow elementwise op (`x + y`, `tf.multiply(a, b)`) on two
    inputs of one dtype, broadcast as TensorFlow's shape function does: `(shape,)`, or
    `(None,)` when an input's rank is not known (nor then the output's). None when only
    TensorFlow can say: another argument, a dtype mix, a size 0, a clash it rejects.
    `tests/test_shape_formulas.py` holds it against TensorFlow."""
    if op.removeprefix("math.") not in ELEMENTWISE or len(inputs) != 2 or \
            dict(args) != {"x": {"t": 0}, "y": {"t": 1}}:
        return None
    (x, x_type), (y, y_type) = inputs
    if x_type != y_type:
        return None
    if x is None or y is None:
        return (None,)
    width = max(len(x), len(y))
    x = (1,) * (width - len(x)) + tuple(x)
    y = (1,) * (width - len(y)) + tuple(y)
    out: list[int | None] = []
    for a, b in zip(x, y, strict=True):
        if a == 0 or b == 0:
            return None
        if a is not None and b is not None and a > 1 and b > 1 and a != b:
            return None  # TensorFlow's error is the answer
        if a is not None and a > 1:
            out.append(a)
        elif (b is not None and b > 1) or a == 1:
            out.append(b)
        elif b == 1:
            out.append(a)
        else:
            out.append(None)  # both unknown
    return (tuple(out),)


def _natural(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pairs(value: object, n: int) -> tuple[tuple[int, int], ...] | None:
    """Padding or cropping per spatial axis as (before, after). One axis takes an int or a
    (before, after) pair; more take an int, one int per axis, or one pair per axis."""
    if _natural(value):
        return ((value, value),) * n  # type: ignore[return-value]
    if not isinstance(value, (list, tuple)):
        return None
    if n == 1:
        return ((value[0], value[1]),) if len(value) == 2 and all(_natural(v) for v in value) else None
    if len(value) != n:
        return None
    if all(_natural(v) for v in value):
        return tuple((v, v) for v in value)  # type: ignore[misc]
    if all(isinstance(v, (list, tuple)) and len(v) == 2 and all(_natural(x) for x in v) for v in value):
        return tuple((v[0], v[1]) for v in value)  # type: ignore[index]
    return None


def _resize(n: int, arg: str, default: object, change: Callable[[int, tuple[int, int]], int | None]) -> Formula:
    """ZeroPadding, Cropping and UpSampling: each spatial axis changed on its own."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        shape, last = _one(inputs, n + 2), _channels_last(config)
        value = config.get(arg, default)
        if arg == "size":
            sizes = _tuple(value, n) if n > 1 or _positive(value) else None  # UpSampling1D takes an int only
            amounts = None if sizes is None else tuple((s, s) for s in sizes)
        else:
            amounts = _pairs(value, n)
        if shape is None or last is None or amounts is None:
            return None
        first = 1 if last else 2
        out = list(shape)
        for axis, amount in enumerate(amounts, start=first):
            if shape[axis] is not None:
                size = change(shape[axis], amount)  # type: ignore[arg-type]
                if size is None:
                    return None
                out[axis] = size
        return (tuple(out),)
    return formula


def _cropped(size: int, crop: tuple[int, int]) -> int | None:
    return size - crop[0] - crop[1] if crop[0] + crop[1] < size else None  # Keras refuses the rest


def _dot(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """Dot of two inputs along one axis each (never the batch axis): `Dot.build` requires the
    two sizes equal (an unknown size equals only an unknown one), `compute_output_shape` drops
    them and the second input's batch axis."""
    axes = config.get("axes")
    if set(config) - {"axes"} or len(inputs) != 2 or any(len(s) < 2 for s in inputs):
        return None
    first, second = inputs
    if _int(axes):
        pair = [axes % len(first), axes % len(second)] if axes < 0 else [axes, axes]  # type: ignore[operator]
    elif isinstance(axes, (list, tuple)) and len(axes) == 2 and all(_int(a) for a in axes):
        pair = list(axes)
    else:
        return None
    if not all(-len(s) < a < len(s) and a % len(s) != 0 for s, a in zip(inputs, pair, strict=True)):
        return None
    if first[pair[0]] != second[pair[1]]:
        return None  # "Incompatible input shapes"
    one, two = list(first), list(second)
    one.pop(pair[0])
    two.pop(pair[1])
    two.pop(0)
    out = one + two
    return (tuple([*out, 1] if len(out) == 1 else out),)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _attention(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """MultiHeadAttention: the query's shape, when no `output_shape` or `attention_axes` is set."""
    if len(inputs) not in (2, 3) or config.get("output_shape") is not None \
            or config.get("attention_axes") is not None:
        return None
    if not _positive(config.get("num_heads")) or not _positive(config.get("key_dim")):
        return None
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) == 3 else value
    if len(query) < 3 or len(value) != len(query) or len(key) != len(query) or value[1:-1] != key[1:-1]:
        return None
    return (query,)


def _unchanged(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """An elementwise layer made from no argument: its input's shape. (A first call never
    gets here: the oracle answers it from the catalog's `Keeps.SHAPE`; this answers the
    second call of a built layer, `answer_built`.)"""
    shape = _one(inputs)
    return None if config or shape is None else (shape,)


def _permute(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
    """Permute: `dims` a permutation of 1..N (Keras refuses any other), the input of rank
    N + 1 (its input spec); the batch axis stays first."""
    dims = config.get("dims")
    if set(config) - {"dims"} or not isinstance(dims, (list, tuple)) or not all(_int(d) for d in dims) \
            or sorted(dims) != list(range(1, len(dims) + 1)):
        return None
    shape = _one(inputs, len(dims) + 1)
    return None if shape is None else ((shape[0], *(shape[d] for d in dims)),)


def _conv_lstm(n: int) -> Formula:
    """ConvLSTMND: each step (the input without its time axis) through the convolution
    `compute_conv_output_shape` computes, the time axis kept with `return_sequences`, two
    states of a step's shape with `return_state`. Keras refuses "causal" and a window that
    does not fit: those, and every other doubt, go to Keras."""
    def formula(config: Config, inputs: tuple[Shape, ...]) -> tuple[Shape, ...] | None:
        sequences, state = config.get("return_sequences", False), config.get("return_state", False)
        shape = _one(inputs, n + 3)
        if shape is None or not isinstance(sequences, bool) or not isinstance(state, bool):
            return None
        setup = _conv_setup(n, False, False, {k: v for k, v in config.items()
                                              if k not in ("return_sequences", "return_state")},
                            ((shape[0], *shape[2:]),))
        if setup is None:
            return None
        step, last, filters, kernel, strides, dilation, padding = setup
        out = _windowed(step, filters, kernel, strides, dilation, padding, last)
        if out is None:
            return None
        ((batch, *rest),) = out
        first = (batch, shape[1], *rest) if sequences else (batch, *rest)
        return (first, *((batch, *rest),) * (2 if state else 0))
    return formula


FORMULAS: dict[str, Formula] = {
    "Dense": _dense,
    "Embedding": _embedding,
    "Flatten": _flatten,
    "RepeatVector": _repeat_vector,
    "Reshape": _reshape,
    "Conv1D": _conv(1, causal=True),
    **{f"Conv{n}D": _conv(n) for n in (2, 3)},
    **{f"SeparableConv{n}D": _conv(n) for n in (1, 2)},
    **{f"DepthwiseConv{n}D": _conv(n, depthwise=True) for n in (1, 2)},
    **{f"MaxPooling{n}D": _pooling(n, 2) for n in (1, 2, 3)},
    **{f"AveragePooling{n}D": _pooling(n, None) for n in (1, 2, 3)},
    **{f"Global{kind}Pooling{n}D": _global_pooling(n) for kind in ("Max", "Average") for n in (1, 2, 3)},
    "LSTM": _recurrent(2),
    **{name: _recurrent(1) for name in ("GRU", "SimpleRNN")},
    "Concatenate": _concatenate,
    "MultiHeadAttention": _attention,
    "Dot": _dot,
    **{f"ZeroPadding{n}D": _resize(n, "padding", 1, lambda size, pad: size + pad[0] + pad[1]) for n in (1, 2, 3)},
    "Cropping1D": _resize(1, "cropping", (1, 1), _cropped),
    "Cropping2D": _resize(2, "cropping", 0, _cropped),
    "Cropping3D": _resize(3, "cropping", 1, _cropped),
    **{f"UpSampling{n}D": _resize(n, "size", 2, lambda size, by: size * by[0]) for n in (1, 2, 3)},
    **{name: _elementwise_merge() for name in ("Add", "Multiply", "Average", "Maximum", "Minimum")},
    "Subtract": _elementwise_merge(2),
    **{f"Conv{n}DTranspose": _conv_transpose(n) for n in (1, 2, 3)},
    "Resizing": _resizing,
    "Bidirectional": _bidirectional,
    "Permute": _permute,
    **{name: _unchanged for name in (*_UNCHANGED, "BatchNormalization")},
    **{f"ConvLSTM{n}D": _conv_lstm(n) for n in (1, 2, 3)},
    "TimeDistributed": _time_distributed,
}

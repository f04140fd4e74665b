"""The Keras layer classes noiselint may construct to ask for a shape (the allow-list), and
what it knows about each without Keras: constructor order, the arguments that decide the
output shape, what survives when the shape cannot be computed, and how the layer reads a
tensor's data layout (NL010). Pure data: nothing here imports Keras or TensorFlow."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal


class Keeps(enum.Enum):
    """What is certain about the output when Keras cannot be asked (keras-facts §1.1)."""

    SHAPE = "shape"  # the output has the input's shape whatever the config (Dropout, BN)
    RANK = "rank"  # same rank and batch, other sizes unknown (Conv, pooling, padding)
    LAST = "last"  # every axis but the last (Dense, MultiHeadAttention)
    NOTHING = "nothing"


class Layout(enum.Enum):
    """How a layer treats the channels axis of the tensor it receives."""

    DEFINES = "defines"  # writes its channels on its data_format's axis (the Conv family)
    READS = "reads"  # reads data_format and leaves channels where they are (pooling, padding)
    KEEPS = "keeps"  # elementwise: the layout passes through (Dropout, Activation, BN, Add)
    DROPS = "drops"  # the layout means nothing after it (Dense, Flatten, Reshape, RNN)


@dataclass(frozen=True, slots=True)
class LayerEntry:
    """What noiselint knows of one Keras layer class without Keras."""

    params: tuple[str, ...]  # positional order of the Keras 3 constructor
    shape_params: frozenset[str]  # the arguments that decide the output shape or its validity
    keeps: Keeps
    layout: Layout = Layout.DROPS
    spatial_rank: int | None = None  # N of an N-D layer that reads a layout
    data_format: bool = False  # takes `data_format` (SpatialDropout1D and Cropping1D do not)
    inputs: Literal["one", "list", "attention"] = "one"
    # The only input rank the layer accepts (its InputSpec), so even an input of unknown
    # shape has it: a GRU's input is rank 3 or the model does not build.
    ndim: int | None = None
    wrapper: bool = False  # the `layer` argument is another layer (TimeDistributed)
    # Merge layers validate their input shapes in `build`, which creates no weights.
    build_checks: bool = False


_CONV = frozenset({"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                   "groups"})
_CONV_T = (_CONV - {"groups"}) | {"output_padding"}
_POOL = frozenset({"pool_size", "strides", "padding", "data_format"})
_GLOBAL = frozenset({"data_format", "keepdims"})
_CONV_LSTM = (_CONV - {"groups"}) | {"return_sequences", "return_state"}
_NONE: frozenset[str] = frozenset()


def _conv(n: int, params: tuple[str, ...], shape_params: frozenset[str]) -> LayerEntry:
    return LayerEntry(params, shape_params, Keeps.RANK, Layout.DEFINES, n, True, ndim=n + 2)


def _reads(n: int, params: tuple[str, ...], shape_params: frozenset[str], keeps: Keeps = Keeps.RANK,
           data_format: bool = True, ndim: bool = True) -> LayerEntry:
    return LayerEntry(params, shape_params, keeps, Layout.READS, n, data_format, ndim=n + 2 if ndim else None)


def _rnn(params: tuple[str, ...], shape_params: frozenset[str] = frozenset({"units", "return_sequences",
                                                                               "return_state"}),
         ndim: int = 3) -> LayerEntry:
    return LayerEntry(params, shape_params, Keeps.NOTHING, ndim=ndim)


def _elementwise(params: tuple[str, ...] = ()) -> LayerEntry:
    return LayerEntry(params, _NONE, Keeps.SHAPE, Layout.KEEPS)


def _merge(params: tuple[str, ...] = (), shape_params: frozenset[str] = _NONE,
           keeps: Keeps = Keeps.RANK, layout: Layout = Layout.KEEPS) -> LayerEntry:
    return LayerEntry(params, shape_params, keeps, layout, inputs="list", build_checks=True)


_CONV_ARGS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
              "activation")
_CONV_T_ARGS = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format",
                "dilation_rate", "activation")
_SEPARABLE_ARGS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                   "depth_multiplier", "activation")
_DEPTHWISE_ARGS = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format",
                   "dilation_rate", "activation", "use_bias")
_POOL_ARGS = ("pool_size", "strides", "padding", "data_format")
_GLOBAL_ARGS = ("data_format", "keepdims")
_SEPARABLE = (_CONV - {"groups"}) | {"depth_multiplier"}
_DEPTHWISE = frozenset({"kernel_size", "strides", "padding", "depth_multiplier", "data_format",
                        "dilation_rate"})

CATALOG: dict[str, LayerEntry] = {
    "Dense": LayerEntry(("units", "activation", "use_bias"), frozenset({"units"}), Keeps.LAST),
    "Embedding": LayerEntry(("input_dim", "output_dim"), frozenset({"input_dim", "output_dim"}),
                            Keeps.NOTHING),
    "Flatten": LayerEntry(("data_format",), frozenset({"data_format"}), Keeps.NOTHING),
    "Reshape": LayerEntry(("target_shape",), frozenset({"target_shape"}), Keeps.NOTHING),
    "Permute": LayerEntry(("dims",), frozenset({"dims"}), Keeps.RANK),
    "RepeatVector": LayerEntry(("n",), frozenset({"n"}), Keeps.NOTHING),
    "Identity": _elementwise(),
    "Activation": _elementwise(("activation",)),
    "ReLU": _elementwise(("max_value", "negative_slope", "threshold")),
    "LeakyReLU": _elementwise(("negative_slope",)),
    "ELU": _elementwise(("alpha",)),
    "PReLU": _elementwise(("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")),
    "Softmax": _elementwise(("axis",)),
    "Masking": _elementwise(("mask_value",)),
    "ActivityRegularization": _elementwise(("l1", "l2")),
    "Dropout": _elementwise(("rate", "noise_shape", "seed")),
    "AlphaDropout": _elementwise(("rate", "noise_shape", "seed")),
    "GaussianDropout": _elementwise(("rate", "seed")),
    "GaussianNoise": _elementwise(("stddev", "seed")),
    "SpatialDropout1D": _reads(1, ("rate", "seed"), _NONE, Keeps.SHAPE, data_format=False),
    "SpatialDropout2D": _reads(2, ("rate", "data_format", "seed"), frozenset({"data_format"}),
                               Keeps.SHAPE),
    "SpatialDropout3D": _reads(3, ("rate", "data_format", "seed"), frozenset({"data_format"}),
                               Keeps.SHAPE),
    "BatchNormalization": _elementwise(("axis", "momentum", "epsilon", "center", "scale")),
    "LayerNormalization": _elementwise(("axis", "epsilon", "center", "scale")),
    "UnitNormalization": _elementwise(("axis",)),
    "GroupNormalization": _elementwise(("groups", "axis", "epsilon")),
    "RMSNormalization": _elementwise(("axis", "epsilon")),
    "Normalization": _elementwise(("axis", "mean", "variance", "invert")),
    "Rescaling": _elementwise(("scale", "offset")),
    "RandomFlip": _elementwise(("mode", "seed", "data_format")),
    "RandomRotation": _elementwise(("factor", "fill_mode", "interpolation", "seed")),
    "RandomZoom": _elementwise(("height_factor", "width_factor", "fill_mode", "interpolation")),
    "RandomTranslation": _elementwise(("height_factor", "width_factor", "fill_mode")),
    "RandomContrast": _elementwise(("factor", "value_range", "seed")),
    "RandomBrightness": _elementwise(("factor", "value_range", "seed")),
    "Conv1D": _conv(1, _CONV_ARGS, _CONV),
    "Conv2D": _conv(2, _CONV_ARGS, _CONV),
    "Conv3D": _conv(3, _CONV_ARGS, _CONV),
    "Conv1DTranspose": _conv(1, _CONV_T_ARGS, _CONV_T),
    "Conv2DTranspose": _conv(2, _CONV_T_ARGS, _CONV_T),
    "Conv3DTranspose": _conv(3, ("filters", "kernel_size", "strides", "padding", "data_format",
                                 "output_padding", "dilation_rate", "activation"), _CONV_T),
    "SeparableConv1D": _conv(1, _SEPARABLE_ARGS, _SEPARABLE),
    "SeparableConv2D": _conv(2, _SEPARABLE_ARGS, _SEPARABLE),
    "DepthwiseConv1D": _conv(1, _DEPTHWISE_ARGS, _DEPTHWISE),
    "DepthwiseConv2D": _conv(2, _DEPTHWISE_ARGS, _DEPTHWISE),
    "MaxPooling1D": _reads(1, _POOL_ARGS, _POOL),
    "MaxPooling2D": _reads(2, _POOL_ARGS, _POOL),
    "MaxPooling3D": _reads(3, _POOL_ARGS, _POOL),
    "AveragePooling1D": _reads(1, _POOL_ARGS, _POOL),
    "AveragePooling2D": _reads(2, _POOL_ARGS, _POOL),
    "AveragePooling3D": _reads(3, _POOL_ARGS, _POOL),
    "GlobalMaxPooling1D": _reads(1, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "GlobalMaxPooling2D": _reads(2, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "GlobalMaxPooling3D": _reads(3, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "GlobalAveragePooling1D": _reads(1, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "GlobalAveragePooling2D": _reads(2, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "GlobalAveragePooling3D": _reads(3, _GLOBAL_ARGS, _GLOBAL, Keeps.NOTHING),
    "ZeroPadding1D": _reads(1, ("padding", "data_format"), frozenset({"padding", "data_format"})),
    "ZeroPadding2D": _reads(2, ("padding", "data_format"), frozenset({"padding", "data_format"})),
    "ZeroPadding3D": _reads(3, ("padding", "data_format"), frozenset({"padding", "data_format"})),
    "Cropping1D": _reads(1, ("cropping",), frozenset({"cropping"}), data_format=False),
    "Cropping2D": _reads(2, ("cropping", "data_format"), frozenset({"cropping", "data_format"})),
    "Cropping3D": _reads(3, ("cropping", "data_format"), frozenset({"cropping", "data_format"})),
    "UpSampling1D": _reads(1, ("size",), frozenset({"size"}), data_format=False),
    "UpSampling2D": _reads(2, ("size", "data_format", "interpolation"), frozenset({"size", "data_format"})),
    "UpSampling3D": _reads(3, ("size", "data_format"), frozenset({"size", "data_format"})),
    # Resizing and CenterCrop also take unbatched rank-3 images.
    "Resizing": _reads(2, ("height", "width", "interpolation", "crop_to_aspect_ratio"),
                       frozenset({"height", "width", "data_format"}), ndim=False),
    "CenterCrop": _reads(2, ("height", "width", "data_format"), frozenset({"height", "width", "data_format"}),
                         ndim=False),
    "LSTM": _rnn(("units", "activation", "recurrent_activation", "use_bias")),
    "GRU": _rnn(("units", "activation", "recurrent_activation", "use_bias")),
    "SimpleRNN": _rnn(("units", "activation", "use_bias")),
    "ConvLSTM1D": _rnn(_CONV_ARGS[:6], _CONV_LSTM, 4),
    "ConvLSTM2D": _rnn(_CONV_ARGS[:6], _CONV_LSTM, 5),
    "ConvLSTM3D": _rnn(_CONV_ARGS[:6], _CONV_LSTM, 6),
    "Bidirectional": LayerEntry(("layer", "merge_mode", "weights", "backward_layer"),
                                frozenset({"layer", "merge_mode", "backward_layer"}), Keeps.NOTHING,
                                wrapper=True),
    "TimeDistributed": LayerEntry(("layer",), frozenset({"layer"}), Keeps.NOTHING, wrapper=True),
    "Concatenate": _merge(("axis",), frozenset({"axis"}), layout=Layout.DROPS),
    "Add": _merge(),
    "Subtract": _merge(),
    "Multiply": _merge(),
    "Average": _merge(),
    "Maximum": _merge(),
    "Minimum": _merge(),
    "Dot": _merge(("axes", "normalize"), frozenset({"axes"}), Keeps.NOTHING, Layout.DROPS),
    "MultiHeadAttention": LayerEntry(
        ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes"),
        frozenset({"num_heads", "key_dim", "value_dim", "output_shape", "attention_axes"}), Keeps.LAST,
        inputs="attention"),
    "Attention": LayerEntry(("use_scale", "score_mode", "dropout", "seed"), _NONE, Keeps.LAST,
                            inputs="list"),
    "AdditiveAttention": LayerEntry(("use_scale", "dropout"), _NONE, Keeps.LAST, inputs="list"),
}

# Other names Keras exports for the same classes.
ALIASES: dict[str, str] = {
    **{f"Convolution{n}D": f"Conv{n}D" for n in (1, 2, 3)},
    **{f"Convolution{n}DTranspose": f"Conv{n}DTranspose" for n in (1, 2, 3)},
    **{f"SeparableConvolution{n}D": f"SeparableConv{n}D" for n in (1, 2)},
    **{f"MaxPool{n}D": f"MaxPooling{n}D" for n in (1, 2, 3)},
    **{f"AvgPool{n}D": f"AveragePooling{n}D" for n in (1, 2, 3)},
    **{f"GlobalMaxPool{n}D": f"GlobalMaxPooling{n}D" for n in (1, 2, 3)},
    **{f"GlobalAvgPool{n}D": f"GlobalAveragePooling{n}D" for n in (1, 2, 3)},
}

# The functional forms of the merge layers: `layers.concatenate([a, b], axis=1)`.
MERGE_FUNCTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "concatenate": ("Concatenate", ("inputs", "axis")),
    "add": ("Add", ("inputs",)),
    "subtract": ("Subtract", ("inputs",)),
    "multiply": ("Multiply", ("inputs",)),
    "average": ("Average", ("inputs",)),
    "maximum": ("Maximum", ("inputs",)),
    "minimum": ("Minimum", ("inputs",)),
    "dot": ("Dot", ("inputs", "axes", "normalize")),
}

# Arguments that give a first layer its input shape (keras-facts: Keras 2 and 3 both read
# `input_shape`/`input_dim`; only Keras 2 reads `batch_input_shape`/`batch_size`).
INPUT_SHAPE_ARGS = frozenset({"input_shape", "batch_input_shape", "input_dim", "batch_size"})

# Keras 1 arguments that decide a shape: Keras 3 rejects them, Keras 1/2 read them, so the
# shape depends on which Keras runs the code and is not known (`border_mode="same"`).
LEGACY_SHAPE_ARGS = frozenset({"border_mode", "subsample", "subsample_length", "dim_ordering", "nb_filter", "nb_row",
                               "nb_col", "filter_length", "pool_length", "stride", "output_dim", "atrous_rate"})

# Layers of the input's shape whose constructor requires an argument that decides no shape
# (Dropout's `rate`), with those arguments in order: noiselint passes shape arguments alone,
# so Keras cannot make one again for a second call (shapes/oracle.py `_construct_for`) and is
# not asked, what is certain being the input's shape; nor one wrapped in a TimeDistributed
# (shapes/formulas.py). tests/test_shape_formulas.py holds the table to Keras's signatures.
OTHER_REQUIRED: dict[str, tuple[str, ...]] = {
    "Activation": ("activation",), "GaussianNoise": ("stddev",), "Rescaling": ("scale",),
    **{name: ("rate",) for name in ("AlphaDropout", "Dropout", "GaussianDropout", "SpatialDropout1D",
                                    "SpatialDropout2D", "SpatialDropout3D")},
    **{name: ("factor",) for name in ("RandomBrightness", "RandomContrast", "RandomRotation")},
    "RandomTranslation": ("height_factor", "width_factor"), "RandomZoom": ("height_factor",),
}
MADE_WITH_OTHER_ARGS = frozenset(OTHER_REQUIRED)

_ROOTS = ("keras.", "tensorflow.", "tf_keras.")
DEFAULT_DATA_FORMAT = "channels_last"  # Keras's `image_data_format()` unless keras.json says otherwise


def _namespace(qualified: str) -> str | None:
    """The last component of a Keras/TF name, or None when it is not Keras's."""
    if not qualified.startswith(_ROOTS):
        return None
    return qualified.rsplit(".", 1)[-1]


def layer_class(qualified: str) -> str | None:
    """The canonical allow-listed class a qualified name refers to (`keras.layers.Conv2D`,
    `tf.keras.layers.Convolution2D`, `keras.src.layers.Dense`), else None."""
    name = _namespace(qualified)
    if name is None or ".layers" not in qualified:
        return None
    name = ALIASES.get(name, name)
    return name if name in CATALOG else None


def is_keras_layer_name(qualified: str) -> bool:
    """Any Keras layer class, allow-listed or not (`keras.layers.Lambda`)."""
    name = _namespace(qualified)
    return name is not None and ".layers." in qualified and name[:1].isupper()


def merge_function(qualified: str) -> tuple[str, tuple[str, ...]] | None:
    name = _namespace(qualified)
    if name is None or ".layers." not in qualified:
        return None
    return MERGE_FUNCTIONS.get(name)


def keras_kind(qualified: str) -> Literal["Input", "InputLayer", "Model", "Sequential", "Layer"] | None:
    """Input / Model / Sequential / the Layer and Model base classes, by qualified name."""
    name = _namespace(qualified)
    if name in ("Input", "InputLayer", "Sequential"):
        return name  # type: ignore[return-value]
    if name in ("Model", "Functional"):
        return "Model"
    if name == "Layer":
        return "Layer"
    return None

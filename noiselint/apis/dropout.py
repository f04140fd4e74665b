"""The dropout APIs noiselint understands, keyed by qualified name (design.md §2, keras-facts.md §5)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class BatchFix(enum.Enum):
    """What a fixed batch element in `noise_shape` should become for this API."""

    NONE = "none"  # `None` is resolved per call from the runtime shape (keras-facts §1.2)
    TF_SHAPE = "tf_shape"  # `None` is only resolved statically: use `tf.shape(x)[0]` (§2)
    NO_NONE = "no_none"  # no `None` support and no tensor to take a shape from (§0.3)


class NoiseShape(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # TypeError / ValueError at construction
    IGNORED = "ignored"  # tf-keras / Keras 2 SpatialDropout: accepted, silently ignored (§1.7)


@dataclass(frozen=True, slots=True)
class Api:
    """One callable that takes (or is mistaken to take) a dropout `noise_shape`."""

    label: str  # how messages name it, e.g. `Dropout`, `tf.nn.dropout`
    family: str  # keras3, keras3-legacy, tf-keras, keras2, tf
    is_layer: bool  # a layer class: the tensor comes from `Layer(...)(x)`
    params: tuple[str, ...]  # positional order of the signature
    rate_param: str | None  # rate/level/keep_prob name; None for GaussianNoise
    input_param: str | None  # the tensor argument of a function API
    noise_shape: NoiseShape
    batch_fix: BatchFix
    rate_required: bool = True
    accepts_kwargs: bool = True  # Keras 3 SpatialDropout takes no **kwargs (§1.1)
    max_rate_inclusive: bool = True  # Keras layers accept rate == 1; tf.nn needs [0, 1)


_KERAS_LAYER = ("rate", "noise_shape", "seed")

_ROOTS = ("keras", "tensorflow", "tf_keras")
# Top-level Keras 3 layer namespaces whose AlphaDropout resolves `None` (keras-facts §5).
_KERAS3_LAYER_PREFIXES = ("keras.layers.", "keras.src.layers.", "keras._tf_keras.keras.layers.")


def _layer(label: str, family: str, **kw: object) -> Api:
    defaults: dict[str, object] = {
        "is_layer": True,
        "params": _KERAS_LAYER,
        "rate_param": "rate",
        "input_param": None,
        "noise_shape": NoiseShape.ACCEPTED,
        "batch_fix": BatchFix.NONE,
    }
    defaults.update(kw)
    return Api(label=label, family=family, **defaults)  # type: ignore[arg-type]


def _function(label: str, params: tuple[str, ...], batch_fix: BatchFix, **kw: object) -> Api:
    defaults: dict[str, object] = {
        "family": "tf",
        "is_layer": False,
        "params": params,
        "rate_param": "rate",
        "input_param": params[0],
        "noise_shape": NoiseShape.ACCEPTED,
        "batch_fix": batch_fix,
        "max_rate_inclusive": False,
    }
    defaults.update(kw)
    return Api(label=label, **defaults)  # type: ignore[arg-type]


_TF_NN = ("x", "rate", "noise_shape", "seed", "name")
_FUNCTIONS: dict[str, Api] = {
    "tensorflow.nn.dropout": _function("tf.nn.dropout", _TF_NN, BatchFix.TF_SHAPE),
    "tensorflow.compat.v2.nn.dropout": _function("tf.nn.dropout", _TF_NN, BatchFix.TF_SHAPE),
    "tensorflow.compat.v1.nn.dropout": _function(
        "tf.compat.v1.nn.dropout",
        ("x", "keep_prob", "noise_shape", "seed", "name", "rate"),
        BatchFix.TF_SHAPE,
        rate_param="rate",
    ),
    "tensorflow.nn.experimental.stateless_dropout": _function(
        "tf.nn.experimental.stateless_dropout",
        ("x", "rate", "seed", "rng_alg", "noise_shape", "name"),
        BatchFix.TF_SHAPE,
    ),
    "tensorflow.nn.experimental.general_dropout": _function(
        "tf.nn.experimental.general_dropout",
        ("x", "rate", "uniform_sampler", "noise_shape", "name"),
        BatchFix.TF_SHAPE,
    ),
    "keras.random.dropout": _function(
        "keras.random.dropout",
        ("inputs", "rate", "noise_shape", "seed"),
        BatchFix.NONE,
        family="keras3",
        max_rate_inclusive=True,
    ),
    # TF 1 layers functions: a Keras 2 Dropout underneath, `None` resolved per call.
    "tensorflow.layers.dropout": _function(
        "tf.layers.dropout",
        ("inputs", "rate", "noise_shape", "seed", "training", "name"),
        BatchFix.NONE,
        family="tf-keras",
        rate_required=False,
        max_rate_inclusive=True,
    ),
}
for _alias in ("keras.src.random.dropout", "keras.src.random.random.dropout",
               "tensorflow.keras.random.dropout", "keras._tf_keras.keras.random.dropout"):
    _FUNCTIONS[_alias] = _FUNCTIONS["keras.random.dropout"]
_FUNCTIONS["tensorflow.compat.v1.layers.dropout"] = _FUNCTIONS["tensorflow.layers.dropout"]
# `tf.nn.dropout` in a TF 1 file (apis/tf1.py): the second parameter is `keep_prob`.
TF1_NN_DROPOUT = _function("tf.nn.dropout (TF 1)", ("x", "keep_prob", "noise_shape", "seed", "name", "rate"),
                           BatchFix.TF_SHAPE)
for _backend in ("tensorflow.keras.backend", "tf_keras.backend", "keras.backend",
                 "tensorflow.compat.v1.keras.backend", "tensorflow.python.keras.backend"):
    _FUNCTIONS[f"{_backend}.dropout"] = _function(
        "K.dropout", ("x", "level", "noise_shape", "seed"), BatchFix.TF_SHAPE, rate_param="level"
    )


_SPATIAL = ("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")


def _dropout_family(qualified: str, tf1: bool) -> str:
    if tf1 or qualified.startswith(("tf_keras.", "tensorflow.python.keras.")):
        return "tf-keras"
    if ".layers.core" in qualified or qualified.startswith("keras.layers.regularization"):
        return "keras2"  # module paths that exist only in Keras 2 (keras-facts §5)
    return "keras3"


def _layer_api(qualified: str, cls: str) -> Api | None:
    # `keras.layers.noise.AlphaDropout` is Keras 2: only the flat Keras 3 namespaces count.
    keras3 = qualified.startswith("keras.src.") or any(
        qualified == prefix + cls for prefix in _KERAS3_LAYER_PREFIXES
    )
    legacy_tf = qualified.startswith(("tensorflow.keras.", "tensorflow.compat.v2.keras."))
    if cls == "Dropout":
        if ".layers.Dropout" not in qualified and ".layers.core" not in qualified \
                and ".layers.regularization" not in qualified:
            return None
        tf1 = qualified in ("tensorflow.layers.Dropout", "tensorflow.compat.v1.layers.Dropout")
        return _layer("Dropout", _dropout_family(qualified, tf1), rate_required=not tf1)
    if cls == "AlphaDropout":
        if keras3:
            return _layer("AlphaDropout", "keras3")
        # tf.keras under Keras 3 is the legacy class; tf-keras and Keras 2 likewise resolve
        # no `None` entries (keras-facts §0.3).
        family = "keras3-legacy" if legacy_tf else "tf-keras"
        return _layer("AlphaDropout", family, batch_fix=BatchFix.NO_NONE)
    if cls in _SPATIAL:
        params = ("rate", "seed", "name", "dtype") if cls.endswith("1D") \
            else ("rate", "data_format", "seed", "name", "dtype")
        if qualified.startswith(("tf_keras.", "tensorflow.python.keras.")):
            return _layer(cls, "tf-keras", noise_shape=NoiseShape.IGNORED, params=params)
        return _layer(cls, "keras3", noise_shape=NoiseShape.REJECTED, params=params,
                      accepts_kwargs=False)
    if cls == "GaussianDropout":
        return _layer(cls, "keras3", noise_shape=NoiseShape.REJECTED, params=("rate", "seed"))
    if cls == "GaussianNoise":
        return _layer(cls, "keras3", noise_shape=NoiseShape.REJECTED, params=("stddev", "seed"),
                      rate_param=None)
    return None


# The classes `_layer_api` knows.
_LAYER_CLASSES = frozenset({"Dropout", "AlphaDropout", *_SPATIAL, "GaussianDropout", "GaussianNoise"})
# The last part of every name `api_for` knows: a name that ends otherwise is no dropout API,
# so the site finder need not resolve a call of `x.reshape` (sites/dropout.py).
API_TAILS = frozenset({name.rsplit(".", 1)[-1] for name in _FUNCTIONS} | _LAYER_CLASSES)


def api_for(qualified: str) -> Api | None:
    """The API a qualified name refers to, or None when it is not a dropout API."""
    if qualified in _FUNCTIONS:
        return _FUNCTIONS[qualified]
    root, _, rest = qualified.partition(".")
    if root not in _ROOTS or ".layers" not in f".{rest}":
        return None
    cls = qualified.rsplit(".", 1)[-1]
    return _layer_api(qualified, cls) if cls in _LAYER_CLASSES else None


# The prefilter: a file can only hold a site if a dropout API name is called or imported
# under another name (`Dropout(`, `dropout (`, `Dropout as D`), or reads `_keras_shape`.
# Words alone (`recurrent_dropout=0.2`, a docstring) do not pay for a parse: the metadata
# libcst computes per parsed file costs far more than the parse itself.
PREFILTER_WORDS = ("ropout", "GaussianNoise", "_keras_shape")
# What `(?:[Dd]ropout\w*|GaussianNoise)\s*(?:\(|\bas\b|,|\)|$)|_keras_shape` means, found in
# linear time (syntax/prefilter.py: `mentions_api`): as one regex, each `dropout` inside
# one long word rescans the rest of the word, so a 112 KB `dropoutdropout...=` took 2 minutes.
PREFILTER_NAME = re.compile(r"[Dd]ropout|GaussianNoise|_keras_shape")
PREFILTER_TAIL = re.compile(r"\w*")
PREFILTER_NEXT = re.compile(r"\s*(?:\(|\bas\b|,|\)|$)", re.MULTILINE)

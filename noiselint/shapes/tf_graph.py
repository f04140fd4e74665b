"""TensorFlow op shapes, asked of TensorFlow itself: an allow-listed op (shapes/tf_ops.py)
is built on `tf.compat.v1.placeholder`s inside a private `tf.Graph()`, from static
arguments only, and its static output shape read. Nothing runs: building a graph op only
runs TensorFlow's shape functions. No user code is involved. TensorFlow is imported inside
functions, only for a question the shape cache cannot answer.

A question is JSON: the op, its arguments (a tensor argument is `{"t": i}`, the i-th
input; `"?"` inside a list is a scalar known only at run time, e.g. `tf.shape(x)[0]`),
and the input shapes (`None` for an unknown rank) with their dtypes."""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from types import ModuleType

from noiselint import budget, heap
from noiselint.shapes.facts import Shape
from noiselint.shapes.tf_ops import TF_OPS

# TensorFlow once imported, for the rest of the process. Written once, by `load_tensorflow`.
_TF: dict[str, ModuleType | str] = {}

_WORD = re.compile(r"[A-Za-z_]{1,40}")  # "SAME", "NHWC", "CONSTANT"
_EQUATION = re.compile(r"[a-zA-Z.,\- >]{1,80}")  # einsum: "ibnd,hnd->ibh"
UNKNOWN = "?"  # a scalar only known at run time

TfInput = tuple[Shape | None, str]  # a placeholder's shape (None: unknown rank) and dtype


def tensorflow_version() -> str:
    from noiselint.installed import tensorflow_version

    return tensorflow_version() or "none"


def load_tensorflow() -> ModuleType | str:
    """The `tensorflow` module, or why it cannot be had."""
    if "result" not in _TF:
        if "tensorflow" not in sys.modules:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        try:
            # Seconds, once per run: not charged to the first file's time budget (as for Keras).
            with budget.paused(once=True), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import tensorflow
                heap.settle()
            _TF["result"] = tensorflow
        except Exception as exc:  # ImportError, or TF failing to load its libraries
            # Worded as the Keras import's failure (shapes/oracle.py), so one warning covers both.
            _TF["result"] = f"Keras/TensorFlow cannot be imported ({type(exc).__name__}: {exc})"
    return _TF["result"]


def op_shape(tf: ModuleType, op: str, args: Mapping[str, object], inputs: Sequence[TfInput]) -> Shape | None:
    """The static output shape TensorFlow infers for `op`; None when not even its rank is
    known. Raises what TensorFlow raises when the arguments are invalid."""
    entry = TF_OPS[op]  # KeyError: not allow-listed
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        tensors = [v1.placeholder(tf.int32 if dtype == "int32" else tf.float32,
                                  shape=None if shape is None else list(shape)) for shape, dtype in inputs]

        def scalar() -> object:
            return v1.placeholder(tf.int32, shape=[])

        def value(v: object) -> object:
            if isinstance(v, dict) and set(v) == {"t"} and type(v["t"]) is int:
                return tensors[v["t"]]
            if isinstance(v, list):
                return [value(i) for i in v]
            if v == UNKNOWN:
                return scalar()
            if isinstance(v, str) and not (_WORD.fullmatch(v) or (entry.path == "einsum" and _EQUATION.fullmatch(v))):
                raise ValueError(f"argument {v!r} is not a plain word")
            if v is None or isinstance(v, (bool, int, float, str)):
                return v
            raise ValueError(f"argument {v!r} is not static")

        kwargs = {k: value(v) for k, v in args.items()
                  if (k in entry.params or k == "operands") and not (k == "key" and entry.path == "__getitem__")}
        if entry.path == "__getitem__":
            out = kwargs["tensor"][tuple(_slice_item(i) for i in args["key"])]  # type: ignore[index]
        elif entry.path == "einsum":
            out = v1.einsum(kwargs["equation"], *kwargs["operands"])  # type: ignore[misc]
        else:
            function: object = v1
            for part in entry.path.split("."):
                function = getattr(function, part)
            out = function(**kwargs)  # type: ignore[operator]
        shape = out.shape
        return None if shape.rank is None else tuple(shape.as_list())


def _slice_item(item: object) -> object:
    """One element of a subscript key: an int, `[start, stop, step]` for a slice, "..." or
    "newaxis"; a run-time int (`"?"`) is not accepted here."""
    if item == "...":
        return Ellipsis
    if item == "newaxis":
        return None
    if isinstance(item, list) and len(item) == 3 and all(i is None or type(i) is int for i in item):
        return slice(*item)
    if type(item) is int:
        return item
    raise ValueError(f"subscript {item!r} is not static")

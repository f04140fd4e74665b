"""Which shape error a failing call raises (NL101-NL106), read from the framework's own
message and the call's input shapes, with a short account for `noiselint shapes` and the
hover (`expects 128 on axis -1, got 32`). Only errors whose cause is known are classified:
a message no pattern below recognises (one Keras 2 might not raise, or noiselint's own
refusal to build an op) gives no code, so no finding. Pure: no TensorFlow here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from noiselint.shapes.facts import LayerFact, Shape

RANK, SIZE, NEGATIVE, MERGE, RESHAPE, OP = "NL101", "NL102", "NL103", "NL104", "NL105", "NL106"


@dataclass(frozen=True)
class Failure:
    """A failing call's shape error: its rule (NL101-NL106), what the call expects and what it got."""

    code: str
    expected: str  # what the call needs, in a few words (`expects 128 on axis -1`)
    received: str = ""  # what it got instead (`got 32`), where one number says it

    @property
    def summary(self) -> str:
        return f"{self.expected}, {self.received}" if self.received else self.expected


# Keras 3 and Keras 2 (tf.keras) word these the same (checked against keras 3 and tf_keras
# 2.x: input_spec.py's checks, conv/pooling/cropping output sizes, the merge layers, Reshape).
_NDIM = re.compile(r"expected (min_|max_)?ndim=(\d+), found ndim=(\d+)")
# Keras 3's convolutions take any rank from N+2 in their input spec, then compare it with the
# kernel's (Keras 2 says `expected ndim=4, found ndim=5` for the same input).
_KERNEL_RANK = re.compile(r"Kernel shape must have the same length as input, but received kernel of shape "
                          r"\(([^)]*)\) and input of shape \(([^)]*)\)")
# TimeDistributed's own rank check (its `build`/`compute_output_shape`, not an input spec); tf_keras
# writes "`input_shape `" with a space.
_WRAPPER_RANK = re.compile(r"`TimeDistributed` Layer should be passed an `input_shape ?` "
                           r"with at least (\d+) dimensions")
_AXIS = re.compile(r"expected axis (-?\d+) of input shape to have value (\d+)")
# A layer whose weights span an axis of unknown size (`Dense` on `Input(shape=(None,))`): Keras 3
# cannot make the variable, Keras 2 says so first (`Dense`, `BatchNormalization`).
_UNDEFINED = re.compile(r"Shapes used to initialize variables must be fully-defined|"
                        r"The last dimension of the inputs to a `Dense` layer should be defined|"
                        r"should have a defined dimension but the layer received an input with shape")
# A model's (or a layer's) whole input shape: `expected shape=(None, 32), found shape=(None, 48)`.
_SPEC = re.compile(r"expected shape=(\([^)]*\)), found shape=(\([^)]*\))")
_NEGATIVE = re.compile(r"Computed output size would be zero or negative|"
                       r"Values in `cropping` argument should be smaller|"
                       r"Negative dimension size caused by subtracting (\d+) from (\d+)|"
                       r"One of the dimensions in the output is <= 0")
_MERGE = re.compile(r"A `Concatenate` layer requires inputs with matching shapes|"
                    r"Inputs have incompatible shapes|Incompatible input shapes: axis values")
_RESHAPE = re.compile(r"total size of the (?:tensor|new array) must be unchanged|Cannot reshape a tensor with|"
                      r"Dimension size must be evenly divisible by")
# TensorFlow shape functions (common_shape_fns.cc, array_ops.cc, nn_ops.cc): the reasons a
# shape function gives when sizes or ranks do not fit.
_TF_SHAPE = re.compile(r"Dimensions? (?:\d+ in both shapes )?must be equal|Shape must be rank|"
                       r"Shapes must be equal rank|Depth of input \(\d+\) is not a multiple|"
                       r"Incompatible shapes|must be at least rank|must be at most rank|"
                       r"Dimension must be|Shape must be at least rank|"
                       # nn_ops.py's sparse_softmax_cross_entropy_with_logits (TF 2.x, then TF 1.x words)
                       r"`labels.shape.rank` must equal `logits.shape.rank - 1`|Rank mismatch: Rank of labels")
# Keras 3's ops on KerasTensors (`keras/src/ops/numpy.py`, `operation_utils.py`: their
# `compute_output_spec`): the reasons an op gives when sizes or ranks do not fit.
_KERAS_OP = re.compile(r"Inner dimensions \(`x1.shape\[-1\]` and `x2.shape\[-2\]`\) must be equal|"
                       r"Cannot broadcast shape, the failure dim has value|"
                       r"Every value in `xs?` must have the same shape|"
                       r"axis must be a list of the same length as the input shape|"
                       r"`axes` must be a valid permutation of the input dimensions|"
                       r"is out of bounds for an array with dimension|"
                       r"Cannot squeeze axis \d+, because the dimension is not 1|"
                       r"size on given `axis` must be divisible by `indices_or_sections`")
_SQUEEZE = re.compile(r"Cannot squeeze axis (-?\d+), because")
_TF_TAIL = re.compile(r" for '\{\{node .*", re.DOTALL)


def classify(fact: LayerFact) -> Failure | None:
    """The code and a short account of a failing call; None when it does not fail or the
    framework's reason is not one of the shape errors above."""
    error = fact.error
    if error is None:
        return None
    said = error.message
    shape = fact.input_shapes[0] if fact.input_shapes else None
    if error.framework == "Keras" and fact.kind == "op":
        if _RESHAPE.search(said):
            return Failure(RESHAPE, tf_reason(said))
        if (m := _SQUEEZE.search(said)) and shape is not None and _size(shape, int(m.group(1))) == "None":
            # Keras refuses to squeeze a size it does not know; TensorFlow, which runs the op
            # inside a layer's `call` and in eager code, takes it as 1 and fails only when it is not.
            return None
        return Failure(OP, tf_reason(said)) if _KERAS_OP.search(said) else None
    if error.framework == "Keras":
        if (m := _NDIM.search(said)) and shape is not None:
            bound = {"min_": "at least ", "max_": "at most ", None: ""}[m.group(1)]
            return Failure(RANK, f"expects {bound}rank {m.group(2)}", f"got rank {m.group(3)}")
        if (m := _WRAPPER_RANK.search(said)) and shape is not None:
            return Failure(RANK, f"expects at least rank {m.group(1)}", f"got rank {len(shape)}")
        if m := _KERNEL_RANK.search(said):
            kernel, given = (len([d for d in g.split(",") if d.strip()]) for g in m.groups())
            return Failure(RANK, f"expects rank {kernel}", f"got rank {given}")
        if (m := _AXIS.search(said)) and shape is not None:
            axis, want = int(m.group(1)), m.group(2)
            return Failure(SIZE, f"expects {want} on axis {axis}", f"got {_size(shape, axis)}")
        if _UNDEFINED.search(said) and shape is not None:
            return Failure(SIZE, "cannot build its weights on an axis of unknown size (None)")
        if (m := _SPEC.search(said)) and shape is not None:
            want = m.group(1)
            rank = len([d for d in want.strip("()").split(",") if d.strip()])
            return Failure(SIZE if rank == len(shape) else RANK, f"expects inputs of shape {want}")
        if _NEGATIVE.search(said):
            return Failure(NEGATIVE, "leaves an output size of zero or less")
        if _MERGE.search(said):
            return Failure(MERGE, _MERGE_NEEDS.get(fact.layer, "expects inputs whose shapes broadcast together"))
        if _RESHAPE.search(said) and shape is not None and None not in shape[1:]:
            return _reshape(fact.config.get("target_shape"), _count(shape[1:]))
        return None
    if _RESHAPE.search(said):
        return Failure(RESHAPE, tf_reason(said))
    if m := _NEGATIVE.search(said):
        return Failure(NEGATIVE, tf_reason(said))
    if _TF_SHAPE.search(said):
        return Failure(OP, tf_reason(said))
    return None


_MERGE_NEEDS = {
    "Concatenate": "expects inputs whose shapes match except on the concatenation axis",
    "Dot": "expects equal sizes on the axes it multiplies",
}


def _reshape(target: object, count: int) -> Failure:
    """Keras's Reshape: the target's size per sample against the input's."""
    sizes = [d for d in target if type(d) is int] if isinstance(target, list) else []
    if not isinstance(target, list) or len(sizes) != len(target):
        return Failure(RESHAPE, "expects as many elements per sample as its target shape", f"got {count}")
    shown = "(" + ", ".join(map(str, target)) + ("," if len(target) == 1 else "") + ")"
    known = _count(tuple(d for d in sizes if d != -1))
    if -1 in sizes:
        return Failure(RESHAPE, f"expects a multiple of {known} elements per sample to fill {shown}", f"got {count}")
    return Failure(RESHAPE, f"expects {known} elements per sample for {shown}", f"got {count}")


def _count(shape: Shape) -> int:
    n = 1
    for d in shape:
        n *= d or 0
    return n


def failure_text(fact: LayerFact) -> str | None:
    """A failing call in a few words, for `noiselint shapes` and the hover: the account of
    its rule (`expects 128 on axis -1, got 32`), else the framework's first line."""
    if fact.error is None:
        return None
    failure = classify(fact)
    if failure is not None:
        return failure.summary
    said = fact.error.message.strip().splitlines()
    return f"{fact.error.framework} rejects it: {tf_reason(said[0]) if said else fact.error.type}"


def tf_reason(message: str) -> str:
    """TensorFlow's reason without the graph node it names (`for '{{node MatMul}} = ...'`)."""
    first = _TF_TAIL.sub("", message.strip().splitlines()[0] if message.strip() else message)
    return first.rstrip(". ")


def _size(shape: Shape, axis: int) -> str:
    try:
        d = shape[axis]
    except IndexError:
        return "?"
    return "None" if d is None else str(d)

"""Output shapes of TensorFlow's softmax cross-entropy ops (`tf.compat.v1.nn.
softmax_cross_entropy_with_logits`, its `_v2`, and `sparse_softmax_cross_entropy_with_logits`),
written out as TensorFlow 2.21 computes them in a graph: the Python wrappers of `nn_ops.py`
(`softmax_cross_entropy_with_logits_v2_helper`, `_flatten_outer_dims`,
`sparse_softmax_cross_entropy_with_logits`: their static rank and shape checks, the reshapes
to rank 2 and back, `set_shape`) around the ops' shape functions (`nn_ops.cc`:
SoftmaxCrossEntropyWithLogits merges its two rank-2 inputs or else broadcasts them,
SparseSoftmaxCrossEntropyWithLogits merges the batch sizes).

As in shapes/formulas_tf.py, a formula answers only where it is certain to give TensorFlow's
answer, and only for `labels` and `logits` passed alone (no `axis`, `dim`, `name`): float32
logits, float32 or int32 labels (int32 for the sparse op), no size 0. Anything TensorFlow
refuses (ranks that differ by other than one, labels that do not fit the logits, a scalar)
returns None and TensorFlow is asked, so its error stays its own. An operand of unknown rank
is no reason to ask: it is certain what TensorFlow makes of it. Held to TensorFlow by
tests/test_tf_answers.py (recorded answers) and tests/test_shape_formulas_tf.py (TensorFlow
itself)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from noiselint.shapes.facts import Shape
from noiselint.shapes.tf_graph import TfInput

Answer = tuple[Shape | None] | None
Args = Mapping[str, object]
_UNKNOWN_RANK: tuple[None] = (None,)


def _operands(args: Args, inputs: Sequence[TfInput]) -> tuple[TfInput, TfInput] | None:
    """(labels, logits) when they are the call's only arguments and two distinct inputs."""
    if set(args) != {"labels", "logits"} or len(inputs) != 2:
        return None
    refs = [args["labels"], args["logits"]]
    if not all(isinstance(r, dict) and set(r) == {"t"} and type(r["t"]) is int for r in refs):
        return None
    at = sorted(r["t"] for r in refs)  # type: ignore[index]
    if at != [0, 1]:
        return None
    return inputs[refs[0]["t"]], inputs[refs[1]["t"]]  # type: ignore[index]


def _natural(shape: Shape | None) -> bool:
    """A size 0 makes TensorFlow's arithmetic on dimensions special: such inputs go to it."""
    return shape is None or all(d is None or d > 0 for d in shape)


def _flat(shape: Shape | None) -> tuple[int | None, int | None]:
    """`_flatten_outer_dims`: [product of the outer sizes, last size], set only when every
    outer size is known; else the reshape's shape function knows neither."""
    if shape is None or None in shape[:-1]:
        return None, None
    return math.prod(shape[:-1]), shape[-1]  # type: ignore[arg-type]


def _batch(features: tuple[int | None, int | None], labels: tuple[int | None, int | None]) -> tuple[bool, int | None]:
    """SoftmaxCrossEntropyWithLogits on two rank-2 shapes: (accepted, batch size). Merged if
    they merge; else broadcast, where a known size differs from another only as 1."""
    merged: list[int | None] = []
    for a, b in zip(features, labels, strict=True):
        if a is not None and b is not None and a != b:
            break
        merged.append(a if a is not None else b)
    else:
        return True, merged[0]
    out: list[int | None] = []
    for a, b in zip(features, labels, strict=True):
        if a is not None and b is not None and a > 1 and b > 1 and a != b:
            return False, None  # "Dimensions must be equal"
        if a is not None and a > 1:
            out.append(a)
        elif (b is not None and b > 1) or a == 1:
            out.append(b)
        else:
            out.append(a)
    return True, out[0]


def softmax_xent(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`softmax_cross_entropy_with_logits` (v1: `labels` through `stop_gradient`, the same
    shapes) and `_v2`: both operands flattened to rank 2, the op, then the cost reshaped to the
    logits' outer shape (a tensor the reshape's shape function knows by value only when the
    logits' shape is fully known, else by its length) and `set_shape` to the logits' outer
    sizes. Logits of unknown rank: an output of unknown rank."""
    operands = _operands(args, inputs)
    if operands is None:
        return None
    (labels, label_type), (logits, logit_type) = operands
    if logit_type != "float32" or label_type not in ("float32", "int32") or not _natural(labels) \
            or not _natural(logits) or labels == () or logits == ():
        return None  # a scalar: the wrapper's IndexError
    accepted, batch = _batch(_flat(logits), _flat(labels))
    if not accepted:
        return None
    if logits is None:
        return _UNKNOWN_RANK
    outer = logits[:-1]
    if None not in logits or not outer:  # the reshape's target is known: its size must be the cost's
        return (outer,) if batch is None or math.prod(outer) == batch else None  # type: ignore[arg-type]
    if len(outer) == 1:  # the one unknown target size is the cost's; `set_shape` must agree with it
        if batch is not None and outer[0] is not None and outer[0] != batch:
            return None
        return ((batch if batch is not None else outer[0],),)
    return (outer,)


def sparse_softmax_xent(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`sparse_softmax_cross_entropy_with_logits`: the wrapper's static checks (logits not a
    scalar, labels of rank one less, fully known shapes equal but for the classes), then for
    logits of rank 2 the op itself (the batch sizes merged), else the cost reshaped to the
    labels' shape and `set_shape` to it. Where the logits' outer sizes are all known but the
    labels' are not, that reshape fills in or refuses sizes: TensorFlow is asked."""
    operands = _operands(args, inputs)
    if operands is None:
        return None
    (labels, label_type), (logits, logit_type) = operands
    if logit_type != "float32" or label_type != "int32" or not _natural(labels) or not _natural(logits):
        return None
    if logits is not None and (not logits or (labels is not None and len(labels) != len(logits) - 1)):
        return None  # "`logits` cannot be a scalar", "`labels.shape.rank` must equal ..."
    outer_known = logits is not None and None not in logits[:-1]
    labels_known = labels is not None and None not in labels
    if labels_known and outer_known and tuple(labels) != tuple(logits[:-1]):  # type: ignore[arg-type,index]
        return None  # "`labels.shape` must equal `logits.shape` except for the last dimension"
    if logits is not None and len(logits) == 2:
        label_batch = labels[0] if labels is not None else None
        return ((logits[0] if logits[0] is not None else label_batch,),)
    if labels_known:
        return (labels,)
    if outer_known:
        return None
    return _UNKNOWN_RANK if labels is None else (labels,)

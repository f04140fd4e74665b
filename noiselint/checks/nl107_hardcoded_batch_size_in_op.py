"""NL107 hardcoded-batch-size-in-op: see rules/NL107.md."""

from __future__ import annotations

import math
from collections.abc import Iterator

from noiselint.diagnostics import Fix
from noiselint.shapes.facts import LayerFact
from noiselint.syntax import nodes as cst

from .base import Finding, FixAvailability, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import inputs_text, reshape_target

_FLAT = """
    import tensorflow as tf

    inputs = tf.keras.Input(shape=(28, 28, 1))
    flat = tf.reshape(inputs, {})
    """
_TF1 = """
    import tensorflow.compat.v1 as tf

    BATCH_SIZE = 32
    x = tf.placeholder(tf.float32, [None, 784])
    image = tf.reshape(x, {})
    """

_OPS = """
    import keras
    from keras import ops

    inputs = keras.Input(shape=(28, 28, 1))
    flat = ops.reshape(inputs, {})
    """


class HardcodedBatchSizeInOp(GraphRule):
    code = "NL107"
    summary = "tf.reshape or keras.ops.reshape fixes the batch axis while the batch size is set when the model runs"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("inferred-batch", _FLAT.format("[-1, 784]")),
        Valid("batch-of-one", _FLAT.format("[1, -1]"), why="a single row: a choice, not the batch"),
        Valid("fixed-batch-model", """
            import tensorflow as tf

            inputs = tf.keras.Input(shape=(28, 28, 1), batch_size=32)
            flat = tf.reshape(inputs, [32, -1])
            """, why="the model takes only batches of 32"),
        Valid("unknown-shape", _FLAT.format("SHAPE"), why="`SHAPE` is not bound in the file"),
        Valid("keras-ops-inferred-batch", _OPS.format("(-1, 784)")),
    )
    invalid = (
        Invalid("literal-with-inferred-axis", _FLAT.format("[32, -1]"), message="fixes axis 0 to 32",
                fixed=_FLAT.format("[-1, 784]")),
        Invalid("constant-batch", _TF1.format("[BATCH_SIZE, 28, 28, 1]"),
                message="`tf.reshape` fixes axis 0 to 32, but `x` from `tf.placeholder` on line 4 is "
                        "(None, 784)",
                fixed=_TF1.format("[-1, 28, 28, 1]")),
        Invalid("no-fix-when-not-divisible", _TF1.format("[32, 100, -1]"), message="fixes axis 0 to 32"),
        Invalid("keras-ops-reshape", _OPS.format("(32, -1)"), message="`keras.ops.reshape` fixes axis 0 to 32",
                fixed=_OPS.format("(-1, 784)")),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        seen: set[int] = set()
        for fact in ctx.facts.calls():
            batch = _hardcoded_batch(fact)
            node = fact.call
            if batch is None or not isinstance(node, cst.Call) or id(node) in seen \
                    or node not in ctx.parsed.names.order:
                continue
            seen.add(id(node))
            message = (f"`{fact.layer}` fixes axis 0 to {batch}, but {inputs_text(ctx, fact)}: its batch size is "
                       f"set when the model runs, so any other batch size fails or mixes samples across rows")
            yield Finding(node, message, _fix(ctx, fact, node))


def _hardcoded_batch(fact: LayerFact) -> int | None:
    """The number a `tf.reshape` puts on axis 0 of a tensor whose axis 0 alone is dynamic."""
    target = reshape_target(fact)
    if target is None or not fact.output_exact:
        return None
    shape = fact.input_shapes[0] if fact.input_shapes else None
    if shape is None or not shape or shape[0] is not None or None in shape[1:] or not isinstance(target, list):
        return None
    first = target[0] if target else None
    if type(first) is not int or first <= 1:
        return None
    if all(type(d) is int and d > 0 for d in target) and math.prod(target) % math.prod(shape[1:]):  # type: ignore[arg-type]
        return None  # no batch size fits at all: NL105's (Keras accepts `keras.ops.reshape(x, (7, 7))`)
    return first


def _fix(ctx: GraphContext, fact: LayerFact, node: cst.Call) -> Fix | None:
    """`[32, -1]` → `[-1, 784]`, `[32, 28, 28, 1]` → `[-1, 28, 28, 1]`: the same result for a
    batch of 32, and the right one for every other batch. None where the shape is not written
    in the call, or an entry is not a number."""
    target, shape = reshape_target(fact), fact.input_shapes[0]
    listing = _shape_argument(node)
    if listing is None or shape is None or not all(type(d) is int for d in target):  # type: ignore[union-attr]
        return None
    rest = list(target[1:])  # type: ignore[index]
    known = math.prod(d for d in rest if d != -1)
    per_sample = math.prod(d for d in shape[1:] if d is not None)
    if -1 not in rest:
        # `[-1, *rest]` gives the same rows only when a row holds one sample.
        return ctx.replace(listing.elements[0].value, "-1", "Replace the batch size with `-1`") \
            if known == per_sample else None
    if rest.count(-1) != 1 or known <= 0 or per_sample % known:
        return None
    rest[rest.index(-1)] = per_sample // known
    body = ", ".join(str(d) for d in (-1, *rest))
    # A tuple's parentheses are not part of its node: its elements alone are replaced.
    shown = f"({body})" if isinstance(listing, cst.Tuple) else f"[{body}]"
    text = body if isinstance(listing, cst.Tuple) and listing.lpar else shown
    return ctx.replace(listing, text, f"Replace the shape with `{shown}`")


def _shape_argument(node: cst.Call) -> cst.List | cst.Tuple | None:
    """The `shape` argument of `tf.reshape(tensor, shape)` when it is a list written there."""
    shape = next((a.value for a in node.args if a.keyword is not None and a.keyword.value in ("shape", "newshape")),
                 None)
    if shape is None and len(node.args) > 1 and node.args[1].keyword is None:
        shape = node.args[1].value
    return shape if isinstance(shape, (cst.List, cst.Tuple)) and shape.elements else None

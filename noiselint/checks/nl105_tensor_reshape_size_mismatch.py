"""NL105 tensor-reshape-size-mismatch: see rules/NL105.md."""

from __future__ import annotations

import math
from collections.abc import Iterator

from noiselint.shapes.facts import LayerFact

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import failing_calls, headline, inputs_text, reshape_target

_DENSE = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(100,))
    x = layers.Dense(3136)(inputs)
    x = layers.Reshape({})(x)
    """

_OPS = """
    import keras
    from keras import ops

    inputs = keras.Input(shape=(10, 8))
    x = keras.layers.Dense(6)(inputs)
    y = ops.reshape(x, {})
    """


class TensorReshapeSizeMismatch(GraphRule):
    code = "NL105"
    summary = "A Reshape, tf.reshape or keras.ops.reshape asks for another number of elements than its input has"

    valid = (
        Valid("same-count", _DENSE.format("(7, 7, 64)")),
        Valid("inferred-axis", _DENSE.format("(-1, 64)")),
        Valid("tf-reshape-rows-of-whole-samples", """
            import tensorflow.compat.v1 as tf

            x = tf.placeholder(tf.float32, [None, 10, 64])
            rows = tf.reshape(x, [-1, 64])
            """, why="each sample fills 10 whole rows: folding time into the batch is a common idiom"),
        Valid("tf-reshape-batch-axis", """
            import tensorflow as tf

            x = tf.keras.Input(shape=(3136,))
            y = tf.reshape(x, [-1, 7, 7, 64])
            """),
        Valid("keras-ops-reshape-whole-samples", _OPS.format("(-1, 5, 12)")),
        Valid("keras-ops-reshape-one-sample", _OPS.format("(1, 60)"), why="a batch of one fits"),
    )
    invalid = (
        Invalid("reshape-layer", _DENSE.format("(7, 7, 32)"),
                message="`Reshape` expects 1568 elements per sample for (7, 7, 32), got 3136: `x` from `Dense` "
                        "on line 5 is (None, 3136)"),
        Invalid("inferred-axis-does-not-divide", _DENSE.format("(-1, 100)"),
                message="expects a multiple of 100 elements per sample to fill (-1, 100), got 3136"),
        Invalid("tf-reshape", """
            import tensorflow as tf

            x = tf.zeros([10, 3136])
            y = tf.reshape(x, [10, 7, 7, 32])
            """, message="Cannot reshape a tensor with 31360 elements to shape [10,7,7,32] (15680 elements)"),
        Invalid("tf1-flatten-size", """
            import tensorflow.compat.v1 as tf

            x = tf.placeholder(tf.float32, [None, 4, 4, 64])
            flat = tf.reshape(x, [-1, 7 * 7 * 64])
            """, message="`tf.reshape` makes rows of 3136 elements but each sample has 1024: `x` from "
                         "`tf.placeholder` on line 3 is (None, 4, 4, 64), so it fails for any batch size that is not "
                         "a multiple of 49"),
        Invalid("keras-ops-reshape-rows", _OPS.format("(-1, 7, 8)"),
                message="`keras.ops.reshape` makes rows of 56 elements but each sample has 60: `x` from `Dense` on "
                        "line 5 is (None, 10, 6), so it fails for any batch size that is not a multiple of 14"),
        Invalid("keras-ops-reshape-fixed-batch", """
            import keras
            from keras import ops

            inputs = keras.Input(shape=(10, 8), batch_size=4)
            y = ops.reshape(inputs, (4, 7, 7))
            """, message="`keras.ops.reshape`: The total size of the tensor must be unchanged. Received: "
                           "input_shape=(4, 10, 8), newshape=(4, 7, 7)"),
        Invalid("keras-ops-reshape-no-batch-fits", _OPS.format("(7, 7)"),
                message="`keras.ops.reshape` asks for 49 elements but each sample has 60: `x` from `Dense` on line 5 "
                        "is (None, 10, 6), so no batch size fits"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")
        seen: set[int] = set()
        for fact in ctx.facts.calls():
            node = fact.call
            whole = _rows_mix_samples(fact)
            never = _never_fits(fact) if whole is None else None
            if (whole is None and never is None) or node is None or id(node) in seen \
                    or node not in ctx.parsed.names.order or fact.in_model_call:
                continue
            seen.add(id(node))
            if never is not None:
                total, per_sample = never
                yield Finding(node, f"`{fact.layer}` asks for {total} elements but each sample has {per_sample}: "
                                    f"{inputs_text(ctx, fact)}, so no batch size fits (Keras builds the model; the "
                                    f"reshape fails when a batch runs)")
                continue
            per_row, per_sample, batches = whole  # type: ignore[misc]
            yield Finding(node, f"`{fact.layer}` makes rows of {per_row} elements but each sample has {per_sample}: "
                                f"{inputs_text(ctx, fact)}, so it fails for any batch size that is not a multiple of "
                                f"{batches} (and mixes samples across rows for those that are)")


def _never_fits(fact: LayerFact) -> tuple[int, int] | None:
    """`keras.ops.reshape(x, (7, 7))` of x (None, 10, 6): 49 elements, while any batch holds a
    multiple of 60. Keras does not check a target against an input of unknown batch size (it
    gives (7, 7)); TensorFlow's reshape, which runs when a batch comes, fails for every batch
    size. (`tf.reshape` is refused by TensorFlow's shape function already: a failing call.)
    The target's sizes and the input's but the batch are all known."""
    target = reshape_target(fact)
    shape = fact.input_shapes[0] if fact.input_shapes else None
    if fact.layer != "keras.ops.reshape" or not fact.output_exact or not isinstance(target, list) or not target \
            or not all(type(d) is int and d > 0 for d in target) or shape is None or not shape \
            or shape[0] is not None or None in shape[1:]:
        return None
    total = math.prod(target)
    per_sample = math.prod(d for d in shape[1:] if d is not None)
    return (total, per_sample) if per_sample > 0 and total % per_sample else None


def _rows_mix_samples(fact: LayerFact) -> tuple[int, int, int] | None:
    """`tf.reshape(x, [-1, 3136])` of x (None, 4, 4, 64): the elements of a row (3136), of a
    sample (1024), and the batch sizes it does not fail for are the multiples of 49. TensorFlow
    accepts it when the graph is built (the batch is not known then); it fails when a batch of
    another size runs. None unless the batch axis alone is unknown, the target's first entry is
    its only `-1` and a sample's elements do not fill whole rows."""
    target = reshape_target(fact)
    if target is None or not fact.output_exact:
        return None
    shape = fact.input_shapes[0] if fact.input_shapes else None
    if not isinstance(target, list) or not target or target[0] != -1 or shape is None or not shape \
            or shape[0] is not None or None in shape[1:]:
        return None
    rest = target[1:]
    if not all(type(d) is int and d > 0 for d in rest):
        return None
    per_row = math.prod(rest)
    per_sample = math.prod(d for d in shape[1:] if d is not None)
    if per_sample % per_row == 0:
        return None
    return per_row, per_sample, per_row // math.gcd(per_row, per_sample)

"""NL105 reshape-size-mismatch: see rules/NL105.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import failing_calls, headline, inputs_text

_DENSE = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(100,))
    x = layers.Dense(3136)(inputs)
    x = layers.Reshape({})(x)
    """


class ReshapeSizeMismatch(GraphRule):
    code = "NL105"
    name = "reshape-size-mismatch"
    summary = "A Reshape or tf.reshape asks for a shape with another number of elements than its input has"
    scope = "model"

    valid = (
        Valid("same-count", _DENSE.format("(7, 7, 64)")),
        Valid("inferred-axis", _DENSE.format("(-1, 64)")),
        Valid("tf-reshape-batch-axis", """
            import tensorflow as tf

            x = tf.keras.Input(shape=(3136,))
            y = tf.reshape(x, [-1, 7, 7, 64])
            """),
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
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")

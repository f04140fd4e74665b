"""NL106 op-shape-mismatch: see rules/NL106.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import failing_calls, headline, inputs_text

_MATMUL = """
    import tensorflow as tf

    x = tf.keras.Input(shape=(784,))
    w = tf.Variable(tf.zeros({}))
    y = tf.matmul(x, w)
    """

_KERAS_OPS = """
    import keras
    from keras import ops

    inputs = keras.Input(shape=(10, 8))
    x = keras.layers.Dense(6)(inputs)
    y = {}
    """


class OpShapeMismatch(GraphRule):
    code = "NL106"
    summary = "A TensorFlow or Keras op (matmul, conv2d, concat, broadcasting) is given shapes its shape check rejects"

    valid = (
        Valid("matmul-fits", _MATMUL.format("[784, 10]")),
        Valid("matmul-unknown", _MATMUL.format("SHAPE"), why="`SHAPE` is not bound in the file"),
        Valid("conv-channels-fit", """
            import tensorflow as tf

            x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1])
            w = tf.Variable(tf.zeros([5, 5, 1, 32]))
            y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
            """),
        Valid("keras-ops-matmul-fits", _KERAS_OPS.format("ops.matmul(ops.transpose(x, (0, 2, 1)), inputs)")),
        Valid("keras-ops-concatenate-last-axis", _KERAS_OPS.format("ops.concatenate([x, inputs], axis=-1)")),
    )
    invalid = (
        Invalid("matmul-inner-sizes", _MATMUL.format("[500, 10]"),
                message="`tf.matmul`: Dimensions must be equal, but are 784 and 500: `x` from `Input` on line 3 "
                        "is (None, 784) and `w` from `tf.Variable` on line 4 is (500, 10)"),
        Invalid("matmul-rank-1-weight", _MATMUL.format("[6]"), message="Shape must be rank 2 but is rank 1"),
        Invalid("conv-filter-channels", """
            import tensorflow as tf

            x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1])
            w = tf.Variable(tf.zeros([5, 5, 3, 32]))
            y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
            """, message="Depth of input (1) is not a multiple of input depth of filter (3)"),
        Invalid("keras-ops-matmul", _KERAS_OPS.format("ops.matmul(x, inputs)"),
                message="`keras.ops.matmul`: Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, "
                        "but received `x1.shape=(None, 10, 6)` and `x2.shape=(None, 10, 8)`"),
        Invalid("keras-ops-transpose-axes", _KERAS_OPS.format("ops.transpose(x, (0, 2, 1, 3))"),
                message="axis must be a list of the same length as the input shape, expected 3, but received 4"),
        Invalid("keras-ops-concatenate-middle-axis", _KERAS_OPS.format("ops.concatenate([x, inputs], axis=1)"),
                message="Every value in `xs` must have the same shape except on the `axis` dim"),
        Invalid("keras-ops-broadcast", _KERAS_OPS.format("ops.multiply(x, inputs)"),
                message="Cannot broadcast shape, the failure dim has value 6, which cannot be broadcasted to 8"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")

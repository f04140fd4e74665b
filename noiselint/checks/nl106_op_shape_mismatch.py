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


class OpShapeMismatch(GraphRule):
    code = "NL106"
    summary = "A TensorFlow op (matmul, conv2d, concat, broadcasting) is given shapes its shape function rejects"

    valid = (
        Valid("matmul-fits", _MATMUL.format("[784, 10]")),
        Valid("matmul-unknown", _MATMUL.format("SHAPE"), why="`SHAPE` is not bound in the file"),
        Valid("conv-channels-fit", """
            import tensorflow as tf

            x = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1])
            w = tf.Variable(tf.zeros([5, 5, 1, 32]))
            y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
            """),
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
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")

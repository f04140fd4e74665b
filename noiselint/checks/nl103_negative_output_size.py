"""NL103 negative-output-size: see rules/NL103.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import built_here, failing_calls, headline, inputs_text, settings_text

_STACK = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=({}, {}, 1))
    x = layers.Conv2D(8, 3)(inputs)
    x = layers.MaxPooling2D(2)(x)
    """
# The window, stride and padding settings a message quotes, when the file passes them.
_SETTINGS = ("kernel_size", "pool_size", "strides", "padding", "cropping", "dilation_rate")


class NegativeOutputSize(GraphRule):
    code = "NL103"
    summary = "A convolution, pooling or cropping leaves an output size of zero or less: its input is too small"

    valid = (
        Valid("big-enough", _STACK.format(4, 4)),
        Valid("same-padding", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(2, 2, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            """),
        Valid("dynamic-size", _STACK.format("None", "None"), why="the image size is set when the model runs"),
        Valid("global-layout", """
            import keras
            from keras import layers

            keras.backend.set_image_data_format("channels_first")
            inputs = keras.Input(shape=(1, 28, 28))
            x = layers.Conv2D(8, 3)(inputs)
            """, why="the layers read channels first: noiselint computed the sizes with Keras's default"),
    )
    invalid = (
        Invalid("pool-after-conv", _STACK.format(3, 3),
                message="`MaxPooling2D(pool_size=2)` leaves an output size of zero or less: `x` from `Conv2D` on "
                        "line 5 is (None, 1, 1, 8)"),
        Invalid("conv-on-tiny-input", _STACK.format(2, 2), message="`Conv2D(kernel_size=3)`"),
        Invalid("tf-nn-conv2d", """
            import tensorflow as tf

            x = tf.zeros([8, 2, 2, 1])
            w = tf.zeros([5, 5, 1, 16])
            y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="VALID")
            """, message="Negative dimension size caused by subtracting 5 from 2"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            if fact.kind != "layer":
                head = headline(ctx, fact, failure, node)
            elif fact.model_call is not None:
                head = f"{built_here(ctx, fact, settings_text(fact, _SETTINGS))} {failure.summary}"
            else:
                head = f"{settings_text(fact, _SETTINGS)} {failure.summary}"
            yield Finding(node, f"{head}: {inputs_text(ctx, fact)}")

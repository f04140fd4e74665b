"""NL101 layer-input-rank: see rules/NL101.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import failing_calls, headline, inputs_text

_IMAGE = """
    import keras
    from keras import layers

    inputs = keras.Input(shape={})
    x = layers.Conv2D(8, 3)(inputs)
    """


class LayerInputRank(GraphRule):
    code = "NL101"
    summary = "A layer is called on a tensor of a rank it does not take (LSTM on images, Conv2D without a channel axis)"

    valid = (
        Valid("image-with-channels", _IMAGE.format("(28, 28, 1)")),
        Valid("lstm-on-sequences", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(28, 28))
            x = layers.LSTM(32)(inputs)
            """),
        Valid("unknown-rank", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=SHAPE)
            x = layers.LSTM(32)(inputs)
            """, why="`SHAPE` is not bound in the file: the rank is not known"),
        Valid("undecided-branch", """
            import keras
            from keras import layers

            if flag:
                inputs = keras.Input(shape=(28, 28, 1))
            else:
                inputs = keras.Input(shape=(28, 28))
            x = layers.LSTM(32)(inputs)
            """, why="one branch gives a rank LSTM takes"),
        Valid("model-applied-to-other-input", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(28, 28, 1))
            base = keras.Model(inputs, layers.Conv2D(8, 3)(inputs))
            y = base(keras.Input(shape=(28, 28)))
            """, why="Keras's input check drops the trailing 1 and passes it; the Conv2D inside then refuses "
                     "the rank, which noiselint does not follow into a functional model yet"),
    )
    invalid = (
        Invalid("conv2d-without-channel-axis", _IMAGE.format("(28, 28)"),
                message="`Conv2D` expects at least rank 4, got rank 3: `inputs` from `Input` on line 4 is "
                        "(None, 28, 28)"),
        Invalid("lstm-on-images", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(28, 28, 1))
            x = layers.LSTM(32)(inputs)
            """, message="`LSTM` expects rank 3, got rank 4"),
        Invalid("lstm-after-dense", """
            import keras
            from keras import layers

            model = keras.Sequential([
                keras.Input(shape=(10,)),
                layers.Dense(16),
                layers.LSTM(8),
            ])
            """, message="the output of `Dense` on line 6 is (None, 16)"),
        Invalid("input-shape-with-the-samples", """
            import numpy as np
            from keras import layers
            from keras.models import Sequential

            images = np.zeros((64, 32, 32, 1))
            model = Sequential()
            model.add(layers.Conv2D(16, 3, input_shape=images.shape))
            """, message="`Conv2D` expects rank 4, got rank 5"),
        Invalid("tf-keras", """
            import tensorflow as tf

            inputs = tf.keras.Input(shape=(100,))
            x = tf.keras.layers.Conv1D(8, 3)(inputs)
            """, message="`Conv1D` expects at least rank 3, got rank 2"),
        Invalid("sequential-block-built-by-its-call", """
            import keras
            from keras import layers

            block = keras.Sequential([layers.Conv2D(16, 3), layers.MaxPooling2D()])
            inputs = keras.Input(shape=(784,))
            x = block(inputs)
            """, message="`block` builds its layers on this call, and `Conv2D` on line 4 expects at least rank 4, "
                         "got rank 2: `inputs` from `Input` on line 5 is (None, 784)"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")

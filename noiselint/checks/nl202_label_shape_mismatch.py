"""NL202 label-shape-mismatch: see rules/NL202.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_MNIST = """
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    {labels}
    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(loss="{loss}", optimizer="adam")
    model.fit(x_train, y_train)
    """


_TRAINING_LOOP = """
    import numpy as np
    import keras
    import tensorflow as tf

    x = np.zeros((64, 20), dtype="float32")
    y = keras.utils.to_categorical(np.zeros((64,)), 5)
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(5)])
    loss_fn = keras.losses.{loss}(from_logits=True)
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    """


class LabelShapeMismatch(DataRule):
    code = "NL202"
    summary = ("Labels whose shape the model's output and loss refuse (integer labels under "
               "categorical_crossentropy, ...)")
    problem = "labels"

    valid = (
        Valid("sparse-integer-labels", _MNIST.format(labels="", loss="sparse_categorical_crossentropy")),
        Valid("one-hot-labels", _MNIST.format(labels="y_train = keras.utils.to_categorical(y_train, 10)",
                                              loss="categorical_crossentropy")),
        Valid("label-column-is-squeezed", _MNIST.format(labels="y_train = y_train[:, None]",
                                                        loss="sparse_categorical_crossentropy"),
              why="sparse losses drop a trailing axis of 1 of the labels"),
        Valid("custom-loss", _MNIST.format(labels="", loss="my_loss"), why="a loss noiselint does not know"),
        Valid("custom-training-loop", _TRAINING_LOOP.format(loss="CategoricalCrossentropy"),
              why="a loss object called in a GradientTape loop reads the labels as `fit` does"),
        Valid("loss-on-another-axis", _TRAINING_LOOP.format(loss="SparseCategoricalCrossentropy").replace(
            "from_logits=True", "from_logits=True, axis=0"),
              why="a class axis other than the last is not read (noiselint does not guess which sizes pair)"),
    )
    invalid = (
        Invalid("integer-labels-categorical", _MNIST.format(labels="", loss="categorical_crossentropy"),
                message="`y_train` from `keras.datasets.mnist.load_data()` on line 4 is (60000,) but the output of "
                        "`model` (line 6) is (None, 10) under `categorical_crossentropy`: `fit` raises ValueError "
                        "(Arguments `target` and `output` must have the same rank (ndim)"),
        Invalid("one-hot-labels-sparse", _MNIST.format(labels="y_train = keras.utils.to_categorical(y_train, 10)",
                                                       loss="sparse_categorical_crossentropy"),
                message="the labels are one-hot: use `categorical_crossentropy`"),
        Invalid("too-few-classes", _MNIST.format(labels="y_train = keras.utils.to_categorical(y_train, 5)",
                                                 loss="categorical_crossentropy"),
                message="must have the same shape"),
        Invalid("output-without-flatten", """
            import numpy as np
            import keras
            from keras import layers

            x = np.zeros((64, 28, 28))
            y = keras.utils.to_categorical(np.zeros((64,)), 10)
            model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Dense(10, activation="softmax")])
            model.compile(loss=keras.losses.CategoricalCrossentropy(), optimizer="adam")
            model.fit(x, y)
            """, message="the output of `model` (line 7) is (None, 28, 10)"),
        Invalid("custom-training-loop", _TRAINING_LOOP.format(loss="SparseCategoricalCrossentropy"),
                message="`logits` from the output of `model` (line 7) on line 10 is (64, 5) under "
                        "`sparse_categorical_crossentropy`: `loss_fn` raises ValueError (Argument `output` must "
                        "have rank (ndim) `target.ndim - 1`"),
    )

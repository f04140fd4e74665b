"""NL201 input-shape-mismatch: see rules/NL201.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_DENSE = """
    import numpy as np
    import keras
    from keras import layers

    x = np.random.rand(100, {features})
    y = np.random.randint(0, 2, size=(100,))
    model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(x, y)
    """
_PREDICT = """
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10)])
    model.predict({sample})
    """


class InputShapeMismatch(DataRule):
    code = "NL201"
    summary = "An array given to fit/evaluate/predict/model(x) has a rank or size the model's input refuses"
    problem = "input"

    valid = (
        Valid("features-match", _DENSE.format(features=10)),
        Valid("batch-of-one", _PREDICT.format(sample="x_train[:1]")),
        Valid("channel-axis-added-by-keras", """
            import keras
            from keras import layers

            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(),
                                      layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
            model.fit(x_train, y_train)
            """, why="Keras 3 and tf.keras add a missing trailing axis of 1 (Functional._adjust_input_rank)"),
        Valid("sequential-ignores-unread-size", """
            import numpy as np
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input(shape=(28, 28)), layers.LSTM(4)])
            model.predict(np.zeros((8, 30, 28)))
            """, why="a Keras 3 Sequential checks only what its layers read: an LSTM takes any length"),
        Valid("file-data", """
            import numpy as np
            import keras
            from keras import layers

            x = np.load("x.npy")
            model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(1)])
            model.predict(x)
            """, why="an array read from a file has a shape noiselint does not know"),
    )
    invalid = (
        Invalid("features-differ", _DENSE.format(features=12),
                message="`x` from `np.random.rand(100, 12)` on line 5 is (100, 12) but the input of `model` "
                        "(line 7) is (None, 10) and `Dense` on line 7 refuses it: `fit` raises ValueError"),
        Invalid("predict-one-sample", _PREDICT.format(sample="x_train[0]"),
                message="`x_train[0]` on line 6 is (28, 28) but the input of `model` (line 5) is (None, 28, 28): "
                        "`predict` raises ValueError"),
        Invalid("functional-checks-every-size", """
            import numpy as np
            import keras
            from keras import layers

            inputs = keras.Input(shape=(28, 28, 1))
            x = layers.Conv2D(8, 3)(inputs)
            outputs = layers.Dense(1)(layers.GlobalAveragePooling2D()(x))
            model = keras.Model(inputs, outputs)
            model.predict(np.zeros((8, 32, 32, 1)))
            """, message="expected shape=(None, 28, 28, 1)"),
        Invalid("flat-images-for-conv", """
            import keras
            from keras import layers

            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train = x_train.reshape(60000, 784)
            model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3)])
            model.predict(x_train)
            """, message="`x_train` from `x_train.reshape(60000, 784)` on line 5 is (60000, 784)"),
    )

"""NL204 sample-count-mismatch: see rules/NL204.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_SPLITS = """
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(x_train, {y})
    """


class SampleCountMismatch(DataRule):
    code = "NL204"
    summary = "fit/evaluate given inputs and labels with different numbers of samples"
    problem = "cardinality"

    valid = (
        Valid("same-split", _SPLITS.format(y="y_train")),
        Valid("split-of-unknown-size", """
            import numpy as np
            import keras
            from keras import layers
            from sklearn.model_selection import train_test_split

            x, y = np.zeros((100, 10)), np.zeros((100,))
            x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2)
            model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(1)])
            model.compile(loss="mse", optimizer="adam")
            model.fit(x_train, y_train)
            """),
        Valid("train-on-batch-broadcasts", """
            import numpy as np
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
            model.compile(loss="mse", optimizer="adam")
            model.train_on_batch(np.zeros((8, 4)), np.zeros((1, 1)))
            """, why="Keras 3's train_on_batch counts no samples: the loss broadcasts the one label and it trains"),
    )
    invalid = (
        Invalid("labels-of-the-test-split", _SPLITS.format(y="y_test"),
                message="`x_train` from `keras.datasets.mnist.load_data()` on line 4 is (60000, 28, 28), "
                        "`y_test` from `keras.datasets.mnist.load_data()` on line 4 is (10000,): `fit` raises "
                        "ValueError (Data cardinality is ambiguous"),
    )

"""NL206 reshape-size-mismatch: see rules/NL206.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_MNIST = """
    import keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    x_train = x_train.reshape({shape})
    """


class ReshapeSizeMismatch(DataRule):
    code = "NL206"
    summary = "A NumPy reshape of an array whose element count the new shape cannot hold"
    problem = "array"
    methods = frozenset({"reshape"})

    valid = (
        Valid("flatten-images", _MNIST.format(shape="60000, 784")),
        Valid("inferred-axis", _MNIST.format(shape="-1, 28, 28, 1")),
        Valid("unknown-count", """
            import numpy as np

            x = np.load("x.npy")
            x = x.reshape(28, 28)
            """, why="the array's size is not known"),
    )
    invalid = (
        Invalid("one-image-shape", _MNIST.format(shape="28, 28"),
                message="`x_train` from `keras.datasets.mnist.load_data()` on line 3 is (60000, 28, 28): `reshape` "
                        "raises ValueError (cannot reshape array of size 47040000 into shape (28,28))"),
        Invalid("inferred-axis-does-not-divide", _MNIST.format(shape="-1, 30, 30"),
                message="cannot reshape array of size 47040000 into shape (-1,30,30)"),
    )

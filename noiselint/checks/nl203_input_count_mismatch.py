"""NL203 input-count-mismatch: see rules/NL203.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_TWO = """
    import numpy as np
    import keras
    from keras import layers

    a = keras.Input(shape=(4,))
    b = keras.Input(shape=(3,))
    model = keras.Model([a, b], layers.Dense(1)(layers.concatenate([a, b])))
    model.compile(loss="mse", optimizer="adam")
    model.fit({x}, np.zeros((8, 1)))
    """


class InputCountMismatch(DataRule):
    code = "NL203"
    summary = "A model with several inputs is given another number of arrays"
    problem = "count"

    valid = (
        Valid("one-array-each", _TWO.format(x="[np.zeros((8, 4)), np.zeros((8, 3))]")),
        Valid("unknown-list", _TWO.format(x="arrays"), why="what `arrays` holds is not known"),
    )
    invalid = (
        Invalid("one-for-two", _TWO.format(x="np.zeros((8, 4))"),
                message="x is one array but `model` (line 7) has 2 inputs: `fit` raises ValueError"),
        Invalid("three-for-two", _TWO.format(x="[np.zeros((8, 4)), np.zeros((8, 3)), np.zeros((8, 3))]"),
                message="x is 3 arrays but `model` (line 7) has 2 inputs"),
    )

"""Ground truth for the findings of issue #21 that the build_model harness
(test_ground_truth.py) does not observe: a keep probability passed as a drop rate (NL011)
really drops the complement, and a TF 1 mask of another rank in a method nothing calls
(fixtures/tf1/plain_class_methods.py) really fails."""

from __future__ import annotations

import os
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow

    return tensorflow


def _kept(tensor: object) -> float:
    import numpy as np

    return float(np.mean(np.asarray(tensor) != 0))


def test_a_keep_probability_as_a_keras_rate_drops_the_complement(tf: ModuleType) -> None:
    import keras

    keep_prob = 0.8
    x = tf.ones([2000, 50])
    swapped = _kept(keras.layers.Dropout(keep_prob)(x, training=True))  # fixtures/args/keep_prob_as_rate.py
    fixed = _kept(keras.layers.Dropout(1 - keep_prob)(x, training=True))
    assert abs(swapped - 0.2) < 0.02 and abs(fixed - 0.8) < 0.02


def test_a_drop_rate_as_the_tf1_keep_prob_keeps_the_complement(tf: ModuleType) -> None:
    dropout_rate = 0.1
    x = tf.ones([2000, 50])
    swapped = _kept(tf.compat.v1.nn.dropout(x, dropout_rate))  # NL011 case tf1-drop-rate
    fixed = _kept(tf.compat.v1.nn.dropout(x, 1 - dropout_rate))
    assert abs(swapped - 0.1) < 0.02 and abs(fixed - 0.9) < 0.02


def test_tf1_masks_of_another_rank_fail(tf: ModuleType) -> None:
    """`LM.embed` and `LM.encode` of fixtures/tf1/plain_class_methods.py, with values for the
    config (TensorFlow 2.21's compat.v1 broadcasts them right-aligned, then fails)."""
    import numpy as np

    graph = tf.Graph()
    with graph.as_default():
        emb = tf.compat.v1.get_variable("emb", [50, 8])
        with pytest.raises(ValueError, match="Dimensions must be equal"):
            tf.compat.v1.nn.dropout(emb, keep_prob=0.9, noise_shape=tf.stack([20, 4, 1]))
        h3 = tf.compat.v1.placeholder(tf.float32, [None, 10, 16])
        out = tf.compat.v1.nn.dropout(h3, 0.9, noise_shape=[tf.shape(h3)[0], 16])
        with tf.compat.v1.Session(graph=graph) as session, \
                pytest.raises(tf.errors.InvalidArgumentError, match="must be broadcastable"):
            session.run(out, {h3: np.ones([5, 10, 16], np.float32)})

"""NL205 feed-shape-mismatch: see rules/NL205.md."""

from __future__ import annotations

from .base import Invalid, Valid
from .data_rule import DataRule

_FEED = """
    import numpy as np
    import tensorflow as tf

    X = tf.placeholder(tf.float32, [None, 784])
    y = tf.reduce_sum(X)
    batch = np.zeros((784,))
    with tf.Session() as sess:
        sess.run(y, feed_dict={{X: {value}}})
    """


class FeedShapeMismatch(DataRule):
    code = "NL205"
    summary = "A TF 1 feed_dict value whose shape its placeholder refuses"
    problem = "feed"

    valid = (
        Valid("batch-of-one", _FEED.format(value="batch.reshape(1, 784)")),
        Valid("unknown-batch", _FEED.format(value="next_batch()"), why="its shape is not known"),
    )
    invalid = (
        Invalid("image-shaped", _FEED.format(value="batch.reshape(28, 28)"),
                message="`batch.reshape(28, 28)` on line 8 is (28, 28) but the placeholder `X` is (?, 784): "
                        "`feed_dict` raises ValueError (Cannot feed value of shape (28, 28)"),
        Invalid("no-batch-axis", _FEED.format(value="batch"),
                message="`batch` from `np.zeros((784,))` on line 6 is (784,)"),
    )

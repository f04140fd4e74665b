import numpy as np
import tensorflow as tf

logits = tf.random.normal((32, 10))
labels = tf.constant(np.random.randint(0, 10, size=(32,)))
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))

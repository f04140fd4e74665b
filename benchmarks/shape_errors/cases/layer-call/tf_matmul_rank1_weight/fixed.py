import numpy as np
import tensorflow as tf

features = tf.constant(np.random.rand(8, 6), dtype=tf.float32)
W = tf.Variable(tf.zeros([6, 1]))
b = tf.Variable(0.0)
pred = tf.matmul(features, W) + b
print(pred.numpy())

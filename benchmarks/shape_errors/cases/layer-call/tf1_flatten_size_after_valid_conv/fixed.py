import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [None, 28, 28, 1])
W1 = tf.Variable(tf.truncated_normal([5, 5, 1, 32], stddev=0.1))
h1 = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, W1, strides=[1, 1, 1, 1], padding="SAME")),
                    ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
W2 = tf.Variable(tf.truncated_normal([5, 5, 32, 64], stddev=0.1))
h2 = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(h1, W2, strides=[1, 1, 1, 1], padding="SAME")),
                    ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
flat = tf.reshape(h2, [-1, 7 * 7 * 64])
W_fc = tf.Variable(tf.truncated_normal([7 * 7 * 64, 10], stddev=0.1))
logits = tf.matmul(flat, W_fc)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(logits, feed_dict={x: np.zeros((2, 28, 28, 1), np.float32)}).shape)

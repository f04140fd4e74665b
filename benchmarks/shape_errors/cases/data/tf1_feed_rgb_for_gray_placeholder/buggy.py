import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

batch = np.random.rand(20, 32, 32, 3).astype(np.float32)
inputs = tf.placeholder(tf.float32, shape=[None, 32, 32, 1])
kernel = tf.Variable(tf.random_normal([3, 3, 1, 8]))
features = tf.reduce_mean(tf.nn.conv2d(inputs, kernel, strides=[1, 1, 1, 1], padding="SAME"))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(features, feed_dict={inputs: batch}))

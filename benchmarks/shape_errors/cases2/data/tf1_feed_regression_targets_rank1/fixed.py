import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

x_data = np.random.rand(100, 3).astype("float32")
y_data = x_data @ np.array([1.0, 2.0, 3.0], dtype="float32") + 0.5
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: x_data, y: y_data.reshape(-1, 1)})

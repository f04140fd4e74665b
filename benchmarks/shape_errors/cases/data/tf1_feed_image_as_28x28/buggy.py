import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

images = np.random.rand(10, 784).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
prediction = tf.argmax(tf.nn.softmax(tf.matmul(X, W) + b), 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    img = images[3].reshape(28, 28)
    print(sess.run(prediction, feed_dict={X: img}))

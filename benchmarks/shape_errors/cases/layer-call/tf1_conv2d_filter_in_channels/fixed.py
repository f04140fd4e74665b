import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

images = tf.placeholder(tf.float32, shape=[None, 32, 32, 1])
kernel = tf.get_variable("kernel", shape=[3, 3, 1, 16])
conv = tf.nn.conv2d(images, kernel, strides=[1, 1, 1, 1], padding="SAME")
act = tf.nn.relu(conv)

import numpy as np
import tensorflow as tf

BATCH_SIZE = 32
images = np.random.rand(25, 28, 28).astype("float32")
flat = tf.reshape(images, [-1, 28 * 28])
print(flat.shape)

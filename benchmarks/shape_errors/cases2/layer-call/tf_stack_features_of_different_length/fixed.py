import numpy as np
import tensorflow as tf

mfcc = tf.constant(np.random.rand(32, 13).astype("float32"))
chroma = tf.constant(np.random.rand(32, 12).astype("float32"))
features = tf.concat([mfcc, chroma], axis=1)
pooled = tf.reduce_mean(features, axis=1)

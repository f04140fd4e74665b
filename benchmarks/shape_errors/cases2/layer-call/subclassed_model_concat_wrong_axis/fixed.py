import numpy as np
import tensorflow as tf


class TwoBranch(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.wide = tf.keras.layers.Dense(32, activation="relu")
        self.narrow = tf.keras.layers.Dense(16, activation="relu")
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        a = self.wide(x)
        b = self.narrow(x)
        merged = tf.concat([a, b], axis=-1)
        return self.head(tf.reduce_mean(merged, axis=1))


model = TwoBranch()
out = model(np.random.rand(4, 10, 8).astype("float32"))

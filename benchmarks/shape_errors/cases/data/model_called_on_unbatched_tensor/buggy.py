import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.Input(shape=(5,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
point = tf.constant(np.linspace(0.0, 1.0, 5), dtype=tf.float32)
out = model(point)
print(out)

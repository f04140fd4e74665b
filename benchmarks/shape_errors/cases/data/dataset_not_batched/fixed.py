import numpy as np
import tensorflow as tf

inputs = np.random.rand(64, 20).astype("float32")
labels = np.random.rand(64, 1).astype("float32")
dataset = tf.data.Dataset.from_tensor_slices((inputs, labels)).batch(16)
model = tf.keras.Sequential([tf.keras.Input(shape=(20,)), tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(dataset, epochs=1, verbose=0)

import numpy as np
import tensorflow as tf

x = np.random.rand(64, 16).astype("float32")
y = np.arange(64) % 10
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(16,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

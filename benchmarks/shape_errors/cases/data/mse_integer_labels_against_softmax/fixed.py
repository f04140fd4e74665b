import numpy as np
import tensorflow as tf

x = np.random.rand(60, 4).astype("float32")
y = np.random.randint(0, 3, size=(60,))
model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=10, verbose=0)

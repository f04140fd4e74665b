import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

images = np.random.rand(32, 64, 64, 3).astype("float32")
labels = np.random.randint(0, 4, size=(32,))
ds = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(32).batch(8)
model = tf.keras.Sequential([
    layers.Input(shape=(96, 96, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(ds, epochs=1, verbose=0)

import keras
import numpy as np
from keras import layers

x = np.random.rand(32, 28, 28, 1).astype("float32")
inputs = keras.Input((28, 28, 1))
h = layers.Conv2D(16, 3, activation="relu")(inputs)
h = layers.MaxPooling2D(2)(h)
h = layers.Conv2D(8, 3, activation="relu")(h)
h = layers.UpSampling2D(2)(h)
outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(h)
autoencoder = keras.Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x, x, epochs=1, batch_size=8, verbose=0)

import numpy as np
from tensorflow import keras

image = keras.Input(shape=(28, 28, 1))
meta = keras.Input(shape=(5,))
a = keras.layers.Flatten()(keras.layers.Conv2D(4, 3)(image))
b = keras.layers.Dense(4)(meta)
out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
model = keras.Model([image, meta], out)
model.compile(optimizer="adam", loss="mse")
imgs = np.random.rand(48, 28, 28, 1)
extra = np.random.rand(48, 5)
target = np.random.rand(48, 1)
model.fit([imgs, extra], target, epochs=1, batch_size=16, verbose=0)

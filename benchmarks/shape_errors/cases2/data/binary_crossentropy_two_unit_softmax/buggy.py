import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 48, 48, 1).astype("float32")
y = np.random.randint(0, 2, size=(64,))
model = keras.Sequential([
    keras.Input((48, 48, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

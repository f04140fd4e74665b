import keras
import numpy as np
from keras import layers

frames = np.random.rand(32, 28, 28, 1).astype("float32")
labels = np.random.randint(0, 2, size=(32,))
model = keras.Sequential([
    keras.Input((5, 28, 28, 1)),
    layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu")),
    layers.TimeDistributed(layers.Flatten()),
    layers.LSTM(16),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(frames, labels, epochs=1, batch_size=8, verbose=0)

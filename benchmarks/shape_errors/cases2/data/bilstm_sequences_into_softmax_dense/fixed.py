import keras
import numpy as np
from keras import layers

x = np.random.randint(0, 1000, size=(64, 40))
y = keras.utils.to_categorical(np.random.randint(0, 3, size=(64,)), 3)
model = keras.Sequential([
    keras.Input((40,)),
    layers.Embedding(1000, 32),
    layers.Bidirectional(layers.LSTM(16, return_sequences=True)),
    layers.Bidirectional(layers.LSTM(16)),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

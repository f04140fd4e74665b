import keras
import numpy as np
from keras import layers

vocab, steps = 50, 20
x = np.random.randint(0, vocab, size=(64, steps))
y = np.random.randint(0, vocab, size=(64, steps))
model = keras.Sequential([
    keras.Input((steps,)),
    layers.Embedding(vocab, 16),
    layers.LSTM(32, return_sequences=True),
    layers.Dense(vocab, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

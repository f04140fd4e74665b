import numpy as np
from keras import layers, models

X = np.random.rand(64, 45, 2)
y = np.random.rand(64, 1)
model = models.Sequential([
    layers.Input(shape=(45, 2)),
    layers.LSTM(16, return_sequences=True),
    layers.LSTM(16, return_sequences=True),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)

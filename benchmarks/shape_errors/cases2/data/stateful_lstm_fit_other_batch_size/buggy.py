import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 10, 1).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input(batch_shape=(32, 10, 1)), layers.LSTM(8, stateful=True), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)

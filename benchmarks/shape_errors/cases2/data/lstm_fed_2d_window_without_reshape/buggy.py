import keras
import numpy as np
from keras import layers

series = np.random.rand(300).astype("float32")
look_back = 8
X = np.array([series[i:i + look_back] for i in range(len(series) - look_back)])
y = series[look_back:]
model = keras.Sequential([keras.Input((1, look_back)), layers.LSTM(4), layers.Dense(1)])
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)

import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential

X = np.random.rand(100, 10, 1)
y = np.random.rand(100, 1)
model = Sequential()
model.add(LSTM(16, input_shape=(10, 1)))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)

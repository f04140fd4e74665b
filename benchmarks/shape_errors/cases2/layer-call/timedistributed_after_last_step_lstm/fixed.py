import keras
from keras import layers

model = keras.Sequential([
    keras.Input((20, 4)),
    layers.LSTM(32, return_sequences=True),
    layers.TimeDistributed(layers.Dense(1)),
])
model.compile(optimizer="adam", loss="mse")

import keras
from keras import layers

seq_in = keras.Input((10, 4))
meta_in = keras.Input((3,))
h = layers.LSTM(16)(seq_in)
m = layers.Dense(8, activation="relu")(meta_in)
x = layers.Concatenate()([h, m])
out = layers.Dense(1)(layers.Flatten()(x))
model = keras.Model([seq_in, meta_in], out)

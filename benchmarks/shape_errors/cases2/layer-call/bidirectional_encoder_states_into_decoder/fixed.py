import keras
import numpy as np
from keras import layers

n_units = 8
encoder_inputs = keras.Input(shape=(None, 1))
encoder = layers.Bidirectional(layers.LSTM(n_units, return_state=True))
_, forward_h, forward_c, backward_h, backward_c = encoder(encoder_inputs)
state_h = layers.Concatenate()([forward_h, backward_h])
state_c = layers.Concatenate()([forward_c, backward_c])
decoder_inputs = keras.Input(shape=(None, 1))
decoder_lstm = layers.LSTM(n_units * 2, return_sequences=True)
decoder_outputs = decoder_lstm(decoder_inputs, initial_state=[state_h, state_c])
outputs = layers.Dense(1)(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], outputs)
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(32, 6, 1), np.random.rand(32, 4, 1)], np.random.rand(32, 4, 1), epochs=1, verbose=0)

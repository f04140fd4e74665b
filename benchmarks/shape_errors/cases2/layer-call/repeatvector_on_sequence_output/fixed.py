import tensorflow as tf

timesteps, features = 10, 3
model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(timesteps, features)))
model.add(tf.keras.layers.LSTM(64))
model.add(tf.keras.layers.RepeatVector(timesteps))
model.add(tf.keras.layers.LSTM(64, return_sequences=True))
model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(features)))
model.compile(optimizer="adam", loss="mse")

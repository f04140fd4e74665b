import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input(shape=(45, 2)),
    tf.keras.layers.LSTM(64, return_sequences=True),
    tf.keras.layers.LSTM(64),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")

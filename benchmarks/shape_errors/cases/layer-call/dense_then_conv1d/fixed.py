import keras

inputs = keras.Input(shape=(720,))
hidden = keras.layers.Dense(64, activation="relu")(inputs)
hidden = keras.layers.Reshape((64, 1))(hidden)
conv = keras.layers.Conv1D(64, 3, activation="relu")(hidden)
out = keras.layers.Dense(1)(keras.layers.Flatten()(conv))
model = keras.Model(inputs=inputs, outputs=out)
model.compile(optimizer="rmsprop", loss="msle")

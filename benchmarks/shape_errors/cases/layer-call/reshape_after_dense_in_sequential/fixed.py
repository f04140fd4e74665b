from tensorflow import keras

generator = keras.Sequential([
    keras.layers.Dense(300, input_shape=(20,)),
    keras.layers.Reshape((10, 10, 3)),
    keras.layers.Conv2D(3, 3, padding="same", activation="sigmoid"),
])
generator.compile(optimizer="adam", loss="mse")

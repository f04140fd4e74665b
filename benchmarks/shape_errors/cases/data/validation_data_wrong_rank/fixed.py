import keras

(x_train, y_train), (x_val, y_val) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(len(x_train), 28 * 28).astype("float32") / 255
x_val = x_val.reshape(len(x_val), 28 * 28).astype("float32") / 255
model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, batch_size=32, validation_data=(x_val, y_val), verbose=0)

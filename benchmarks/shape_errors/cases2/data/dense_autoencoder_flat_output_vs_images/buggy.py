import keras
from keras import layers

(x_train, _), _ = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
autoencoder = keras.Sequential([
    keras.Input((28, 28)),
    layers.Flatten(),
    layers.Dense(32, activation="relu"),
    layers.Dense(784, activation="sigmoid"),
])
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(x_train, x_train, epochs=1, batch_size=16, verbose=0)

import keras
from keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
y_onehot = keras.utils.to_categorical(y_train, 10)
m = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
m.compile(loss="categorical_crossentropy", optimizer="adam")
m.fit(x_train / 255.0, y_onehot, epochs=1, batch_size=32, verbose=0)

from keras.datasets import mnist
from keras.layers import Dense, Flatten, Input
from keras.models import Sequential
from keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.astype("float32") / 255
y_train = to_categorical(y_train, 10)
model = Sequential([Input(shape=(28, 28)), Flatten(), Dense(128, activation="relu"), Dense(10, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=1, verbose=0)

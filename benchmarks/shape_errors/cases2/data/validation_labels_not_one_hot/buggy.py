import keras
import numpy as np
from keras import layers

x_train = np.random.rand(64, 12).astype("float32")
y_train = np.random.randint(0, 4, size=(64,))
x_val = np.random.rand(16, 12).astype("float32")
y_val = np.random.randint(0, 4, size=(16,))
y_train = keras.utils.to_categorical(y_train, 4)
model = keras.Sequential([keras.Input((12,)), layers.Dense(32, activation="relu"),
                          layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=1, batch_size=16, verbose=0)

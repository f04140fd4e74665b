import keras
import numpy as np
from keras import layers

x = np.random.rand(100, 8).astype("float32")
y = np.random.randint(0, 2, size=(100,))
weights = np.where(y == 1, 5.0, 1.0)
x_train, y_train, w_train = x[:80], y[:80], weights[:80]
model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"),
                          layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, sample_weight=w_train, epochs=1, batch_size=16, verbose=0)

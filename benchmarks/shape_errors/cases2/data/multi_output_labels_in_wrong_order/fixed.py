import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 20).astype("float32")
y_class = keras.utils.to_categorical(np.random.randint(0, 5, size=(64,)), 5)
y_score = np.random.rand(64, 1).astype("float32")
inputs = keras.Input((20,))
h = layers.Dense(32, activation="relu")(inputs)
class_out = layers.Dense(5, activation="softmax")(h)
score_out = layers.Dense(1)(h)
model = keras.Model(inputs, [class_out, score_out])
model.compile(optimizer="adam", loss=["categorical_crossentropy", "mse"])
model.fit(x, [y_class, y_score], epochs=1, batch_size=16, verbose=0)

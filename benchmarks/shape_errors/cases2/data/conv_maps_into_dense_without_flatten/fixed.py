import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(64, 100, 100, 3).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 10, size=(64,)), 10)
input_layer = keras.Input(shape=(100, 100, 3))
x = layers.Conv2D(32, (3, 3), activation="relu")(input_layer)
x = layers.Flatten()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dense(10, activation="softmax")(x)
model = keras.Model(input_layer, x)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, batch_size=16, verbose=0)

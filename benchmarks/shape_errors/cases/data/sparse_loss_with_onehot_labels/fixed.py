import numpy as np
from keras import layers, models, utils

x = np.random.rand(64, 32)
y = utils.to_categorical(np.random.randint(0, 10, size=64), 10)
model = models.Sequential([layers.Input(shape=(32,)), layers.Dense(10, activation="softmax")])
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

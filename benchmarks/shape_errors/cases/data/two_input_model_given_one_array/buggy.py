import numpy as np
import keras
from keras import layers

title_in = keras.Input(shape=(12,), name="title")
body_in = keras.Input(shape=(40,), name="body")
merged = layers.concatenate([layers.Dense(8)(title_in), layers.Dense(8)(body_in)])
model = keras.Model(inputs=[title_in, body_in], outputs=layers.Dense(1, activation="sigmoid")(merged))
model.compile(optimizer="adam", loss="binary_crossentropy")
titles = np.random.rand(64, 12)
bodies = np.random.rand(64, 40)
y = np.random.randint(0, 2, size=(64, 1))
model.fit(titles, y, epochs=1, batch_size=16, verbose=0)

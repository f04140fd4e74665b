import numpy as np
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Sequential

x = np.random.rand(100, 12)
y = np.random.randint(0, 2, size=(100,))
model = Sequential([Input(shape=(10,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

import numpy as np
from keras.layers import Dense, Input
from keras.models import Sequential
from keras.utils import to_categorical

x = np.random.rand(64, 20)
y = to_categorical(np.random.randint(0, 5, size=64), 10)
model = Sequential([Input(shape=(20,)), Dense(32, activation="relu"), Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

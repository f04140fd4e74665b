import numpy as np
from keras.layers import Conv2D, Dense, Flatten
from keras.models import Sequential

images = np.random.rand(64, 32, 32, 1).astype("float32")
model = Sequential()
model.add(Conv2D(16, (3, 3), activation="relu", input_shape=images.shape[1:]))
model.add(Flatten())
model.add(Dense(2, activation="softmax"))
model.compile(optimizer="sgd", loss="categorical_crossentropy")

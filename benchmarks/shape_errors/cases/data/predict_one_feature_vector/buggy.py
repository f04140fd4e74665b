import numpy as np
from keras import layers, models

X = np.random.rand(150, 4)
y = np.random.randint(0, 3, size=(150,))
model = models.Sequential([layers.Input(shape=(4,)), layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
sample = np.array([5.1, 3.5, 1.4, 0.2])
print(model.predict(sample, verbose=0))

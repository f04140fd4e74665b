from keras import layers, models

model = models.Sequential([
    layers.Input(shape=(5, 5, 1)),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.Conv2D(16, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.summary()

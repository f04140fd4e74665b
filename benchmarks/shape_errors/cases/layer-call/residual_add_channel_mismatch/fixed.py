from keras import layers, Model, Input

x = Input(shape=(64, 64, 3))
y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
y = layers.Conv2D(16, 3, padding="same")(y)
shortcut = layers.Conv2D(16, 1)(x)
z = layers.Add()([shortcut, y])
model = Model(x, layers.GlobalAveragePooling2D()(z))

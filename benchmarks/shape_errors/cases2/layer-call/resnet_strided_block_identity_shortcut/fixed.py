import keras
from keras import layers

inputs = keras.Input((32, 32, 16))
x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inputs)
x = layers.Conv2D(16, 3, padding="same")(x)
shortcut = layers.Conv2D(16, 1, strides=2)(inputs)
x = layers.Add()([x, shortcut])
x = layers.Activation("relu")(x)
outputs = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x))
model = keras.Model(inputs, outputs)

import keras
from keras import layers

inputs = keras.Input((32, 32, 64))
se = layers.GlobalAveragePooling2D()(inputs)
se = layers.Dense(64 // 4, activation="relu")(se)
se = layers.Dense(64 // 16, activation="sigmoid")(se)
se = layers.Reshape((1, 1, 64 // 16))(se)
x = layers.Multiply()([inputs, se])
model = keras.Model(inputs, x)

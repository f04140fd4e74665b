import keras
from keras import layers

inputs = keras.Input((76, 76, 3))
c1 = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
p1 = layers.MaxPooling2D(2)(c1)
c2 = layers.Conv2D(32, 3, padding="same", activation="relu")(p1)
u1 = layers.Conv2DTranspose(16, 2, strides=2, padding="same")(c2)
m1 = layers.Concatenate()([u1, c1])
outputs = layers.Conv2D(1, 1, activation="sigmoid")(m1)
model = keras.Model(inputs, outputs)

import keras
from keras import layers

latent = keras.Input(shape=(100,))
h = layers.Dense(7 * 7 * 64, activation="relu")(latent)
h = layers.Reshape((7, 7, 32))(h)
h = layers.Conv2DTranspose(32, 3, strides=2, padding="same")(h)
decoder = keras.Model(latent, h)

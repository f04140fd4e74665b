import keras
from keras import layers

image_features = keras.Input(shape=(128,))
text_features = keras.Input(shape=(32,))
project = layers.Dense(10)
a = project(image_features)
b = project(text_features)
merged = layers.Concatenate()([a, b])
model = keras.Model([image_features, text_features], layers.Dense(1)(merged))

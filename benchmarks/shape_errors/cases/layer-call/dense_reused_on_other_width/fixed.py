import keras
from keras import layers

image_features = keras.Input(shape=(128,))
text_features = keras.Input(shape=(32,))
a = layers.Dense(10)(image_features)
b = layers.Dense(10)(text_features)
merged = layers.Concatenate()([a, b])
model = keras.Model([image_features, text_features], layers.Dense(1)(merged))

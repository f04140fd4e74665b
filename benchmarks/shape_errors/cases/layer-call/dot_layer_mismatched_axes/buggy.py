from keras import Input, Model
from keras.layers import Dense, Dot

query = Input(shape=(10,))
key = Input(shape=(12,))
score = Dot(axes=1)([query, key])
model = Model([query, key], Dense(1, activation="sigmoid")(score))

from keras import Input, Model
from keras.layers import Dense, Dot

query = Input(shape=(10,))
key = Input(shape=(12,))
key_proj = Dense(10)(key)
score = Dot(axes=1)([query, key_proj])
model = Model([query, key], Dense(1, activation="sigmoid")(score))

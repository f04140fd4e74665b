from tensorflow.keras.layers import Concatenate, Dense, Flatten, Input
from tensorflow.keras.models import Model

recent = Input(shape=(10, 4))
history = Input(shape=(12, 4))
joined = Concatenate(axis=1)([recent, history])
out = Dense(1)(Flatten()(joined))
model = Model(inputs=[recent, history], outputs=out)

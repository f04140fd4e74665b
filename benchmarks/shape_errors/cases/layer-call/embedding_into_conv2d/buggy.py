from keras.layers import Conv2D, Dense, Embedding, GlobalMaxPooling2D, Input
from keras.models import Model

tokens = Input(shape=(100,), dtype="int32")
embedded = Embedding(5000, 300)(tokens)
features = Conv2D(32, (3, 3), activation="relu")(embedded)
pooled = GlobalMaxPooling2D()(features)
model = Model(tokens, Dense(2, activation="softmax")(pooled))

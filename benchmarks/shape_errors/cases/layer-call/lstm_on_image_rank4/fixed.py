from keras import Input, Model, layers

inputs = Input(shape=(28, 28))
seq = layers.LSTM(32)(inputs)
outputs = layers.Dense(10, activation="softmax")(seq)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv1D, Dense, GlobalMaxPooling1D

model = Sequential()
model.add(Conv1D(filters=32, kernel_size=3, strides=3, input_shape=(1886, 1)))
model.add(GlobalMaxPooling1D())
model.add(Dense(4, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")

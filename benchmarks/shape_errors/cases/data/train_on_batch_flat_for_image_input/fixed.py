import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
batch_x = np.random.rand(32, 784).astype("float32").reshape(32, 28, 28)
batch_y = np.random.randint(0, 10, size=(32,))
loss = model.train_on_batch(batch_x, batch_y)
print(loss)

import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train[..., None].astype("float32") / 255.0
ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
ds = ds.map(lambda img, label: (tf.image.convert_image_dtype(img, tf.float32), label)).batch(16)
model = tf.keras.Sequential([
    tf.keras.Input((28, 28, 1)),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(ds, epochs=1, verbose=0)

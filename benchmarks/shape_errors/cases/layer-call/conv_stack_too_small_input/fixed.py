import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu", input_shape=(7, 9, 1), padding="same"))
model.add(tf.keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu", padding="same"))
model.add(tf.keras.layers.Conv2D(2, kernel_size=(3, 3), activation="relu", padding="same"))
model.add(tf.keras.layers.Conv2D(2, kernel_size=(3, 3), activation="relu", padding="same"))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")

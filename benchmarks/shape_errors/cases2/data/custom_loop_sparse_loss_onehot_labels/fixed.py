import numpy as np
import tensorflow as tf

x = np.random.rand(64, 20).astype("float32")
y = tf.keras.utils.to_categorical(np.random.randint(0, 5, size=(64,)), 5)
model = tf.keras.Sequential([tf.keras.Input((20,)), tf.keras.layers.Dense(5)])
loss_fn = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
with tf.GradientTape() as tape:
    logits = model(x, training=True)
    loss = loss_fn(y, logits)
grads = tape.gradient(loss, model.trainable_variables)
optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))

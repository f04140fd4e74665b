"""Saved and live Keras models: read the stored config of a `.keras` / `.h5` file or a
tf.keras SavedModel directory (never loading the model), or a live `keras.Model`'s config,
and check it with the same graph and rules as source code."""

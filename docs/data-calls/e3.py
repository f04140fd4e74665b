"""Keras 3 functional models: is the whole input shape checked (not only what the layers read)?"""
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras, numpy as np
L = keras.layers
def fm(shape, *layers):
    a = L.Input(shape); x = a
    for l in layers: x = l(x)
    return keras.Model(a, x)
for title, m, x in [
    ("func Input(28,28,1) Conv2D GAP Dense <- (8,32,32,1)", fm((28, 28, 1), L.Conv2D(2, 3), L.GlobalAveragePooling2D(), L.Dense(1)), np.zeros((8, 32, 32, 1))),
    ("func Input(28,28) LSTM <- (8,30,28)", fm((28, 28), L.LSTM(2)), np.zeros((8, 30, 28))),
    ("func Input(10,) Activation <- (8,12)", fm((10,), L.Activation("relu")), np.zeros((8, 12))),
    ("func Input(None,28) LSTM <- (8,30,28)", fm((None, 28), L.LSTM(2)), np.zeros((8, 30, 28))),
    ("func Input(28,28,1) <- (8,28,28)", fm((28, 28, 1), L.Conv2D(2, 3)), np.zeros((8, 28, 28))),
]:
    for fn in ("predict", "fit"):
        try:
            if fn == "predict": m.predict(x, verbose=0)
            else:
                m.compile(loss="mse"); m.fit(x, np.zeros((8,) + tuple(m.output.shape[1:])), verbose=0, epochs=1)
            print("OK  ", fn, title)
        except Exception as e:
            print("FAIL", fn, title, type(e).__name__, " ".join(str(e).split())[:200])

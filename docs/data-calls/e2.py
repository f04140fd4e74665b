"""Same rank, another size on a non-batch axis: does the model (Keras 3 / tf-keras) refuse it?"""
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
if sys.argv[1] == "tf_keras":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras
else:
    import keras
import numpy as np
L = keras.layers
def run(title, layers, x, fn="predict"):
    m = keras.Sequential([*layers]); 
    try:
        getattr(m, fn)(x, verbose=0) if fn == "predict" else m(x)
        print("OK  ", title)
    except Exception as e:
        print("FAIL", title, type(e).__name__, " ".join(str(e).split())[:160])
run("Input(28,28) Conv1D GAP Dense <- (8,30,28)", [L.Input((28, 28)), L.Conv1D(2, 3), L.GlobalAveragePooling1D(), L.Dense(1)], np.zeros((8, 30, 28)))
run("Input(28,28,1) Conv2D GAP Dense <- (8,32,32,1)", [L.Input((28, 28, 1)), L.Conv2D(2, 3), L.GlobalAveragePooling2D(), L.Dense(1)], np.zeros((8, 32, 32, 1)))
run("Input(28,28,1) Conv2D GAP Dense <- (8,32,32,1) call", [L.Input((28, 28, 1)), L.Conv2D(2, 3), L.GlobalAveragePooling2D(), L.Dense(1)], np.zeros((8, 32, 32, 1)), "call")
run("Input(28,28) Flatten Dense <- (8,30,28)", [L.Input((28, 28)), L.Flatten(), L.Dense(1)], np.zeros((8, 30, 28)))
run("Input(28,28) LSTM <- (8,30,28)", [L.Input((28, 28)), L.LSTM(2)], np.zeros((8, 30, 28)))
run("Input(10,) Dense <- (8,12)", [L.Input((10,)), L.Dense(1)], np.zeros((8, 12)))
run("Input(28,28,1) Conv2D <- (8,28,28,3)", [L.Input((28, 28, 1)), L.Conv2D(2, 3)], np.zeros((8, 28, 28, 3)))
run("Input(10,) Dropout Dense <- (8,12)", [L.Input((10,)), L.Dropout(0.1), L.Dense(1)], np.zeros((8, 12)))
run("Input(10,) Activation <- (8,12)", [L.Input((10,)), L.Activation("relu")], np.zeros((8, 12)))
a = L.Input((10,)); mm = keras.Model(a, L.Dense(1)(a))
for x in (np.zeros((8, 12)),):
    try: mm.predict(x, verbose=0); print("OK   functional Dense 10 <- 12")
    except Exception as e: print("FAIL functional Dense 10<-12", " ".join(str(e).split())[:160])

"""Data meets model: what Keras does. Run: python e1.py keras|tf_keras"""
import os, sys, traceback
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
if sys.argv[1] == "tf_keras":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras
else:
    import keras
import numpy as np
L = keras.layers

def run(title, f):
    try:
        r = f()
        print(f"OK   {title}: {getattr(r, 'shape', '')}")
    except Exception as e:
        msg = " ".join(str(e).split())[:300]
        print(f"FAIL {title}: {type(e).__name__}: {msg}")

def conv(cin=1, loss="sparse_categorical_crossentropy"):
    m = keras.Sequential([L.Input(shape=(28, 28, cin)), L.Conv2D(2, 3), L.Flatten(), L.Dense(10, activation="softmax")])
    m.compile(loss=loss, optimizer="adam"); return m
def dense(nin=10, units=1, loss="binary_crossentropy", act="sigmoid"):
    m = keras.Sequential([L.Input(shape=(nin,)), L.Dense(units, activation=act)])
    m.compile(loss=loss, optimizer="adam"); return m
x28 = np.random.rand(8, 28, 28).astype("float32"); y8 = np.random.randint(0, 10, size=(8,))
kw = dict(epochs=1, verbose=0, batch_size=4)
run("fit (8,28,28) into Input(28,28,1)", lambda: conv().fit(x28, y8, **kw))
run("fit (8,28,28,3) into Input(28,28,1)", lambda: conv().fit(np.random.rand(8,28,28,3), y8, **kw))
run("fit (8,784) into Input(28,28,1)", lambda: conv().fit(np.random.rand(8,784), y8, **kw))
run("fit (8,28,28,1,1) into Input(28,28,1)", lambda: conv().fit(np.random.rand(8,28,28,1,1), y8, **kw))
run("fit (8,28,28,1) into Input(28,28)", lambda: keras.Sequential([L.Input((28,28)), L.Flatten(), L.Dense(10)]).fit(np.random.rand(8,28,28,1), y8, **kw) if False else None)
def m28():
    m = keras.Sequential([L.Input((28,28)), L.Flatten(), L.Dense(10, activation="softmax")]); m.compile(loss="sparse_categorical_crossentropy"); return m
run("fit (8,28,28,1) into Input(28,28)", lambda: m28().fit(np.random.rand(8,28,28,1), y8, **kw))
run("fit (8,28,28,2) into Input(28,28)", lambda: m28().fit(np.random.rand(8,28,28,2), y8, **kw))
run("predict (28,28) into Input(28,28,1)", lambda: conv().predict(x28[0], verbose=0))
run("predict (28,28) into Input(28,28)", lambda: m28().predict(x28[0], verbose=0))
run("predict (28,28,1) into Input(28,28,1)", lambda: conv().predict(x28[0][..., None], verbose=0))
run("predict (12,) into Input(12,)", lambda: dense(12).predict(np.random.rand(12), verbose=0))
run("predict (1,) into Input(1,)", lambda: dense(1).predict(np.random.rand(1), verbose=0))
run("predict (5,) into Input(1,)", lambda: dense(1).predict(np.random.rand(5), verbose=0))
run("fit (8,12) into Input(10,)", lambda: dense(10).fit(np.random.rand(8,12), np.random.randint(0,2,size=(8,)), **kw))
run("evaluate (8,12) into Input(10,)", lambda: dense(10).evaluate(np.random.rand(8,12), np.random.randint(0,2,size=(8,)), verbose=0))
run("predict (8,12) into Input(10,)", lambda: dense(10).predict(np.random.rand(8,12), verbose=0))
run("model(x) (8,12) into Input(10,)", lambda: dense(10)(np.random.rand(8,12)))
run("model(x) (12,) into Input(12,)", lambda: dense(12)(np.random.rand(12)))
run("train_on_batch (8,12) into Input(10,)", lambda: dense(10).train_on_batch(np.random.rand(8,12), np.random.randint(0,2,size=(8,))))
run("test_on_batch (8,12) into Input(10,)", lambda: dense(10).test_on_batch(np.random.rand(8,12), np.random.randint(0,2,size=(8,))))
run("predict_on_batch (8,12) into Input(10,)", lambda: dense(10).predict_on_batch(np.random.rand(8,12)))
# labels
run("cce y (8,) out (None,10)", lambda: conv(loss="categorical_crossentropy").fit(x28[..., None], y8, **kw))
run("cce y (8,1) out (None,10)", lambda: conv(loss="categorical_crossentropy").fit(x28[..., None], y8[:, None], **kw))
run("cce y (8,10) ok", lambda: conv(loss="categorical_crossentropy").fit(x28[..., None], keras.utils.to_categorical(y8, 10), **kw))
run("cce y (8,5) out 10", lambda: conv(loss="categorical_crossentropy").fit(x28[..., None], keras.utils.to_categorical(y8 % 5, 5), **kw))
run("cce y (8,11) out 10", lambda: conv(loss="categorical_crossentropy").fit(x28[..., None], keras.utils.to_categorical(y8, 11), **kw))
run("scce y (8,10) onehot", lambda: conv().fit(x28[..., None], keras.utils.to_categorical(y8, 10), **kw))
run("scce y (8,1)", lambda: conv().fit(x28[..., None], y8[:, None], **kw))
run("scce y (8,2)", lambda: conv().fit(x28[..., None], np.zeros((8,2)), **kw))
run("bce y (8,) out 10", lambda: dense(10, 10).fit(np.random.rand(8,10), np.random.randint(0,2,size=(8,)), **kw))
run("bce y (8,2) out 1", lambda: dense(10, 1).fit(np.random.rand(8,10), keras.utils.to_categorical(np.random.randint(0,2,size=(8,)), 2), **kw))
run("bce y (8,3) out 2", lambda: dense(10, 2).fit(np.random.rand(8,10), np.zeros((8,3)), **kw))
run("mse y (8,) out 10", lambda: dense(10, 10, "mse", "softmax").fit(np.random.rand(8,10), np.random.randint(0,2,size=(8,)), **kw))
run("mse y (8,3) out 10", lambda: dense(10, 10, "mse", "softmax").fit(np.random.rand(8,10), np.zeros((8,3)), **kw))
run("mse y (8,10,1) out 10", lambda: dense(10, 10, "mse", "softmax").fit(np.random.rand(8,10), np.zeros((8,10,1)), **kw))
def m3():
    m = keras.Sequential([L.Input((28,28)), L.Dense(10, activation="softmax")]); return m
def c(m, loss): m.compile(loss=loss); return m
run("cce out (None,28,10) y (8,10)", lambda: c(m3(), "categorical_crossentropy").fit(x28, keras.utils.to_categorical(y8, 10), **kw))
run("scce out (None,28,10) y (8,)", lambda: c(m3(), "sparse_categorical_crossentropy").fit(x28, y8, **kw))
run("mse out (None,28,10) y (8,10)", lambda: c(m3(), "mse").fit(x28, keras.utils.to_categorical(y8, 10), **kw))
# cardinality
run("x 8 y 6", lambda: dense(10).fit(np.random.rand(8,10), np.zeros((6,)), **kw))
run("x 8 y 6 evaluate", lambda: dense(10).evaluate(np.random.rand(8,10), np.zeros((6,)), verbose=0))
# input count
def two():
    a, b = L.Input((4,)), L.Input((3,))
    m = keras.Model([a, b], L.Dense(1)(L.concatenate([a, b]))); m.compile(loss="mse"); return m
run("two-input given one", lambda: two().fit(np.random.rand(8,4), np.zeros((8,1)), **kw))
run("two-input given swapped", lambda: two().fit([np.random.rand(8,3), np.random.rand(8,4)], np.zeros((8,1)), **kw))
run("two-input given three", lambda: two().fit([np.random.rand(8,4), np.random.rand(8,3), np.random.rand(8,3)], np.zeros((8,1)), **kw))
run("one-input given two", lambda: dense(10).fit([np.random.rand(8,10), np.random.rand(8,10)], np.zeros((8,)), **kw))
# validation data
run("validation_data wrong", lambda: dense(10).fit(np.random.rand(8,10), np.zeros((8,)), validation_data=(np.random.rand(8,12), np.zeros((8,))), **kw))
run("sparse label >= units", lambda: dense(10, 1, "sparse_categorical_crossentropy", "softmax").fit(np.random.rand(8,10), np.arange(8), **kw))

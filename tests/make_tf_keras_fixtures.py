"""Make fixtures/saved/tf_keras/: the NL001 test model written by tf_keras 2.x (Keras 2's
formats: `.h5`, a SavedModel directory, Keras 2's `.keras`). tf_keras is not a test
dependency (it pins the full `tensorflow` package), so its files are committed; run
`python tests/make_tf_keras_fixtures.py` with tf_keras installed to remake them."""

from __future__ import annotations

import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "saved" / "tf_keras"


def main() -> None:
    import tf_keras
    from tf_keras import layers

    inner_in = tf_keras.Input(shape=(10, 8))
    h = layers.Dense(8, name="inner_dense")(inner_in)
    h = layers.Dropout(0.5, noise_shape=(32, 1, 8), name="drop1")(h)
    block = tf_keras.Model(inner_in, h, name="block_2")
    inputs = tf_keras.Input(shape=(10, 8), name="x")
    shared = layers.Dense(8, name="shared")
    x = block(shared(shared(inputs)))
    outputs = layers.Dense(1, name="out")(layers.Flatten(name="flatten")(x))
    model = tf_keras.Model(inputs, outputs, name="model")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    model.save(OUT / "nl001.h5")
    model.save(OUT / "nl001.keras")
    model.save(OUT / "nl001_savedmodel", save_format="tf")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())} with tf_keras {tf_keras.__version__}")


if __name__ == "__main__":
    main()

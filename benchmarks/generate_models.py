"""Write a generated project of Keras model files for the scale benchmark (numbers for humans).

Usage: python benchmarks/generate_models.py DIR [--files 2000] [--seed 23]

Issue #23's scale goal: a project of 2,000 model files, linted cold, costs the same per file
as one of 200, within 300 MB. The files are written the way people write model scripts, and
no two are alike: Sequential and functional models (and a `keras.Model` subclass now and
then), for tabular data, images, sequences and text, built in a function with keyword
arguments or at module level, with constants read from the package's `config.py`, compiled
with a loss that fits the head, and some trained with `fit` on NumPy arrays of the right
shapes. A seeded random generator picks each choice, so the same `--seed` writes the same
project. The files of one package are `model_0000.py` ... in `pkgNN/` of 50 files each, so
the first 200 files of a 2,000-file project are a 200-file project of its own.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PER_PACKAGE = 50


def _imports(rng: random.Random) -> tuple[str, str, str]:
    """The import lines, how a layer is named (`layers.Dense`) and how a model is (`keras.Model`)."""
    style = rng.choice(("keras", "tf", "from"))
    if style == "keras":
        return "import keras\nfrom keras import layers\n", "layers.", "keras."
    if style == "tf":
        return "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n", \
            "layers.", "keras."
    return ("from keras.layers import (Conv1D, Conv2D, Dense, Dropout, Embedding, Flatten, GlobalAveragePooling1D,\n"
            "                          GlobalMaxPooling2D, Input, LSTM, GRU, MaxPooling1D, MaxPooling2D,\n"
            "                          BatchNormalization, Activation, Concatenate)\n"
            "from keras.models import Model, Sequential\n"), "", ""


class _File:
    """One model file as it is written: its lines, and the names its model reads."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng, self.number = rng, number
        self.imports, self.l, self.k = _imports(rng)
        self.task = rng.choice(("tabular", "image", "sequence", "text"))
        self.classes = rng.choice((2, 3, 5, 10, 20))
        self.batch = rng.choice((16, 32, 64, 128))
        self.width = rng.choice((32, 64, 128, 256))
        self.dropout = rng.choice((0.1, 0.2, 0.25, 0.3, 0.5))
        self.uses_config = rng.random() < 0.4

    def layer(self, name: str, *args: object, **kwargs: object) -> str:
        parts = [*(repr(a) if not isinstance(a, _Raw) else str(a) for a in args),
                 *(f"{k}={v!r}" if not isinstance(v, _Raw) else f"{k}={v}" for k, v in kwargs.items())]
        return f"{self.l}{name}({', '.join(parts)})"

    def input_shape(self) -> tuple[int, ...]:
        if self.task == "tabular":
            return (self.rng.choice((8, 13, 20, 30, 64, 784)),)
        if self.task == "image":
            size = self.rng.choice((28, 32, 64, 96))
            return (size, size, self.rng.choice((1, 3)))
        if self.task == "sequence":
            return (self.rng.choice((20, 50, 100, 128)), self.rng.choice((1, 4, 8, 16)))
        return (self.rng.choice((50, 100, 200, 400)),)

    def body(self, shape: tuple[int, ...]) -> list[str]:
        """The hidden layers, each a call on the previous output, for this task."""
        r, w = self.rng, _Raw("units") if self.rng.random() < 0.5 else self.width
        out: list[str] = []
        if self.task == "tabular":
            for i in range(r.randint(1, 4)):
                out.append(self.layer("Dense", w if i == 0 else r.choice((16, 32, 64)), activation="relu"))
                if r.random() < 0.5:
                    out.append(self.layer("Dropout", _Raw("dropout")))
                if r.random() < 0.3:
                    out.append(self.layer("BatchNormalization"))
        elif self.task == "image":
            filters = r.choice((16, 32, 64))
            for _ in range(r.randint(1, 3)):
                # `valid` only where the image is large enough for three of them.
                padding = r.choice(("same", "valid")) if shape[0] >= 64 else "same"
                out.append(self.layer("Conv2D", filters, r.choice((3, 5)), padding=padding, activation="relu"))
                if r.random() < 0.4:
                    out.append(self.layer("BatchNormalization"))
                out.append(self.layer("MaxPooling2D", 2))
                filters *= 2
            out.append(self.layer("Flatten") if r.random() < 0.6 else self.layer("GlobalMaxPooling2D"))
            out.append(self.layer("Dropout", _Raw("dropout")))
            out.append(self.layer("Dense", w, activation="relu"))
        elif self.task == "sequence":
            if r.random() < 0.5:
                out.append(self.layer("Conv1D", r.choice((16, 32, 64)), r.choice((3, 5)), activation="relu"))
                out.append(self.layer("MaxPooling1D", 2))
            cell = r.choice(("LSTM", "GRU"))
            if r.random() < 0.5:
                out.append(self.layer(cell, w, return_sequences=True))
            out.append(self.layer(cell, r.choice((16, 32, 64))))
            out.append(self.layer("Dropout", _Raw("dropout")))
        else:
            out.append(self.layer("Embedding", _Raw("VOCAB_SIZE"), r.choice((32, 64, 128))))
            if r.random() < 0.5:
                out.append(self.layer("Conv1D", r.choice((32, 64, 128)), r.choice((3, 5, 7)), activation="relu"))
                out.append(self.layer("GlobalAveragePooling1D"))
            else:
                out.append(self.layer(r.choice(("LSTM", "GRU")), w))
            out.append(self.layer("Dropout", _Raw("dropout")))
        return out

    def head(self) -> tuple[str, str]:
        """The output layer and the loss that goes with it."""
        if self.classes == 2 and self.rng.random() < 0.5:
            return self.layer("Dense", 1, activation="sigmoid"), "binary_crossentropy"
        loss = self.rng.choice(("categorical_crossentropy", "sparse_categorical_crossentropy"))
        return self.layer("Dense", _Raw("NUM_CLASSES"), activation="softmax"), loss

    def source(self) -> str:
        r = self.rng
        shape = self.input_shape()
        hidden, (output, loss) = self.body(shape), self.head()
        article = "an" if self.task == "image" else "a"
        lines = [f'"""Model {self.number}: {article} {self.task} classifier ({len(hidden) + 1} layers)."""', "",
                 "import numpy as np", *self.imports.rstrip("\n").split("\n")]
        if self.uses_config:
            lines.append("from .config import NUM_CLASSES, VOCAB_SIZE")
        lines.append("")
        if not self.uses_config:
            lines += [f"NUM_CLASSES = {self.classes}", f"VOCAB_SIZE = {r.choice((5000, 10000, 20000))}"]
        lines += [f"INPUT_SHAPE = {shape!r}", f"BATCH_SIZE = {self.batch}", "", ""]
        style = r.choice(("sequential", "functional", "functional",
                          "subclass" if self.task == "tabular" else "functional"))
        lines += self._model(style, hidden, output, shape)
        lines += ["", "", *self._training(loss, shape)]
        return "\n".join(lines) + "\n"

    def _model(self, style: str, hidden: list[str], output: str, shape: tuple[int, ...]) -> list[str]:
        signature = f"def build_model(units={self.width}, dropout={self.dropout}):"
        if style == "sequential":
            inp = f"{self.k}Input(shape=INPUT_SHAPE)" if self.k else "Input(shape=INPUT_SHAPE)"
            seq = f"{self.k}Sequential" if self.k else "Sequential"
            body = [f"    model = {seq}([", f"        {inp},", *(f"        {h}," for h in hidden),
                    f"        {output},", "    ])"]
            if self.rng.random() < 0.3:  # built up with add()
                body = [f"    model = {seq}()", f"    model.add({inp})", *(f"    model.add({h})" for h in hidden),
                        f"    model.add({output})"]
            return [signature, *body, "    return model"]
        if style == "subclass":
            model = f"{self.k}Model" if self.k else "Model"
            return [f"class Classifier({model}):",
                    f"    def __init__(self, units={self.width}, dropout={self.dropout}):",
                    "        super().__init__()",
                    *(f"        self.hidden_{i} = {h}" for i, h in enumerate(hidden)),
                    f"        self.out = {output}", "", "    def call(self, x, training=False):",
                    *(f"        x = self.hidden_{i}(x)" for i in range(len(hidden))),
                    "        return self.out(x)", "", "", signature,
                    "    return Classifier(units, dropout)"]
        inp = f"{self.k}Input" if self.k else "Input"
        model = f"{self.k}Model" if self.k else "Model"
        body = [signature, f"    inputs = {inp}(shape=INPUT_SHAPE, name='features')", "    x = inputs"]
        body += [f"    x = {h}(x)" for h in hidden]
        if self.rng.random() < 0.25 and self.task == "tabular":  # a skip branch joined back
            body += [f"    side = {self.layer('Dense', 16, activation='relu')}(inputs)",
                     f"    x = {self.layer('Concatenate')}([x, side])"]
        body += [f"    outputs = {output}(x)", f"    return {model}(inputs=inputs, outputs=outputs)"]
        return body

    def _training(self, loss: str, shape: tuple[int, ...]) -> list[str]:
        r = self.rng
        lines = ["def main():", "    model = build_model()",
                 f"    model.compile(optimizer={r.choice(('adam', 'rmsprop', 'sgd'))!r}, loss={loss!r}, "
                 "metrics=['accuracy'])"]
        if r.random() < 0.5:
            samples = r.choice((256, 500, 1000, 2048))
            if self.task == "text":
                lines.append(f"    x = np.random.randint(0, VOCAB_SIZE, size=({samples}, {shape[0]}))")
            else:
                lines.append(f"    x = np.random.rand({samples}, *INPUT_SHAPE).astype('float32')")
            if loss == "categorical_crossentropy":
                lines.append(f"    y = keras.utils.to_categorical(np.random.randint(0, NUM_CLASSES, "
                             f"size=({samples},)), NUM_CLASSES)" if self.k else
                             f"    y = np.eye(NUM_CLASSES)[np.random.randint(0, NUM_CLASSES, size={samples})]")
            elif loss == "binary_crossentropy":
                lines.append(f"    y = np.random.randint(0, 2, size=({samples}, 1))")
            else:
                lines.append(f"    y = np.random.randint(0, NUM_CLASSES, size=({samples},))")
            lines.append(f"    model.fit(x, y, batch_size=BATCH_SIZE, epochs={r.choice((1, 5, 10))}, "
                         f"validation_split={r.choice((0.1, 0.2))})")
        else:
            lines.append("    model.summary()")
        lines += ["    return model", "", "", 'if __name__ == "__main__":', "    main()"]
        return lines


class _Raw(str):
    """A name written as it is (`units`), not as a string literal."""


def write_project(directory: Path, files: int, seed: int = 23) -> list[Path]:
    """Write `files` model files (and each package's `__init__.py` and `config.py`) under
    `directory`; the model files written, in order."""
    rng = random.Random(seed)
    written = []
    for number in range(files):
        package = directory / f"pkg{number // PER_PACKAGE:02d}"
        if number % PER_PACKAGE == 0:
            package.mkdir(parents=True, exist_ok=True)
            (package / "__init__.py").write_text("")
            (package / "config.py").write_text(f'"""Shared settings."""\n\nNUM_CLASSES = {rng.choice((2, 5, 10))}\n'
                                               f"VOCAB_SIZE = {rng.choice((5000, 20000))}\n")
        path = package / f"model_{number:04d}.py"
        path.write_text(_File(rng, number).source())
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    written = write_project(Path(args.directory), args.files, args.seed)
    print(f"{len(written)} model files under {args.directory}")


if __name__ == "__main__":
    main()

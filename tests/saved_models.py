"""Generators for the saved-model tests: real Keras 3 `.keras`/`.h5` files (written by Keras
at test time), Keras 2 configs written by hand from the documented tf.keras 2.x format
(`class_name` + `config`, `inbound_nodes` as `[[layer, node, tensor, kwargs]]` lists, a nested
model's calls counted from 1), stored the way tf.keras stores them (an `.h5` root attribute,
a SavedModel's `keras_metadata.pb`), and hostile files."""

from __future__ import annotations

import base64
import json
import marshal
import textwrap
import zipfile
from pathlib import Path
from typing import Any

# One model, three entry points: this source is linted as code, executed by the tests to make
# the live model, and saved by Keras to make the files.
COMBINED = textwrap.dedent('''
    import keras
    from keras import layers

    inner_in = keras.Input(shape=(10, 8))
    h = layers.Dense(8, name="inner_dense")(inner_in)
    h = layers.Dropout(0.5, noise_shape=(32, 1, 8), name="drop1")(h)
    block = keras.Model(inner_in, h, name="block_2")

    images = keras.Input(shape=(3, 16, 16), name="images")
    c = layers.Conv2D(4, 3, data_format="channels_first", name="conv")(images)
    c = layers.MaxPooling2D((2, 1), name="pool")(c)
    c = layers.Flatten(name="flat")(c)

    inputs = keras.Input(shape=(10, 8), name="x")
    shared = layers.Dense(8, name="shared")
    a = shared(inputs)
    b = shared(a)
    x = block(b)
    x = layers.Dropout(0.2, noise_shape=(1, 8), name="drop2")(x)
    x = layers.Dropout(0.2, noise_shape=(None, 5, 1), name="drop3")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Concatenate(name="cat")([x, c])
    outputs = layers.Dense(1, name="out")(x)
    model = keras.Model([inputs, images], outputs, name="model")
''')
# What each entry point must find in COMBINED: (code, layer name).
COMBINED_FINDINGS = {("NL001", "drop1"), ("NL002", "drop2"), ("NL003", "drop3"), ("NL010", "pool")}


def keras3_model(noise_shape: tuple[int | None, ...] | None, *, nested: bool = True) -> Any:
    """`x (None, 10, 8) -> shared Dense applied twice -> [block_2: Dense, Dropout] -> Flatten
    -> Dense(1)`: the small model every ground-truth file holds."""
    import keras
    from keras import layers

    inner_in = keras.Input(shape=(10, 8))
    h = layers.Dense(8, name="inner_dense")(inner_in)
    h = layers.Dropout(0.5, noise_shape=noise_shape, name="drop1")(h)
    block = keras.Model(inner_in, h, name="block_2")
    inputs = keras.Input(shape=(10, 8), name="x")
    shared = layers.Dense(8, name="shared")
    x = shared(shared(inputs))
    x = block(x) if nested else layers.Dropout(0.5, noise_shape=noise_shape, name="drop1")(x)
    outputs = layers.Dense(1, name="out")(layers.Flatten(name="flatten")(x))
    return keras.Model(inputs, outputs, name="model")


# --- Keras 2 (tf.keras 2.x) format, by hand ------------------------------------------------

def _k2_layer(class_name: str, name: str, config: dict[str, Any], inbound: list[list[Any]]) -> dict[str, Any]:
    return {"class_name": class_name, "config": {"name": name, "trainable": True, "dtype": "float32", **config},
            "name": name, "inbound_nodes": inbound}


def keras2_config(noise_shape: list[int | None] | None, lambda_code: str | None = None,
                  nested: bool = True) -> dict[str, Any]:
    """The tf.keras 2.x `model_config` of `keras3_model`'s architecture (a nested functional
    model called once, so the outer model refers to its call as node 1; Keras 3's legacy
    loader does not know that, so `nested=False` puts its layers in the outer model)."""
    inner = {"class_name": "Functional", "config": {
        "name": "block_2",
        "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 10, 8], "dtype": "float32",
                                                    "sparse": False, "ragged": False, "name": "input_1"},
             "name": "input_1", "inbound_nodes": []},
            _k2_layer("Dense", "inner_dense", {"units": 8, "activation": "linear", "use_bias": True},
                      [[["input_1", 0, 0, {}]]]),
            _k2_layer("Dropout", "drop1", {"rate": 0.5, "noise_shape": noise_shape, "seed": None},
                      [[["inner_dense", 0, 0, {}]]]),
        ],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["drop1", 0, 0]]},
        "name": "block_2", "inbound_nodes": [[["shared", 1, 0, {}]]]}
    last = "block_2"
    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 10, 8], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "x"},
         "name": "x", "inbound_nodes": []},
        _k2_layer("Dense", "shared", {"units": 8, "activation": "linear", "use_bias": True},
                  [[["x", 0, 0, {}]], [["shared", 0, 0, {}]]]),
        inner,
    ]
    if not nested:
        layers[2:] = [_k2_layer("Dense", "inner_dense", {"units": 8, "activation": "linear", "use_bias": True},
                                [[["shared", 1, 0, {}]]]),
                      _k2_layer("Dropout", "drop1", {"rate": 0.5, "noise_shape": noise_shape, "seed": None},
                                [[["inner_dense", 0, 0, {}]]])]
        last = "drop1"
    if lambda_code is not None:
        layers.append(_k2_layer("Lambda", "lam", {"function": [lambda_code, None, None], "function_type": "lambda",
                                                  "module": "__main__", "output_shape": None,
                                                  "output_shape_type": "raw", "output_shape_module": None,
                                                  "arguments": {}}, [[["block_2", 1, 0, {}]]]))
        last = "lam"
    layers += [
        _k2_layer("Flatten", "flatten", {"data_format": "channels_last"}, [[[last, 1 if last == "block_2" else 0,
                                                                              0, {}]]]),
        _k2_layer("Dense", "out", {"units": 1, "activation": "linear", "use_bias": True}, [[["flatten", 0, 0, {}]]]),
    ]
    return {"class_name": "Functional", "config": {"name": "model", "layers": layers,
                                                   "input_layers": [["x", 0, 0]], "output_layers": [["out", 0, 0]]}}


def write_h5(path: Path, config: dict[str, Any] | None, keras_version: str = "2.15.0") -> Path:
    """An HDF5 file as tf.keras writes one (root attributes; no weights, which noiselint never reads)."""
    import h5py

    with h5py.File(path, "w") as handle:
        if config is not None:
            handle.attrs["model_config"] = json.dumps(config)
        handle.attrs["keras_version"] = keras_version
        handle.attrs["backend"] = "tensorflow"
        handle.create_group("model_weights")
    return path


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def write_savedmodel(directory: Path, config: dict[str, Any]) -> Path:
    """A SavedModel directory's `keras_metadata.pb` (`SavedMetadata`: nodes = 1; a node's
    node_id = 2, node_path = 3, identifier = 4, metadata = 5), as tf.keras 2.x writes it."""
    directory.mkdir(parents=True, exist_ok=True)
    root = {"name": config["config"]["name"], "class_name": config["class_name"], "config": config["config"],
            "keras_version": "2.15.0", "backend": "tensorflow"}
    node = (_varint(2 << 3) + _varint(0) + _field(3, b"root") + _field(4, b"_tf_keras_network")
            + _field(5, json.dumps(root).encode()))
    (directory / "keras_metadata.pb").write_bytes(_field(1, node))
    (directory / "saved_model.pb").write_bytes(b"")
    return directory


# --- Keras 3 `.keras`, by hand ---------------------------------------------------------------

def write_keras_zip(path: Path, config: dict[str, Any] | bytes, extra: dict[str, bytes] | None = None,
                    version: str = "3.15.1") -> Path:
    text = config if isinstance(config, bytes) else json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": version}))
        archive.writestr("config.json", text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def keras3_layer(class_name: str, name: str, config: dict[str, Any], inputs: list[tuple[str, int, int]],
                 module: str = "keras.layers", shapes: list[list[int | None]] | None = None) -> dict[str, Any]:
    args = [{"class_name": "__keras_tensor__", "config": {"shape": (shapes or [None] * len(inputs))[i],
                                                          "dtype": "float32", "keras_history": list(ref)}}
            for i, ref in enumerate(inputs)]
    return {"module": module, "class_name": class_name, "config": {"name": name, **config},
            "registered_name": None if module.startswith("keras") else f"my_pkg>{class_name}",
            "name": name, "inbound_nodes": [{"args": args, "kwargs": {}}] if inputs else []}


def keras3_functional(layers: list[dict[str, Any]], inputs: list[str], outputs: list[str]) -> dict[str, Any]:
    return {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
            "config": {"name": "model", "trainable": True, "layers": layers,
                       "input_layers": [[n, 0, 0] for n in inputs], "output_layers": [[n, 0, 0] for n in outputs]}}


def keras3_input(name: str, shape: list[int | None]) -> dict[str, Any]:
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": shape, "dtype": "float32", "name": name}, "registered_name": None,
            "name": name, "inbound_nodes": []}


# --- the canary ---------------------------------------------------------------------------

def canary_code(canary: Path) -> str:
    """Base64 marshalled bytecode of a function that writes `canary` (Keras's Lambda format)."""
    namespace: dict[str, Any] = {}
    exec(f"def payload(x):\n    open({str(canary)!r}, 'w').write('executed')\n    return x\n", namespace)
    return base64.b64encode(marshal.dumps(namespace["payload"].__code__)).decode()


def canary_keras3(path: Path, canary: Path) -> Path:
    """A `.keras` whose Lambda would write `canary` when Keras deserializes and builds it."""
    function = {"class_name": "__lambda__", "config": {"code": canary_code(canary), "defaults": None,
                                                       "closure": None}}
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Lambda", "lam", {"function": function, "arguments": {}}, [("x", 0, 0)],
                           shapes=[[None, 10, 8]]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("lam", 0, 0)], shapes=[[None, 10, 8]])]
    return write_keras_zip(path, keras3_functional(layers, ["x"], ["drop"]))

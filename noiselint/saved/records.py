"""A stored model config (Keras 2 `class_name`/`config`/`inbound_nodes` lists, or Keras 3
`module`/`registered_name`/`inbound_nodes` with `args`/`kwargs`) to a tree of plain records:
models, their layers, and each layer's calls with the tensors they read. Pure data work on
JSON: nothing is deserialized, and budgets bound the work on a hostile config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from noiselint.shapes.facts import Shape

MAX_LAYERS = 20_000  # layers and layer calls; a real model file has far fewer
MAX_DEPTH = 32  # nested models deeper than this are not a real architecture
MAX_RANK = 16
MODEL_CLASSES = frozenset({"Functional", "Model", "Sequential"})


class ConfigProblem(ValueError):
    """The config is not a model config noiselint can read (one per-file error)."""


@dataclass(frozen=True)
class Ref:
    """A tensor: output `tensor` of call `node` of layer `layer` (Keras's `keras_history`)."""

    layer: str
    node: int
    tensor: int


@dataclass(frozen=True)
class CallRecord:
    """One call of a stored layer: the tensors it takes and their recorded shapes."""

    inputs: tuple[Ref, ...]
    # The shape the file records for each input (Keras 3 writes it next to the reference).
    shapes: tuple[Shape | None, ...] = ()


@dataclass(frozen=True)
class LayerRecord:
    """A layer as a saved model's config stores it: class, config, calls, nested model."""

    name: str
    path: str  # `model/block_2/drop1`
    pointer: str  # JSON pointer of the layer object in the stored config
    class_name: str
    keras: bool  # one of Keras's own classes (not a registered custom object)
    config: Mapping[str, Any]
    calls: tuple[CallRecord, ...] = ()
    model: ModelRecord | None = None  # a nested model
    build_shape: Shape | None = None  # `build_config.input_shape`, when recorded
    keras2_calls: bool = False  # its inbound nodes are in Keras 2's list form


@dataclass(frozen=True)
class ModelRecord:
    """A model as its stored config has it: its layers, inputs and outputs."""

    name: str
    path: str
    pointer: str
    # "functional", "sequential", "opaque" (a subclassed model: no layer graph stored), or
    # "loose" (a live subclassed model: its layers, each on the input shape Keras recorded)
    kind: str
    layers: tuple[LayerRecord, ...] = ()
    inputs: tuple[Ref, ...] = ()
    outputs: tuple[Ref, ...] = ()
    input_shape: Shape | None = None  # a Sequential's declared input
    # Keras 2 counts a nested model's own first node in `node_index` (tf.keras `_should_skip_first_node`).
    keras2_nodes: bool = False
    class_name: str = "Functional"


@dataclass
class _Budget:
    """The layers and calls read so far from one file, against `MAX_LAYERS`, and the notes made."""

    layers: int = 0
    notes: list[str] = field(default_factory=list)

    def take(self, count: int = 1) -> None:
        self.layers += count
        if self.layers > MAX_LAYERS:
            raise ConfigProblem(f"has more than {MAX_LAYERS:,} layers and layer calls; not read")


def read_model(data: Mapping[str, Any], root_name: str = "") -> ModelRecord:
    """The model tree of a stored config (`{"class_name": ..., "config": ...}`)."""
    if not isinstance(data, Mapping) or "class_name" not in data:
        raise ConfigProblem("holds no model config (no `class_name`)")
    return _model(data, "", root_name, _Budget(), 0)


def _model(data: Mapping[str, Any], pointer: str, parent: str, budget: _Budget, depth: int) -> ModelRecord:
    if depth > MAX_DEPTH:
        raise ConfigProblem(f"nests models more than {MAX_DEPTH} deep; not read")
    class_name = str(data.get("class_name", ""))
    config = data.get("config")
    name = str(config.get("name", class_name)) if isinstance(config, Mapping) else class_name
    path = f"{parent}/{name}" if parent else name
    if isinstance(config, list):  # Keras 2.2 and older: a Sequential's config is its layer list
        config = {"name": name, "layers": config}
    if not isinstance(config, Mapping) or not isinstance(config.get("layers"), list):
        return ModelRecord(name, path, pointer, "opaque", class_name=class_name)
    here = f"{pointer}/config/layers"
    layers = tuple(_layer(item, f"{here}/{i}", path, budget, depth) for i, item in enumerate(config["layers"]))
    if data.get("noiselint_loose"):  # a live subclassed model (live.py): each layer on its recorded input
        return ModelRecord(name, path, pointer, "loose", layers, class_name=class_name)
    if class_name == "Sequential" or ("input_layers" not in config and "output_layers" not in config):
        shape = _shape(config.get("build_input_shape")) or _shape(_build_shape(data))
        return ModelRecord(name, path, pointer, "sequential", layers, input_shape=shape,
                           keras2_nodes=_keras2(layers), class_name=class_name)
    return ModelRecord(name, path, pointer, "functional", layers, _refs(config.get("input_layers")),
                       _refs(config.get("output_layers")), keras2_nodes=_keras2(layers), class_name=class_name)


def _keras2(layers: tuple[LayerRecord, ...]) -> bool:
    return any(layer.keras2_calls for layer in layers)


def _layer(item: object, pointer: str, parent: str, budget: _Budget, depth: int) -> LayerRecord:
    budget.take()
    if not isinstance(item, Mapping):
        raise ConfigProblem(f"layer {pointer} is not a JSON object")
    class_name = str(item.get("class_name", "?"))
    config = item.get("config") if isinstance(item.get("config"), Mapping) else {}
    name = str(item.get("name") or config.get("name") or class_name)
    module = item.get("module")
    registered = item.get("registered_name")
    # Keras 3 names its own classes by module (tf_keras writes `keras.layers` too); a custom
    # class has the user's module or a `package>Name` registered name.
    keras = (module is None or str(module).startswith(("keras", "tf_keras"))) and \
        (registered in (None, class_name) or class_name in MODEL_CLASSES) and ">" not in class_name
    nested = _model(item, pointer, parent, budget, depth + 1) if class_name in MODEL_CLASSES or (
        isinstance(config.get("layers"), list) and ("input_layers" in config or class_name in MODEL_CLASSES)) \
        else None
    calls, keras2 = _calls(item.get("inbound_nodes"))
    budget.take(max(len(calls) - 1, 0))
    return LayerRecord(name, f"{parent}/{name}", pointer, class_name, keras, config, calls, nested,
                       _shape(_build_shape(item)), keras2)


def _build_shape(item: Mapping[str, Any]) -> object:
    build = item.get("build_config")
    return build.get("input_shape") if isinstance(build, Mapping) else None


def _calls(nodes: object) -> tuple[tuple[CallRecord, ...], bool]:
    """The calls of a layer, and whether they are in Keras 2's list form."""
    if not isinstance(nodes, list):
        return (), False
    calls, keras2 = [], False
    for node in nodes:
        if isinstance(node, Mapping):  # Keras 3: {"args": [...], "kwargs": {...}}
            tensors: list[tuple[Ref, Shape | None]] = []
            _tensors(node.get("args"), tensors, 0)
            kwargs = node.get("kwargs")
            if isinstance(kwargs, Mapping):
                for key, value in kwargs.items():
                    if key not in ("mask", "training"):
                        _tensors(value, tensors, 0)
            calls.append(CallRecord(tuple(r for r, _ in tensors), tuple(s for _, s in tensors)))
        elif isinstance(node, list):  # Keras 2: [[layer, node, tensor, kwargs], ...]
            keras2 = True
            refs = [_ref(entry) for entry in node]
            calls.append(CallRecord(tuple(r for r in refs if r is not None)))
    return tuple(calls), keras2


def _tensors(value: object, out: list[tuple[Ref, Shape | None]], depth: int) -> None:
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            _tensors(item, out, depth + 1)
    elif isinstance(value, Mapping) and value.get("class_name") == "__keras_tensor__":
        config = value.get("config")
        if isinstance(config, Mapping):
            ref = _ref(config.get("keras_history"))
            if ref is not None:
                out.append((ref, _shape(config.get("shape"))))


def _ref(entry: object) -> Ref | None:
    if isinstance(entry, list) and len(entry) >= 3 and isinstance(entry[0], str) \
            and all(type(v) is int and 0 <= v < 1_000_000 for v in entry[1:3]):
        return Ref(entry[0], entry[1], entry[2])
    return None


def _refs(value: object) -> tuple[Ref, ...]:
    """`input_layers`: a list of references, or one reference (Keras 3, single input)."""
    single = _ref(value)
    if single is not None:
        return (single,)
    if isinstance(value, list):
        return tuple(r for r in (_ref(v) for v in value) if r is not None)
    return ()


def plain(value: object) -> object:
    """JSON as Keras wrote it, with tf.keras's `{"class_name": "__tuple__", "items": [...]}`
    (and `TensorShape`) encodings turned back into lists."""
    if isinstance(value, Mapping) and value.get("class_name") in ("__tuple__", "TensorShape") \
            and isinstance(value.get("items"), list):
        return [plain(v) for v in value["items"]]
    if isinstance(value, (list, tuple)):  # a live model's config holds tuples
        return [plain(v) for v in value]
    return value


def _shape(value: object) -> Shape | None:
    value = plain(value)
    if not isinstance(value, list) or len(value) > MAX_RANK:
        return None
    if all(v is None or (type(v) is int and v >= 0) for v in value):
        return tuple(value)
    return None


def shape_of(value: object) -> Shape | None:
    return _shape(value)

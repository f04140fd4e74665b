"""A live `keras.Model` (Keras 3 or tf_keras) to the same stored-config form a saved file
gives: the model's own `get_config()` for functional and Sequential models (what `.keras`
would store), and for a subclassed model, its layers with the input shapes Keras recorded
when it was called. Imports nothing: it reads the object it is given."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

from noiselint.saved.read import StoredConfig

_KERAS_MODULES = ("keras.", "tf_keras.", "tensorflow.python.keras.")


def live_config(model: object, label: str | None = None) -> StoredConfig:
    family = "tf_keras" if type(model).__module__.startswith(("tf_keras.", "tensorflow.python.keras.")) else "keras"
    module = sys.modules.get(family)
    version = str(getattr(module, "__version__", "")) if module is not None else ""
    if family == "tf_keras" and not version.startswith("2"):
        version = "2"
    name = str(getattr(model, "name", "model"))
    kind = _kind(model)
    config: Any = None
    if kind != "subclassed":
        try:
            config = model.get_config()  # type: ignore[attr-defined]
        except Exception:  # a custom layer without get_config: read the layers one by one
            config = None
    if isinstance(config, dict) and isinstance(config.get("layers"), list):
        _add_input_shapes(model, config)
        data = {"class_name": kind, "config": config}
    else:
        data = {"class_name": type(model).__name__, "config": {"name": name, "layers": _loose_layers(model)},
                "noiselint_loose": True}
    # As a file would hold it: tuples become lists, objects Keras left in it become strings.
    data = json.loads(json.dumps(data, default=lambda value: f"<{type(value).__name__}>"))
    return StoredConfig(label or f"<{name}>", "live", data, version)


def _kind(model: object) -> str:
    names = {cls.__name__ for cls in type(model).__mro__}
    if "Sequential" in names:
        return "Sequential"
    if "Functional" in names:
        return "Functional"
    return "subclassed"


def _keras_own(layer: object) -> bool:
    return type(layer).__module__.startswith(_KERAS_MODULES)


def _add_input_shapes(model: object, config: dict[str, Any]) -> None:
    """tf_keras's `get_config` records no shapes: add each single-call layer's input shape
    as Keras 3 records it (`build_config`)."""
    live = {getattr(layer, "name", None): layer for layer in getattr(model, "layers", [])}
    for item in config["layers"]:
        if not isinstance(item, dict) or "build_config" in item:
            continue
        layer = live.get(item.get("name") or (item.get("config") or {}).get("name"))
        shape = _input_shape(layer)
        if shape is not None and len(item.get("inbound_nodes") or []) <= 1:
            item["build_config"] = {"input_shape": shape}
        if layer is not None and isinstance(item.get("config"), dict) and \
                isinstance(item["config"].get("layers"), list):
            _add_input_shapes(layer, item["config"])


def _input_shape(layer: object) -> list[int | None] | None:
    try:
        shape = layer.input_shape  # type: ignore[attr-defined]  # tf_keras
    except Exception:
        return None
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        return list(shape)
    return None


def _loose_layers(model: object) -> list[dict[str, Any]]:
    """A subclassed model's leaf layers, each with its config (Keras's own classes only) and
    the input shape of its first call, the batch left open (the first call's batch is not a
    property of the model)."""
    out: list[dict[str, Any]] = []
    flatten = getattr(model, "_flatten_layers", None)
    layers = list(flatten(include_self=False, recursive=True)) if callable(flatten) else list(
        getattr(model, "layers", []))
    for layer in layers:
        if getattr(layer, "layers", None):  # a container: its leaves are listed too
            continue
        config: dict[str, Any] = {"name": getattr(layer, "name", "?")}
        if _keras_own(layer):
            with contextlib.suppress(Exception):  # a config Keras cannot give: the name alone
                config = dict(layer.get_config())  # type: ignore[attr-defined]
        shape = _recorded_shape(layer)
        item: dict[str, Any] = {"class_name": type(layer).__name__, "config": config,
                                "module": "keras.layers" if _keras_own(layer) else type(layer).__module__,
                                "name": config.get("name")}
        if shape is not None:
            item["build_config"] = {"input_shape": [None, *shape[1:]]}
        out.append(item)
    return out


def _recorded_shape(layer: object) -> list[int | None] | None:
    getter = getattr(layer, "get_build_config", None)
    shape: object = None
    if callable(getter):
        try:
            build = getter()
            shape = build.get("input_shape") if isinstance(build, dict) else None
        except Exception:
            shape = None
    if shape is None:
        shape = getattr(layer, "_build_input_shape", None)  # tf_keras
    try:
        dims = [None if d is None else int(d) for d in shape]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    return dims if dims else None

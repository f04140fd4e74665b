"""Each layer of a stored model as one line of Keras code (`keras.layers.Dropout(rate=0.5,
noise_shape=(32, 1, 8))`), so the rules that read a dropout call in source read the stored
layer unchanged, and a finding's position names the layer it is about. The text is parsed,
never run; values that are not plain literals become the name `UNREADABLE`, which the
evaluator treats as unknown."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from noiselint.apis.dropout import api_for
from noiselint.saved.records import ConfigProblem, LayerRecord, ModelRecord, plain
from noiselint.shapes.catalog import ALIASES, CATALOG

_UNSAFE = re.compile(r"[^A-Za-z0-9_./-]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,80}")
_MAX_ITEMS = 64
_MAX_TEXT = 200
UNREADABLE = "UNREADABLE"
# About 5 ms of parsing and checking each (libcst): this bounds a hostile file to seconds.
MAX_LINES = 2_000
# A layer config's bookkeeping keys: every layer has them, no rule reads them.
_BOOKKEEPING = frozenset({"name", "dtype", "trainable"})
# Keys a dropout layer's line carries even when its API has no such parameter (NL008).
_MISPLACED = ("noise_shape", "keep_prob")


@dataclass(frozen=True)
class LayerLines:
    """The code of a stored model: row 1 imports Keras, row 2 is the model, each later row
    one layer (a shared layer once, a nested model's layers once)."""

    text: str
    layers: tuple[LayerRecord, ...]  # layers[i] is on row i + 3 (only the layers a rule reads)
    prefix: str  # the import the lines use: `keras` (Keras 3) or `tf_keras` (Keras 2)

    def layer_at(self, row: int) -> LayerRecord | None:
        index = row - 3
        return self.layers[index] if 0 <= index < len(self.layers) else None


def render(model: ModelRecord, keras3: bool) -> LayerLines:
    prefix = "keras" if keras3 else "tf_keras"
    layers: list[LayerRecord] = []
    _collect(model, layers)
    # Parsing costs a few milliseconds a line: only the layers a rule reads get one (the
    # dropout sites, and the spatial layers NL010 reads); the others share the model's line.
    layers = [layer for layer in layers if needs_line(layer, prefix)]
    if len(layers) > MAX_LINES:
        raise ConfigProblem(f"has {len(layers):,} dropout and spatial layers; noiselint checks at most "
                            f"{MAX_LINES:,} in one model")
    # Each line names its layer in a comment, for `--diff`; the path keeps only characters
    # that cannot end the line or spell a suppression comment (layer names are untrusted).
    lines = [f"import {prefix}", f"{prefix}.Model()  # model {_safe(model.path)}"]
    lines += [f"{layer_line(layer, prefix)}  # layer {_safe(layer.path)}" for layer in layers]
    return LayerLines("\n".join(lines) + "\n", tuple(layers), prefix)


def _collect(model: ModelRecord, out: list[LayerRecord]) -> None:
    for layer in model.layers:
        out.append(layer)
        if layer.model is not None:
            _collect(layer.model, out)


def _safe(path: str) -> str:
    return _UNSAFE.sub("_", path)[:200]


def code_of(line: str) -> str:
    """The Keras call of a layer line, without its comment."""
    return line.rsplit("  # ", 1)[0]


def needs_line(layer: LayerRecord, prefix: str) -> bool:
    if dropout_api_name(layer, prefix) is not None:
        return True
    entry = CATALOG.get(ALIASES.get(layer.class_name, layer.class_name)) if layer.keras else None
    return entry is not None and entry.spatial_rank is not None


def dropout_api_name(layer: LayerRecord, prefix: str) -> str | None:
    """The qualified name under which the layer is a dropout API, or None."""
    if not layer.keras or not _IDENTIFIER.fullmatch(layer.class_name):
        return None
    name = f"{prefix}.layers.{layer.class_name}"
    return name if api_for(name) is not None else None


def layer_line(layer: LayerRecord, prefix: str) -> str:
    name = layer.class_name if _IDENTIFIER.fullmatch(layer.class_name) else "Layer"
    qualified = dropout_api_name(layer, prefix)
    if qualified is not None:
        api = api_for(qualified)
        assert api is not None
        keys = [k for k in api.params if k not in _BOOKKEEPING]
        keys += [k for k in _MISPLACED if k not in keys]
        shown = [k for k in keys if k in layer.config and
                 not (layer.config[k] is None and k in ("noise_shape", "seed", "keep_prob", "data_format"))]
        return f"{qualified}({_kwargs(layer, shown)})"
    if not layer.keras:
        return f"custom_objects.{name}()"
    canonical = ALIASES.get(layer.class_name, layer.class_name)
    entry = CATALOG.get(canonical)
    if entry is None:
        return f"{prefix}.layers.{name}()"
    shown = [k for k in entry.params if k in entry.shape_params and k in layer.config
             and not isinstance(plain(layer.config[k]), dict)]
    return f"{prefix}.layers.{name}({_kwargs(layer, shown)})"


def _kwargs(layer: LayerRecord, keys: list[str]) -> str:
    return ", ".join(f"{k}={literal(layer.config[k])}" for k in keys)


def literal(value: object) -> str:
    """A JSON value as a Python literal (lists as tuples, as users write shapes)."""
    value = plain(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if abs(value) < 10**18 else UNREADABLE
    if isinstance(value, float):
        if math.isnan(value):  # JSON's NaN and Infinity (Python's json reads them): Keras refuses them
            return "(1e999 - 1e999)"
        return repr(value) if math.isfinite(value) else ("1e999" if value > 0 else "-1e999")
    if isinstance(value, str):
        return repr(value) if len(value) <= _MAX_TEXT else UNREADABLE
    if isinstance(value, list) and len(value) <= _MAX_ITEMS:
        items = [literal(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return UNREADABLE

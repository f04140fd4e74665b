"""A stored model's records to the same `ModelGraph` the source interpreter builds: an
`InputLayer` per input, one layer-call node per call in the config (shared layers called
several times, nested models as composites), shapes from the allow-listed catalogue through
the `ShapeOracle`, and what the file records (Keras 3's tensor shapes, `build_config`) where
noiselint cannot infer a shape. Classes off the allow-list are opaque nodes."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from noiselint.model.graph import BudgetExceeded, ModelGraph
from noiselint.saved.layer_lines import LayerLines
from noiselint.saved.records import MAX_LAYERS, LayerRecord, ModelRecord, Ref, plain, shape_of
from noiselint.shapes.catalog import ALIASES, CATALOG, DEFAULT_DATA_FORMAT
from noiselint.shapes.facts import Shape, ShapeFacts
from noiselint.shapes.specs import ConfigValue, LayerSpec, ShapeOracle, ShapeOutcome, shape_config
from noiselint.sites.dropout import Sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule

_UNKNOWN = object()


def build_facts(lines: LayerLines, model: ModelRecord, parsed: ParsedModule, sites: Sites,
                oracle: ShapeOracle) -> ShapeFacts:
    """The facts the rules read, for the layer lines as parsed (the original or a fixed text)."""
    nodes = _nodes(parsed)
    # A stored model is data, not code to follow: its size is bounded by the records'
    # budget, and each call adds a call node, its output tensors and at most one refinement.
    graph = ModelGraph(_Memo(oracle), max_nodes=8 * MAX_LAYERS)
    builder = _Builder(graph, lines, nodes, {s.call for s in sites.calls})
    notes: list[str] = []
    try:
        builder.model(model, None, None)
    except BudgetExceeded as exc:
        notes.append(f"{parsed.source.path}: noiselint stopped building the model graph ({exc})")
    notes.extend(f"{parsed.source.path}: {n}" for n in dict.fromkeys(builder.notes))
    facts = builder.graph.facts(tuple(notes))
    row = {node: r for r, node in nodes.items()}
    models = tuple(replace(m, row=row.get(m.node, 0), layers=tuple(replace(f, row=row.get(f.node, 0))
                                                                   for f in m.layers))
                   for m in facts.models)
    return replace(facts, models=models)


def _nodes(parsed: ParsedModule) -> dict[int, cst.Call]:
    """Row -> the call on that row."""
    out: dict[int, cst.Call] = {}
    for statement in parsed.module.body:
        if isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Expr):
            call = statement.body[0].value
            if isinstance(call, cst.Call):
                out[parsed.row(call)] = call
    return out


class _Memo:
    """The oracle, asked once per distinct question: a stored model repeats its blocks."""

    def __init__(self, oracle: ShapeOracle) -> None:
        self._oracle = oracle
        self._answers: dict[tuple[object, ...], ShapeOutcome] = {}

    def output_shapes(self, spec: LayerSpec, inputs: tuple[Shape | None, ...], exact: bool,
                      built_on: tuple[Shape, ...] | None = None) -> ShapeOutcome:
        key = (spec.class_name, spec.custom, spec.unknown, repr(shape_config(spec)), inputs, exact, built_on)
        if key not in self._answers:
            self._answers[key] = self._oracle.output_shapes(spec, inputs, exact, built_on=built_on)
        return self._answers[key]

    def warnings(self) -> tuple[str, ...]:
        return self._oracle.warnings()


class _Builder:
    def __init__(self, graph: ModelGraph, lines: LayerLines, nodes: Mapping[int, cst.Call],
                 sites: set[cst.Call]) -> None:
        self.graph, self.nodes, self.sites = graph, nodes, sites
        self.notes: list[str] = []
        self.row = {id(layer): i + 3 for i, layer in enumerate(lines.layers)}

    def node(self, layer: LayerRecord | None) -> cst.Call:
        row = self.row.get(id(layer), 2) if layer is not None else 2
        return self.nodes.get(row) or self.nodes[2]

    # models -------------------------------------------------------------------------------

    def model(self, model: ModelRecord, inputs: Sequence[int] | None, parent: int | None,
              owner: LayerRecord | None = None) -> list[int]:
        """Build `model` (on `inputs` when it is nested); its output tensors."""
        first = self.graph.last_id
        if model.kind == "functional":
            outputs = self._functional(model, inputs, parent)
        elif model.kind == "sequential":
            outputs = self._sequential(model, inputs, parent)
        elif model.kind == "loose":
            outputs = self._loose(model, parent)
        else:
            self.notes.append(f"`{model.path}` ({model.class_name}) stores no layer graph (a subclassed model); "
                              "its layers are not known")
            outputs = [self.graph.opaque(model.class_name, self.node(owner), list(inputs or []),
                                         f"`{model.class_name}` stores no layer graph", parent)]
        if parent is None:
            calls = self.graph.calls_into(outputs) if model.kind == "functional" else self.graph.calls_since(first)
            self.graph.add_model(model.name, self.node(None), model.kind if model.kind != "loose" else "", calls)
        return outputs

    def _functional(self, model: ModelRecord, inputs: Sequence[int] | None, parent: int | None) -> list[int]:
        by_name = {layer.name: layer for layer in model.layers}
        produced: dict[tuple[str, int], list[int]] = {}
        for i, ref in enumerate(model.inputs):
            layer = by_name.get(ref.layer)
            if inputs is not None and i < len(inputs):
                produced[(ref.layer, 0)] = [inputs[i]]
            elif layer is not None:
                produced[(ref.layer, 0)] = [self._input(layer, parent)]
        for layer in model.layers:  # InputLayers that are not model inputs
            if layer.class_name == "InputLayer" and (layer.name, 0) not in produced:
                produced[(layer.name, 0)] = [self._input(layer, parent)]
        keys = [(layer, k) for layer in model.layers if layer.class_name != "InputLayer"
                for k in range(len(layer.calls))]
        waiting: dict[tuple[str, int], list[int]] = {}
        missing = [0] * len(keys)
        for i, (layer, k) in enumerate(keys):
            for ref in layer.calls[k].inputs:
                key = self._key(model, by_name, ref)
                if key not in produced and key[0] in by_name and key[1] < len(by_name[key[0]].calls):
                    missing[i] += 1
                    waiting.setdefault(key, []).append(i)
        ready = [i for i, n in enumerate(missing) if n == 0]
        heapq.heapify(ready)
        done = 0
        while ready:
            i = heapq.heappop(ready)
            layer, k = keys[i]
            done += 1
            ins = [self._tensor(model, by_name, produced, ref, layer.calls[k].shapes, j)
                   for j, ref in enumerate(layer.calls[k].inputs)]
            produced[(layer.name, k)] = self._call(layer, k, ins, parent)
            for j in waiting.pop((layer.name, k), []):
                missing[j] -= 1
                if missing[j] == 0:
                    heapq.heappush(ready, j)
        if done < len(keys):
            stuck = [f"`{layer.path}`" for i, (layer, _) in enumerate(keys) if missing[i] > 0][:3]
            self.notes.append(f"the inputs of {', '.join(stuck)} form a cycle; those layers are not checked")
        outputs = [self._tensor(model, by_name, produced, ref, (), 0) for ref in model.outputs]
        return outputs

    def _key(self, model: ModelRecord, by_name: Mapping[str, LayerRecord], ref: Ref) -> tuple[str, int]:
        layer = by_name.get(ref.layer)
        node = ref.node
        if layer is not None and layer.class_name == "InputLayer":
            return (ref.layer, 0)
        if model.keras2_nodes and layer is not None and layer.model is not None and node >= 1 \
                and _skips_first_node(layer.model):
            node -= 1  # tf.keras counts the nested model's own node first
        return (ref.layer, node)

    def _tensor(self, model: ModelRecord, by_name: Mapping[str, LayerRecord],
                produced: Mapping[tuple[str, int], list[int]], ref: Ref, shapes: Sequence[Shape | None],
                index: int) -> int:
        outs = produced.get(self._key(model, by_name, ref))
        tid = outs[ref.tensor] if outs is not None and ref.tensor < len(outs) else self.graph.new_tensor()
        recorded = shapes[index] if index < len(shapes) else None
        if recorded is not None and self.graph.tensor(tid).shape is None:
            tid = self.graph.refine(tid, recorded)
        return tid

    def _sequential(self, model: ModelRecord, inputs: Sequence[int] | None, parent: int | None) -> list[int]:
        layers = list(model.layers)
        if inputs:
            tid = inputs[0]
        elif layers and layers[0].class_name == "InputLayer":
            tid = self._input(layers.pop(0), parent)
        else:
            shape = model.input_shape or (_declared(layers[0].config) if layers else None)
            node = self.node(layers[0] if layers else None)
            why = None if shape is not None else "the Sequential model declares no input shape"
            tid = self.graph.input_layer(node, shape, shape is not None, why, parent)
        for layer in layers:
            if layer.class_name == "InputLayer":
                continue
            tid = self._call(layer, 0, [tid], parent)[0]
        return [tid]

    def _loose(self, model: ModelRecord, parent: int | None) -> list[int]:
        """A live subclassed model: each layer on the input shape Keras recorded for it."""
        last: list[int] = []
        for layer in model.layers:
            tid = self.graph.new_tensor(layer.build_shape, layer.build_shape is not None)
            last = self._call(layer, 0, [tid], parent)
        return last

    # layers -------------------------------------------------------------------------------

    def _input(self, layer: LayerRecord, parent: int | None) -> int:
        shape = _declared(layer.config)
        why = None if shape is not None else "the InputLayer records no shape"
        tid = self.graph.input_layer(self.node(layer), shape, shape is not None, why, parent)
        self.graph.name(tid, layer.name)
        return tid

    def _call(self, layer: LayerRecord, index: int, inputs: list[int], parent: int | None) -> list[int]:
        if len(layer.calls) <= 1 and layer.build_shape is not None and len(inputs) == 1 \
                and self.graph.tensor(inputs[0]).shape is None:
            inputs = [self.graph.refine(inputs[0], layer.build_shape)]
        node = self.node(layer)
        canonical = ALIASES.get(layer.class_name, layer.class_name)
        if layer.model is not None:
            cid = self.graph.begin_composite(layer.class_name, node, inputs, parent)
            outs = self.model(layer.model, inputs, cid, layer)
            self.graph.end_composite(cid, outs)
        elif layer.keras and canonical in CATALOG:
            spec = self._spec(layer, canonical, node)
            mask = _mask(layer.config.get("noise_shape"))
            outs = list(self.graph.apply(spec, inputs, parent=parent, mask=mask))
        else:
            why = f"`{layer.class_name}` is not in noiselint's allow-list" if layer.keras else \
                f"custom layer `{layer.class_name}`"
            outs = [self.graph.opaque(layer.class_name, node, inputs, why, parent)]
        if outs:
            self.graph.name(outs[0], layer.name)
        return outs

    def _spec(self, layer: LayerRecord, canonical: str, node: cst.Call) -> LayerSpec:
        entry = CATALOG[canonical]
        config: list[tuple[str, ConfigValue]] = []
        unknown: list[tuple[str, str]] = []
        for key in dict.fromkeys((*entry.params, *sorted(entry.shape_params))):
            if key not in layer.config:
                continue
            value = _value(layer.config[key], node)
            if value is _UNKNOWN:
                unknown.append((key, "not a plain value in the stored config"))
            else:
                config.append((key, value))  # type: ignore[arg-type]
        if canonical == "Bidirectional":
            config = _without_default_backward(config)
        default_format = entry.data_format and layer.config.get("data_format") is None
        if default_format:
            config = [(k, v) for k, v in config if k != "data_format"] + [("data_format", DEFAULT_DATA_FORMAT)]
        site = node if node in self.sites else None
        return LayerSpec(canonical, node, tuple(config), tuple(unknown), site=site,
                         data_format_default=default_format)


def _without_default_backward(config: list[tuple[str, ConfigValue]]) -> list[tuple[str, ConfigValue]]:
    """Keras 3 stores the backward layer of every Bidirectional, even the default one (the
    forward layer with `go_backwards` flipped, which a shape question cannot carry): leave it
    out when its shape arguments are the forward layer's."""
    values = dict(config)
    forward, backward = values.get("layer"), values.get("backward_layer")
    if isinstance(forward, LayerSpec) and isinstance(backward, LayerSpec) and \
            (forward.class_name, forward.config) == (backward.class_name, backward.config):
        return [(k, v) for k, v in config if k != "backward_layer"]
    return config


def _skips_first_node(model: ModelRecord) -> bool:
    """tf.keras `_should_skip_first_node`: a nested functional model, or a Sequential that
    starts with an InputLayer, has its own node first."""
    return model.kind == "functional" or bool(model.layers and model.layers[0].class_name == "InputLayer")


def _declared(config: Mapping[str, Any]) -> Shape | None:
    for key in ("batch_shape", "batch_input_shape"):
        shape = shape_of(config.get(key))
        if shape is not None:
            return shape
    for key in ("shape", "input_shape"):
        shape = shape_of(config.get(key))
        if shape is not None:
            return (None, *shape)
    return None


def _mask(value: object) -> Shape | None:
    value = plain(value)
    if isinstance(value, list) and all(v is None or (type(v) is int and v > 0) for v in value):
        return tuple(value)
    return None


def _value(value: object, node: cst.Call, depth: int = 0) -> object:
    """A config value as the catalogue's static arguments: lists as tuples, a wrapped layer
    (TimeDistributed, Bidirectional) as a LayerSpec when allow-listed."""
    value = plain(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list) and depth < 4:
        items = [_value(v, node, depth + 1) for v in value]
        return _UNKNOWN if any(i is _UNKNOWN for i in items) else tuple(items)
    if isinstance(value, Mapping) and depth < 4 and isinstance(value.get("config"), Mapping):
        name = ALIASES.get(str(value.get("class_name")), str(value.get("class_name")))
        entry = CATALOG.get(name)
        if entry is None or not str(value.get("module") or "keras").startswith(("keras", "tf_keras")):
            return _UNKNOWN
        config = []
        for key in sorted(entry.shape_params):
            if key in value["config"]:
                inner = _value(value["config"][key], node, depth + 1)
                if inner is _UNKNOWN:
                    return _UNKNOWN
                config.append((key, inner))
        return LayerSpec(name, node, tuple(config))
    return _UNKNOWN

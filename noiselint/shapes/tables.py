"""The tables `noiselint shapes` prints: per file, its models, each layer call once with how
many times the model applies it. Pure data from ShapeFacts; the renderers are in report/."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from noiselint.shapes.facts import LayerFact, ModelFact, ShapeFacts


@dataclass(frozen=True)
class LayerRow:
    """One layer call of a model table; `count` is how many times the model applies that
    same call with the same shapes (in a loop, or a block called again)."""

    layer: LayerFact
    count: int = 1


@dataclass(frozen=True)
class ModelTable:
    """One model's rows, as `noiselint shapes` prints them."""

    model: ModelFact
    rows: tuple[LayerRow, ...]


@dataclass(frozen=True)
class FileShapes:
    """A file's model tables for `noiselint shapes`, and its warnings."""

    path: str
    tables: tuple[ModelTable, ...]
    warnings: tuple[str, ...] = ()


def file_shapes(path: str, facts: ShapeFacts) -> FileShapes:
    return FileShapes(path, tuple(ModelTable(m, table_rows(m.layers)) for m in facts.models), facts.warnings)


def table_rows(layers: Sequence[LayerFact]) -> tuple[LayerRow, ...]:
    """Each layer call once: a call the model applies again with the same shapes (a loop
    over features, a block called in a loop) is counted, not repeated."""
    first: dict[tuple[object, ...], int] = {}
    counts: list[int] = []
    kept: list[LayerFact] = []
    for layer in layers:
        # The class and name too: a saved model's layers that no rule reads share one node
        # (the model's line), and consecutive `Dense` layers of equal shapes are not one call.
        key = (id(layer.node), layer.layer, layer.name, layer.depth, layer.input_shapes, layer.output_shape,
               layer.mask, layer.unknown_reason)
        if key in first:
            counts[first[key]] += 1
            continue
        first[key] = len(kept)
        kept.append(layer)
        counts.append(1)
    return tuple(LayerRow(layer, n) for layer, n in zip(kept, counts, strict=True))

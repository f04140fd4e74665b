"""`noiselint shapes --output-format json`: the model tables as JSON, for other tools. Shapes
are lists with `null` for an axis whose size is known only when the model runs."""

from __future__ import annotations

import json
from collections.abc import Sequence

from noiselint.report.escape import escape_json_controls
from noiselint.report.shapes_text import implied_mask, label, sharing, title, unknown_axes
from noiselint.shapes.facts import LayerFact
from noiselint.shapes.failures import classify, failure_text
from noiselint.shapes.tables import FileShapes, LayerRow, ModelTable


def render_shapes_json(files: Sequence[FileShapes]) -> str:
    return escape_json_controls(json.dumps([_file(f) for f in files], indent=2, ensure_ascii=False)) + "\n"


def _file(shapes: FileShapes) -> dict[str, object]:
    return {"filename": shapes.path, "models": [_model(t) for t in shapes.tables], "warnings": list(shapes.warnings)}


def _model(table: ModelTable) -> dict[str, object]:
    model = table.model
    layers = [row.layer for row in table.rows]
    return {"name": model.name or None, "kind": model.kind or None, "line": model.row or None,
            "title": title(table), "layers": [_layer(row, i, layers) for i, row in enumerate(table.rows)]}


def _layer(row: LayerRow, index: int, layers: Sequence[LayerFact]) -> dict[str, object]:
    layer = row.layer
    shown = label(layer, index, layers)
    return {
        "name": shown[: shown.rindex(" (")],
        "type": layer.layer,
        "line": layer.row,
        "count": row.count,
        "depth": layer.depth,
        "input_shapes": [None if s is None else list(s) for s in layer.input_shapes],
        # `null` is a size set when the model runs; `unknown_axes` lists the sizes noiselint
        # could not infer (`?` in the text table).
        "output_shape": None if layer.output_shape is None else list(layer.output_shape),
        "unknown_axes": list(unknown_axes(layer)),
        "unknown": layer.unknown_reason,
        "data_format": layer.data_format,
        "data_format_default": layer.data_format_default,
        "dropout_site": _site(layer),
        "error": _error(layer),
    }


def _error(layer: LayerFact) -> dict[str, object] | None:
    """What Keras or TensorFlow raises for this call on these inputs (verbatim), the rule
    that reports it, and the account `noiselint shapes` prints."""
    if layer.error is None:
        return None
    failure = classify(layer)
    return {"framework": layer.error.framework, "type": layer.error.type, "message": layer.error.message,
            "code": failure.code if failure is not None else None, "summary": failure_text(layer)}


def _site(layer: LayerFact) -> dict[str, object] | None:
    mask, implied = implied_mask(layer)
    if layer.site is None and mask is None:
        return None
    shape = layer.input_shapes[0] if layer.input_shapes else None
    return {"line": layer.row, "input_shape": None if shape is None else list(shape),
            "mask": None if mask is None else list(mask), "mask_implied": implied,
            "sharing": sharing(shape, mask) if shape is not None and mask is not None else None}

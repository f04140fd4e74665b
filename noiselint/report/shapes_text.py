"""`noiselint shapes`: every model found in a file, each layer with its inferred output
shape (like `model.summary()`, without running anything), and each dropout site with its
mask drawn under its input shape, axis by axis, so one can see which axes share a draw."""

from __future__ import annotations

import re
from collections.abc import Sequence

from noiselint.checks.shape_words import axes_text, shape_text
from noiselint.shapes.facts import LayerFact, ModelFact, Shape, ShapeFacts

_KINDS = {"functional": "functional model", "sequential": "Sequential model", "subclassed": "subclassed model"}
_NAME_WIDTH = 44


def render_shapes(facts: ShapeFacts, path: str) -> str:
    out = [path]
    if not facts.models:
        out.append("  no models found")
    for model in facts.models:
        out.extend(["", *_model(model)])
    out.extend(f"note: {w}" for w in facts.warnings)
    return "\n".join(out) + "\n"


def _model(model: ModelFact) -> list[str]:
    if model.kind:
        title = f"{_KINDS.get(model.kind, model.kind)} `{model.name}` (line {model.row})"
    else:
        title = "layer calls outside any model"
    depth = min((layer.depth for layer in model.layers), default=0)
    rows = [("  " * (layer.depth - depth) + _label(layer, i, model.layers), layer)
            for i, layer in enumerate(model.layers)]
    width = min(max([len("Layer (type)"), *(len(label) for label, _ in rows),
                     *(len(_site_label(label, layer)) for label, layer in rows if _mask(layer))]), _NAME_WIDTH)
    out = [title, f"  {'Layer (type)':<{width}}  Output shape", "  " + "─" * (width + 36)]
    for label, layer in rows:
        out.append(f"  {label:<{width}}  {_output(layer)}")
        mask = _mask(layer)
        if mask is not None and layer.input_shapes and layer.input_shapes[0] is not None:
            out.extend(_site_lines(layer, layer.input_shapes[0], mask, _site_label(label, layer), width))
    return out


def _site_label(label: str, layer: LayerFact) -> str:
    indent = label[: len(label) - len(label.lstrip())]
    return f"{indent}  ◆ dropout site, line {layer.row}"


def _label(layer: LayerFact, index: int, layers: Sequence[LayerFact]) -> str:
    name = layer.name or layer.config.get("name")
    if not isinstance(name, str):
        base = re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", layer.layer).lower().replace(".", "_")
        same = sum(1 for other in layers[:index] if other.layer == layer.layer)
        name = base if same == 0 else f"{base}_{same}"
    return f"{name} ({layer.layer})"


def _output(layer: LayerFact) -> str:
    if layer.output_shape is None:
        return f"unknown: {layer.unknown_reason or 'not inferred'}"
    text = shape_text(layer.output_shape)
    notes = []
    if layer.unknown_reason:
        notes.append(f"partly known: {layer.unknown_reason}")
    if layer.data_format is not None:
        notes.append(layer.data_format + (" (default)" if layer.data_format_default else ""))
    return f"{text:<22} {'; '.join(notes)}".rstrip()


def _mask(layer: LayerFact) -> Shape | None:
    """The noise_shape of a dropout site; the implied one of a SpatialDropout layer."""
    if layer.mask is not None or layer.site is None:
        return layer.mask
    shape = layer.input_shapes[0] if layer.input_shapes else None
    if not layer.layer.startswith("SpatialDropout") or shape is None or layer.data_format is None:
        return None
    if layer.data_format == "channels_first":
        return (None, shape[1], *([1] * (len(shape) - 2)))
    return (None, *([1] * (len(shape) - 2)), shape[-1])


def _site_lines(layer: LayerFact, shape: Shape, mask: Shape, site: str, width: int) -> list[str]:
    """The input shape and the mask under it, axis by axis (a short mask right-aligned, as
    it broadcasts), and which axes share one draw."""
    rank = max(len(shape), len(mask))
    cells_in = [""] * (rank - len(shape)) + ["None" if d is None else str(d) for d in shape]
    cells_mask = [""] * (rank - len(mask)) + ["None" if d is None else str(d) for d in mask]
    sizes = [max(len(a), len(b)) for a, b in zip(cells_in, cells_mask, strict=True)]

    def draw(cells: list[str]) -> str:
        text = ""
        for i, (cell, size) in enumerate(zip(cells, sizes, strict=True)):
            gap = "" if i == 0 else ", " if cells[i - 1] else "  "
            text += gap + (cell.rjust(size) if cell else " " * size)
        return f"({text})"

    implied = " (implied)" if layer.mask is None else ""
    return [f"  {site:<{width}}  input {draw(cells_in)}",
            f"  {'':<{width}}  mask  {draw(cells_mask)}  {_sharing(shape, mask)}{implied}"]


def _sharing(shape: Shape, mask: Shape) -> str:
    if len(mask) > len(shape):
        return "longer than the input's rank: see NL002"
    if len(mask) < len(shape) and None in mask:
        return "shorter than the input's rank, with None: see NL002"
    padded = (1,) * (len(shape) - len(mask)) + tuple(mask)
    shared = [i for i, (m, d) in enumerate(zip(padded, shape, strict=True)) if m == 1 and d != 1]
    bad = [i for i, (m, d) in enumerate(zip(padded, shape, strict=True))
           if m not in (None, 1) and d is not None and m != d]
    if bad:
        return f"does not broadcast on {axes_text(bad)}: see NL003"
    if not shared:
        return "an independent draw for every element"
    return f"one draw shared over {axes_text(shared)}"


def mask_picture(layer: LayerFact) -> tuple[str, ...]:
    """A dropout site's input and mask drawn axis by axis, as the table draws them, without
    the table's indentation (the editor's hover shows it)."""
    mask = _mask(layer)
    if mask is None or not layer.input_shapes or layer.input_shapes[0] is None:
        return ()
    return tuple(line[4:] for line in _site_lines(layer, layer.input_shapes[0], mask, "", 0))

"""`noiselint shapes`: every model found in a file, each layer with its inferred output
shape (like `model.summary()`, without running anything), and each dropout site with its
mask drawn under its input shape, axis by axis, so one can see which axes share a draw."""

from __future__ import annotations

import re
from collections.abc import Sequence

from noiselint.checks.shape_words import axes_text, shape_text
from noiselint.report.escape import printable
from noiselint.shapes.facts import LayerFact, Shape, ShapeFacts
from noiselint.shapes.failures import failure_text
from noiselint.shapes.tables import FileShapes, ModelTable, file_shapes

_KINDS = {"functional": "functional model", "sequential": "Sequential model", "subclassed": "subclassed model"}
# The column header says what the two kinds of missing size mean.
_OUTPUT_HEADER = "Output shape (None: set when the model runs; ?: noiselint cannot tell)"


def render_shapes(facts: ShapeFacts, path: str) -> str:
    """One file's models (the shape of the API the editor and the tests use)."""
    return render_file(file_shapes(path, facts))


def render_shapes_text(files: Sequence[FileShapes]) -> str:
    return "\n".join(render_file(f) for f in files)


def render_file(shapes: FileShapes) -> str:
    out = [shapes.path]
    if not shapes.tables:
        out.append("  no models found")
    for table in shapes.tables:
        out.extend(["", *_model(table)])
    out.extend(f"note: {w}" for w in shapes.warnings)
    # Layer and model names are the tree's strings: one printable line each.
    return "\n".join(printable(line) for line in out) + "\n"


def title(table: ModelTable) -> str:
    model = table.model
    if model.kind:
        # row 0: a saved model's layer, no source line; `path`: built by another project module
        where = f" ({model.path}, line {model.row})" if model.path else f" (line {model.row})" if model.row else ""
        return f"{_KINDS.get(model.kind, model.kind)} `{model.name}`{where}"
    return "layer calls outside any model"


def label(layer: LayerFact, index: int, layers: Sequence[LayerFact]) -> str:
    return _label(layer, index, layers)


def _model(table: ModelTable) -> list[str]:
    layers = [row.layer for row in table.rows]
    depth = min((layer.depth for layer in layers), default=0)
    rows = [("  " * (row.layer.depth - depth) + _label(row.layer, i, layers)
             + (f"  ×{row.count}" if row.count > 1 else ""), row.layer)
            for i, row in enumerate(table.rows)]
    # Columns sized to their content, so long names and shapes stay aligned.
    width = max([len("Layer (type)"), *(len(text) for text, _ in rows),
                 *(len(_site_label(text, layer)) for text, layer in rows if _mask(layer))])
    shape_width = max(len(_shape(layer)) for _, layer in rows) if rows else 0
    outputs = [_output(layer, shape_width) for _, layer in rows]
    rule = width + 2 + max([len(_OUTPUT_HEADER), *(len(o) for o in outputs)])
    out = [title(table), f"  {'Layer (type)':<{width}}  {_OUTPUT_HEADER}", "  " + "─" * rule]
    if not rows:
        out.append("  no layer calls that noiselint can follow to this model (built from tensors it does not "
                   "track, such as another model's `get_layer(...).output`)")
    for (text, layer), output in zip(rows, outputs, strict=True):
        out.append(f"  {text:<{width}}  {output}".rstrip())
        mask = _mask(layer)
        if mask is not None and layer.input_shapes and layer.input_shapes[0] is not None:
            out.extend(_site_lines(layer, layer.input_shapes[0], mask, _site_label(text, layer), width))
    return out


def _site_label(text: str, layer: LayerFact) -> str:
    indent = text[: len(text) - len(text.lstrip())]
    return f"{indent}  ◆ dropout site" + (f", line {layer.row}" if layer.row else "")


def _label(layer: LayerFact, index: int, layers: Sequence[LayerFact]) -> str:
    name = layer.name or layer.config.get("name")
    if not isinstance(name, str):
        base = re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", layer.layer).lower().replace(".", "_")
        same = sum(1 for other in layers[:index] if other.layer == layer.layer)
        name = base if same == 0 else f"{base}_{same}"
    return f"{name} ({layer.layer})"


def shape_cell(layer: LayerFact) -> str:
    """The output shape as the table's column prints it (`?` for a size not inferred)."""
    return _shape(layer)


def _shape(layer: LayerFact) -> str:
    if layer.output_shape is None:
        return ""
    return shape_text(layer.output_shape) if layer.output_exact else \
        "(" + ", ".join(_size(d, axis) for axis, d in enumerate(layer.output_shape)) + \
        ("," if len(layer.output_shape) == 1 else "") + ")"


def unknown_axes(layer: LayerFact) -> tuple[int, ...]:
    """The axes whose size noiselint could not infer (shown `?`). The batch axis is always
    the model's own: `None`."""
    if layer.output_shape is None or layer.output_exact:
        return ()
    return tuple(axis for axis, d in enumerate(layer.output_shape) if d is None and axis > 0)


def _size(d: int | None, axis: int) -> str:
    return str(d) if d is not None else "None" if axis == 0 else "?"


def _output(layer: LayerFact, shape_width: int) -> str:
    failed = failure_text(layer)
    if failed is not None:
        return f"✗ {layer.layer}: {failed}"
    if layer.output_shape is None:
        return f"unknown: {layer.unknown_reason or 'not inferred'}"
    notes = []
    if layer.unknown_reason:
        notes.append(f"partly known: {layer.unknown_reason}")
    if layer.data_format is not None:
        notes.append(layer.data_format + (" (default)" if layer.data_format_default else ""))
    return f"{_shape(layer):<{shape_width}}  {'; '.join(notes)}".rstrip()


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


def implied_mask(layer: LayerFact) -> tuple[Shape | None, bool]:
    """A dropout site's mask, and whether it is implied (a SpatialDropout layer's)."""
    mask = _mask(layer)
    return mask, mask is not None and layer.mask is None


def sharing(shape: Shape, mask: Shape) -> str:
    return _sharing(shape, mask)


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

"""The picture of a model (`noiselint shapes --output-format dot|svg|html`) as plain data:
one node per layer call (a shared layer once, as `keras.utils.plot_model` draws it), the
edges along the tensors, custom layers and nested models as boxes around their calls, and
each finding on the node whose line it is on. The renderers (picture_dot/svg/html) only
draw this; every string here is still raw text from the linted tree and is escaped by them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from noiselint.diagnostics import Diagnostic
from noiselint.report.shapes_text import label, mask_picture, shape_cell, title
from noiselint.shapes.facts import LayerFact
from noiselint.shapes.tables import FileShapes, ModelTable


@dataclass(frozen=True)
class PictureFile:
    """One file as the picture commands read it: its tables, its findings (rows of the text
    the tables were read from) and, per row, where it is as a reader names it and its line."""

    shapes: FileShapes
    findings: tuple[Diagnostic, ...] = ()
    places: Mapping[int, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """A finding as the picture shows it: code, message and place."""

    code: str
    message: str
    where: str  # `line 18`, `cell 2, line 3`, `layer model/drop1`; "" when unknown


@dataclass(frozen=True)
class Node:
    """One call drawn as a box: its title, output shape, notes, findings and line."""

    id: str  # `n0`, `n1`: ours, never the tree's
    title: str  # `drop1 (Dropout)`
    shape: str  # the output shape as the table prints it, or why it is unknown
    notes: tuple[str, ...]  # the dropout mask under its input, a failing call's error
    findings: tuple[Finding, ...]
    where: str  # the place of its line, "" when none
    source: str  # that line of source (a saved model: its layer's line), "" when none
    kind: str  # LayerFact.kind
    failed: bool  # Keras or TensorFlow rejects this call for its inputs
    unknown: bool  # its output shape is unknown
    cluster: str | None  # the id of the box (custom layer, nested model) it is drawn in


@dataclass(frozen=True)
class Cluster:
    """A custom layer or nested model drawn around the calls it runs."""

    id: str  # `c3`: the node index of the custom layer or nested model call
    title: str
    parent: str | None
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Picture:
    """One model's drawing: its nodes, edges, clusters and the file's findings."""

    path: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]
    clusters: tuple[Cluster, ...]
    findings: tuple[Finding, ...]  # every finding of the model's file, in file order
    unplaced: tuple[Finding, ...]  # those on no node of this model (another line, two calls on it)
    warnings: tuple[str, ...] = ()


MAX_MESSAGE = 110  # a node holds one line of each finding; the full text is in the title/list


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def pictures(files: Sequence[PictureFile]) -> list[Picture]:
    out: list[Picture] = []
    for file in files:
        findings = tuple(_finding(d, file) for d in file.findings)
        if not file.shapes.tables:
            out.append(Picture(file.shapes.path, "no models found", (), (), (), findings, findings,
                               file.shapes.warnings))
        drawn = [_picture(table, file, findings) for table in file.shapes.tables]
        # A finding on no node of any of the file's models is listed once, with its first model.
        elsewhere = [f for f in findings if all(f in p.unplaced for p in drawn)]
        out.extend(replace(p, unplaced=tuple(elsewhere) if i == 0 else ()) for i, p in enumerate(drawn))
    return out


def _finding(d: Diagnostic, file: PictureFile) -> Finding:
    where = file.places.get(d.span.start_row, ("", ""))[0]
    return Finding(d.code, d.message, where)


def _picture(table: ModelTable, file: PictureFile, findings: tuple[Finding, ...]) -> Picture:
    model = table.model
    calls = model.layers
    rows = [row.layer for row in table.rows]
    row_of = _row_index(calls, rows)  # for each call, the table row that shows it (its label)
    parents = model.parents if len(model.parents) == len(calls) else (None,) * len(calls)
    group = _groups(calls, parents)  # for each call, the call whose node draws it
    reps = sorted(set(group))
    boxes = {group[p] for p in parents if p is not None}
    placed: dict[int, list[int]] = {}
    for i in reps:
        for row in {calls[i].row, calls[i].call_row} - {0}:
            placed.setdefault(row, []).append(i)
    on_node: dict[int, list[Finding]] = {}
    unplaced: list[Finding] = []
    for d, finding in zip(file.findings, findings, strict=True):
        target = _target(d, placed.get(d.span.start_row, []), calls)
        if target is None:
            unplaced.append(finding)
        else:
            on_node.setdefault(target, []).append(finding)
    nodes: list[Node] = []
    clusters: list[Cluster] = []
    for i in reps:
        layer = calls[i]
        uses = [calls[j] for j in range(len(calls)) if group[j] == i]
        parent = parents[i]
        cluster = f"c{group[parent]}" if parent is not None else None
        heading = label(layer, row_of[i], rows) + (f" ×{len(uses)}" if len(uses) > 1 else "")
        notes = _notes(layer, uses)
        if i in boxes:
            clusters.append(Cluster(f"c{i}", heading, cluster, notes, tuple(on_node.get(i, ()))))
            continue
        where, source = file.places.get(layer.call_row or layer.row, ("", ""))
        nodes.append(Node(f"n{i}", heading, _shapes(uses), notes, tuple(on_node.get(i, ())), where, source,
                          layer.kind, any(u.error is not None for u in uses),
                          all(u.output_shape is None for u in uses), cluster))
    edges: dict[tuple[str, str], None] = {}
    for a, b in model.edges:
        src, dst = group[a], group[b]
        if src != dst and src not in boxes and dst not in boxes:
            edges[(f"n{src}", f"n{dst}")] = None
    return Picture(file.shapes.path, title(table), tuple(nodes), tuple(edges), tuple(clusters), findings,
                   tuple(unplaced), file.shapes.warnings)


def _groups(calls: Sequence[LayerFact], parents: Sequence[int | None]) -> list[int]:
    """For each call, the first call drawn as the same node: one layer object called again
    (a shared layer, a nested model applied twice: `LayerFact.instance`) is one node, as
    plot_model draws it, and so are the calls inside it; a call the model repeats with the
    same shapes (a loop) is one node counted, as the table counts it."""
    keys: list[tuple[object, ...]] = []
    first: dict[tuple[object, ...], int] = {}
    out: list[int] = []
    for i, layer in enumerate(calls):
        parent = parents[i]
        outer = keys[parent] if parent is not None and parent < i else None
        if layer.instance:
            key: tuple[object, ...] = ("instance", layer.instance, outer)
        else:
            key = ("call", id(layer.node), id(layer.call), layer.input_shapes, layer.output_shape, layer.mask,
                   layer.unknown_reason, outer)
        keys.append(key)
        out.append(first.setdefault(key, i))
    return out


def _row_index(calls: Sequence[LayerFact], rows: Sequence[LayerFact]) -> list[int]:
    """For each call of the model, the table row that shows it (tables.table_rows's key)."""
    def key(layer: LayerFact) -> tuple[object, ...]:
        return (id(layer.node), layer.depth, layer.input_shapes, layer.output_shape, layer.mask,
                layer.unknown_reason)

    first: dict[tuple[object, ...], int] = {}
    for i, layer in enumerate(rows):
        first.setdefault(key(layer), i)
    return [first.get(key(layer), 0) for layer in calls]


_NAMED = re.compile(r"`([A-Za-z_][\w.]*)`")


def _target(d: Diagnostic, candidates: Sequence[int], layers: Sequence[LayerFact]) -> int | None:
    """The node a finding is on: the one call on its line; of several, the one whose class
    the message names; otherwise none (listed beside the picture rather than guessed)."""
    if len(candidates) == 1:
        return candidates[0]
    named = set(_NAMED.findall(d.message))
    fitting = [i for i in candidates if layers[i].layer in named]
    return fitting[0] if len(fitting) == 1 else None


def _shapes(uses: Sequence[LayerFact]) -> str:
    """The output shape(s): a shared layer's calls each give one, shown once each."""
    shown = list(dict.fromkeys(_shape(layer) for layer in uses))
    return " | ".join(shown)


def _shape(layer: LayerFact) -> str:
    if layer.error is not None:
        return "fails: " + one_line(f"{layer.error.framework} {layer.error.type}", 60)
    if layer.output_shape is None:
        return "unknown" + (f": {one_line(layer.unknown_reason, 60)}" if layer.unknown_reason else "")
    return shape_cell(layer)


def _notes(layer: LayerFact, uses: Sequence[LayerFact]) -> tuple[str, ...]:
    notes: list[str] = []
    if layer.data_format is not None and layer.spatial_rank is not None:
        notes.append(layer.data_format + (" (default)" if layer.data_format_default else ""))
    notes.extend(mask_picture(layer))
    for use in uses:
        if use.error is not None:
            inputs = ", ".join("?" if s is None else _shape_words(s) for s in use.input_shapes)
            built = f"; built on {', '.join(_shape_words(s) for s in use.built_on)}" if use.built_on else ""
            notes.append(f"inputs {inputs}{built}")
            notes.append(one_line(use.error.message))
    return tuple(notes)


def _shape_words(shape: Sequence[int | None]) -> str:
    parts = ["None" if d is None else str(d) for d in shape]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"

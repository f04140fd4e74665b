"""`noiselint shapes --output-format svg`: the model pictures drawn as one SVG document (the
models one under the other), laid out by `picture_layout`. Every string of the tree goes
through `markup`; element ids are ours. The HTML page embeds the same drawing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from noiselint.report.escape import markup, printable
from noiselint.report.picture_dot import RED, cluster_lines, finding_line, node_lines, style
from noiselint.report.picture_layout import Box, Layout, Point, layout
from noiselint.report.picture_model import Node, Picture, PictureFile, pictures

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
FONT_SIZE = 11
CHAR = 6.7  # the advance of a monospace character at FONT_SIZE (DejaVu Sans Mono: 0.602 em)
LINE = 15.0
PAD_X, PAD_Y = 10.0, 7.0
_COLOURS = {"title": "#212121", "shape": "#212121", "note": "#37474f", "finding": RED}


@dataclass(frozen=True)
class Drawing:
    """One model drawn: its SVG elements (no outer `<svg>`), its size, the engine that laid
    it out."""

    body: str
    width: float
    height: float
    engine: str


def render_svg(files: Sequence[PictureFile]) -> str:
    drawings = [draw(p, f"m{i}") for i, p in enumerate(pictures(files))]
    width = max((d.width for d in drawings), default=100.0)
    height = sum(d.height for d in drawings) or 40.0
    parts, y = [], 0.0
    for d in drawings:
        parts.append(f'<g transform="translate(0,{y:.1f})">{d.body}</g>')
        y += d.height
    return svg_document("".join(parts), width, height)


def svg_document(body: str, width: float, height: float) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{FONT}" font-size="{FONT_SIZE}">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>\n')


def text_width(text: str) -> float:
    return len(printable(text)) * CHAR


def box_size(lines: Sequence[tuple[str, str]]) -> tuple[float, float]:
    return (max(text_width(t) for _, t in lines) + 2 * PAD_X, len(lines) * LINE + 2 * PAD_Y)


def draw(picture: Picture, prefix: str) -> Drawing:
    """One model: a caption (its file and title, and the findings on none of its nodes),
    then the layout. `prefix` makes element ids unique in a page of several models."""
    sizes = {n.id: box_size(node_lines(n)) for n in picture.nodes}
    titles = {c.id: len(cluster_lines(c)) * LINE + 4 for c in picture.clusters}
    placed = layout(picture, sizes, titles)
    caption = [("title", f"{picture.path}: {picture.title}")]
    caption.extend(("finding", f"not on a layer: {f.where + ': ' if f.where else ''}{finding_line(f)}")
                   for f in picture.unplaced)
    top = len(caption) * LINE + 2 * PAD_Y
    out = [_text(caption, 12.0, PAD_Y)]
    out.append(f'<g transform="translate(0,{top:.1f})">')
    for cluster in picture.clusters:
        box = placed.clusters.get(cluster.id)
        if box is None:
            continue
        colour = RED if cluster.findings else "#9e9e9e"
        out.append(f'<g class="cluster" id="{prefix}-{cluster.id}">'
                   f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="8" '
                   f'fill="none" stroke="{colour}" stroke-dasharray="5,3"/>'
                   f"{_text(cluster_lines(cluster), box.x + PAD_X, box.y + 5)}</g>")
    for a, b, path, tip in placed.edges:
        out.append(_edge(path, tip, f"{prefix}-{a}-{b}"))
    for node in picture.nodes:
        out.append(_node(node, placed.nodes[node.id], prefix))
    out.append("</g>")
    width = max(placed.width, max(text_width(t) for _, t in caption) + 24)
    return Drawing("".join(out), width, placed.height + top, placed.engine)


def _node(node: Node, box: Box, prefix: str) -> str:
    border, fill, dash = style(node)
    dashes = ' stroke-dasharray="4,3"' if dash else ""
    stroke = 2.2 if node.failed else 1.2
    tip = f"{node.title}: {node.where}: {node.source.strip()}" if node.where else node.title
    # One line per finding under the layer's: our line breaks stay line breaks (a browser's
    # tooltip shows them), the tree's text has its controls made visible by `markup`.
    findings = "".join(f"\n{markup(f.code)} {markup(f.message)}" for f in node.findings)
    return (f'<g class="node" id="{prefix}-{node.id}" data-node="{node.id}" data-where="{markup(node.where)}" '
            f'data-source="{markup(node.source)}" tabindex="0"><title>{markup(tip)}{findings}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="6" '
            f'fill="{fill}" stroke="{border}" stroke-width="{stroke}"{dashes}/>'
            f"{_text(node_lines(node), box.x + PAD_X, box.y + PAD_Y)}</g>")


def _text(lines: Sequence[tuple[str, str]], x: float, y: float) -> str:
    spans = []
    for i, (kind, text) in enumerate(lines):
        weight = ' font-weight="bold"' if kind == "title" else ""
        spans.append(f'<tspan x="{x:.1f}" y="{y + (i + 0.8) * LINE:.1f}" fill="{_COLOURS[kind]}"{weight} '
                     f'class="{kind}">{markup(text)}</tspan>')
    return f'<text xml:space="preserve" style="white-space:pre">{"".join(spans)}</text>'


def _edge(path: list[Point], tip: Point | None, ident: str) -> str:
    if not path:
        return ""
    start = f"M{path[0][0]:.1f},{path[0][1]:.1f}"
    if tip is not None and len(path) >= 4:  # Graphviz's Bézier, then a short run to the tip
        rest = "".join(f" C{a[0]:.1f},{a[1]:.1f} {b[0]:.1f},{b[1]:.1f} {c[0]:.1f},{c[1]:.1f}"
                       for a, b, c in zip(path[1::3], path[2::3], path[3::3], strict=False))
        last, end = path[-1], tip
    else:
        rest = "".join(f" L{x:.1f},{y:.1f}" for x, y in path[1:])
        last, end = (path[-2] if len(path) > 1 else path[0]), path[-1]
    return (f'<g class="edge" id="{ident}"><path d="{start}{rest}" fill="none" stroke="#616161" stroke-width="1.2"/>'
            f"{_arrow(last, end)}</g>")


def _arrow(before: Point, tip: Point) -> str:
    angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
    size = 7.0
    left = (tip[0] - size * math.cos(angle - 0.4), tip[1] - size * math.sin(angle - 0.4))
    right = (tip[0] - size * math.cos(angle + 0.4), tip[1] - size * math.sin(angle + 0.4))
    return (f'<polygon points="{tip[0]:.1f},{tip[1]:.1f} {left[0]:.1f},{left[1]:.1f} '
            f'{right[0]:.1f},{right[1]:.1f}" fill="#616161"/>')


__all__ = ["Drawing", "Layout", "draw", "render_svg", "svg_document"]

"""Hovers: what `noiselint shapes` knows about the layer call under the cursor: its input and
output shapes and, on a dropout site, the mask drawn under its input."""

from __future__ import annotations

import re

from lsprotocol import types

from noiselint.checks.shape_words import shape_text
from noiselint.diagnostics import Span
from noiselint.report.escape import printable
from noiselint.report.shapes_text import mask_picture
from noiselint.server.checking import CheckResult
from noiselint.shapes.facts import LayerFact
from noiselint.shapes.failures import failure_text


def hover(result: CheckResult, row: int, col: int) -> types.Hover | None:
    """The hover for a 1-based row and code-point column of the linted text."""
    if result.facts is None or result.parsed is None:
        return None
    found: list[tuple[Span, LayerFact, str]] = []
    for model in result.facts.models:
        for layer in model.layers:
            # The construction (`Dense(4)`) and, for a layer applied apart from it, the
            # application (`d(b)`: where a failing call is reported).
            for node in dict.fromkeys(n for n in (layer.node, layer.call) if n is not None):
                if node not in result.parsed.positions:
                    continue
                span = result.parsed.span(node)
                if (span.start_row, span.start_col) <= (row, col) < (span.end_row, span.end_col):
                    found.append((span, layer, model.name if model.kind else ""))
    if not found:
        return None
    innermost = min(found, key=lambda f: _size(f[0]))[0]
    calls = [(layer, model) for span, layer, model in found if span == innermost]
    sections = list(dict.fromkeys(_describe(layer, model) for layer, model in calls))
    if len(sections) > 1:
        sections = [f"**call {i} of {len(sections)}**\n\n{s}" for i, s in enumerate(sections, 1)]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)))


def _size(span: Span) -> tuple[int, int]:
    return span.end_row - span.start_row, span.end_col - span.start_col


def _code(text: str) -> str:
    """`text` as a Markdown code span that it cannot close (a model's `name=` is any string)."""
    text = printable(text)
    run = max((len(r) for r in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (run + 1)
    return f"{fence} {text} {fence}" if run else f"`{text}`"


def _plain(text: str) -> str:
    """`text` as Markdown that renders as itself: no link, image, HTML or emphasis of its own."""
    return _MARKDOWN.sub(r"\\\g<0>", printable(text))


_BACKTICKS = re.compile(r"`+")
_MARKDOWN = re.compile(r"[\\\[\]()<>*_!|#~]")


def _describe(layer: LayerFact, model: str) -> str:
    title = f"**{_plain(layer.layer)}**" + (f" {_code(layer.name)}" if layer.name else "") + \
        (f" in {_code(model)}" if model else "")
    inputs = ", ".join("?" if s is None else shape_text(s) for s in layer.input_shapes) or "?"
    if layer.output_shape is None:
        output = f"unknown: {_plain(layer.unknown_reason or 'not inferred')}"
    else:
        output = shape_text(layer.output_shape) + (f" (partly known: {layer.unknown_reason})"
                                                  if layer.unknown_reason else "")
    shown = _code(output) if layer.output_shape is not None else output
    failed = failure_text(layer)
    if failed is not None and layer.error is not None:
        shown = f"✗ {layer.error.framework} raises `{layer.error.type}`: {_plain(failed)}"
    lines = [title, "", f"- input: `{inputs}`", f"- output: {shown}"]
    if layer.data_format is not None:
        lines.append(f"- data format: {layer.data_format}" + (" (default)" if layer.data_format_default else ""))
    picture = mask_picture(layer)
    if picture:
        lines.extend(["", "dropout mask under its input:", "```text", *picture, "```"])
    elif layer.site is not None:
        lines.extend(["", "dropout mask: not known here (the input shape or noise_shape is not static)"])
    return "\n".join(lines)

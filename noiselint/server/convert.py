"""noiselint's diagnostics and fixes as LSP diagnostics and text edits, placed in the file or
in the notebook cell they belong to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from lsprotocol import types

from noiselint.diagnostics import Diagnostic, Edit, Span
from noiselint.files.lines import split_lines
from noiselint.files.notebook import cell_message
from noiselint.report.escape import printable_lines
from noiselint.report.json_format import RULE_URL
from noiselint.server.documents import Document
from noiselint.server.positions import PositionCodec

SOURCE = "noiselint"


def codec(document: Document, encoding: str) -> PositionCodec:
    return PositionCodec(split_lines(document.text), encoding)


def place(document: Document, positions: PositionCodec, span: Span) -> tuple[str, types.Range] | None:
    """The document (file or cell URI) and range of a span of the linted text. In a notebook
    the columns of a cell's row are those of its row in the joined text."""
    start, end = document.uri_of(span.start_row), document.uri_of(span.end_row)
    if start is None or end is None or start[0] != end[0]:
        return None
    whole = positions.range(span)
    return start[0], types.Range(types.Position(start[1] - 1, whole.start.character),
                                 types.Position(end[1] - 1, whole.end.character))


def lsp_diagnostics(document: Document, diagnostics: tuple[Diagnostic, ...], encoding: str
                    ) -> dict[str, list[types.Diagnostic]]:
    """Every URI of the document (each cell of a notebook) with its diagnostics, empty lists
    included, so that a publish clears what was fixed."""
    positions = codec(document, encoding)
    out: dict[str, list[types.Diagnostic]] = defaultdict(list)
    for uri in (document.cells.uris if document.cells else (document.uri,)):
        out[uri] = []
    for diagnostic in diagnostics:
        placed = place(document, positions, diagnostic.span)
        if placed is not None:
            if document.cells is not None:  # lines named as the command line names them
                diagnostic = replace(diagnostic, message=cell_message(diagnostic.message, document.cells.notebook))
            out[placed[0]].append(lsp_diagnostic(diagnostic, placed[1]))
    return out


def lsp_diagnostic(diagnostic: Diagnostic, where: types.Range) -> types.Diagnostic:
    # One severity model everywhere: a finding is an error, as in the text summary ("Found 3
    # errors"), JSON (`"severity": "error"`), SARIF and GitHub annotations.
    return types.Diagnostic(
        range=where, message=printable_lines(diagnostic.message), severity=types.DiagnosticSeverity.Error,
        code=diagnostic.code,
        code_description=types.CodeDescription(href=RULE_URL.format(code=diagnostic.code)),
        source=SOURCE, data={"name": diagnostic.name, "fixable": diagnostic.fix is not None})


def text_edits(document: Document, positions: PositionCodec, edits: tuple[Edit, ...]
               ) -> dict[str, list[types.TextEdit]] | None:
    """The edits per URI, or None when one of them cannot be placed (then none is offered)."""
    out: dict[str, list[types.TextEdit]] = defaultdict(list)
    for edit in edits:
        placed = place(document, positions, edit.span)
        if placed is None:
            return None
        out[placed[0]].append(types.TextEdit(range=placed[1], new_text=edit.content))
    return dict(out)

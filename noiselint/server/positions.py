"""Between noiselint's spans (1-based rows, 1-based columns counted in code points) and LSP
positions (0-based, columns in the client's code units: UTF-16 unless it asked otherwise)."""

from __future__ import annotations

import re

from lsprotocol import types

from noiselint.diagnostics import Span

# The parser's line breaks: a form feed or U+2028 inside a line is not a new row for it.
_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The text's rows as the tokenizer counts them, without their line breaks."""
    return _BREAK.split(text)


class PositionCodec:
    def __init__(self, lines: list[str], encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.lines, self.encoding = lines, encoding

    def _units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, row: int, col: int) -> types.Position:
        """A 1-based row and code-point column as an LSP position."""
        line = self.lines[row - 1] if 0 < row <= len(self.lines) else ""
        return types.Position(line=max(row - 1, 0), character=self._units(line[: max(col - 1, 0)]))

    def range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.start_row, span.start_col),
                           self.position(span.end_row, span.end_col))

    def point(self, position: types.Position) -> tuple[int, int]:
        """An LSP position as a 1-based row and code-point column."""
        line = self.lines[position.line] if position.line < len(self.lines) else ""
        units = col = 0
        while col < len(line) and units < position.character:
            units += self._units(line[col])
            col += 1
        return position.line + 1, col + 1

"""`--add-noqa`: write a `# noqa: CODE` on the line each current finding is suppressed by,
so a codebase can adopt noiselint in one command and fix findings later."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from noiselint.diagnostics import Diagnostic
from noiselint.files.lines import split_lines
from noiselint.fixes.apply import parses
from noiselint.suppress import noqa_comments

_NOQA_CODES = re.compile(r"(#\s*noqa:\s?)([A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)", re.IGNORECASE)


def add_noqa(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """The text with noqa comments added, and how many lines changed. A line whose end sits
    inside a string (where a comment cannot go) is left alone."""
    wanted: dict[int, set[str]] = {}
    for d in diagnostics:
        wanted.setdefault(d.noqa_row or d.span.start_row, set()).add(d.code)
    existing = noqa_comments(text)
    comments = _comment_columns(text) if existing else {}
    lines = split_lines(text, keepends=True)
    open_rows = rows_without_comment_room(text)
    changed = 0
    for row, codes in sorted(wanted.items()):
        if row > len(lines) or row in open_rows or existing.get(row, frozenset()) is None:
            continue
        codes = codes - existing.get(row, frozenset())
        if not codes:
            continue
        line = lines[row - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        listed = ", ".join(sorted(codes))
        # Searched from the comment on: a string before it may hold a noqa list too.
        match = _NOQA_CODES.search(body, comments[row]) if row in existing else None
        if match:
            body = body[: match.end(2)] + ", " + listed + body[match.end(2):]
        else:
            body = f"{body.rstrip()}  # noqa: {listed}"
        lines[row - 1] = body + ending
        changed += 1
    new = "".join(lines)
    return (new, changed) if parses(new) else (text, 0)


def rows_without_comment_room(text: str) -> set[int]:
    """Rows whose end cannot take a comment: inside a string that goes on to the next line,
    or after a `\\` that continues the line (a comment there is a syntax error)."""
    rows = {row for row, line in enumerate(split_lines(text), start=1) if line.endswith("\\")}
    return rows | _rows_ending_inside_strings(text)


def _comment_columns(text: str) -> dict[int, int]:
    """Row -> the column its comment starts at (tokenized as `noqa_comments` does)."""
    columns: dict[int, int] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if tok.type == tokenize.COMMENT:
                columns[tok.start[0]] = tok.start[1]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return columns


# Python 3.12 tokenizes an f-string (3.14 a t-string too) as several tokens, from its start
# token to its end token, not as one STRING.
_PIECED_STARTS = frozenset(getattr(tokenize, name) for name in ("FSTRING_START", "TSTRING_START")
                           if hasattr(tokenize, name))
_PIECED_ENDS = frozenset(getattr(tokenize, name) for name in ("FSTRING_END", "TSTRING_END") if hasattr(tokenize, name))


def _rows_ending_inside_strings(text: str) -> set[int]:
    rows: set[int] = set()
    starts: list[int] = []  # the rows of the pieced strings open here (they nest)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
                rows.update(range(tok.start[0], tok.end[0]))
            elif tok.type in _PIECED_STARTS:
                starts.append(tok.start[0])
            elif tok.type in _PIECED_ENDS and starts:
                rows.update(range(starts.pop(), tok.end[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return rows

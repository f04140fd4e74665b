"""The parts of a formatted string literal, read from its source text, as libcst parses them:
literal text kept as written (`{{` and escapes included), and each replacement field's
expression text, conversion, format spec and `=`.

The quick tree (syntax/quick_tree.py) builds libcst's FormattedString from these parts and
CPython's parse of each expression, instead of libcst's parse of the whole literal (a
tenth of the quick tree's time on keras-io). Only the forms read here with certainty are
split: anything else (a backslash before a brace or a named escape, a line break or `#` in
an expression, `{{` in a format spec, a field that does not close) gives None, and the
literal goes to libcst's parser as before. tests/test_quick_tree.py holds the result to
libcst's parse.
"""

from __future__ import annotations

from dataclasses import dataclass

# The characters that end a field's expression at its top level (outside brackets and strings).
_ENDS = frozenset("}!:=")


@dataclass(frozen=True)
class Field:
    """One `{...}` of an f-string: its expression, `=`, conversion and format spec."""

    expression: str  # its text, without the whitespace around it
    equal: bool  # `{x=}`
    conversion: str | None  # "r", "s", "a"
    spec: tuple[str | Field, ...] | None  # None: no `:`; a `:` with nothing after it is ()


Part = str | Field  # a str is literal text, as written


def formatted_parts(inner: str, raw: bool) -> tuple[Part, ...] | None:
    """The parts of a formatted literal whose text between its quotes is `inner`; None for
    a form not read here."""
    found = _parts(inner, 0, raw, False)
    if found is None or found[1] != len(inner):
        return None
    return found[0]


def _parts(text: str, i: int, raw: bool, in_spec: bool) -> tuple[tuple[Part, ...], int] | None:
    """The parts from `i` up to the end of `text`, or (in a format spec) up to its closing
    brace, with the index where they end."""
    parts: list[Part] = []
    start, n = i, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            if raw:
                i += 1
                continue
            if text[i + 1:i + 2] in ("{", "}", "N", ""):
                return None  # a brace after a backslash, or `\N{...}`: libcst's parser decides
            i += 2
        elif char == "{":
            if text[i + 1:i + 2] == "{":
                if in_spec:
                    return None
                i += 2
                continue
            if i > start:
                parts.append(text[start:i])
            found = _field(text, i + 1, raw)
            if found is None:
                return None
            field, i = found
            parts.append(field)
            start = i
        elif char == "}":
            if in_spec:
                break
            if text[i + 1:i + 2] != "}":
                return None
            i += 2
        else:
            i += 1
    if i > start:
        parts.append(text[start:i])
    return tuple(parts), i


def _field(text: str, i: int, raw: bool) -> tuple[Field, int] | None:
    """The field whose expression starts at `i` (just past its `{`), and the index past its `}`."""
    end = _expression_end(text, i)
    if end is None:
        return None
    expression = text[i:end].strip(" \t")
    if not expression or "\n" in expression or "\r" in expression or "\\" in expression:
        return None
    equal = False
    conversion: str | None = None
    spec: tuple[Part, ...] | None = None
    i = end
    if text[i] == "=":
        equal = True
        i += 1
        while i < len(text) and text[i] in " \t":
            i += 1
    if text[i:i + 1] == "!":
        conversion = text[i + 1:i + 2]
        if conversion not in ("r", "s", "a"):
            return None
        i += 2
    if text[i:i + 1] == ":":
        found = _parts(text, i + 1, raw, True)
        if found is None:
            return None
        spec, i = found
        if any(isinstance(p, Field) and p.spec is not None for p in spec):
            return None  # a spec within a spec's field: not Python
    if text[i:i + 1] != "}":
        return None
    return Field(expression, equal, conversion, spec), i + 1  # type: ignore[arg-type]


def _expression_end(text: str, i: int) -> int | None:
    """Where the expression starting at `i` ends: its first `}`, `!`, `:` or `=` outside
    brackets and strings that is not part of an operator (`!=`, `==`, `<=`, `>=`)."""
    depth, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "\"'":
            if text.startswith(char * 3, i):
                return None  # a triple-quoted string in an expression: libcst's parser decides
            close = text.find(char, i + 1)  # no backslash in an expression (Python before 3.12)
            if close < 0:
                return None
            i = close + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and char in _ENDS:
            after = text[i + 1:i + 2]
            if char == "!" and after == "=":
                i += 2
                continue
            if char == "=" and (after == "=" or text[i - 1] in "<>"):  # `==`, `<=`, `>=`
                i += 2 if after == "=" else 1
                continue
            return i
        i += 1
    return None

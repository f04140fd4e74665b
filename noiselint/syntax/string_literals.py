"""The string literals of an implicit concatenation (`"a" "b"` over several lines), read
without `tokenize`: the first `generate_tokens` of a process compiles tokenize's token
pattern, about 13 M instructions (as much as importing shutil and json together), and a
model file with one multi-line string paid it. This reads only what such a segment is made
of and says None for anything else, where the caller asks tokenize as before; where it
answers, the literals are exactly tokenize's STRING tokens (tests/test_string_literals.py).
"""

from __future__ import annotations

import tokenize

_PREFIXES = frozenset({"", "b", "r", "u", "f", "br", "rb", "fr", "rf"})
# From Python 3.12 an f-string is several tokens (FSTRING_START ...): left to tokenize there.
_FSTRING_TOKENS = hasattr(tokenize, "FSTRING_START")


def string_literals(text: str) -> list[str] | None:
    """The literals `text` is made of, each as written, when it holds only string literals,
    spaces, line breaks, comments and backslash continuations, and tokenize would read it
    without an error; else None (ask tokenize)."""
    if "\r" in text or "\t" in text or "\f" in text:
        return None
    literals: list[str] = []
    indents = [0]  # tokenize's indentation stack: a line that dedents to no level of it is an error
    at, end, line_start, continued = 0, len(text), True, False
    while at < end:
        if line_start:
            line_start = False
            column = at
            while column < end and text[column] == " ":
                column += 1
            if column < end and text[column] not in "#\n" and not continued:
                level = column - at
                if level > indents[-1]:
                    indents.append(level)
                while level < indents[-1]:
                    indents.pop()
                if level != indents[-1]:
                    return None  # IndentationError in tokenize
            continued = False
            at = column
            continue
        char = text[at]
        if char == " ":
            at += 1
        elif char == "\n":
            at += 1
            line_start = True
        elif char == "#":
            newline = text.find("\n", at)
            at = end if newline < 0 else newline
        elif char == "\\":
            if text[at + 1:at + 2] != "\n" or at + 2 >= end:
                return None
            at += 2
            line_start, continued = True, True
        else:
            closed = _literal_end(text, at)
            if closed < 0:
                return None
            literals.append(text[at:closed])
            at = closed
    return literals


def _literal_end(text: str, at: int) -> int:
    """Where the literal at `at` ends; -1 if `at` is not a literal this module reads."""
    quote_at = at
    while quote_at < len(text) and quote_at - at < 2 and text[quote_at].isascii() and text[quote_at].isalpha():
        quote_at += 1
    prefix = text[at:quote_at].lower()
    if prefix not in _PREFIXES or (_FSTRING_TOKENS and "f" in prefix):
        return -1
    quote = text[quote_at:quote_at + 3]
    if quote not in ('"""', "'''"):
        quote = text[quote_at:quote_at + 1]
        if quote not in ('"', "'"):
            return -1
    scan, end = quote_at + len(quote), len(text)
    while scan < end:
        char = text[scan]
        if char == "\\":
            scan += 2  # an escaped character, a line break too (a continued literal)
        elif text.startswith(quote, scan):
            return scan + len(quote)
        elif char == "\n" and len(quote) == 1:
            return -1  # tokenize's continued single-quoted literal ends at a backslash only
        else:
            scan += 1
    return -1

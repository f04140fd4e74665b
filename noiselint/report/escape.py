"""Printable text: the linted tree names its files and writes the source text that messages
quote, so a file named `evil\\n::error file=x::...` or a string holding `\\x1b[2J` must not put
a line or an escape sequence of its own choosing on a terminal or in a CI log (GitHub Actions
runs `::` workflow commands from any output line)."""

from __future__ import annotations

import html
import re

# C0 and C1 controls, DEL, the Unicode line/paragraph separators, and the bidirectional
# controls that reorder what a reader sees (CVE-2021-42574).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# The ones json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character written as a Python escape (`\\n` as `\\x0a`)."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_json_controls(text: str) -> str:
    """JSON text written with `ensure_ascii=False` keeps C1 controls, U+2028/U+2029 and the
    bidirectional controls raw (only C0 controls are escaped); inside JSON strings (the only
    place they can be) their `\\u` escapes mean the same, and no reader can take them for
    line breaks or reorder the log."""
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# Lone surrogates (a file name read with surrogateescape) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(text: str) -> str:
    return _SURROGATE.sub(_escape, printable(text))


def markup(text: str) -> str:
    """`text` as character data or a quoted attribute value of HTML, XML/SVG and Graphviz's
    HTML-like labels: controls made visible (XML 1.0 cannot hold most of them at all), then
    `& < > " '` as entities, so no string of the tree opens a tag or ends an attribute."""
    return html.escape(_visible(text), quote=True)


def dot_string(text: str) -> str:
    """`text` as a quoted Graphviz DOT string: controls made visible, then `\\` and `"`
    escaped, so it cannot end the string (`"]; node [label=`) nor carry a label escape
    such as `\\N` or `\\l` of its own."""
    return '"' + _visible(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_markup(text: str) -> str:
    """`text` in a Graphviz HTML-like label: `markup`, and `\\` doubled, because Graphviz
    expands `\\N`, `\\G` and the like inside those labels too (after reading entities, so
    `&#92;N` would not do)."""
    return markup(text).replace("\\", "\\\\")

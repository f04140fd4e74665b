"""Printable text: the one way a string from a linted file (a path, a layer name, quoted
source, a message that names either) leaves noiselint, in every format. The linted tree
names its files, its saved models name their layers and its source holds any character, so a
file named `evil\\n::error file=x::...`, a layer named `\\x1b[2J` or a comment holding U+202E
must not put a line, an escape sequence or a reordering of its own choosing on a terminal or
in a CI log (GitHub Actions runs `::` workflow commands from any output line), and a lone
surrogate (a `.keras` layer name, a file name that is not UTF-8) must not stop the output.

Each field is escaped where it is rendered (`printable`), and each rendered report goes
through `printable_lines` (or `escape_json_controls`) once more on its way out, so a field a
renderer forgets can still only add plain characters."""

from __future__ import annotations

import re

# Every character that is not plain text: C0 and C1 controls and DEL; the line and paragraph
# separators; every format character (Unicode category Cf: the bidirectional controls of
# CVE-2021-42574 with U+061C, zero-width characters, the BOM, interlinear annotations, tag
# characters); lone surrogates (Cs), which no UTF-8 stream can carry.
# tests/test_hostile_strings.py checks this list against `unicodedata`.
_C0 = "\x00-\x1f"
_C0_BUT_LINE_BREAKS = "\x00-\x08\x0b\x0c\x0e-\x1f"  # a tab is kept too: diffs of tab-indented code
_OTHER = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# The patterns are compiled where first used (`re` keeps them): the non-ASCII ranges cost about
# 3 M instructions each to compile, and most runs print only ASCII, which the short ASCII-only
# patterns cover (every character of `_OTHER` but DEL is past ASCII).
_UNPRINTABLE = f"[{_C0}{_OTHER}]"
_UNPRINTABLE_ASCII = f"[{_C0}\x7f]"
# The same, but a line break a renderer wrote (`\n`, or the `\r\n` of a CRLF file in a diff) and a tab stay.
_UNPRINTABLE_IN_LINES = f"\r(?!\n)|[{_C0_BUT_LINE_BREAKS}{_OTHER}]"
_UNPRINTABLE_IN_LINES_ASCII = f"\r(?!\n)|[{_C0_BUT_LINE_BREAKS}\x7f]"
# What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_RAW_IN_JSON = f"[{_OTHER}]"


def printable(text: str) -> str:
    """`text` with every character that is not plain text written as a Python escape (`\\n`
    as `\\x0a`, U+202E as `\\u202e`, a lone surrogate as `\\udcff`)."""
    return re.sub(_UNPRINTABLE_ASCII if text.isascii() else _UNPRINTABLE, _escape, text)


def printable_lines(text: str) -> str:
    """A whole rendered report: `printable` on everything but its own line breaks."""
    return re.sub(_UNPRINTABLE_IN_LINES_ASCII if text.isascii() else _UNPRINTABLE_IN_LINES, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_json_controls(text: str) -> str:
    """JSON text written with `ensure_ascii=False` keeps C1 controls, the separators, format
    characters and lone surrogates raw (only C0 controls are escaped); inside JSON strings
    (the only place they can be) their `\\u` escapes mean the same, no reader can take them
    for line breaks or reorder the log, and the text encodes as UTF-8."""
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return re.sub(_RAW_IN_JSON, _json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes an astral character as a surrogate pair
    return f"\\u{0xd800 + high:04x}\\u{0xdc00 + low:04x}"


# Lone surrogates (a file name read with surrogateescape) cannot be written as UTF-8.
_SURROGATE = "[\ud800-\udfff]"


def _visible(text: str) -> str:
    return re.sub(_SURROGATE, _escape, printable(text))


def markup(text: str) -> str:
    """`text` as character data or a quoted attribute value of HTML, XML/SVG and Graphviz's
    HTML-like labels: controls made visible (XML 1.0 cannot hold most of them at all), then
    `& < > " '` as entities, so no string of the tree opens a tag or ends an attribute."""
    import html  # here: only the model pictures need it, and every run imports this module

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

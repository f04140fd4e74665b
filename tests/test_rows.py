"""syntax/rows.py: the line each node starts on must be the line libcst's PositionProvider
gives, and `positions` the very ranges it gives, for every node of every fixture and of
texts with every kind of line break."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from noiselint.syntax.rows import positions, start_rows

ROOT = Path(__file__).resolve().parent.parent

AWKWARD = (
    "# comment\n\n@decorator(\n    1)\ndef f(a,\n      b=(2,\n         3)):\n"
    '    """doc\n    string"""\n    x = [1,\n         2]  # trailing\n'
    "    return x \\\n        + a\n\nclass C(\n    Base):\n    pass\n"
)


def _disagreements(text: str) -> list[str]:
    module = cst.parse_module(text)
    expected = PositionProvider()._gen(MetadataWrapper(module, unsafe_skip_copy=True))
    rows, ranges = start_rows(module), positions(module)
    assert set(ranges) == set(expected)
    return [f"{type(node).__name__}: {rows.get(node)} != {where.start.line}"
            for node, where in expected.items() if rows.get(node) != where.start.line] + \
        [f"{type(node).__name__}: {ranges[node]} != {where}" for node, where in expected.items()
         if ranges[node] != where]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_break(newline: str) -> None:
    assert _disagreements(AWKWARD.replace("\n", newline)) == []


def test_every_fixture() -> None:
    checked = 0
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        assert _disagreements(text) == [], path
        checked += 1
    assert checked > 50

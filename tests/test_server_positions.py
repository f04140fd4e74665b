"""server/statement_positions.py: the ranges generated one statement line at a time must be
the whole module's (syntax/rows.py, itself held to libcst's PositionProvider), node for node,
on every fixture and on texts with every kind of statement, block and line break; what it
cannot place falls to the whole module's positions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from noiselint.files.source import SourceFile
from noiselint.server.statement_positions import StatementPositions
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.syntax.rows import positions

ROOT = Path(__file__).resolve().parent.parent

AWKWARD = (
    "# comment\n\n@decorator(\n    1)\n# between\n@other\n\ndef f(a,\n      b=(2,\n         3)):\n"
    '    """doc\n    string"""\n    x = [1,\n         2]  # trailing\n'
    "    return x \\\n        + a\n\nclass C(\n    Base):\n    pass\n    # footer comment\n"
    "  # odd footer\n\nif a: b = 1; c = 2\nelif d:\n    e = 3\n\n    # before else\nelse:\n"
    "    if f:\n        g = 4\n    else: h = 5\n"
    "try:\n    i = 6\nexcept E as err:\n    j = 7\nexcept (F, G):  # why\n    pass\nelse:\n"
    "    k = 8\nfinally:\n    m = 9\n"
    "for n in range(3):\n    o = n; p = n\nelse:\n    q = 10\nwhile r:\n    s = 11\n"
    "async def t():\n    async with u as v, w:\n        await v\n    async for y in z:\n        pass\n"
    "with open(1) as fh:\n\tl = fh.read('''\nmulti\n  line''')\n"
    "match cmd:\n    case [x, y]:\n        z = x\n    case _:\n        pass\n"
    "class D:\n    @property\n    def e(self):\n        return (lambda q:\n            q)(1)\n"
    "aa = {\n    'k': [\n        1,\n    ],\n}\nprint(aa)"
)


def _parsed(text: str, tree: bool = True) -> ParsedModule:
    parsed = parse_source(SourceFile("m.py", text), None, ast.parse(text) if tree else None)
    assert isinstance(parsed, ParsedModule)
    return parsed


class _Whole:
    """The whole module's positions (syntax/rows.py), asked with our nodes."""

    def __init__(self, parsed: ParsedModule) -> None:
        assert parsed.converted is not None
        self._parsed, self._found = parsed, positions(parsed.converted.libcst_module)

    def __getitem__(self, node: object) -> object:
        return self._found[self._parsed.libcst_node(node)]


def _disagreements(parsed: ParsedModule) -> tuple[list[str], int]:
    """The nodes whose range differs, and how many were placed from their statement alone."""
    whole = _Whole(parsed)
    lazy = StatementPositions(parsed)
    wrong, alone = [], 0
    for node in parsed.names.parents._nodes:
        placed = lazy._placed(parsed.libcst_node(node))
        alone += placed is not None
        if lazy[node] != whole[node]:
            wrong.append(f"{type(node).__name__}: {lazy[node]} != {whole[node]}")
    return wrong, alone


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("tree", [True, False])
def test_every_statement_and_line_break(newline: str, tree: bool) -> None:
    wrong, alone = _disagreements(_parsed(AWKWARD.replace("\n", newline), tree))
    assert wrong == []
    assert alone > 100


def test_every_fixture() -> None:
    checked = 0
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            parsed = _parsed(text)
        except (SyntaxError, AssertionError):
            continue
        assert _disagreements(parsed)[0] == [], path
        checked += 1
    assert checked > 50


def test_one_statement_is_generated() -> None:
    parsed = _parsed("import keras\n\n\ndef build():\n    a = 1\n    b = keras.layers.Dropout(0.5)\n    return b\n")
    lazy = StatementPositions(parsed)
    call = next(n for n in parsed.names.parents._nodes if isinstance(n, nodes.Call))
    assert (lazy[call].start.line, lazy[call].start.column) == (6, 8)
    assert lazy._whole is None
    assert {place[0] for place in lazy._ranges.values()} == {6}  # that line's nodes alone


def test_a_tree_of_another_text_leaves_it_to_the_whole_module() -> None:
    text = "x = 1\ny = 2\n"
    parsed = parse_source(SourceFile("m.py", text), None, ast.parse("\n\nx = 1\ny = 2\n"))
    assert isinstance(parsed, ParsedModule)
    lazy = StatementPositions(parsed)
    target = next(n for n in parsed.names.parents._nodes if isinstance(n, nodes.Assign))
    assert lazy._placed(parsed.libcst_node(target)) is None
    assert lazy[target] == _Whole(parsed)[target]


def test_no_trailing_newline_and_nodes_of_no_statement() -> None:
    parsed = _parsed("a = 1\nb = (2,\n     3)")
    lazy = StatementPositions(parsed)
    whole = _Whole(parsed)
    for node in parsed.names.parents._nodes:
        assert lazy[node] == whole[node]
    assert parsed.module in lazy and len(lazy) == len(positions(parsed.converted.libcst_module))

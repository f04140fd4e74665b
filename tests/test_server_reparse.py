"""server/reparse.py: a module made from the last one with one statement line parsed again
must be the module libcst's parse of the whole text gives, node for node, and the server's
findings after any edit the command line's for that text."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import libcst as cst
import pytest

from noiselint import lint_source
from noiselint.files.source import SourceFile
from noiselint.server.checking import Checker
from noiselint.server.documents import text_document
from noiselint.server.reparse import Reparser, rows, spliced
from noiselint.syntax.parse import ParsedModule, parse_source

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    "import keras\nfrom keras import layers\n\n\ndef build(units=64):\n    inp = keras.Input(shape=(50, 32))\n"
    "    x = inp\n    # block 1\n    x = layers.Dense(units)(x)\n\n    x = layers.Dropout(\n        0.1,\n"
    "        noise_shape=(None, 1, units))(x)  # trailing\n    if units:\n        y = 1; z = 2\n"
    "    # after the block\n    w = 3\n    return keras.Model(inp, x)\n\n\nclass C:\n\tdef f(self):\n"
    "\t\treturn 1\n\tg = 2\n\nmodel = build()\nmodel.compile(optimizer='adam', loss='mse')\n"
)

# Each: a row's new text (row, text); rows are 1-based.
EDITS = [
    (8, "    # block 1 edited\n"),
    (8, "\n"),
    (8, "        # deeper\n"),
    (8, "# at column 0\n"),
    (9, "    x = layers.Dense(units * 2)(x)\n"),
    (9, "    x = layers.Dense(\n        units)(x)\n"),
    (9, "    x = layers.Dense(units)(x)  # noqa: NL001\n"),
    (12, "        0.2,\n"),
    (15, "        y = 1; z = 3\n"),
    (16, "        # after the block, indented\n"),
    (17, "    w = 4\n"),
    (23, "\t\treturn 2\n"),
    (24, "\tg = 3\n"),
    (27, "model.compile(optimizer='sgd', loss='mse')\n"),
    # Edits that cannot be one statement line alone: the whole text is parsed.
    (9, "    x = layers.Dense(units)(x\n"),
    (9, "    x = 1\n    y = 2\n"),
    (9, "    if x:\n"),
    (9, "x = 1\n"),
    (9, "        x = 1\n"),
    (8, "    y = 0\n"),
    (9, "    x = '''\n"),
    (9, "    x = 1 \\\n"),
    (9, ""),
    (1, "import keras as K\n"),
    (27, "model.compile(optimizer='sgd', loss='mse')"),
    (26, "\nmodel = build()\n"),
    (2, "\nfrom keras import layers\n"),
]


def _edited(text: str, row: int, new: str) -> str:
    lines = rows(text)
    lines[row - 1] = new
    return "".join(lines)


def _last(text: str) -> ParsedModule:
    parsed = parse_source(SourceFile("m.py", text), None, ast.parse(text))
    assert isinstance(parsed, ParsedModule)
    return parsed


@pytest.mark.parametrize(("row", "new"), EDITS)
def test_an_edit_gives_the_whole_parse(row: int, new: str) -> None:
    text = _edited(TEXT, row, new)
    made = spliced(_last(TEXT), text)
    try:
        whole = cst.parse_module(text)
    except cst.ParserSyntaxError:
        assert made is None
        return
    if made is not None:
        assert made.deep_equals(whole) and made.code == whole.code == text


def test_one_statement_line_is_parsed_again() -> None:
    last = _last(TEXT)
    made = spliced(last, _edited(TEXT, 8, "    # block 1 edited\n"))
    assert made is not None
    assert last.converted is not None
    old, new = last.converted.libcst_module.body[2].body.body, made.body[2].body.body  # type: ignore[attr-defined]
    assert old[2] is not new[2] and all(a is b for i, (a, b) in enumerate(zip(old, new, strict=True)) if i != 2)
    assert spliced(last, TEXT) is last.converted.libcst_module


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_breaks(newline: str) -> None:
    text = TEXT.replace("\n", newline)
    for row, new in EDITS:
        edited = _edited(text, row, new.replace("\n", newline))
        made = spliced(_last(text), edited)
        if made is not None:
            assert made.deep_equals(cst.parse_module(edited)), (row, new)


def test_random_edits_of_the_fixtures() -> None:
    choices = random.Random(23)
    changes = [lambda r: r.replace("1", "2", 1), lambda r: "# " + r, lambda r: r.replace("(", "(\n", 1),
               lambda r: r.replace(")", "", 1), lambda r: "    " + r, lambda r: r + r, lambda r: "",
               lambda r: r.replace(" ", "", 1), lambda r: r.replace("# ", "", 1)]
    made_count = 0
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            last = _last(text)
        except (SyntaxError, AssertionError):
            continue
        lines = rows(text)
        for _ in range(3):
            row = choices.randrange(len(lines)) if lines else 0
            edited = "".join([*lines[:row], choices.choice(changes)(lines[row]), *lines[row + 1:]]) if lines else text
            made = spliced(last, edited)
            if made is None:
                continue
            made_count += 1
            assert made.deep_equals(cst.parse_module(edited)), (path, row + 1)
    assert made_count > 50


def test_the_server_finds_what_the_command_line_finds_after_each_edit(tmp_path: Path) -> None:
    checker = Checker()
    texts = [TEXT, *(_edited(TEXT, row, new) for row, new in EDITS), TEXT]
    uri, path = (tmp_path / "m.py").as_uri(), str(tmp_path / "m.py")
    for version, text in enumerate(texts, 1):
        first = checker.check(text_document(uri, text, version), shapes=False)
        full = checker.with_shapes(first)
        assert full.diagnostics == lint_source(text, path), version


def test_a_few_documents_are_kept() -> None:
    reparser = Reparser(keep=2)
    for name in ("a.py", "b.py", "c.py"):
        reparser.parse(SourceFile(name, TEXT), None, ast.parse(TEXT))
    assert list(reparser._last) == ["b.py", "c.py"]


def test_a_failure_here_leaves_it_to_the_whole_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    reparser = Reparser()
    reparser.parse(SourceFile("m.py", TEXT), None, ast.parse(TEXT))

    def fails(parsed: ParsedModule) -> None:
        raise RecursionError

    monkeypatch.setattr("noiselint.server.reparse.statement_lines", fails)
    edited = _edited(TEXT, 8, "    # block 1 edited\n")
    parsed = reparser.parse(SourceFile("m.py", edited), None, ast.parse(edited))
    assert isinstance(parsed, ParsedModule) and parsed.converted is not None
    assert parsed.converted.libcst_module.deep_equals(cst.parse_module(edited))

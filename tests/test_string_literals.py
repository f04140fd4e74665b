"""`string_literals` reads an implicit concatenation without tokenize (whose first use compiles
its token pattern): where it answers, it answers what tokenize's STRING tokens say, and it
answers None wherever tokenize would fail or meet any other token."""

from __future__ import annotations

import io
import random
import tokenize

import pytest

from noiselint.syntax.string_literals import string_literals

_LAYOUT = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)


def _by_tokenize(text: str) -> list[str] | None:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    if any(t.type not in _LAYOUT and t.type != tokenize.STRING for t in tokens):
        return None
    return [t.string for t in tokens if t.type == tokenize.STRING]


@pytest.mark.parametrize("text", [
    '"a"\n"b"', '"a"\n    "b"', "'a' 'b'", '"a"  # note\n  "b"', '"a" \\\n"b"', '"a" \\\n        "b"',
    'b"x"\n  rb"y"', 'R"\\"" "c"', 'f"{x}"\n  F"y"', 'rf"a" fR"b"', '"""a\n"b"\n"""\n"c"', "'''a\\\n'''  'b'",
    '"a\\\nb"\n"c"', '"a\\"b"\n"c"', '"a"\n\n   \n  "b"', '"a"\n# c\n        # d\n  "b"',
])
def test_it_reads_what_tokenize_reads(text: str) -> None:
    assert string_literals(text) == _by_tokenize(text) is not None


@pytest.mark.parametrize("text", [
    '"a"\n    "b"\n  "c"',  # dedents to no level: tokenize's IndentationError
    '"a"\nq"c"', '"a" x', '("a")', '"a"\t"b"', '"a"\r\n"b"', '"a" \\', '"a" \\\n', '"a" \\ "b"',
    '"a\nb"', '"a', '"""a', 'ub"a"', 'bu"a"', 'xyz"a"', '"a" + "b"',
])
def test_it_leaves_to_tokenize_what_it_does_not_read(text: str) -> None:
    assert string_literals(text) is None


def test_random_concatenations_agree_with_tokenize() -> None:
    pieces = ['"a"', "'b'", 'r"\\"x"', 'b"y"', '"""t\n"q"\n"""', "'''\\\n'''", '"e\\\\"', '"c\\\nd"', 'f"{z}"',
              " ", "  ", "\n", "\n    ", "\n  ", "\n        ", " \\\n", "# c\n", "\n# c", "(", ")", "x", "\t", '"u']
    draw = random.Random(23)
    agreed = 0
    for _ in range(4000):
        text = '"s"' + "".join(draw.choice(pieces) for _ in range(draw.randint(1, 8)))
        got = string_literals(text)
        if got is not None:
            assert got == _by_tokenize(text), text
            agreed += 1
    assert agreed > 500  # the sample reaches the fast path often enough to mean something

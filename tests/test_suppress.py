"""Selection and `# noqa` decisions, as tables (flake8's DecisionEngine tests)."""

from __future__ import annotations

import pytest

from noiselint.diagnostics import Diagnostic, Span
from noiselint.suppress import is_selected, is_suppressed, noqa_comments


@pytest.mark.parametrize(("code", "select", "ignore", "opt_in", "expected"), [
    ("NL001", ["NL001"], [], False, True),
    ("NL001", ["NL"], [], False, True),
    ("NL001", ["NL00"], ["NL001"], False, False),
    ("NL001", ["NL001"], ["NL00"], False, True),  # the more specific selector wins
    ("NL001", ["NL001"], ["NL001"], False, False),  # a tie goes to ignore
    ("NL001", ["ALL"], [], False, True),
    ("NL001", ["ALL"], ["NL"], False, False),
    ("NL001", ["NL004"], [], False, False),
    ("NL009", ["NL"], [], True, False),  # an opt-in rule needs its own code or ALL
    ("NL009", ["NL009"], [], True, True),
    ("NL009", ["ALL"], [], True, True),
    ("NL009", ["ALL"], ["NL009"], True, False),
])
def test_is_selected(code, select, ignore, opt_in, expected) -> None:
    assert is_selected(code, select, ignore, opt_in) is expected


def test_noqa_comments_are_read_from_comments_only() -> None:
    text = ('a = 1  # noqa\n'
            'b = "# noqa"\n'
            'c = 3  # noqa: NL001, NL004\n'
            'd = 4  # NoQA:NL002 trailing words\n'
            'e = 5  # noqa:\n')
    assert noqa_comments(text) == {1: None, 3: frozenset({"NL001", "NL004"}),
                                   4: frozenset({"NL002"}), 5: None}


@pytest.mark.parametrize(("row", "noqa_row", "comments", "expected"), [
    (3, 3, {3: None}, True),
    (3, 3, {3: frozenset({"NL001"})}, True),
    (3, 3, {3: frozenset({"NL004"})}, False),
    (5, 3, {3: frozenset({"NL001"})}, True),  # the first line of a multi-line call
    (5, 3, {4: None}, False),
    (5, None, {5: None}, True),
])
def test_is_suppressed(row, noqa_row, comments, expected) -> None:
    diagnostic = Diagnostic("NL001", "n", "m", "f.py", Span(row, 1, row, 2), noqa_row=noqa_row)
    assert is_suppressed(diagnostic, comments) is expected

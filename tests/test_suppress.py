"""Selection and `# noqa` decisions, as tables (flake8's DecisionEngine tests)."""

from __future__ import annotations

import pytest

from noiselint.diagnostics import Diagnostic, Span
from noiselint.suppress import RuleSelection, is_suppressed, noqa_comments, resolve_selection


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
    ("NL001", ["N"], ["ALL"], False, True),  # ALL is the least specific selector of all
    ("NL001", ["ALL"], ["N"], False, False),
])
def test_one_layer_of_selectors(code, select, ignore, opt_in, expected) -> None:
    codes = {code: not opt_in, "NL004": True}
    layer = RuleSelection(select=tuple(select), ignore=tuple(ignore))
    assert (code in resolve_selection(codes, [layer])) is expected


def test_select_nothing_hands_its_ignores_on_only_when_it_extends_nothing() -> None:
    codes = {"NL001": True, "NL002": True}
    then = RuleSelection(select=("NL",))
    handed = [RuleSelection(select=(), ignore=("NL002",)), then]
    assert resolve_selection(codes, handed) == {"NL001"}
    kept = [RuleSelection(select=(), extend_select=("NL001",), ignore=("NL002",)), then]
    assert resolve_selection(codes, kept) == {"NL001", "NL002"}


def test_a_bare_prefix_noqa_silences_nothing_and_later_lines_are_still_read() -> None:
    text = "a = 1  # noqa: NL\nb = 2\nc = 3  # noqa: NL001\n"
    assert noqa_comments(text) == {3: frozenset({"NL001"})}


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

"""Every rule: its registry entry, its own cases, and the examples on its page."""

from __future__ import annotations

import re

import pytest

from noiselint.checks import BY_CODE, RULES
from noiselint.checks.base import FileRule, FixAvailability, Rule, SyntaxRule
from noiselint.diagnostics import Applicability
from noiselint.engine import fix_text, lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.rule_pages import page
from noiselint.runner import shape_inference
from noiselint.settings import Settings

# NL902 reports noiselint's own failures: no input is known to cause one (each would be a bug),
# so it has no invalid cases and no failing example; tests/test_reliability.py injects one.
NO_EXAMPLE = ("NL902",)
HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
            "## Fix safety", "## When it stays silent")


def _rules_with(rule: type[Rule]):
    """The default rules plus `rule` (so opt-in rules are checked too)."""
    return selected_rules(Settings(extend_select=(rule.code,)))


def _lint(text: str, rule: type[Rule]):
    settings = Settings(extend_select=(rule.code,))
    return lint_text(SourceFile("case.py", text), _rules_with(rule), shape_inference(settings))


def _fix(text: str, rule: type[Rule]):
    settings = Settings(extend_select=(rule.code,))
    return fix_text(SourceFile("case.py", text), _rules_with(rule), unsafe=True,
                    infer_shapes=shape_inference(settings))


def _cases(kind: str):
    for rule in RULES:
        for case in getattr(rule, kind):
            yield pytest.param(rule, case, id=f"{rule.code}-{case.id}")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_registry_entry(rule: type[Rule]) -> None:
    assert re.fullmatch(r"NL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    module = rule.__module__.rsplit(".", 1)[-1]
    assert module.startswith(rule.code.lower() + "_")
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
    assert rule.summary and not rule.summary.endswith(".")
    if issubclass(rule, FileRule):
        return  # its subject is a path, not code: tests/test_cli.py holds its cases
    assert rule.valid and (rule.invalid or rule.code in NO_EXAMPLE), "a rule is defined by its cases"
    fixed = sum(case.fixed is not None for case in rule.invalid)
    if rule.fix_availability is FixAvailability.NONE:
        assert fixed == 0
    elif rule.fix_availability is FixAvailability.ALWAYS:
        assert fixed == len(rule.invalid)
    else:
        assert 0 < fixed < len(rule.invalid), "SOMETIMES needs fixed and unfixed cases"


def test_codes_are_unique_and_sorted() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert set(BY_CODE) == set(codes)


@pytest.mark.parametrize(("rule", "case"), list(_cases("invalid")))
def test_invalid_case_is_flagged(rule: type[Rule], case) -> None:
    found = _lint(case.source, rule)
    assert [(d.code, case.message in d.message) for d in found] == [(rule.code, True)], \
        [(d.code, d.message) for d in found]
    fix = found[0].fix
    if case.applicability is not None:
        assert fix is not None and fix.applicability is case.applicability
    result = _fix(case.source, rule)
    assert result.fixed_text == case.fixed
    if case.fixed is not None:
        again = _fix(case.fixed, rule)
        assert again.fixed_text is None, "a second --fix must change nothing"


@pytest.mark.parametrize(("rule", "case"), list(_cases("valid")))
def test_valid_case_is_quiet(rule: type[Rule], case) -> None:
    assert _lint(case.source, rule) == ()


def _python_blocks(markdown: str, heading: str) -> list[str]:
    section = markdown.split(heading + "\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_has_the_headings_in_order(rule: type[Rule]) -> None:
    text = page(rule.code)
    assert text is not None, f"rules/{rule.code}.md is missing"
    assert text.startswith(f"# {rule.name} ({rule.code})\n")
    positions = [text.find(h + "\n") for h in HEADINGS]
    assert -1 not in positions and positions == sorted(positions), positions


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_examples_do_what_the_page_says(rule: type[Rule]) -> None:
    text = page(rule.code)
    assert text is not None
    if issubclass(rule, FileRule):
        return  # its examples are command lines
    if rule.code in NO_EXAMPLE:
        return
    (example,) = _python_blocks(text, "## Example")
    (use_instead,) = _python_blocks(text, "## Use instead")
    found = _lint(example, rule)
    assert [d.code for d in found] == [rule.code], [(d.code, d.message) for d in found]
    assert _lint(use_instead, rule) == ()
    fixed = _fix(example, rule).fixed_text
    if fixed is not None and fixed != use_instead:
        fix_safety = text.split("## Fix safety\n", 1)[1].split("\n## ", 1)[0]
        assert "differs" in fix_safety or "instead" in fix_safety, \
            "fixing Example must give Use instead, or Fix safety must say why not"
    if isinstance(rule, type) and issubclass(rule, SyntaxRule):
        return
    unsafe = [d for d in found if d.fix and d.fix.applicability is Applicability.UNSAFE]
    if unsafe:
        assert "unsafe" in text.split("## Fix safety\n", 1)[1].lower()

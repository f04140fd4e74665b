"""The README promises what the code does: its rule table, flags and config keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from noiselint.checks import RULES
from noiselint.checks.base import FixAvailability
from noiselint.cli import _check_parser
from noiselint.settings import _KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _table_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| \[(NL\d{3})\]\([^)]*\) \| (.*) \|$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split(" | ")]
    return rows


@pytest.mark.parametrize("table", ["README.md", "rules/README.md"])
def test_rule_tables_match_the_registry(table: str) -> None:
    rows = _table_rows((ROOT / table).read_text(encoding="utf-8"))
    assert list(rows) == [rule.code for rule in RULES]
    for rule in RULES:
        name, default, fix = rows[rule.code][:3]
        assert name == rule.name
        assert default == ("on" if rule.default_enabled else "off")
        assert (fix == "none") == (rule.fix_availability is FixAvailability.NONE), rule.code


def test_every_flag_is_documented() -> None:
    for action in _check_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag not in ("--help",):
                base = flag.replace("--no-", "--")
                assert f"`{flag}" in README or f"[no-]{base[2:]}" in README, f"README lacks {flag}"


def test_every_config_key_is_documented() -> None:
    for key in _KEYS:
        assert f"`{key}`" in README, f"README does not document `{key}`"


def test_install_and_test_commands_are_those_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[test]"' in README and 'pip install --quiet -e ".[test]"' in ci
    assert "python -m pytest" in README and "python -m pytest" in ci


def test_rule_pages_cite_nothing_users_do_not_have() -> None:
    # `noiselint rule` shows these pages to users: they cite Keras/TensorFlow, not the
    # project's internal notes.
    for path in sorted((ROOT / "rules").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "keras-facts" not in text and "§" not in text, path.name


def test_first_command_lints_a_meaningful_example() -> None:
    first = re.search(r"```console\n\$ (.*)\n```", README).group(1)
    assert first.endswith("noiselint fixtures/stackoverflow/cnn_hardcoded_batch.py"), first
    assert (ROOT / "fixtures/stackoverflow/cnn_hardcoded_batch.py").is_file()


def test_fixed_fixtures_are_clean_or_say_why_not(run_cli) -> None:
    import json

    fixed = sorted(str(p) for p in (ROOT / "fixtures").rglob("*.fixed.py"))
    _, out, _ = run_cli("--output-format", "json", "--isolated", *fixed)
    for path in sorted({d["filename"] for d in json.loads(out)}):
        text = Path(path).read_text(encoding="utf-8")
        codes = sorted({d["code"] for d in json.loads(out) if d["filename"] == path})
        assert "is not clean: `--fix` leaves" in text, path
        assert all(code in text.rsplit("is not clean", 1)[1] for code in codes), (path, codes)

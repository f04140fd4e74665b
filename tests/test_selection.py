"""Rule selection exactly as ruff resolves it (docs/linter.md#rule-selection, and
`as_rule_table` in crates/ruff_workspace/src/configuration.rs): prefixes and ALL everywhere,
the config file then the command line as layers, select before ignore at each specificity,
the most specific selector wins, and a tie goes to ignore. Each case is one of ruff's
documented examples, with noiselint's codes in place of ruff's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SOURCE = """\
from keras import layers
a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)
b = layers.Dropout(1.5)(x)
c = layers.Dropout(0.5, noise_shape=(None, 1, 1, 16))(x)
d = layers.Dropout(0.5, noise_shape=(None, -1, 8))(x)
"""
DEFAULT = {"NL001", "NL004", "NL005"}  # NL009 (line c) is opt-in


def _codes(run_cli, tmp_path: Path, *flags: str, config: str = "") -> set[str]:
    (tmp_path / "m.py").write_text(SOURCE)
    (tmp_path / "pyproject.toml").write_text(f"[tool.noiselint]\n{config}")
    code, out, err = run_cli("--output-format", "json", "--no-cache", *flags, "m.py", cwd=tmp_path)
    assert code in (0, 1), err
    return {d["code"] for d in json.loads(out)}


@pytest.mark.parametrize(("flags", "expected"), [
    ((), DEFAULT),
    # Under the default selection, an ignore of any width removes what it names.
    (("--ignore", "NL00"), set()),
    (("--ignore", "NL"), set()),
    (("--ignore", "ALL"), set()),
    (("--ignore", "NL001"), {"NL004", "NL005"}),
    # "`--select ALL --ignore E501` selects all rules except E501"
    (("--select", "ALL", "--ignore", "NL001"), {"NL004", "NL005", "NL009"}),
    # "`--ignore ALL --select E501` selects only E501"
    (("--ignore", "ALL", "--select", "NL001"), {"NL001"}),
    # The more specific selector wins, whichever list it is in; a tie goes to ignore.
    (("--select", "NL00", "--ignore", "NL001"), {"NL004", "NL005"}),
    (("--select", "NL001", "--ignore", "NL00"), {"NL001"}),
    (("--select", "NL001", "--ignore", "NL001"), set()),
    # Repeated options accumulate, as in ruff.
    (("--select", "NL001", "--select", "NL004"), {"NL001", "NL004"}),
    (("--ignore", "NL001", "--ignore", "NL004"), {"NL005"}),
    # Opt-in rules need their own code or ALL.
    (("--extend-select", "NL"), DEFAULT),
    (("--extend-select", "NL009"), DEFAULT | {"NL009"}),
])
def test_command_line_selection(run_cli, tmp_path: Path, flags, expected) -> None:
    assert _codes(run_cli, tmp_path, *flags) == expected


@pytest.mark.parametrize(("config", "flags", "expected"), [
    # ruff's docs: with `select = ["E", "F"]` and `ignore = ["F401"]` in the file,
    # "`ruff check --select F401` would result in Ruff enforcing F401, and no other rules";
    (('select = ["NL00"]\nignore = ["NL001"]\n'), ("--select", "NL001"), {"NL001"}),
    # "`ruff check --extend-select B` ... the E, F, and B rules, with the exception of F401".
    (('select = ["NL00"]\nignore = ["NL001"]\n'), ("--extend-select", "NL009"), {"NL004", "NL005", "NL009"}),
    # A file's ignore can be overridden by a command-line select (ruff#1245).
    (('ignore = ["NL001"]\n'), ("--extend-select", "NL001"), DEFAULT),
    (('ignore = ["NL001"]\n'), (), {"NL004", "NL005"}),
    # The command line's ignore applies on top of the file's select.
    (('select = ["ALL"]\n'), ("--ignore", "NL00"), set()),
    (('select = ["ALL"]\nignore = ["NL"]\nextend-select = ["NL004"]\n'), (), {"NL004"}),
])
def test_config_then_command_line(run_cli, tmp_path: Path, config, flags, expected) -> None:
    assert _codes(run_cli, tmp_path, *flags, config=config) == expected


@pytest.mark.parametrize(("ignores", "expected"), [
    ('["NL001"]', {"NL004", "NL005"}),
    ('["NL00"]', set()),
    ('["ALL"]', set()),
])
def test_per_file_ignores_take_prefixes_and_all(run_cli, tmp_path: Path, ignores, expected) -> None:
    config = f'select = ["NL001", "NL004", "NL005"]\n[tool.noiselint.per-file-ignores]\n"m.py" = {ignores}\n'
    assert _codes(run_cli, tmp_path, config=config) == expected


@pytest.mark.parametrize(("comment", "silenced"), [
    ("# noqa: NL001", True),
    ("# noqa", True),
    # ruff matches a noqa's codes whole (ran with ruff 0.17.6: `import os` with a noqa comment naming `F4` still
    # reports F401), so a prefix silences nothing here either.
    ("# noqa: NL", False),
    ("# noqa: NL00", False),
])
def test_noqa_names_whole_codes_as_in_ruff(run_cli, tmp_path: Path, comment: str, silenced: bool) -> None:
    line = f"a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)  {comment}\n"
    (tmp_path / "n.py").write_text(f"from keras import layers\n{line}")
    code, _, _ = run_cli("--isolated", "--no-cache", str(tmp_path / "n.py"))
    assert code == (0 if silenced else 1)

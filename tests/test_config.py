"""[tool.noiselint] in pyproject.toml: keys, validation, the nearest file, --config, flags win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\nz = layers.Dropout(2.0)(x)\n"


def _codes(out: str) -> list[str]:
    return sorted(d["code"] for d in json.loads(out))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "m.py").write_text(BAD)
    return tmp_path


def _config(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.noiselint]\n" + body)


def test_select_and_ignore_from_config(run_cli, project: Path) -> None:
    _config(project, 'select = ["NL004"]\n')
    assert _codes(run_cli("--output-format", "json", "m.py", cwd=project)[1]) == ["NL004"]
    _config(project, 'ignore = ["NL004"]\n')
    assert _codes(run_cli("--output-format", "json", "m.py", cwd=project)[1]) == ["NL001"]


def test_flags_win_over_config(run_cli, project: Path) -> None:
    _config(project, 'select = ["NL004"]\n')
    assert _codes(run_cli("--output-format", "json", "--select", "NL001", "m.py", cwd=project)[1]) == ["NL001"]


def test_nearest_config_wins(run_cli, project: Path) -> None:
    _config(project, 'select = ["NL004"]\n')
    sub = project / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.noiselint]\nselect = ["NL001"]\n')
    (sub / "m.py").write_text(BAD)
    assert _codes(run_cli("--output-format", "json", "m.py", cwd=sub)[1]) == ["NL001"]


def test_pyproject_without_our_table_is_skipped(run_cli, project: Path) -> None:
    _config(project, 'select = ["NL004"]\n')
    sub = project / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.ruff]\nline-length = 80\n")
    (sub / "m.py").write_text(BAD)
    assert _codes(run_cli("--output-format", "json", "m.py", cwd=sub)[1]) == ["NL004"]


def test_explicit_config_file_and_isolated(run_cli, project: Path) -> None:
    _config(project, 'select = ["NL004"]\n')
    (project / "other.toml").write_text('select = ["NL001"]\n')
    assert _codes(run_cli("--output-format", "json", "--config", "other.toml", "m.py", cwd=project)[1]) == ["NL001"]
    assert _codes(run_cli("--output-format", "json", "--isolated", "m.py", cwd=project)[1]) == ["NL001", "NL004"]


def test_per_file_ignores(run_cli, project: Path) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "t.py").write_text(BAD)
    _config(project, '[tool.noiselint.per-file-ignores]\n"tests/*" = ["NL001"]\n')
    rows = json.loads(run_cli("--output-format", "json", ".", cwd=project)[1])
    assert sorted((Path(d["filename"]).name, d["code"]) for d in rows) == \
        [("m.py", "NL001"), ("m.py", "NL004"), ("t.py", "NL004")]


def test_exclude_and_extend_exclude(run_cli, project: Path) -> None:
    (project / "legacy").mkdir()
    (project / "legacy" / "old.py").write_text(BAD)
    _config(project, 'extend-exclude = ["legacy"]\n')
    out = run_cli("--output-format", "json", ".", cwd=project)[1]
    assert all("legacy" not in d["filename"] for d in json.loads(out))
    # An explicit path is linted anyway, unless --force-exclude (pre-commit's case).
    assert run_cli("legacy/old.py", cwd=project)[0] == 1
    assert run_cli("--force-exclude", "legacy/old.py", cwd=project)[0] == 0


def test_a_pyproject_without_our_table_is_not_parsed_even_when_broken(run_cli, project: Path) -> None:
    # No `noiselint` in the text (and no escape that could spell it): not ours, so not read as
    # TOML (tomllib's import and parse were 3 ms of a run over a git tree), nor reported.
    (project / "pyproject.toml").write_text("[project\nname = 'x'\n")
    code, out, err = run_cli("m.py", cwd=project)
    assert code == 1 and "NL001" in out and err == ""


def test_a_table_named_with_an_escape_is_still_ours(run_cli, project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool."\\u006eoiselint"]\nselect = ["NL004"]\n')
    assert _codes(run_cli("--output-format", "json", "m.py", cwd=project)[1]) == ["NL004"]


@pytest.mark.parametrize(("body", "message"), [
    ('selec = ["NL001"]\n', "unknown key `selec`"),
    ('select = "NL001"\n', "`select` must be a list of rule codes"),
    ('select = ["XX1"]\n', "unknown rule selector `XX1`"),
    ("respect-gitignore = 1\n", "`respect-gitignore` must be true or false"),
    ("exclude = [1]\n", "`exclude` must be a list of strings"),
    ('per-file-ignores = ["a"]\n', "`per-file-ignores` must be a table"),
    ("select = [\n", "is not valid TOML"),
])
def test_bad_config_is_a_clear_error(run_cli, project: Path, body: str, message: str) -> None:
    _config(project, body)
    code, out, err = run_cli("m.py", cwd=project)
    assert code == 2 and out == ""
    assert message in err and "pyproject.toml" in err
    assert "Traceback" not in err

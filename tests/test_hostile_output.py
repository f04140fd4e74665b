"""Issue 9 §4: the tree controls file names and the source text messages quote; no format
may let it start a line of its own (a GitHub workflow command) or send a terminal escape.
And "All checks passed!" is never printed when a file could not be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from noiselint.report import FORMATS
from noiselint.report.escape import printable

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
FORGED = "::error file=forged.py,line=1::pwned"
HOSTILE_NAMES = (f"evil\n{FORGED}\n.py", f"evil\r{FORGED}\r.py", f"evil\x85{FORGED}\u2028.py",
                 "evil\x1b]0;title\x07\x1b[2J.py", "evil\u202e\u2066yp.py")


def _lines(text: str) -> list[str]:
    # Split on everything any reader might take for a line break.
    return text.splitlines()


@pytest.mark.parametrize("fmt", [*sorted(FORMATS), "diff", "statistics"])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_start_no_line_and_send_no_escape(run_cli, tmp_path: Path, fmt: str, name: str) -> None:
    (tmp_path / name).write_text(BAD)
    unreadable = tmp_path / name.replace(".py", "2.py")
    unreadable.write_bytes(b"x = '\xff'\n")  # not UTF-8: a file error that names the file
    flag = ["--diff"] if fmt == "diff" else ["--statistics"] if fmt == "statistics" else ["--output-format", fmt]
    code, out, err = run_cli("--no-cache", "--no-shapes", *flag, ".", cwd=tmp_path)
    assert code == 1  # the findings, and NL901 for the file that cannot be decoded
    for line in _lines(out) + _lines(err):
        if line.lstrip().startswith("::"):  # only github's own commands, naming the real file
            assert fmt == "github" and line.startswith("::error file=evil"), (fmt, line)
    if fmt == "github":  # the loop above checked something: github's own command is there
        assert any(line.startswith("::error file=evil") for line in _lines(out)), out
    assert not any(c in out + err for c in "\x1b\x07\u202e\u2066"), fmt


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("a\nb\x1b[2J\u2028c\u202e\tü") == "a\\x0ab\\x1b[2J\\u2028c\\u202e\\x09ü"


def test_no_all_checks_passed_when_a_file_could_not_be_read(run_cli, tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "bad.py").write_bytes(b"x = '\xff'\n")
    code, out, _ = run_cli("--no-cache", ".", cwd=tmp_path)
    assert code == 1 and "bad.py:1:1: NL901" in out
    assert "All checks passed!" not in out


def test_no_all_checks_passed_when_a_fixed_file_could_not_be_written() -> None:
    from noiselint.diagnostics import FileError
    from noiselint.report.summary import Summary
    from noiselint.report.text import render_concise

    failed = Summary((), (FileError("m.py", "cannot be written: the file is read-only"),))
    assert "All checks passed!" not in render_concise(failed)
    skipped = Summary((), (FileError("m.py", "does not exist", skipped=True),))
    assert render_concise(skipped) == "All checks passed!\n"  # NL901 not selected: ruff's warning


def test_shapes_command_escapes_names_from_the_tree(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m\x1b[2J.py"
    path.write_text("import keras\nfrom keras import layers\ninp = keras.Input(shape=(10, 8))\n"
                    "y = layers.Dropout(0.5, name='d\\n::error file=forged.py::x\\x1b[2J')(inp)\n"
                    "m = keras.Model(inp, y)\n")
    code, out, _ = run_cli("shapes", "--no-cache", str(path))
    assert code == 0 and "\x1b" not in out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines()), out
    assert "y (Dropout)" in out  # the model and its layer are shown, not dropped


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_source_quoted_in_messages_sends_no_escape(run_cli, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "m.py").write_text("from keras import layers\n"
                                   "y = layers.Dropout(0.5, noise_shape='\x1b[2J\u202e')(x)\n")
    code, out, err = run_cli("--no-cache", "--no-shapes", "--output-format", fmt, ".", cwd=tmp_path)
    assert code == 1 and "NL005" in out
    assert not any(c in out + err for c in "\x1b\u202e"), fmt


def test_a_config_error_quoting_the_tree_s_strings_starts_no_line_and_sends_no_escape(run_cli, tmp_path: Path) -> None:
    # A config error quotes the tree's values and paths (an unknown selector, a pattern): the
    # message went to stderr as it was.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.noiselint]\nselect = ["X\\n::error file=forged.py,line=1::pwned\\u001b[2J\\u202e"]\n')
    (tmp_path / "m.py").write_text(BAD)
    code, _, err = run_cli("--no-cache", "m.py", cwd=tmp_path)
    assert code == 2 and "unknown rule selector" in err
    assert not any(line.lstrip().startswith("::") for line in _lines(err)), err
    assert not any(c in err for c in "\x1b\u202e"), err

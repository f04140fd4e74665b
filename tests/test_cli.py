"""The command-line contract (design.md §4): exit codes, formats, flags, stdin, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BAD = """\
from keras import layers

inp = layers.Input((10, 8))
y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)
"""
CLEAN = """\
from keras import layers

inp = layers.Input((10, 8))
y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def test_finding_line_format_and_exit_1(run_cli, project: Path) -> None:
    code, out, _ = run_cli(str(project / "bad.py"))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{project / 'bad.py'}:4:38: NL001 [*] `noise_shape` hard-codes batch size 64")
    assert "Found 1 error." in out
    assert "[*] 1 fixable with the `--fix` option." in out


def test_clean_file_exits_0(run_cli, project: Path) -> None:
    code, out, _ = run_cli(str(project / "clean.py"))
    assert (code, out) == (0, "All checks passed!\n")


def test_directory_is_searched(run_cli, project: Path) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "m.py").write_text(BAD)
    (project / ".venv").mkdir()
    (project / ".venv" / "skip.py").write_text(BAD)
    code, out, _ = run_cli(str(project))
    assert code == 1
    assert "Found 2 errors." in out
    assert "skip.py" not in out


def test_check_subcommand_and_module_entry_point(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "noiselint", "check", str(project / "bad.py")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "NL001" in proc.stdout


def test_json_has_ruff_fields(run_cli, project: Path) -> None:
    code, out, _ = run_cli("--output-format", "json", str(project / "bad.py"))
    assert code == 1
    (item,) = json.loads(out)
    assert item["code"] == "NL001" and item["name"] == "hardcoded-batch-size"
    assert item["location"] == {"row": 4, "column": 38}
    assert item["end_location"] == {"row": 4, "column": 40}  # the element at fault, `64`
    assert item["noqa_row"] == 4 and item["cell"] is None
    assert item["fix"]["applicability"] == "safe"
    assert item["fix"]["edits"] == [{"content": "None", "location": {"row": 4, "column": 38},
                                     "end_location": {"row": 4, "column": 40}}]
    assert item["filename"].endswith("bad.py") and item["url"].endswith("NL001.md")


def test_json_lines(run_cli, project: Path) -> None:
    _, out, _ = run_cli("--output-format", "json-lines", str(project))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in rows] == ["NL001"]


def test_text_format_shows_source_and_help(run_cli, project: Path) -> None:
    _, out, _ = run_cli("--output-format", "text", str(project / "bad.py"))
    assert "y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)" in out
    # The caret marks the element at fault, `64`, which is what the fix replaces.
    assert "\n       |                                      ^^\n" in out and "help: Replace `64` with `None`" in out


@pytest.mark.parametrize(("comment", "silenced"), [
    ("  # noqa", True),
    ("  # noqa: NL001", True),
    ("  # noqa:NL004,NL001", True),
    ("  # NOQA: nl001", True),
    ("  # noqa: NL004", False),
    ("  # not a noqa", False),
])
def test_noqa(run_cli, tmp_path: Path, comment: str, silenced: bool) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD.rstrip("\n") + comment + "\n")
    code, _, _ = run_cli(str(path))
    assert code == (0 if silenced else 1)


def test_noqa_on_first_line_of_multiline_call(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\n"
                    "y = layers.Dropout(  # noqa: NL001\n"
                    "    0.5,\n"
                    "    noise_shape=(64, 1, 8),\n"
                    ")(x)\n")
    assert run_cli(str(path))[0] == 0
    path.write_text(path.read_text().replace("  # noqa: NL001", ""))
    code, out, _ = run_cli(str(path))
    assert code == 1 and ":4:18: NL001" in out


@pytest.mark.parametrize(("flags", "codes"), [
    ((), {"NL001", "NL004"}),
    (("--select", "NL001"), {"NL001"}),
    (("--select", "NL00"), {"NL001", "NL004"}),
    (("--ignore", "NL001"), {"NL004"}),
    (("--select", "NL0", "--ignore", "NL00"), set()),
    (("--select", "NL001", "--ignore", "NL0"), {"NL001"}),
    (("--select", "NL001", "--extend-select", "NL004"), {"NL001", "NL004"}),
    (("--extend-select", "NL009"), {"NL001", "NL004", "NL009"}),
    (("--select", "ALL"), {"NL001", "NL004", "NL009"}),
])
def test_select_and_ignore(run_cli, tmp_path: Path, flags, codes) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\n"
                    "a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
                    "b = layers.Dropout(1.5)(x)\n"
                    "c = layers.Dropout(0.5, noise_shape=(None, 1, 1, 16))(x)\n")
    _, out, _ = run_cli("--output-format", "json", *flags, str(path))
    assert {d["code"] for d in json.loads(out)} == codes


def test_unknown_selector_is_one_line_naming_it_and_the_valid_ones(run_cli, project: Path) -> None:
    code, out, err = run_cli("--select", "NL001,XYZ999", str(project))
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert "`XYZ999`" in line and "--select" in line and "NL001" in line and "NL900" in line
    assert "usage:" not in err


def test_unknown_option_is_a_usage_error(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--frobnicate", str(project)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "unrecognized arguments: --frobnicate" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_exit_zero(run_cli, project: Path) -> None:
    assert run_cli("--exit-zero", str(project / "bad.py"))[0] == 0


def test_quiet_prints_findings_only(run_cli, project: Path) -> None:
    _, out, _ = run_cli("-q", str(project / "bad.py"))
    assert len(out.splitlines()) == 1 and "NL001" in out
    _, full, _ = run_cli("-q", "--output-format", "text", str(project / "bad.py"))
    assert "help: Replace `64` with `None`" in full and "Found" not in full and "fixable" not in full


def test_version(capsys) -> None:
    from noiselint import __version__
    from noiselint.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    first, shapes = capsys.readouterr().out.splitlines()
    assert first == f"noiselint {__version__}"
    from importlib import metadata

    def installed_version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    tensorflow = next(v for v in map(installed_version, ("tensorflow", "tensorflow-cpu")) if v)
    assert shapes == f"shapes: keras {metadata.version('keras')}, tensorflow {tensorflow}"


def test_version_names_missing_keras_without_importing_tensorflow(tmp_path: Path) -> None:
    # Package metadata as a machine without Keras and TensorFlow would have it.
    probe = """
import sys
from noiselint import installed
found = {k: v for k, v in installed._installed().items() if not k.startswith(("keras", "tensorflow", "tf-"))}
installed._installed = lambda: found
from noiselint.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print("tensorflow" in sys.modules, "keras" in sys.modules)
"""
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert proc.stdout.splitlines()[1:] == [
        "shapes: keras missing, tensorflow missing (the shape rules NL002, NL003 and NL010 use only the shapes "
        "that need no Keras; install the `shapes` extra, `pip install tensorflow keras`, for the rest)",
        "False False"], proc.stdout + proc.stderr


def test_help_command_prints_help(run_cli) -> None:
    code, out, _ = run_cli("help")
    assert code == 0 and out.startswith("usage: noiselint") and "--select" in out


@pytest.mark.parametrize(("argv", "meant"), [
    (("rules",), "rule"), (("shape", "x.py"), "shapes"), (("chek",), "check"), (("hepl",), "help")])
def test_mistyped_command_gets_did_you_mean(run_cli, tmp_path: Path, argv, meant) -> None:
    code, out, err = run_cli(*argv, cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.splitlines() == [f"noiselint: error: `{argv[0]}` is neither a path nor a command; did you mean "
                                f"`noiselint {meant}`? (commands: check, rule, shapes, server, help; "
                                "see `noiselint help`)"]


def test_help_lists_every_command_and_what_config_takes(run_cli) -> None:
    _, out, _ = run_cli("help")  # the text of --help
    commands = out.split("commands:", 1)[1]
    from noiselint.cli import COMMANDS

    for command in COMMANDS:
        assert f"\n  {command} " in commands, command
    assert "any other TOML file with the same keys at its top level" in " ".join(out.split())


@pytest.mark.parametrize(("word", "hint"), [
    ("fix", "did you mean `noiselint --fix PATH`"), ("lint", "did you mean `noiselint check PATH`"),
    ("format", "noiselint does not format code; did you mean `noiselint --fix PATH`")])
def test_ruff_words_get_a_hint_not_a_lint_of_a_missing_path(run_cli, tmp_path: Path, word: str, hint: str) -> None:
    (tmp_path / "m.py").write_text(BAD)
    code, out, err = run_cli(word, ".", cwd=tmp_path)
    assert code == 2 and out == "" and (tmp_path / "m.py").read_text() == BAD
    assert err.startswith(f"noiselint: error: `{word}` is neither a path nor a command; {hint}"), err


def test_server_without_its_extra_says_what_to_install(tmp_path: Path) -> None:
    # pygls as on a machine without the `server` extra: an import of it fails.
    probe = """
import sys
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pygls", "lsprotocol"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Missing())
from noiselint.cli import main
sys.exit(main(["server"]))
"""
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("noiselint: error: `noiselint server` needs the `server` extra"), proc.stderr
    assert proc.stderr.rstrip().endswith("pip install 'pygls>=2.0,<3'"), proc.stderr


def test_existing_path_named_like_a_command_is_linted(run_cli, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "m.py").write_text(BAD)
    code, out, _ = run_cli("rules", cwd=tmp_path)
    assert code == 1 and "NL001" in out


def test_stdin_with_filename(run_cli) -> None:
    code, out, _ = run_cli("-", "--stdin-filename", "src/model.py", stdin=BAD.encode())
    assert code == 1
    assert out.startswith("src/model.py:4:38: NL001")


def test_stdin_fix_writes_source_to_stdout(run_cli) -> None:
    code, out, err = run_cli("--fix", "-", stdin=BAD.encode())
    assert out == BAD.replace("(64, 1, 8)", "(None, 1, 8)")
    assert "Found 1 error (1 fixed, 0 remaining)." in err
    assert code == 0


def test_missing_path_is_nl901_and_others_still_linted(run_cli, project: Path) -> None:
    # As in ruff, `E902 No such file or directory` at 1:1, the rest linted, exit 1 (a finding).
    code, out, err = run_cli(str(project / "nope.py"), str(project / "bad.py"))
    assert code == 1 and err == ""
    assert f"{project / 'nope.py'}:1:1: NL901 this path does not exist" in out.splitlines()
    assert "NL001" in out and "Found 2 errors." in out and "All checks passed!" not in out
    code, out, _ = run_cli("--output-format", "json", str(project / "nope.py"))
    (finding,) = json.loads(out)
    assert (code, finding["code"], finding["name"]) == (1, "NL901", "io-error")


def test_missing_path_without_nl901_selected_is_a_warning(run_cli, project: Path) -> None:
    # As in ruff, with E902 not selected, "warning: Failed to lint …" and exit 0.
    code, out, err = run_cli("--select", "NL001", str(project / "nope.py"), str(project / "clean.py"))
    assert code == 0 and "All checks passed!" in out
    assert err.strip() == f"noiselint: warning: Failed to lint {project / 'nope.py'}: it does not exist"


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x00\x01\x02 Dropout binary", "is a binary file"),
    (b"from keras import layers\nx = '\xff\xfe Dropout'\n", "cannot be decoded as utf-8"),
    (b"# -*- coding: klingon -*-\nDropout\n", "invalid encoding declaration"),
])
def test_unreadable_file_is_one_line_and_run_goes_on(project: Path, data: bytes, reason: str) -> None:
    (project / "broken.py").write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "noiselint", str(project)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if "broken.py" in line]
    assert len(errors) == 1 and reason in errors[0] and ":1:1: NL901 " in errors[0], proc.stdout
    assert "Traceback" not in proc.stderr
    assert "bad.py:4:38: NL001" in proc.stdout


def test_latin1_declared_file_is_linted(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + BAD.encode())
    code, out, _ = run_cli(str(path))
    assert code == 1 and ":6:38: NL001" in out


def test_syntax_error_is_nl900_and_others_still_linted(run_cli, project: Path) -> None:
    (project / "so.py").write_text("from keras.layers import Dropout\n"
                                   "y = Dropout((0.1, noise_shape=[None, 1, 2]))(x)\n")
    code, out, _ = run_cli(str(project))
    assert code == 1
    assert "so.py:2:13: NL900 the file does not parse" in out
    assert "did you mean `Dropout(0.1, noise_shape=[None, 1, 2])`?" in out
    assert "bad.py:4:38: NL001" in out


def test_rule_page(run_cli) -> None:
    code, out, _ = run_cli("rule", "NL001")
    assert code == 0 and out.startswith("# hardcoded-batch-size (NL001)")


def test_rule_by_name_and_unknown_rule(run_cli) -> None:
    assert run_cli("rule", "hardcoded-batch-size")[1].startswith("# hardcoded-batch-size")
    code, _, err = run_cli("rule", "NL999")
    assert code == 2 and "unknown rule" in err


def test_rule_all_lists_every_rule(run_cli) -> None:
    from noiselint.checks import RULES

    code, out, _ = run_cli("rule", "--all")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [r.code for r in RULES]
    assert all(r.name in line for r, line in zip(RULES, lines, strict=True))


def test_syntax_errors_are_reported_whatever_the_selection(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("from keras.layers import Dropout\ny = Dropout(0.1\n")
    code, out, _ = run_cli("--select", "NL001", str(path))
    assert code == 1 and "NL900" in out
    assert run_cli("--ignore", "NL900", str(path))[0] == 0


def test_files_are_reported_in_path_order_whatever_the_workers_did(run_cli, tmp_path: Path) -> None:
    for name in ("zeta.py", "b/m.py", "alpha.py", "b/a.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(BAD)
    for jobs in ("1", "2"):
        _, out, _ = run_cli("--no-cache", "--jobs", jobs, "--output-format", "json", ".", cwd=tmp_path)
        assert [d["filename"] for d in json.loads(out)] == ["alpha.py", "b/a.py", "b/m.py", "zeta.py"]


def test_diff_counts_one_unsafe_fix_in_the_singular(run_cli, tmp_path: Path) -> None:
    # NL002's prepended `None` is unsafe: one finding, one hidden fix.
    (tmp_path / "m.py").write_text("from keras import layers\ninp = layers.Input((10, 8))\n"
                                   "y = layers.Dropout(0.5, noise_shape=(1, 8))(inp)\n")
    _, _, err = run_cli("--no-cache", "--diff", str(tmp_path / "m.py"))
    assert err.endswith("No errors would be fixed (1 additional fix available with `--unsafe-fixes`).\n"), err

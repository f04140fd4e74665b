"""Issue 24 items 4 and 5 (and the class): every string a file carries (a path, a saved
layer name, quoted source) leaves noiselint escaped, in every output format, and no string
(a lone surrogate, a file name that is not UTF-8) can stop the run or lose another file's
finding, with PYTHONIOENCODING=utf-8:strict too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

from noiselint.report.escape import escape_json_controls, printable, printable_lines

ROOT = Path(__file__).resolve().parent.parent
BUGGY = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)\n"
# What a hostile name carries: ESC, BEL, CR, LF with a workflow command, and bidi marks.
NASTY = "d\x1b[2J\x07\r\n::error file=x.py::pwned\u202e\u061c\u2066\u200f"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\u061c", "\u2066", "\u200f", "\n::error file=x.py")
FORMATS = ("concise", "text", "github", "junit", "json", "json-lines", "sarif")


def _keras(path: Path, name: str) -> Path:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", name, {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    return write_keras_zip(path, keras3_functional(layers, ["x"], [name]))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"}
    return subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--no-shapes", *args], cwd=cwd,
                          capture_output=True, timeout=120, env=env)


def test_every_format_character_is_escaped() -> None:
    plain = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in plain:
            assert printable(char) != char, hex(code)
            assert char not in printable_lines("a" + char + "b") or char in "\n\t", hex(code)
            assert char not in escape_json_controls(json.dumps(char, ensure_ascii=False)), hex(code)


@pytest.mark.parametrize(("char", "escaped"), [
    ("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\u202e", "\\u202e"), ("\ufeff", "\\ufeff"),
    ("\U000e0041", "\\U000e0041"),  # a tag character: past U+FFFF, eight hex digits
])
def test_printable_writes_each_character_as_python_would(char: str, escaped: str) -> None:
    assert printable(f"a{char}b") == f"a{escaped}b"


@pytest.mark.parametrize("char", ["\x85", "\u202e", "\U000e0041", "\U0001d173"])
def test_escaped_json_still_reads_back_as_the_same_text(char: str) -> None:
    # An astral character is written as JSON's surrogate pair, which a reader joins again.
    text = json.dumps({"message": f"a{char}b"}, ensure_ascii=False)
    escaped = escape_json_controls(text)
    assert char not in escaped and escaped.isascii()
    assert json.loads(escaped) == {"message": f"a{char}b"}


@pytest.mark.parametrize("output_format", FORMATS)
def test_saved_layer_names_are_escaped_in_every_format(tmp_path: Path, output_format: str) -> None:
    _keras(tmp_path / "m.keras", NASTY)
    done = _run(["--output-format", output_format, "m.keras"], tmp_path)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1, done.stderr
    for raw in RAW:
        assert raw not in out.replace("\r\n", "\n") if raw != "\r" else "\r" not in out, (raw, out)


@pytest.mark.parametrize("output_format", [*FORMATS, "diff"])
def test_source_and_file_names_are_escaped_in_every_format(tmp_path: Path, output_format: str) -> None:
    name = "x\u202e\u061cy.py"
    (tmp_path / name).write_text(BUGGY.replace("\n", "  # \x1b[31m\u202e\x07\n", 1))
    args = ["--diff", name] if output_format == "diff" else ["--output-format", output_format, name]
    out = _run(args, tmp_path).stdout.decode("utf-8")
    assert "NL001" in out or "None" in out
    for raw in ("\x1b", "\x07", "\u202e", "\u061c"):
        assert raw not in out, (raw, out)


@pytest.mark.parametrize("output_format", [*FORMATS, "shapes", "-o"])
def test_a_lone_surrogate_layer_name_loses_nothing(tmp_path: Path, output_format: str) -> None:
    _keras(tmp_path / "m.keras", "d\ud800rop")
    (tmp_path / "other.py").write_text(BUGGY)
    if output_format == "shapes":
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
            "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"}
        done = subprocess.run([sys.executable, "-m", "noiselint", "shapes", "--no-cache", "m.keras"], cwd=tmp_path,
                              capture_output=True, timeout=120, env=env)
        assert done.returncode == 0 and b"Traceback" not in done.stderr and b"\\ud800" in done.stdout, done.stderr
        return
    args = ["-o", "out.txt", "m.keras", "other.py"] if output_format == "-o" else \
        ["--output-format", output_format, "m.keras", "other.py"]
    done = _run(args, tmp_path)
    out = (tmp_path / "out.txt").read_bytes() if output_format == "-o" else done.stdout
    assert b"Traceback" not in done.stderr and done.returncode == 1, done.stderr
    assert out.count(b"NL001") >= 2 and b"\\ud800" in out
    out.decode("utf-8")  # strict: it is UTF-8


@pytest.mark.parametrize("output_format", [*FORMATS, "-o"])
def test_a_file_name_that_is_not_utf8_loses_nothing(tmp_path: Path, output_format: str) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.py"), "w") as handle:
        handle.write(BUGGY)
    (tmp_path / "other.py").write_text(BUGGY)
    args = ["-o", "out.txt", "."] if output_format == "-o" else ["--output-format", output_format, "."]
    done = _run(args, tmp_path)
    out = (tmp_path / "out.txt").read_bytes() if output_format == "-o" else done.stdout
    assert b"Traceback" not in done.stderr and done.returncode == 1, done.stderr
    # Shown escaped, or in SARIF as the URI of the file's real bytes.
    assert out.count(b"NL001") >= 2 and (b"\\udcff" in out or b"bad%FF.py" in out), out
    out.decode("utf-8")


def test_hover_markdown_cannot_be_written_by_the_tree(tmp_path: Path) -> None:
    """Found attacking this class: a model's `name=` is any string, and the hover put it in a
    Markdown code span it could close, then add a link of its own."""
    from noiselint.server.checking import Checker
    from noiselint.server.documents import text_document
    from noiselint.server.hover import hover

    name = "x` [click](https://evil.example) <img src=x> `\u202e"
    text = ("import keras\nfrom keras import layers\ninp = keras.Input(shape=(20, 32))\n"
            "y = layers.Dropout(0.5, noise_shape=(None, 1, 32))(inp)\n"
            f"model = keras.Model(inp, y, name={name!r})\n")
    checker = Checker()
    result = checker.with_shapes(checker.check(text_document((tmp_path / "m.py").as_uri(), text, 1), shapes=False))
    shown = hover(result, 4, 5)
    assert shown is not None and "Dropout" in shown.contents.value
    value = shown.contents.value
    # The whole name sits in one code span whose fence (two backticks) it cannot close.
    assert " in `` x` [click](https://evil.example) <img src=x> `\\u202e ``\n" in value
    assert "\u202e" not in value


def test_flake8_messages_are_escaped() -> None:
    from noiselint.flake8_plugin import NoiselintChecker

    text = "from keras import layers\nN = (32, 1, 8)  # \x1b[2J\u202e\ny = layers.Dropout(0.5, noise_shape=N)(x)\n"
    found = list(NoiselintChecker(None, "m.py", text.splitlines(keepends=True)).run())
    assert found and all("\x1b" not in message and "\u202e" not in message for _, _, message, _ in found)

"""Issue 9 §1: only `\\n`, `\\r\\n` and `\\r` end a line. A form feed, `\\x0b`, `\\x1c`-`\\x1e`,
`\\x85`, U+2028 or U+2029 earlier in a file must not move a fix, a noqa comment, a reported
source line or a SARIF fingerprint; and a fix whose edits miss their tokens is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from noiselint.engine import fix_text, lint_text, selected_rules
from noiselint.files.lines import line_starts, split_lines
from noiselint.files.source import SourceFile
from noiselint.fixes.apply import _significant_tokens, apply_fixes, lands_as_intended
from noiselint.fixes.noqa_writer import add_noqa
from noiselint.settings import Settings

# Every character str.splitlines() splits on that the tokenizer does not.
UNICODE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
RULES = selected_rules(Settings(shapes=False))
MODEL = ("import keras\nfrom keras import layers\n"
         "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))\n")


def _placements(brk: str) -> list[str]:
    """Where real files carry such a character: a comment, a string, a page break line."""
    out = [f"# page{brk}break\n", f"NOTE = 'a{brk}b'\n", f'DOC = """x{brk}y\n"""\n']
    if brk == "\x0c":
        out.append("\x0c\n")  # an Emacs page break on its own line is legal Python
    return out


def test_split_lines_is_the_tokenizers() -> None:
    text = "a\r\nb\rc\nd\x0ce\u2028f\x85g\n"
    assert split_lines(text) == ["a", "b", "c", "d\x0ce\u2028f\x85g"]
    assert "".join(split_lines(text, keepends=True)) == text
    assert line_starts(text) == [0, 3, 5, 7, len(text)]


@pytest.mark.parametrize("brk", UNICODE_BREAKS)
def test_fix_lands_on_its_tokens_after_any_unicode_break(brk: str) -> None:
    for prefix in _placements(brk):
        text = prefix + MODEL
        result = fix_text(SourceFile("m.py", text), RULES, unsafe=True)
        assert result.fixed_text == prefix + MODEL.replace("(32, 1, 8)", "(None, 1, 8)"), repr(prefix)


def test_the_cli_fix_of_the_issue_example(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "ff.py"
    path.write_bytes(b"\x0c\n" + MODEL.encode())
    code, out, _ = run_cli("--no-cache", "--no-shapes", "--fix", str(path))
    assert path.read_bytes() == b"\x0c\n" + MODEL.replace("(32, 1, 8)", "(None, 1, 8)").encode()
    assert code == 0 and "1 fixed, 0 remaining" in out


def test_a_fix_whose_offsets_miss_its_tokens_is_refused() -> None:
    """The check that guards every fix: edits computed with splitlines() offsets (as before
    the fix of issue 9) land on `layers` instead of `32`; the result parses, and is refused."""
    text = "\x0c\n" + MODEL
    target = text.index("32")
    row = text.count("\n", 0, target) + 1
    col = target - text.rindex("\n", 0, target)
    right = Edit(Span(row, col, row, col + 2), "None")
    assert lands_as_intended(_significant_tokens(text), text.replace("(32,", "(None,"), [right])
    shifted = text[:target - 4] + "None" + text[target - 2:]  # what the old offsets produced
    assert not lands_as_intended(_significant_tokens(text), shifted, [right])
    # An edit that cuts `layers` in two still parses (`lzzzrs.Dropout`): refused.
    wrong = Diagnostic("NL001", "n", "m", "m.py", Span(row, 6, row, 9),
                       Fix(Applicability.SAFE, "m", (Edit(Span(row, 6, row, 9), "zzz"),)))
    applied = apply_fixes(text, [wrong])
    assert applied.text == text and applied.refused[0][1] == "its edits would not land on the code they were made for"


def test_a_fix_outside_the_file_is_refused_not_a_crash() -> None:
    far = Diagnostic("NL001", "n", "m", "m.py", Span(99, 1, 99, 2),
                     Fix(Applicability.SAFE, "m", (Edit(Span(99, 1, 99, 2), "x"),)))
    applied = apply_fixes("a = 1\n", [far])
    assert applied.text == "a = 1\n" and applied.refused[0][1] == "its edits lie outside the file"


@pytest.mark.parametrize("brk", ("\u2028", "\x0c", "\x85"))
def test_add_noqa_goes_on_the_reported_line_not_inside_a_string(brk: str) -> None:
    text = f"import keras\nfrom keras import layers\nNOTE = 'a{brk}b'\n" \
           "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))\n"
    diagnostics = lint_text(SourceFile("m.py", text), RULES)
    new, changed = add_noqa(text, diagnostics)
    assert changed == 1
    assert new == text.replace("(32, 1, 8))\n", "(32, 1, 8))  # noqa: NL001\n")


@pytest.mark.parametrize("fmt", ("text", "sarif"))
def test_reports_quote_the_flagged_line(run_cli, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "m.py"
    path.write_text("# a\u2028b\n" + MODEL, encoding="utf-8")
    _, out, _ = run_cli("--no-cache", "--no-shapes", "--output-format", fmt, str(path), cwd=tmp_path)
    if fmt == "text":
        assert "layers.Dropout(0.5, noise_shape=(32, 1, 8))" in out.split("|", 1)[1]
    else:
        other = tmp_path / "plain.py"
        other.write_text("# ab\n" + MODEL, encoding="utf-8")
        _, plain, _ = run_cli("--no-cache", "--no-shapes", "--output-format", fmt, str(other), cwd=tmp_path)

        def fingerprint(log: str) -> str:
            return json.loads(log)["runs"][0]["results"][0]["partialFingerprints"]

        # Same flagged line text: only the file name differs in the hash input, so compare
        # with the line hash computed for the right line instead.
        from noiselint.report.sarif import _fingerprint
        d = lint_text(SourceFile(str(path), path.read_text("utf-8")), RULES)[0]
        uri = "m.py"
        expected = _fingerprint(d, uri, split_lines(path.read_text("utf-8")), {})
        assert fingerprint(out)["noiselintLineHash/v1"] == expected
        assert fingerprint(plain)  # the plain file is fingerprinted too


def test_syntax_repair_lands_after_a_form_feed() -> None:
    text = "\x0c\nfrom keras import layers\ny = layers.Dropout((0.5, noise_shape=(None, 1)))\n"
    result = fix_text(SourceFile("m.py", text), RULES, unsafe=True)
    assert result.fixed_text == "\x0c\nfrom keras import layers\n" \
                                "y = layers.Dropout(0.5, noise_shape=(None, 1))\n"

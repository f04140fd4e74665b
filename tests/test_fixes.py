"""Fixes never damage a file: exact bytes outside the edits, parse checks, atomic writes."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from noiselint.fixes.apply import ChangedOnDisk, apply_edits, apply_fixes, write_atomically

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"


def _diagnostic(edits: tuple[Edit, ...]) -> Diagnostic:
    fix = Fix(Applicability.SAFE, "m", edits)
    return Diagnostic("NL001", "n", "m", "f.py", edits[0].span, fix)


def test_apply_edits_replaces_exact_spans() -> None:
    text = "abc\ndef\n"
    assert apply_edits(text, [Edit(Span(1, 2, 1, 3), "X"), Edit(Span(2, 1, 2, 4), "")]) == "aXc\n\n"


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    first = _diagnostic((Edit(Span(1, 1, 1, 4), "x"),))
    second = _diagnostic((Edit(Span(1, 2, 1, 3), "y"),))
    applied = apply_fixes("abc = 1\n", [first, second])
    assert applied.text == "x = 1\n" and applied.applied == (first,)


def test_fix_that_breaks_the_file_is_refused() -> None:
    broken = _diagnostic((Edit(Span(1, 1, 1, 2), "("),))
    applied = apply_fixes("a = 1\n", [broken])
    assert applied.text == "a = 1\n"
    assert applied.refused == ((broken, "the fixed text would not parse"),)


def test_fix_keeps_crlf_comments_and_layout(run_cli, tmp_path: Path) -> None:
    source = ("# model\r\nfrom keras import layers\r\n\r\n"
              "y = layers.Dropout(\r\n"
              "    0.5,  # the rate\r\n"
              "    noise_shape=(64,   # batch\r\n"
              "                 1, 8),\r\n"
              ")(x)\r\n")
    path = tmp_path / "m.py"
    path.write_bytes(source.encode())
    code, _, _ = run_cli("--fix", str(path))
    assert code == 0
    assert path.read_bytes() == source.replace("(64,   # batch", "(None,   # batch").encode()


def test_fix_keeps_bom_and_encoding_declaration(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bom.py"
    path.write_bytes(codecs.BOM_UTF8 + ("# café\n" + BAD).encode())
    assert run_cli("--fix", str(path))[0] == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + ("# café\n" + BAD.replace("(64,", "(None,")).encode()
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + BAD.encode())
    assert run_cli("--fix", str(latin))[0] == 0
    assert latin.read_bytes() == b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + \
        BAD.replace("(64,", "(None,").encode()


def test_fix_keeps_permissions_and_is_idempotent(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    os.chmod(path, 0o640)
    run_cli("--fix", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    once = path.read_bytes()
    code, out, _ = run_cli("--fix", str(path))
    assert path.read_bytes() == once and code == 0 and "All checks passed!" in out
    assert not [p.name for p in tmp_path.iterdir() if p.name != "m.py"], "no temp files left"


def test_unsafe_fixes_need_the_flag(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    source = "import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob=0.8)\n"
    path.write_text(source)
    code, out, _ = run_cli("--fix", str(path))
    assert path.read_text() == source and code == 1
    assert "1 unsafe fix available with `--fix --unsafe-fixes`." in out
    code, _, _ = run_cli("--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == "import tensorflow as tf\ny = tf.nn.dropout(x, rate=1 - 0.8)\n"
    assert code == 0


def test_diff_changes_nothing_and_exits_1(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    code, out, err = run_cli("--diff", str(path))
    assert code == 1 and path.read_text() == BAD
    assert "-y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)" in out
    assert "+y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)" in out
    assert "Would fix 1 error." in err
    path.write_text(BAD.replace("(64,", "(None,"))
    assert run_cli("--diff", str(path))[0] == 0


def test_show_fixes_and_exit_non_zero_on_fix(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    code, out, _ = run_cli("--fix", "--show-fixes", "--exit-non-zero-on-fix", str(path))
    assert code == 1
    assert "Fixed 1 error:" in out and "1 × NL001 (hardcoded-batch-size)" in out
    assert "Found 1 error (1 fixed, 0 remaining)." in out


def test_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("new")
    with pytest.raises(ChangedOnDisk):
        write_atomically(path, b"fixed", expected=b"old")
    assert path.read_text() == "new"


def test_name_cause_is_fixed_at_the_use_site(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\nBATCH = 64\nNOISE = (BATCH, 1, 8)\n"
                    "a = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(x)\n"
                    "b = layers.Dropout(0.5, noise_shape=NOISE)(x)\n")
    run_cli("--fix", str(path))
    assert path.read_text() == ("from keras import layers\nBATCH = 64\nNOISE = (BATCH, 1, 8)\n"
                                "a = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)\n"
                                "b = layers.Dropout(0.5, noise_shape=(None, *NOISE[1:]))(x)\n")


def test_tf_nn_dropout_fix_uses_the_input_tensor(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import tensorflow as tf\n"
                    "a = tf.nn.dropout(h, 0.5, noise_shape=[32, 1, 8])\n"
                    "b = tf.nn.dropout(h * 2, 0.5, noise_shape=[32, 1, 8])\n")
    _, out, _ = run_cli("--fix", str(path))
    assert path.read_text().splitlines()[1] == "a = tf.nn.dropout(h, 0.5, noise_shape=[tf.shape(h)[0], 1, 8])"
    assert "1 unsafe fix available" in out, "an input that is not a name is evaluated twice"
    run_cli("--fix", "--unsafe-fixes", str(path))
    assert path.read_text().splitlines()[2] == \
        "b = tf.nn.dropout(h * 2, 0.5, noise_shape=[tf.shape(h * 2)[0], 1, 8])"


def test_a_fix_that_changes_no_byte_is_not_counted_as_applied() -> None:
    same = _diagnostic((Edit(Span(1, 1, 1, 2), "a"),))  # `a` -> `a`
    real = _diagnostic((Edit(Span(1, 5, 1, 6), "2"),))
    applied = apply_fixes("a = 1\n", [same, real])
    assert applied.text == "a = 2\n"
    assert applied.applied == (real,) and applied.refused == ()


def test_two_insertions_at_one_offset_are_applied_one_pass_at_a_time() -> None:
    # Zero-width edits at one offset do not overlap as ranges, but their order would be
    # arbitrary: the second waits for the next pass (which re-lints the text).
    first = _diagnostic((Edit(Span(1, 5, 1, 5), "1 + "),))
    second = _diagnostic((Edit(Span(1, 5, 1, 5), "1 + "),))
    applied = apply_fixes("a = 1\n", [first, second])
    assert applied.text == "a = 1 + 1\n" and applied.applied == (first,)


def test_the_summary_counts_only_fixes_that_changed_the_file(run_cli, tmp_path: Path) -> None:
    model = tmp_path / "model.py"
    model.write_text(BAD, encoding="utf-8")
    _, out, _ = run_cli("--fix", "--isolated", str(model))
    assert "1 fixed" in out, out
    _, out, _ = run_cli("--fix", "--isolated", str(model))  # nothing left to change
    assert "fixed" not in out, out


# Spans at the edges of "a = 1\nb = 2\n" (rows 1-2, and row 3: the empty last line). A
# stale or forged span is refused with its reason; one that names a real position applies,
# including the position just past a line break and the very end of the file.
TWO_LINES = "a = 1\nb = 2\n"


@pytest.mark.parametrize(("span", "content", "expected"), [
    (Span(3, 1, 3, 1), "c = 3\n", "a = 1\nb = 2\nc = 3\n"),  # an insertion at the end of the file
    (Span(1, 1, 2, 1), "", "b = 2\n"),  # a whole line with its break, ending at column 1
    (Span(1, 7, 1, 7), "c = 3\n", "a = 1\nc = 3\nb = 2\n"),  # just past row 1's break
    (Span(1, 1, 1, 7), "", "b = 2\n"),
])
def test_a_fix_at_the_edge_of_a_line_or_the_file_applies(span: Span, content: str, expected: str) -> None:
    fix = _diagnostic((Edit(span, content),))
    applied = apply_fixes(TWO_LINES, [fix])
    assert (applied.text, applied.applied, applied.refused) == (expected, (fix,), ())


@pytest.mark.parametrize("span", [
    Span(1, 1, 4, 1),  # ends on a row past the end
    Span(0, 1, 1, 2),  # row 0
    Span(1, 0, 1, 2),  # column 0
    Span(1, 2, 1, 0),
    Span(1, 8, 1, 9),  # past the end of row 1 (the same offset as a column of row 2)
    Span(2, 1, 1, 2),  # ends before it starts
    Span(1, 5, 1, 2),
    Span(3, 1, 3, 2),  # past the end of the file
])
def test_a_fix_whose_span_is_not_in_the_file_is_refused(span: Span) -> None:
    fix = _diagnostic((Edit(span, "x"),))
    applied = apply_fixes(TWO_LINES, [fix])
    outside = ((fix, "its edits lie outside the file"),)
    assert (applied.text, applied.applied, applied.refused) == (TWO_LINES, (), outside)


def test_fixes_that_do_not_overlap_all_apply_in_one_pass() -> None:
    first = _diagnostic((Edit(Span(1, 5, 1, 6), "3"),))
    second = _diagnostic((Edit(Span(2, 5, 2, 6), "4"),))
    applied = apply_fixes(TWO_LINES, [first, second])
    assert applied.text == "a = 3\nb = 4\n" and applied.applied == (first, second)


def test_write_atomically_creates_a_new_file_with_the_default_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    umask = os.umask(0o022)
    try:
        write_atomically(path, b"data")
    finally:
        os.umask(umask)
    assert path.read_bytes() == b"data" and stat.S_IMODE(path.stat().st_mode) == 0o644


def test_diff_marks_a_last_line_without_a_break_and_skips_clean_files(run_cli, tmp_path: Path) -> None:
    # The old last line and the new one both lack a break: each gets diff's marker, so the
    # patch applies (the old output ran the old line into the first new one).
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text(BAD + BAD.splitlines()[1])
    (tmp_path / "c.py").write_text("import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob=0.8)\n"
                                   "z = tf.nn.dropout(x, keep_prob=0.9)\n")
    code, out, err = run_cli("--isolated", "--no-cache", "--diff", "a.py", "b.py", "c.py", cwd=tmp_path)
    old, new = BAD.splitlines()[1], BAD.splitlines()[1].replace("(64,", "(None,")
    assert code == 1
    assert out == ("--- b.py\n+++ b.py\n@@ -1,3 +1,3 @@\n from keras import layers\n"
                   f"-{old}\n-{old}\n\\ No newline at end of file\n"
                   f"+{new}\n+{new}\n\\ No newline at end of file\n\n")
    assert err == "Would fix 2 errors (2 additional fixes available with `--unsafe-fixes`).\n"


def test_diff_of_an_old_mac_file_has_one_output_line_per_diff_line(run_cli, tmp_path: Path) -> None:
    # Its lines end in a lone `\r`, which ends no terminal line: each gets a `\n` after it (the
    # old output ran the whole hunk, and the blank line after it, into one line), and none is
    # taken for a last line without a break.
    (tmp_path / "m.py").write_bytes(BAD.replace("\n", "\r").encode() + b"z = 1\r")
    code, out, _ = run_cli("--isolated", "--no-cache", "--diff", "m.py", cwd=tmp_path)
    old = BAD.splitlines()[1]
    assert code == 1
    assert out == ("--- m.py\n+++ m.py\n@@ -1,3 +1,3 @@\n from keras import layers\r\n"
                   f"-{old}\r\n+{old.replace('(64,', '(None,')}\r\n z = 1\r\n\n")


def test_a_module_with_top_level_await_is_not_fixed(run_cli, tmp_path: Path) -> None:
    # Only a notebook cell may `await` at the top level; CPython rejects a module that does.
    path = tmp_path / "m.py"
    source = "import asyncio\n" + BAD.splitlines()[0] + "\nawait asyncio.sleep(0)\n" + BAD.splitlines()[1] + "\n"
    path.write_text(source)
    code, _, err = run_cli("--isolated", "--no-cache", "--fix", str(path))
    assert code == 1 and path.read_text() == source
    assert "not fixed, because Python rejects the file: 'await' outside function (line 3)" in err


def test_one_fix_that_cannot_apply_does_not_stop_the_ones_after_it() -> None:
    # Each skipped or refused fix is passed over; the fixes after it still apply in this pass.
    text = "a = 1\nb = 2\nabc = 3\n"
    no_fix = Diagnostic("NL004", "n", "m", "f.py", Span(1, 1, 1, 2))
    good = _diagnostic((Edit(Span(2, 5, 2, 6), "4"),))
    overlapping = _diagnostic((Edit(Span(2, 5, 2, 6), "5"),))
    broken = _diagnostic((Edit(Span(1, 1, 1, 2), "("),))
    cutting = _diagnostic((Edit(Span(3, 2, 3, 3), "z"),))  # `abc` -> `azc`: cuts a token
    outside = _diagnostic((Edit(Span(9, 1, 9, 2), "x"),))
    last = _diagnostic((Edit(Span(1, 5, 1, 6), "3"),))
    applied = apply_fixes(text, [no_fix, good, overlapping, broken, cutting, outside, last])
    assert applied.text == "a = 3\nb = 4\nabc = 3\n" and applied.applied == (good, last)
    assert applied.refused == ((broken, "the fixed text would not parse"),
                               (cutting, "its edits would not land on the code they were made for"),
                               (outside, "its edits lie outside the file"))


@pytest.mark.parametrize("first", [0, 1])
def test_fixes_that_touch_without_overlapping_apply_in_one_pass(first: int) -> None:
    name = _diagnostic((Edit(Span(1, 1, 1, 2), "x"),))  # `a` -> `x`
    space = _diagnostic((Edit(Span(1, 2, 1, 4), "="),))  # ` =` -> `=`: starts where `a` ends
    fixes = [name, space] if first == 0 else [space, name]
    applied = apply_fixes(TWO_LINES, fixes)
    assert applied.text == "x= 1\nb = 2\n" and applied.applied == tuple(fixes)

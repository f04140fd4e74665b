"""Issue 9 §5: `--fix` respects the file system (links, owner, mode, read-only files) and
never rewrites a file CPython rejects, except to repair the syntax error itself."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
FIXED = BAD.replace("(64,", "(None,")


def _fix(run_cli, *paths: Path) -> tuple[int, str, str]:
    return run_cli("--no-cache", "--no-shapes", "--fix", *map(str, paths))


def test_a_symlinked_file_is_fixed_through_the_link(run_cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "model.py"
    target.write_text(BAD)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    code, _, _ = _fix(run_cli, link)
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == FIXED
    assert sorted(p.name for p in real.iterdir()) == ["model.py"] and sorted(
        p.name for p in tmp_path.iterdir()) == ["link.py", "real"]


def test_hard_links_stay_linked(run_cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text(BAD)
    os.link(first, second)
    assert _fix(run_cli, first)[0] == 0
    assert first.stat().st_ino == second.stat().st_ino and second.read_text() == FIXED


def test_mode_is_kept(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    path.chmod(0o754)
    _fix(run_cli, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o754 and path.read_text() == FIXED


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_is_kept(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    os.chown(path, 4321, 4321)
    _fix(run_cli, path)
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321) and path.read_text() == FIXED


@pytest.mark.parametrize("mode", [0o444, 0o555])  # 0o555: a read-only script (root may write either)
def test_a_read_only_file_is_refused_with_a_clear_message(run_cli, tmp_path: Path, mode: int) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD)
    path.chmod(mode)
    code, out, err = _fix(run_cli, path)
    assert code == 2 and path.read_text() == BAD
    assert "m.py" in err and "cannot be written: the file is read-only; make it writable to let noiselint fix it" in err
    assert "NL001" in out  # still reported: it was not fixed


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another group needs root")
def test_the_group_is_kept_when_the_file_is_replaced(run_cli, tmp_path: Path) -> None:
    # The user's own file in a shared group: replaced by a new file (not rewritten in
    # place), which is given the old file's group.
    path = tmp_path / "m.py"
    path.write_text(BAD)
    os.chown(path, os.geteuid(), 4321)
    _fix(run_cli, path)
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (os.geteuid(), 4321) and path.read_text() == FIXED


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another group needs root")
def test_a_group_the_user_may_not_give_is_dropped_not_an_error(run_cli, tmp_path: Path, monkeypatch) -> None:
    # As a user outside the file's group: chown fails, and the fix is written all the same.
    path = tmp_path / "m.py"
    path.write_text(BAD)
    os.chown(path, os.geteuid(), 4321)

    def refuse(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    assert _fix(run_cli, path)[0] == 0 and path.read_text() == FIXED


def test_a_reader_of_the_old_file_never_sees_a_half_written_one(run_cli, tmp_path: Path) -> None:
    # The fixed text goes to a new file renamed over the old one: a reader that opened the
    # file before keeps the whole old text (a rewrite in place would truncate it under them).
    path = tmp_path / "m.py"
    path.write_text(BAD)
    with open(path, encoding="utf-8") as reader:
        assert _fix(run_cli, path)[0] == 0
        assert reader.read() == BAD
    assert path.read_text() == FIXED


def test_the_fix_does_not_go_through_the_system_temp_directory(run_cli, tmp_path: Path, monkeypatch) -> None:
    # The temporary file sits next to the target: one in /tmp could not be renamed over a
    # file on another file system (EXDEV), nor written when /tmp is full or absent.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-dir"))
    path = tmp_path / "m.py"
    path.write_text(BAD)
    assert _fix(run_cli, path)[0] == 0 and path.read_text() == FIXED


@pytest.mark.parametrize("rejected", [
    "try:\n    pass\nexcept ValueError, e:\n    pass\n",  # Python 2
    "return 1\n",  # module-level return
    "def f():\n    nonlocal q\n",  # a symbol-table error
])
def test_no_fix_on_a_file_cpython_rejects(run_cli, tmp_path: Path, rejected: str) -> None:
    """libcst parses these; CPython does not, so noiselint does not touch them."""
    path = tmp_path / "m.py"
    path.write_text(BAD + rejected)
    code, _, err = _fix(run_cli, path)
    assert path.read_text() == BAD + rejected
    assert code == 1 and "not fixed, because Python rejects the file" in err


def test_a_syntax_warning_is_no_rejection(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD + "PATTERN = '\\d+'\n")  # an invalid escape: a warning only
    code, _, err = _fix(run_cli, path)
    assert code == 0 and path.read_text().startswith(FIXED) and "Warning" not in err


def test_the_syntax_repair_still_runs_and_then_the_other_fixes(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\ny = layers.Dropout((0.5, noise_shape=(64, 1, 8)))(x)\n")
    run_cli("--no-cache", "--no-shapes", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == FIXED

"""Issue 9 §3 and issue 12: the cache directory is the tree's, so it is untrusted. Nothing
in it is followed if it is a link, no entry the tree wrote is believed (entries are signed
with a per-user key kept outside the tree), a damaged entry is a miss (never a crash or a
hang), and a cache directory that is the project or holds source is refused."""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import pytest

from noiselint.cache_files import (
    MAX_ENTRY_BYTES,
    cache_dir_problem,
    key_dir,
    library_versions,
    mark_cache_dir,
    read_entry,
    safe_directory,
    user_key,
    write_entry,
)
from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from noiselint.results_cache import ResultsCache, settings_fingerprint
from noiselint.settings import Settings
from noiselint.shapes.cache import ShapeAnswer, ShapeCache, ShapeQuestion

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"


@pytest.fixture(autouse=True)
def private_key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.noiselint]\n")
    (root / "model.py").write_text(BAD)
    return root


def _lint(run_cli, root: Path, *args: str) -> tuple[int, list[dict], str]:
    code, out, err = run_cli("--no-shapes", "--output-format", "json", *args, ".", cwd=root)
    return code, json.loads(out), err


@pytest.fixture
def no_hang():
    signal.alarm(20)  # a FIFO or /dev/zero that is read would block here
    yield
    signal.alarm(0)


def test_the_key_is_private_and_outside_the_tree(private_key_home: Path) -> None:
    key = user_key()
    path = private_key_home / "noiselint" / "key"
    assert key is not None and len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert user_key() == key  # stable across runs


def test_a_readable_or_linked_key_is_not_used(private_key_home: Path) -> None:
    assert user_key() is not None
    path = private_key_home / "noiselint" / "key"
    path.chmod(0o644)
    assert user_key() is None
    path.unlink()
    path.symlink_to("/dev/zero")
    assert user_key() is None


def test_links_planted_in_the_cache_are_never_followed(run_cli, project: Path, tmp_path: Path) -> None:
    victim, elsewhere = tmp_path / "victim.txt", tmp_path / "elsewhere"
    victim.write_text("precious\n")
    elsewhere.mkdir()
    cache = project / ".noiselint_cache"
    cache.mkdir()
    (cache / "CACHEDIR.TAG").symlink_to(victim)
    (cache / ".gitignore").symlink_to(tmp_path / "created-by-dangling-link")
    (cache / "results").symlink_to(elsewhere)
    (cache / "shapes").symlink_to(elsewhere)
    code, found, _ = _lint(run_cli, project)
    assert code == 1 and [d["code"] for d in found] == ["NL001"]
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "created-by-dangling-link").exists()
    assert list(elsewhere.iterdir()) == []


def test_a_cache_dir_that_is_a_link_is_refused(run_cli, project: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (project / ".noiselint_cache").symlink_to(target)
    code, found, err = _lint(run_cli, project)
    assert code == 1 and len(found) == 1
    assert "is a symbolic link: running without the cache" in err
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("setting", [".", "./", "src", ".."])
def test_a_cache_dir_that_is_the_project_or_holds_source_is_refused(run_cli, project: Path, setting: str) -> None:
    (project / "src").mkdir()
    (project / "src" / "lib.py").write_text("x = 1\n")
    (project / "pyproject.toml").write_text(f'[tool.noiselint]\ncache-dir = "{setting}"\n')
    code, found, err = _lint(run_cli, project)
    assert code == 1 and len(found) == 1
    assert "running without the cache" in err
    assert not (project / ".gitignore").exists() and not (project / "src" / ".gitignore").exists()
    assert not (project / "results").exists()


def test_cache_dir_problem_accepts_an_ordinary_directory(tmp_path: Path) -> None:
    assert cache_dir_problem(tmp_path / "proj" / ".noiselint_cache", tmp_path / "proj") is None
    assert cache_dir_problem(tmp_path / "elsewhere", tmp_path / "proj") is None


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".noiselint_cache" / "results").rglob("*.json"))


def test_a_forged_entry_is_not_believed(run_cli, project: Path) -> None:
    """The tree can compute a results-cache key offline and commit an entry saying `[]`;
    unsigned, or signed with another key, it is a miss and the finding stays."""
    _lint(run_cli, project)
    (entry,) = _entries(project)
    for forged in (b"[]", entry.read_bytes().split(b"\n", 1)[0] + b"\n" + b"0" * 64 + b"\n[]"):
        entry.write_bytes(forged)
        code, found, _ = _lint(run_cli, project)
        assert code == 1 and [d["code"] for d in found] == ["NL001"], forged
    write_entry(entry.parent.parent, (entry.parent.name,), entry.name, b"k" * 32, "results", [])
    assert [d["code"] for d in _lint(run_cli, project)[1]] == ["NL001"]


@pytest.mark.usefixtures("no_hang")
@pytest.mark.parametrize("damage", ["fifo", "dev-zero", "directory", "huge", "truncated"])
def test_damaged_entries_are_misses_never_a_crash_or_hang(run_cli, project: Path, damage: str) -> None:
    _lint(run_cli, project)
    (entry,) = _entries(project)
    data = entry.read_bytes()
    entry.unlink()
    if damage == "fifo":
        os.mkfifo(entry)
    elif damage == "dev-zero":
        entry.symlink_to("/dev/zero")
    elif damage == "directory":
        entry.mkdir()
    elif damage == "huge":
        entry.write_bytes(data[:-2] + b" " * (5 << 20) + data[-2:])
    else:
        entry.write_bytes(data[: len(data) // 2])
    code, found, _ = _lint(run_cli, project)
    assert code == 1 and [d["code"] for d in found] == ["NL001"]


@pytest.mark.parametrize("rows", [
    "deep", {"not": "a list"}, [1], [{"code": "NL001"}],
])
def test_signed_entries_out_of_schema_are_misses(tmp_path: Path, rows: object) -> None:
    """Even an entry signed with the user's key (a bug, a version skew) is checked."""
    cache = ResultsCache(tmp_path / "results", "salt", frozenset({"NL001"}))
    key = cache.key("m.py", BAD.encode())
    if rows == "deep":
        path = tmp_path / "results" / key[:2]
        path.mkdir(parents=True)
        from noiselint.cache_files import _MAGIC, _mac
        deep = b"[" * 100_000 + b"]" * 100_000
        (path / f"{key}.json").write_bytes(_MAGIC + _mac(cache.secret, "results", f"{key}.json", deep) + b"\n" + deep)
    else:
        write_entry(tmp_path / "results", (key[:2],), f"{key}.json", cache.secret, "results", rows)
    assert cache.get(key, "m.py", BAD) is None


ROW2 = len(BAD.splitlines(keepends=True)[1])  # with its line break


def _row(**changes: object) -> dict:
    row = {"code": "NL001", "name": "hardcoded-batch-size", "message": "m", "path": "m.py",
           "span": [2, 38, 2, 40], "fix": {"applicability": "safe", "message": "f",
                                           "edits": [[[2, 38, 2, 40], "None"]]},
           "noqa_row": 2, "cell": None}
    return row | changes


@pytest.mark.parametrize("row, valid", [
    (_row(), True),
    (_row(code="NL999"), False),
    (_row(path="other.py"), False),
    (_row(span=[9, 1, 9, 2]), False),
    (_row(span=[2, 90, 2, 91]), False),
    (_row(span=[2, 40, 2, 38]), False),
    (_row(span=[2, "38", 2, 40]), False),
    (_row(span=[2, True, 2, 40]), False),
    (_row(fix={"applicability": "magic", "message": "f", "edits": []}), False),
    (_row(fix={"applicability": "safe", "message": "f", "edits": [[[1, 1, 99, 1], "x"]]}), False),
    (_row(noqa_row=0), False),
    (_row(message=["not", "text"]), False),
    (_row(extra=1), False),
    # The edges of the text: row 1 column 1, a column just past row 2's line break, the empty
    # row after the last break (an insertion at the end), a zero-width span.
    (_row(span=[1, 1, 1, 1]), True),
    (_row(span=[2, 1, 2, ROW2 + 1]), True),
    (_row(span=[3, 1, 3, 1]), True),
    (_row(span=[2, 1, 2, ROW2 + 2]), False),
    (_row(span=[3, 1, 3, 2]), False),
    (_row(span=[0, 1, 2, 1]), False),
    (_row(span=[2, 0, 2, 1]), False),
    (_row(noqa_row=1), True),
    (_row(noqa_row=3), True),
    (_row(noqa_row=4), False),
    (_row(message="m" * 100_000), True),
    (_row(message="m" * 100_001), False),
    (_row(fix={"applicability": "safe", "message": "f", "edits": {}}), False),
    (_row(fix={"applicability": "safe", "message": "f", "edits": [], "extra": 1}), False),
    (_row(fix={"applicability": "safe", "message": "f", "edits": [[[2, 38, 2, 40], "None", "x"]]}), False),
    (_row(cell=0), False),
])
def test_the_schema_checks_codes_spans_and_types(tmp_path: Path, row: dict, valid: bool) -> None:
    cache = ResultsCache(tmp_path / "results", "salt", frozenset({"NL001"}))
    key = cache.key("m.py", BAD.encode())
    write_entry(tmp_path / "results", (key[:2],), f"{key}.json", cache.secret, "results", [row])
    got = cache.get(key, "m.py", BAD)
    assert (got is not None) == valid
    if valid:
        assert got[0] == Diagnostic(row["code"], row["name"], row["message"], "m.py", Span(*row["span"]),
                                    Fix(Applicability.SAFE, "f", (Edit(Span(2, 38, 2, 40), "None"),)),
                                    noqa_row=row["noqa_row"])


def test_a_notebook_finding_keeps_its_cell(tmp_path: Path) -> None:
    cache = ResultsCache(tmp_path / "results", "salt", frozenset({"NL001"}))
    key = cache.key("m.py", BAD.encode())
    write_entry(tmp_path / "results", (key[:2],), f"{key}.json", cache.secret, "results", [_row(cell=3)])
    assert cache.get(key, "m.py", BAD)[0].cell == 3


def test_the_key_is_made_next_to_where_it_is_kept(private_key_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Written under a temporary name in its own directory and linked into place: a temporary
    # file in /tmp could not be linked across file systems (nor written when /tmp is absent).
    monkeypatch.setattr(tempfile, "tempdir", str(private_key_home / "no-such-dir"))
    key = user_key()
    assert key is not None and len(key) == 32
    assert [p.name for p in (private_key_home / "noiselint").iterdir()] == ["key"]


def test_an_entry_signed_for_another_file_is_a_miss(tmp_path: Path) -> None:
    cache = ResultsCache(tmp_path / "results", "salt", frozenset({"NL001"}))
    cache.put("a" * 64, ())
    assert cache.get("a" * 64, "m.py", "") == ()
    copied = tmp_path / "results" / "bb" / ("b" * 64 + ".json")
    copied.parent.mkdir()
    copied.write_bytes((tmp_path / "results" / "aa" / ("a" * 64 + ".json")).read_bytes())
    assert cache.get("b" * 64, "m.py", "") is None
    assert read_entry(copied, cache.secret, "results") is None


def test_a_forged_shape_answer_is_a_miss(tmp_path: Path) -> None:
    question = ShapeQuestion("Dense", {"units": 10}, ((None, 20, 32),))
    cache = ShapeCache(tmp_path)
    cache.put(question, ShapeAnswer(((None, 20, 10),)))
    entry = cache._path(cache.key(question))
    assert cache.get(question) == ShapeAnswer(((None, 20, 10),))
    entry.write_text(json.dumps({"outputs": [[None, 20, 99]], "error": None}))
    assert cache.get(question) is None
    assert ShapeCache(tmp_path, secret=b"x" * 32).get(question) is None


def test_without_a_usable_key_the_run_goes_on_uncached_and_says_so(run_cli, project: Path,
                                                                  private_key_home: Path) -> None:
    (private_key_home / "noiselint").mkdir(exist_ok=True)
    (private_key_home / "noiselint" / "key").symlink_to("/dev/zero")
    code, found, err = _lint(run_cli, project)
    assert code == 1 and len(found) == 1
    assert "no private key could be kept" in err and "running without the cache" in err
    assert not _entries(project)


@pytest.mark.parametrize(("outputs", "valid"), [
    ([[None, 0, 3]], True),  # a zero-length axis is a shape
    ([[None, -1]], False),
    ([[None, "3"]], False),
    ([[None, 2.0]], False),
    ([{}], False),
    ("", False),
    ({"0": [1]}, False),
])
def test_a_signed_shape_answer_is_checked_too(tmp_path: Path, outputs: object, valid: bool) -> None:
    question = ShapeQuestion("Dense", {"units": 10}, ((None, 20, 32),))
    cache = ShapeCache(tmp_path)
    key = cache.key(question)
    write_entry(tmp_path, (cache.version, key[:2]), f"{key}.json", cache.secret, "shapes",
                {"outputs": outputs, "error": None, "error_type": None})
    got = cache.get(question)
    assert (got is not None) == valid
    if valid:
        assert got == ShapeAnswer(((None, 0, 3),))


def test_a_shape_cache_that_cannot_be_written_says_why_once(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the cache directory should be")
    cache = ShapeCache(tmp_path / "taken")
    question = ShapeQuestion("Dense", {"units": 10}, ((None, 20, 32),))
    cache.put(question, ShapeAnswer(((None, 20, 10),)))
    cache.put(question, ShapeAnswer(((None, 20, 10),)))
    assert cache.problems == [f"cannot write the shape cache in {tmp_path / 'taken'}: File exists"]


@pytest.mark.parametrize(("where", "problem"), [
    ("project", "is the project root (or contains it); choose a directory of its own"),
    (".", "is the project root (or contains it); choose a directory of its own"),
    ("project/lib", "holds source files (a.py, b.py, c.py); choose a directory of its own"),
])
def test_cache_dir_problem_says_what_is_wrong(tmp_path: Path, where: str, problem: str) -> None:
    lib = tmp_path / "project" / "lib"
    lib.mkdir(parents=True)
    for name in ("d.py", "c.py", "b.py", "a.py"):
        (lib / name).write_text("x = 1\n")
    assert cache_dir_problem(tmp_path / where, tmp_path / "project") == problem


def test_cache_directories_and_markers_are_never_writable_by_others(tmp_path: Path) -> None:
    umask = os.umask(0)  # even when the user's umask would allow it
    try:
        made = safe_directory(tmp_path, "a", "b")
        mark_cache_dir(made)
    finally:
        os.umask(umask)
    assert [stat.S_IMODE((tmp_path / p).stat().st_mode) for p in ("a", "a/b")] == [0o755, 0o755]
    assert [stat.S_IMODE((made / p).stat().st_mode) for p in (".gitignore", "CACHEDIR.TAG")] == [0o644, 0o644]
    # The tag backup tools look for (https://bford.info/cachedir/): its first 43 bytes exactly.
    assert (made / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to another user needs root")
def test_a_cache_directory_of_another_user_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    os.chown(tmp_path / "a", 4321, 4321)
    with pytest.raises(OSError, match="is not a directory of the user's own"):
        safe_directory(tmp_path, "a", "b")
    assert not (tmp_path / "a" / "b").exists()


def test_the_key_is_made_on_a_file_system_without_hard_links(private_key_home: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_args: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    key = user_key()
    assert key is not None and len(key) == 32
    assert [p.name for p in (private_key_home / "noiselint").iterdir()] == ["key"]


def test_entries_are_written_next_to_where_they_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Renamed into place from the same directory: a temporary file in /tmp could not be.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-dir"))
    write_entry(tmp_path / "results", ("ab",), "ab.json", b"k" * 32, "results", [1, 2])
    assert read_entry(tmp_path / "results" / "ab" / "ab.json", b"k" * 32, "results") == [1, 2]
    assert [p.name for p in (tmp_path / "results" / "ab").iterdir()] == ["ab.json"]


def test_the_settings_key_names_the_project_and_ignores_what_cannot_change_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A relative project root means a different project in another directory (its `src`
    # and per-file patterns are anchored there); where the cache is, and how much is
    # printed, change no finding and must not throw the cache away.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    in_a = settings_fingerprint(Settings(project_root="."))
    monkeypatch.chdir(tmp_path / "b")
    assert settings_fingerprint(Settings(project_root=".")) != in_a
    assert settings_fingerprint(Settings(project_root=str(tmp_path / "a"))) == in_a
    assert settings_fingerprint(Settings(project_root=str(tmp_path / "a"), cache_dir="/elsewhere", verbose=True,
                                         no_cache=True)) == in_a


def test_a_path_that_is_not_utf8_still_has_a_cache_key(tmp_path: Path) -> None:
    # A file or project name read with surrogateescape (bytes that are not UTF-8).
    odd = str(tmp_path / "caf\udce9")
    assert settings_fingerprint(Settings(project_root=odd)) != settings_fingerprint(Settings(project_root="cafe"))
    cache = ResultsCache(tmp_path / "results", "salt")
    assert cache.key(f"{odd}.py", b"x = 1\n") != cache.key("cafe.py", b"x = 1\n")


def test_shape_answers_are_kept_per_keras_tensorflow_and_tf_keras_version() -> None:
    # Upgrading any of them changes the answers' directory: no answer of another version is read.
    wanted = f"{metadata.version('keras')}+tf{metadata.version('tensorflow')}+tfk{metadata.version('tf-keras')}"
    assert library_versions() == wanted


def test_an_entry_of_the_largest_size_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    key = b"k" * 32
    write_entry(tmp_path, (), "e.json", key, "results", "")
    room = MAX_ENTRY_BYTES - (tmp_path / "e.json").stat().st_size
    write_entry(tmp_path, (), "e.json", key, "results", "x" * room)
    assert (tmp_path / "e.json").stat().st_size == MAX_ENTRY_BYTES
    assert read_entry(tmp_path / "e.json", key, "results") == "x" * room
    write_entry(tmp_path, (), "e.json", key, "results", "x" * (room + 1))
    assert read_entry(tmp_path / "e.json", key, "results") is None


def test_without_xdg_cache_home_the_key_lives_in_the_home_cache(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert key_dir() == tmp_path / ".cache" / "noiselint"


def test_the_key_directory_is_made_private_with_its_parents(private_key_home: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh account has no ~/.cache yet; and the key's directory is the user's alone,
    # whatever the umask.
    monkeypatch.setenv("XDG_CACHE_HOME", str(private_key_home / "fresh" / "cache"))
    umask = os.umask(0)
    try:
        key = user_key()
    finally:
        os.umask(umask)
    assert key is not None
    assert stat.S_IMODE((private_key_home / "fresh" / "cache" / "noiselint").stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_key_file_of_another_user_is_not_used(private_key_home: Path) -> None:
    assert user_key() is not None
    os.chown(private_key_home / "noiselint" / "key", 4321, 4321)  # still mode 0o600
    assert user_key() is None


@pytest.mark.parametrize(("installed", "versions"), [
    ({"keras": "3.0", "tensorflow-cpu": "2.20.0", "tf-keras": "2.20.0"}, "3.0+tf2.20.0+tfk2.20.0"),
    ({"keras": "3.0", "tf-nightly": "2.22.0.dev1"}, "3.0+tf2.22.0.dev1+tfknone"),
    ({"keras": "3.0", "tensorflow": "2.19.0", "tensorflow-cpu": "2.18.0"}, "3.0+tf2.19.0+tfknone"),
    ({}, "none+tfnone+tfknone"),
])
def test_shape_answers_are_kept_per_tensorflow_whichever_package_installed_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: dict[str, str], versions: str) -> None:
    from noiselint import installed as installed_module

    for name, version in installed.items():  # as pip lays out a wheel's metadata
        info = tmp_path / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    installed_module._installed.cache_clear()
    installed_module.version.cache_clear()
    try:
        assert library_versions() == versions
    finally:
        installed_module._installed.cache_clear()
        installed_module.version.cache_clear()

"""The compiled code of dataclasses' generated methods, kept between runs (noiselint/dataclass_code.py)."""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from noiselint import dataclass_code
from noiselint.cache_files import user_key
from noiselint.runner import Mode, _Worker  # made before a test's `dataclasses` hook
from noiselint.settings import Settings


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user cache; `dataclasses` restored after the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(dataclasses, "exec", None, raising=False)  # undone: the builtin again
    return tmp_path / "noiselint"


def _point() -> type:
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2

    return Point


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    real = builtins.compile

    def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    return compiled


def test_a_second_process_runs_the_kept_code_without_compiling(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    methods = dataclass_code.install()
    assert methods is not None
    first = _point()
    methods.save()
    monkeypatch.setattr(dataclasses, "exec", None)  # a new process: nothing installed yet
    again = dataclass_code.install()
    assert again is not None
    compiled = _compiles(monkeypatch)
    second = _point()
    assert compiled == []
    (path,) = kept.glob("dataclass-code-*.bin")
    written = path.stat().st_mtime_ns
    os.utime(path, ns=(written, written))
    again.save()
    assert path.stat().st_mtime_ns == written  # nothing new: nothing written
    # The same methods: equality, hash, repr, frozenness, defaults.
    assert second(1) == second(1, 2) and hash(second(1)) == hash(second(1, 2))
    assert repr(second(1)) == repr(first(1)).replace(first.__qualname__, second.__qualname__)
    with pytest.raises(dataclasses.FrozenInstanceError):
        second(1).x = 3  # type: ignore[misc]


def test_a_text_several_classes_make_is_compiled_in_the_first_process_only(
        kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libcst's operator classes share their methods' texts: each class after the first found
    the entry gone (dropped once used) and compiled it again, in every run."""
    methods = dataclass_code.install()
    assert methods is not None
    _point(), _point()
    methods.save()
    for _ in range(2):  # two more processes
        monkeypatch.setattr(dataclasses, "exec", None)
        again = dataclass_code.install()
        assert again is not None
        compiled = _compiles(monkeypatch)
        first, second = _point(), _point()
        assert compiled == []
        again.save()
        assert first(1) == first(1, 2) and second(1) != first(1) and repr(second(1)).endswith("Point(x=1, y=2)")


def _other() -> type:
    @dataclasses.dataclass
    class Other:
        name: str

    return Other


def _fresh() -> type:
    @dataclasses.dataclass
    class Fresh:
        z: int

    return Fresh


def _texts(kept: Path) -> set[str]:
    key = user_key()
    assert key is not None
    return {text for path in kept.glob("dataclass-code-*.bin") for text in dataclass_code._read(path, key)}


def test_entries_no_saving_process_used_for_a_month_are_dropped(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The methods of a class an upgrade changed were kept for good (read by every start)."""
    day = [20_000]
    monkeypatch.setattr(dataclass_code, "_today", lambda: day[0])
    methods = dataclass_code.install()
    assert methods is not None
    _point(), _other()
    methods.save()
    written = _texts(kept)
    other_texts = {t for t in written if "self.name" in t}  # `Other`'s field
    point_texts = written - other_texts
    assert point_texts and other_texts

    def process(*makers) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(dataclasses, "exec", None)
        again = dataclass_code.install()
        assert again is not None
        for make in makers:
            make()
        again.save()

    day[0] += dataclass_code._KEEP_DAYS  # a month on: kept, and nothing new to write
    process(_point)
    assert _texts(kept) == written
    day[0] += 1  # past the month: a process that compiles something new saves, using `Point`'s
    process(_point, _fresh)
    after = _texts(kept)
    assert point_texts <= after  # used: kept, and dated again
    assert not other_texts & after  # unused for over a month: dropped
    assert any("self.z" in t for t in after)  # what was new
    # `Other` is compiled again where it is used, and kept.
    monkeypatch.setattr(dataclasses, "exec", None)
    again = dataclass_code.install()
    assert again is not None
    compiled = _compiles(monkeypatch)
    _other()
    assert compiled


def test_a_file_not_signed_with_the_users_key_is_not_run(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    methods.save()
    (path,) = kept.glob("dataclass-code-*.bin")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the code changed
    monkeypatch.setattr(dataclasses, "exec", None)
    again = dataclass_code.install()
    assert again is not None
    compiled = _compiles(monkeypatch)
    _point()
    assert compiled  # compiled afresh: the kept code was refused


def test_a_signed_entry_that_is_not_marshalled_code_is_compiled_again(kept: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Signed with the user's key, but laid out as another build of noiselint lays entries out
    # (a code object where this one keeps marshal's bytes, or bytes of something else).
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    methods.save()
    (path,) = kept.glob("dataclass-code-*.bin")
    key = user_key()
    assert key is not None
    codes = dataclass_code._read(path, key)
    odd = {text: ((compile("pass", "<s>", "exec"), *entry[1:]) if i % 2 else (marshal.dumps(1), *entry[1:]))
           for i, (text, entry) in enumerate(codes.items())}
    payload = marshal.dumps((sys.version, odd))
    path.write_bytes(dataclass_code._MAGIC + dataclass_code._mac(key, payload) + b"\n" + payload)
    monkeypatch.setattr(dataclasses, "exec", None)
    again = dataclass_code.install()
    assert again is not None
    compiled = _compiles(monkeypatch)
    point = _point()
    assert len(compiled) == len(codes)  # each refused entry compiled afresh
    assert point(1) == point(1, 2)


def test_nothing_is_written_without_bytecode_writing(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    methods.save()
    assert list(kept.glob("dataclass-code-*")) == []


def test_what_the_parent_compiled_is_written_before_the_workers_fork(kept: Path) -> None:
    """A forked worker inherits the parent's pending code; written before the fork, no worker
    writes it again when it stops."""
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    pending = dict(methods._new)
    assert pending, "a new class's code is pending until saved"
    _Worker(Settings(), Mode()).import_analysis()
    assert methods._new == {}
    assert any(path.name.startswith("dataclass-code-") for path in kept.iterdir())


_CHILD = """
import sys
import time
from noiselint import dataclass_code
from noiselint.cache_files import user_key

read = dataclass_code._read


def slow_read(*args):
    codes = read(*args)
    time.sleep(0.3)  # the other process's save falls between this one's read and write
    return codes


dataclass_code._read = slow_read
dataclass_code._LOCK_SECONDS = 60.0
methods = dataclass_code.install()
assert methods is not None
import dataclasses
exec(f"@dataclasses.dataclass\\nclass Made:\\n    {sys.argv[1]}: int\\n")
print("ready", flush=True)
sys.stdin.readline()
methods.save()
"""


def _child(kept: Path, field: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(kept.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parents[1]), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-c", _CHILD, field], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def _kept_texts(kept: Path) -> str:
    from noiselint.cache_files import user_key

    key = user_key()
    assert key is not None
    return "\n".join(text for path in kept.glob("dataclass-code-*.bin") for text in dataclass_code._read(path, key))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="flock: POSIX")
def test_two_processes_saving_at_once_both_keep_their_code(kept: Path) -> None:
    """Workers ending together each merged their new code into the file: the last writer
    dropped what the other had written in between, and the file settled over 2-3 runs."""
    children = [_child(kept, field) for field in ("first_only", "second_only")]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:  # both save at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    assert [child.wait(60) for child in children] == [0, 0]
    texts = _kept_texts(kept)
    assert "first_only" in texts and "second_only" in texts


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="flock: POSIX")
def test_a_lock_held_elsewhere_skips_the_save(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(dataclass_code, "_LOCK_SECONDS", 0.05)
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    lock = os.open(kept / "dataclass-code.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        methods.save()
        assert list(kept.glob("dataclass-code-*.bin")) == []
    finally:
        os.close(lock)
    methods.save()  # what was not saved is still pending
    assert list(kept.glob("dataclass-code-*.bin")) != []


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="O_NOFOLLOW: POSIX")
def test_a_link_at_the_lock_is_not_followed(kept: Path, tmp_path: Path) -> None:
    methods = dataclass_code.install()
    assert methods is not None
    _point()
    target = tmp_path / "elsewhere"
    (kept / "dataclass-code.lock").symlink_to(target)
    methods.save()
    assert not target.exists()
    assert list(kept.glob("dataclass-code-*.bin")) == []

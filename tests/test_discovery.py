"""Discovery: recursion, suffixes, default excludes, .gitignore, symlink loops, bad dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noiselint.files.discovery import Filters, discover


def _names(root: Path, filters: Filters | None = None) -> list[str]:
    found = discover([str(root)], filters or Filters(root=root))
    return sorted(p.relative_to(root).as_posix() for p in found.files)


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_suffixes_and_recursion(tmp_path: Path) -> None:
    _touch(tmp_path, "a.py", "b.pyi", "nb.ipynb", "c.txt", "pkg/d.py", "pkg/deep/e.py")
    assert _names(tmp_path) == ["a.py", "b.pyi", "nb.ipynb", "pkg/d.py", "pkg/deep/e.py"]


def test_default_excludes(tmp_path: Path) -> None:
    _touch(tmp_path, "a.py", ".venv/x.py", "venv/x.py", "build/x.py", "dist/x.py", ".git/x.py",
           "node_modules/x.py", "lib/site-packages/x.py", "pkg.egg-info/x.py", "__pycache__/x.py")
    assert _names(tmp_path) == ["a.py"]


def test_gitignore_is_honoured_with_negation_and_nesting(tmp_path: Path) -> None:
    _touch(tmp_path, "a.py", "gen/b.py", "gen/keep.py", "sub/c.py", "sub/d.py", "notes.py")
    (tmp_path / ".gitignore").write_text("gen/*\n!gen/keep.py\nnotes.py\n")
    (tmp_path / "sub" / ".gitignore").write_text("d.py\n")
    assert _names(tmp_path) == ["a.py", "gen/keep.py", "sub/c.py"]
    assert _names(tmp_path, Filters(root=tmp_path, respect_gitignore=False)) == \
        ["a.py", "gen/b.py", "gen/keep.py", "notes.py", "sub/c.py", "sub/d.py"]


def test_exclude_patterns(tmp_path: Path) -> None:
    _touch(tmp_path, "a.py", "legacy/b.py", "src/legacy/c.py", "src/d_test.py")
    filters = Filters(exclude=("legacy/", "*_test.py"), root=tmp_path)
    assert _names(tmp_path, filters) == ["a.py"]


def test_explicit_file_beats_exclude_unless_forced(tmp_path: Path) -> None:
    _touch(tmp_path, "build/x.py")
    target = str(tmp_path / "build" / "x.py")
    assert len(discover([target], Filters(root=tmp_path)).files) == 1
    assert discover([target], Filters(root=tmp_path, force_exclude=True)).files == ()


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    _touch(tmp_path, "pkg/a.py")
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    assert _names(tmp_path) == ["pkg/a.py"]


def test_missing_path_is_an_error_and_the_rest_goes_on(tmp_path: Path) -> None:
    _touch(tmp_path, "a.py")
    found = discover([str(tmp_path / "missing"), str(tmp_path)], Filters(root=tmp_path))
    assert [e.message for e in found.errors] == ["does not exist"]
    assert len(found.files) == 1


def test_unreadable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(tmp_path, "a.py", "locked/b.py")
    real_scandir = os.scandir

    # Root can read a chmod-0 directory, so the refusal is simulated where os.walk meets it.
    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path)], Filters(root=tmp_path))
    assert [p.name for p in found.files] == ["a.py"]
    assert [(Path(e.path).name, e.message) for e in found.errors] == \
        [("locked", "cannot be read: Permission denied")]


def test_excludes_match_below_the_given_tree_not_above_it(tmp_path: Path) -> None:
    tree = tmp_path / "lib" / "site-packages" / "keras"
    _touch(tree, "a.py", "src/b.py", "build/c.py")
    project = tmp_path / "project"
    project.mkdir()
    found = discover([str(tree)], Filters(root=project))
    assert sorted(p.relative_to(tree).as_posix() for p in found.files) == ["a.py", "src/b.py"]


def test_a_named_tree_inside_an_ignored_folder_is_linted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # e.g. ~/.pyenv, a git checkout that ignores `versions/`
    (tmp_path / ".gitignore").write_text("versions/\n*.pyc\n")
    tree = tmp_path / "versions" / "lib" / "keras"
    _touch(tree, "a.py", "src/b.py")
    assert len(discover([str(tree)], Filters(root=tmp_path / "elsewhere")).files) == 2
    assert discover([str(tmp_path)], Filters(root=tmp_path)).files == ()
    (tree / ".git").mkdir()
    (tree / ".gitignore").write_text("src/\n")
    assert [p.name for p in discover([str(tree)], Filters(root=tree)).files] == ["a.py"]


def test_the_name_matcher_decides_as_pathspec_does() -> None:
    # The default excludes are matched without pathspec (discovery.NameMatcher): the same
    # decision on every path, for them and for other names; a pattern that is not a name
    # (a slash, a wildcard inside, a negation) goes to pathspec. Paths as discovery makes them:
    # relative, no empty part (pathspec reads `//build` as not below `build`).
    from itertools import product

    from noiselint.files.discovery import DEFAULT_EXCLUDES, NameMatcher
    from noiselint.files.ignore_patterns import compile_patterns

    parts = ["build", "build.py", "abuild", "x.egg-info", ".egg-info", "egg-info", ".git", ".gitignore", "venv",
             "venv2", "src", "__pycache__", "a.b", "Build", "dist-info", ".", ".."]
    paths = ["/".join(p) for n in (1, 2, 3) for p in product(parts, repeat=n)]
    paths += [p + "/" for p in paths]
    for patterns in (DEFAULT_EXCLUDES, ("src", "*.py"), ("a.b", "*-info", "..x", "*.b")):
        names = NameMatcher.of(patterns)
        spec = compile_patterns(patterns)
        assert names is not None
        assert [p for p in paths if names.match_file(p)] == [p for p in paths if spec.match_file(p)], patterns
    for patterns in (("src/build",), ("!build",), ("#x",), ("b*d",), ("*",), ("build/",), ("..",), ("b d",),
                     ("**",), ("[ab]",), ("b?",), ("b\\d",)):
        assert NameMatcher.of((*DEFAULT_EXCLUDES, *patterns)) is None, patterns

"""Issue 24 item 1: ignore patterns match in time linear in the path's length, whatever the
pattern (`**` segments too), through every door a pattern comes in (`.gitignore`,
`extend-exclude` with `--force-exclude`, `per-file-ignores`, the language server), and the
answers are pathspec's."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pathspec import GitIgnoreSpec
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from noiselint.files.ignore_patterns import InvalidPattern, compile_patterns, gitignore_regex
from noiselint.server.checking import Checker
from noiselint.server.documents import text_document

HEADER = "from keras import layers\n"
BUGGY = "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)\n"
STARS = "**/a/" * 12 + "**/b"  # the pattern: twelve `**` segments
DEEP = "/".join(["a"] * 40)


def _deep_tree(root: Path) -> Path:
    leaf = root / DEEP
    leaf.mkdir(parents=True)
    (leaf / "c.py").write_text(HEADER + BUGGY)
    (root / "m.py").write_text(HEADER + BUGGY)
    return leaf / "c.py"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # A subprocess with a timeout: on a backtracking matcher this run never ends.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--no-shapes", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def test_many_double_stars_match_in_linear_time() -> None:
    spec = compile_patterns([STARS, "!keep/**/x"])
    for depth in (40, 400, 4000):
        start = time.process_time()
        assert not spec.match_file("/".join(["a"] * depth) + "/c")
        assert spec.match_file("/".join(["a"] * depth) + "/b")
        assert time.process_time() - start < 1.0, depth


def test_double_star_gitignore_in_a_deep_tree_finishes(tmp_path: Path) -> None:
    _deep_tree(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text(STARS + "\n")
    done = _run(["."], tmp_path)
    assert done.stdout.count("NL001") == 2, done.stdout + done.stderr


def test_double_star_exclude_and_per_file_ignores_finish(tmp_path: Path) -> None:
    deep = _deep_tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.noiselint]\nextend-exclude = ["{STARS}"]\nper-file-ignores = {{"{STARS}" = ["NL002"]}}\n')
    done = _run(["--force-exclude", str(deep.relative_to(tmp_path)), "m.py"], tmp_path)
    assert done.stdout.count("NL001") == 2, done.stdout + done.stderr


def test_server_checks_a_document_under_double_star_per_file_ignores(tmp_path: Path) -> None:
    deep = _deep_tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[tool.noiselint]\nper-file-ignores = {{"{STARS}" = ["NL002"]}}\n')
    start = time.process_time()
    result = Checker().check(text_document(deep.as_uri(), HEADER + BUGGY, 1), shapes=False)
    assert [d.code for d in result.diagnostics] == ["NL001"]
    assert time.process_time() - start < 10


def test_same_answers_as_pathspec_on_random_double_star_patterns() -> None:
    rng = random.Random(24)
    pieces = ["**/", "/**", "**", "a", "b", "*", "?", "/", "[ab]", "[!a]", ".", "\\*", "a/", "!"]
    compared = 0
    for _ in range(3000):
        lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
                 for _ in range(rng.randint(1, 3))]
        try:
            reference = GitIgnoreSpec.from_lines(lines)
        except ValueError:
            continue
        ours = compile_patterns(lines)
        for _ in range(12):
            # Short paths: pathspec's own regexes must finish for the comparison.
            name = "".join(rng.choice("ab/.*") for _ in range(rng.randint(1, 12))).strip("/") or "a"
            name += "/" if rng.random() < 0.3 else ""
            want, got = reference.check_file(name), ours.check_file(name)
            assert (got.include, got.index) == (want.include, want.index), (lines, name)
            compared += 1
    assert compared > 20_000


def _pathspec_regex(line: str) -> tuple[str | None, bool | None] | None:
    """pathspec's translation of `line`, or None where it refuses the line."""
    try:
        return GitIgnoreSpecPattern.pattern_to_regex(line)
    except ValueError:
        return None


def _ours(line: str) -> tuple[str | None, bool | None] | None:
    try:
        return gitignore_regex(line)
    except InvalidPattern:
        return None


# Lines of real ignore files: GitHub's Python template and the survey's trees, with git's edge cases.
REAL_LINES = [
    "__pycache__/", "*.py[cod]", "*$py.class", "*.so", ".Python", "build/", "develop-eggs/", "dist/",
    "*.egg-info/", ".installed.cfg", "*.egg", "MANIFEST", "pip-log.txt", "htmlcov/", ".tox/", ".nox/",
    ".coverage", ".coverage.*", ".cache", "nosetests.xml", "coverage.xml", "*.cover", "*.py,cover",
    ".hypothesis/", ".pytest_cache/", "cover/", "*.mo", "*.pot", "*.log", "local_settings.py",
    "db.sqlite3", "db.sqlite3-journal", "instance/", ".webassets-cache", ".scrapy", "docs/_build/",
    ".pybuilder/", "target/", ".ipynb_checkpoints", "profile_default/", "ipython_config.py",
    "__pypackages__/", "celerybeat-schedule", "celerybeat.pid", "*.sage.py", ".env", ".venv", "env/",
    "venv/", "ENV/", "env.bak/", "venv.bak/", ".spyderproject", ".spyproject", ".ropeproject", "/site",
    ".mypy_cache/", ".dmypy.json", "dmypy.json", ".pyre/", ".pytype/", "cython_debug/", "#.idea/",
    "*.h5", "*.hdf5", "checkpoints/**", "!checkpoints/.gitkeep", "/data/*", "!/data/README.md",
    "logs/**/*.txt", "**/node_modules", "a/**/b", "\\#not-a-comment", "\\!important", "trailing\\ ",
    "trailing  ", "  leading", "[!a-c]*.py", "[^x]y", "[]]", "[]-]", "[!]a-]", "x[", "a\\[b", "*.[ch]",
    "foo/", "/foo/", "**/", "**", "*", "*/", "/", "!", "!/", "#", "", " ", "\t", "a\\", "\\", "a/**/",
    "a//b", "//", "**/**", "a/**/**/b", "**/**/a", "ü/ß*", "a b", "(x)", "a+b", "{a,b}", "a|b", "$HOME",
]


def test_each_line_is_translated_as_pathspec_translates_it() -> None:
    # The regex itself, and a refusal exactly where pathspec refuses (a trailing backslash, a
    # lone `!`); a bad range is a line that matches nothing, as in git.
    rng = random.Random(23)
    pieces = ["**/", "/**", "**", "a", "*", "?", "/", "[", "]", "!", "^", "-", "\\", " ", "#", ".", "b/",
              "[a-z]", "[!/]", "\t", "é", "(", "+", "$", "|"]
    lines = REAL_LINES + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(20_000)]
    refused = 0
    for line in lines:
        want = _pathspec_regex(line)
        assert _ours(line) == want, line
        refused += want is None
    assert refused > 100  # the refusals were exercised


def test_real_lines_decide_as_pathspec_decides() -> None:
    rng = random.Random(5)
    valid = [line for line in REAL_LINES if _pathspec_regex(line) is not None]
    names = ["a", "b", "build", "dist", "data", "x.py", "y.pyc", "node_modules", "checkpoints", ".gitkeep",
             "README.md", "logs", "t.txt", "site", "docs", "_build", "foo", "z.h5", "a b", "ü", "ßx"]
    for _ in range(3000):
        lines = rng.sample(valid, rng.randint(1, 12))
        reference, ours = GitIgnoreSpec.from_lines(lines), compile_patterns(lines)
        for _ in range(6):
            path = "/".join(rng.choice(names) for _ in range(rng.randint(1, 4))) + ("/" if rng.random() < 0.3 else "")
            want, got = reference.check_file(path), ours.check_file(path)
            assert (got.include, got.index) == (want.include, want.index), (lines, path)


def test_a_gitignore_line_git_cannot_read_is_left_out_and_the_run_goes_on(tmp_path: Path) -> None:
    # Found here: pathspec raised on `ignored\\` (a trailing backslash) and the run ended
    # in a traceback; git leaves such a line out.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("skipped.py\nbad\\\n!\nskipped_too.py\n")
    for name in ("m.py", "skipped.py", "skipped_too.py"):
        (tmp_path / name).write_text(HEADER + BUGGY)
    done = _run(["."], tmp_path)
    assert (done.returncode, done.stdout.count("NL001")) == (1, 1), done.stdout + done.stderr
    assert "m.py" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize("setting", ['extend-exclude = ["bad\\\\"]', 'per-file-ignores = {"bad\\\\" = ["NL001"]}'])
def test_a_configured_pattern_git_cannot_read_is_a_clear_error(tmp_path: Path, setting: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.noiselint]\n{setting}\n")
    (tmp_path / "m.py").write_text(HEADER + BUGGY)
    done = _run(["."], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "cannot be read: a trailing backslash" in done.stderr


def test_the_prefilter_is_linear_in_one_long_word() -> None:
    """Found attacking this class: one regex, `dropout\\w*\\s*(...)`, rescanned the rest of a
    word for every `dropout` inside it: a 112 KB line `dropoutdropout...=` took 2 minutes
    (quadratic; hours for a 2 MB file), before any budget applies."""
    from noiselint.syntax.prefilter import might_matter

    start = time.process_time()
    assert not might_matter("dropout" * 300_000 + "=")
    assert might_matter("x = " + "dropout" * 300_000 + "(")
    assert time.process_time() - start < 2


def test_the_prefilter_means_what_its_regex_meant() -> None:
    import re

    from noiselint.syntax.prefilter import mentions_api

    meant = re.compile(r"(?:[Dd]ropout\w*|GaussianNoise)\s*(?:\(|\bas\b|,|\)|$)|_keras_shape", re.MULTILINE)
    rng = random.Random(7)
    pieces = ["dropout", "Dropout", "Gaussian", "Noise", "GaussianNoise", "_keras_shape", " ", "\n", "(", ")",
              ",", "as", "x", "1", "=", "Spatial", "_"]
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert mentions_api(text) == (meant.search(text) is not None), text


def test_ignore_files_that_are_fifos_or_devices_are_not_read(tmp_path: Path) -> None:
    """Found attacking this class: `.gitignore` was read with `read_text()`: a FIFO hung the
    walk, a link to /dev/zero grew without end."""
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / ".ignore").symlink_to("/dev/zero")
    (tmp_path / "m.py").write_text(HEADER + BUGGY)
    done = _run(["."], tmp_path)
    assert done.stdout.count("NL001") == 1, done.stdout + done.stderr


def test_the_server_falls_back_to_the_defaults_for_a_pattern_git_cannot_read(tmp_path: Path) -> None:
    # A check raised the pattern's error (pathspec's, then the ConfigError) out of the server's
    # handler; the settings are where a config that cannot be used is reported.
    (tmp_path / "pyproject.toml").write_text('[tool.noiselint]\nper-file-ignores = {"bad\\\\" = ["NL001"]}\n')
    (tmp_path / "m.py").write_text(HEADER + BUGGY)
    checker = Checker()
    result = checker.check(text_document((tmp_path / "m.py").as_uri(), HEADER + BUGGY, 1), shapes=False)
    assert [d.code for d in result.diagnostics] == ["NL001"]
    problem = checker.settings_for(str(tmp_path / "m.py"))[1]
    assert problem is not None and "`per-file-ignores` cannot be read" in problem

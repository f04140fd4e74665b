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

from pathspec import GitIgnoreSpec

from noiselint.files.ignore_patterns import compile_patterns
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

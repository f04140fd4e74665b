"""The results cache and --jobs: same findings, and a warm run parses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for i in range(12):
        (tmp_path / f"m{i}.py").write_text(BAD.replace("64", str(64 + i)))
        (tmp_path / f"plain{i}.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[tool.noiselint]\n")
    return tmp_path


def _json(run_cli, *args: str, cwd: Path) -> list[dict]:
    return json.loads(run_cli("--output-format", "json", *args, ".", cwd=cwd)[1])


def test_warm_run_gives_the_same_findings_from_the_cache(run_cli, tree: Path, monkeypatch) -> None:
    cold = _json(run_cli, cwd=tree)
    assert len(cold) == 12 and (tree / ".noiselint_cache" / "results").is_dir()
    import noiselint.engine as engine

    def no_parsing(*args, **kwargs):
        raise AssertionError("a warm run must not parse")

    monkeypatch.setattr(engine, "parse_source", no_parsing)
    assert _json(run_cli, cwd=tree) == cold


def test_changed_file_is_linted_again(run_cli, tree: Path) -> None:
    _json(run_cli, cwd=tree)
    (tree / "m0.py").write_text(BAD.replace("(64,", "(None,"))
    assert len(_json(run_cli, cwd=tree)) == 11


def test_no_cache_writes_nothing(run_cli, tree: Path) -> None:
    _json(run_cli, "--no-cache", cwd=tree)
    assert not (tree / ".noiselint_cache").exists()


def test_cache_dir_setting(run_cli, tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.noiselint]\ncache-dir = "cachehere"\n')
    _json(run_cli, cwd=tree)
    assert (tree / "cachehere" / "results").is_dir() and (tree / "cachehere" / ".gitignore").exists()


def test_cache_depends_on_selection(run_cli, tree: Path) -> None:
    _json(run_cli, cwd=tree)
    assert _json(run_cli, "--ignore", "NL001", cwd=tree) == []


def test_jobs_give_the_same_result(tree: Path) -> None:
    def run(*args: str) -> list:
        proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--output-format", "json",
                               *args, "."], cwd=tree, capture_output=True, text=True, check=False)
        assert proc.returncode == 1, proc.stderr
        return json.loads(proc.stdout)

    assert run("--jobs", "2") == run("--jobs", "1")


def test_add_noqa_adopts_an_existing_codebase(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\n"
                    "a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)  # keep\n"
                    "b = layers.Dropout(\n    2.0)(x)  # noqa: NL005\n"
                    "c = layers.Dropout(1.5, noise_shape=(32, 1))(x)\n"
                    's = """\nlayers.Dropout(9)\n"""\n')
    code, _, err = run_cli("--add-noqa", str(path))
    assert code == 0
    assert err.splitlines() == [f"noiselint: {path}: added a noqa comment to 3 lines (lines 2, 3, 5)",
                                "Added 3 noqa directives."]
    assert path.read_text() == ("from keras import layers\n"
                                "a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)  # keep  # noqa: NL001\n"
                                "b = layers.Dropout(  # noqa: NL004\n    2.0)(x)  # noqa: NL005\n"
                                "c = layers.Dropout(1.5, noise_shape=(32, 1))(x)  # noqa: NL001, NL004\n"
                                's = """\nlayers.Dropout(9)\n"""\n')
    assert run_cli(str(path))[0] == 0


def test_add_noqa_names_the_rows_findings_count_past_a_form_feed(run_cli, tmp_path: Path) -> None:
    # A form feed is no line break to CPython (nor to the finding's row): the note names row 4.
    path = tmp_path / "m.py"
    path.write_text("from keras import layers\n\x0c\nx = 1  # \x0b\x1c\u2028\n"
                    "a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n", encoding="utf-8")
    code, _, err = run_cli("--isolated", "--add-noqa", str(path))
    assert code == 0
    assert err.splitlines()[0] == f"noiselint: {path}: added a noqa comment to 1 line (line 4)"
    assert path.read_text(encoding="utf-8").splitlines(keepends=True)[-1].endswith("# noqa: NL001\n")


def test_add_noqa_extends_a_code_list_and_leaves_a_blanket_noqa_alone(run_cli, tmp_path: Path) -> None:
    # Indented lines keep their indentation (and lose trailing blanks); a line that already
    # lists a code gets the new one in the same list (its trailing words kept); a bare noqa
    # comment already covers all; a row after a `\` takes none, and the rows after it still do.
    path = tmp_path / "m.py"
    body = ("from keras import layers\n\n\ndef build(x):\n"
            "    w = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x) + \\\n        0\n"
            "    a = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)   \n"
            "    b = layers.Dropout(1.5, noise_shape=(64, 1, 8))(x)  # noqa: NL004 for ONNX\n"
            "    c = layers.Dropout(1.5, noise_shape=(64, 1, 8))(x)  # noqa\n"
            "    return w, a, b, c\n")
    path.write_text(body)
    code, _, err = run_cli("--isolated", "--add-noqa", str(path))
    assert code == 0
    assert err.splitlines() == [f"noiselint: {path}: added a noqa comment to 2 lines (lines 7, 8)",
                                f"noiselint: warning: {path}:5: NL001 got no noqa comment: its line ends inside a "
                                "string or after a `\\`",
                                "Added 2 noqa directives."]
    assert path.read_text() == body.replace("(x)   \n", "(x)  # noqa: NL001\n").replace(
        "# noqa: NL004 for ONNX", "# noqa: NL004, NL001 for ONNX")


def test_without_tensorflow_shape_rules_are_skipped_with_one_warning(tmp_path: Path) -> None:
    """A broken Keras/TF install: one warning, the other rules still run, nothing cached."""
    fake = tmp_path / "fake"
    (fake / "keras").mkdir(parents=True)
    (fake / "keras" / "__init__.py").write_text("raise ImportError('libtensorflow_framework.so.2: cannot open')\n")
    project = tmp_path / "project"
    project.mkdir()
    # Attention's output shape needs Keras (it has no written-out formula).
    model = ("from keras import layers\ninp = layers.Input((10, 8))\nh = layers.Attention()([inp, inp])\n"
             "y = layers.Dropout(0.5, noise_shape=(64, 1, 4))(h)\n")
    for name in ("a.py", "b.py"):
        (project / name).write_text(model)
    root = Path(__file__).resolve().parent.parent  # this checkout's noiselint, not an installed one
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(fake), str(root)))}
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--output-format", "json", "."], cwd=project,
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1
    assert sorted({d["code"] for d in json.loads(proc.stdout)}) == ["NL001"], "NL003 needs shapes"
    warnings = [line for line in proc.stderr.splitlines() if "cannot be imported" in line]
    assert len(warnings) == 1 and warnings[0].startswith("noiselint: warning: Keras/TensorFlow cannot be imported")
    assert not list(project.glob(".noiselint_cache/results/*/*.json")), "shape-less results are not cached"



def test_switching_shapes_off_and_on_with_the_cache_on_never_serves_a_stale_result(run_cli, tmp_path: Path) -> None:
    # NL003 needs the Dropout's input shape: off, the rule is skipped; on, it is found. A
    # results cache whose key forgot the setting would serve the first run's answer.
    model = tmp_path / "m.py"
    model.write_text("from keras import layers\nx = layers.Input((10, 8))\n"
                     "y = layers.Dropout(0.5, noise_shape=(None, 1, 16))(x)\n", encoding="utf-8")
    cache = tmp_path / "cache"
    runs = [("--no-shapes",), (), ("--no-shapes",), ()]
    codes = []
    for flags in runs:
        found = _json(run_cli, "--cache-dir", str(cache), "--isolated", *flags, cwd=tmp_path)
        codes.append([d["code"] for d in found])
    assert codes == [[], ["NL003"], [], ["NL003"]]


def test_a_cached_run_takes_one_process_without_measuring_the_cpus(tree: Path, monkeypatch) -> None:
    from noiselint import runner, workers
    from noiselint.settings import Settings

    settings = Settings(cache_dir=str(tree.parent / f"{tree.name}-cache"))
    first = runner.run_paths([str(tree)], settings, jobs=1)

    def measured(since: object = None) -> float:
        raise AssertionError("the CPUs were measured for a run the cache answers")

    monkeypatch.setattr(workers, "cpu_load", measured)
    monkeypatch.setattr(runner, "idle_cpus", measured)
    again = runner.run_paths([str(tree)], settings, jobs=None)
    assert [f.diagnostics for f in again.files] == [f.diagnostics for f in first.files]

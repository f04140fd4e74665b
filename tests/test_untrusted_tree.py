"""Issue 9 §2: the linted tree never runs. A module file for every name noiselint or its
dependencies import, planted in the working directory (the linted tree), writes a canary if
it is ever imported; no entry point may import one: the `noiselint` script, `python -m
noiselint`, `--jobs 2`, the Python API (the pre-commit hook: test_precommit.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
# Attention has no written-out shape formula: its shape is asked of Keras, so TensorFlow is
# imported. The batch size in parentheses of its own: the finding is made on libcst's parse
# (syntax/quick_exact.py), so libcst is imported too.
MODEL = ("import keras\nfrom keras import layers\ninp = keras.Input(shape=(10, 8))\n"
         "h = layers.Attention()([inp, inp])\ny = layers.Dropout(0.5, noise_shape=((32), 1, 10))(h)\n"
         "m = keras.Model(inp, y)\n")
# What noiselint itself imports without shapes, and what the issue names.
NAMES = ("keras", "tensorflow", "numpy", "networkx", "libcst", "pathspec", "yaml", "json",
         "argparse", "tokenize", "hashlib", "tempfile", "concurrent", "multiprocessing", "dataclasses",
         "typing_extensions")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return env | {"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3"}


def _plant(tree: Path, names: list[str] | tuple[str, ...], canaries: Path) -> None:
    canaries.mkdir(exist_ok=True)
    for name in names:
        # Builtins only: the canary must not depend on anything it might shadow.
        (tree / f"{name}.py").write_text(f"open({str(canaries / name)!r}, 'w').close()\n")
    (tree / "model.py").write_text(MODEL)
    (tree / "model2.py").write_text(MODEL)


def _entry_points(tmp_path: Path, flags: tuple[str, ...]) -> dict[str, list[str]]:
    api = tmp_path / "outside" / "use_api.py"
    api.parent.mkdir(exist_ok=True)
    api.write_text("from noiselint import lint_paths\nfrom noiselint.settings import Settings\n"
                   f"print(lint_paths(['.'], Settings(no_cache=True, shapes={'--no-shapes' not in flags})))\n")
    return {
        "console script": [str(BIN / "noiselint"), *flags, "model.py"],
        "python -m": [sys.executable, "-m", "noiselint", *flags, "model.py"],
        "--jobs 2": [sys.executable, "-m", "noiselint", *flags, "--jobs", "2", "model.py", "model2.py"],
        "api": [sys.executable, str(api)],
    }


def _run_all(tmp_path: Path, names, flags: tuple[str, ...], skip: tuple[str, ...] = ()) -> None:
    tree, canaries = tmp_path / "tree", tmp_path / "canaries"
    tree.mkdir()
    _plant(tree, names, canaries)
    for what, argv in _entry_points(tmp_path, flags).items():
        if what in skip:
            continue
        run = subprocess.run(argv, cwd=tree, env=_env(), capture_output=True, text=True, check=False)
        assert sorted(p.name for p in canaries.iterdir()) == [], (what, run.stdout, run.stderr)
        assert "NL001" in run.stdout, (what, run.stdout, run.stderr)


def test_no_entry_point_imports_the_tree_without_shapes(tmp_path: Path) -> None:
    _run_all(tmp_path, NAMES, ("--no-cache", "--no-shapes"))


@pytest.fixture(scope="module")
def imported_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every top-level module a real run with shapes imports (TensorFlow's included)."""
    clean = tmp_path_factory.mktemp("clean")
    (clean / "model.py").write_text(MODEL)
    out = clean / "names.txt"
    code = ("import sys\nfrom noiselint.cli import main\nmain(['--no-cache', 'model.py'])\n"
            f"open({str(out)!r}, 'w').write('\\n'.join(sorted({{m.split('.')[0] for m in sys.modules}})))\n")
    # What the interpreter imports for any `python -m` before the module runs (runpy,
    # importlib, ...) is the interpreter's business: only `python -P` protects those.
    (clean / "probe.py").write_text(f"import sys\nopen({str(out)!r}, 'w').write(' '.join(sys.modules))\n")
    subprocess.run([sys.executable, "-m", "probe"], cwd=clean, env=_env(), check=True)
    interpreter = set(out.read_text().split())
    subprocess.run([sys.executable, "-c", code], cwd=clean, env=_env(), capture_output=True, check=True)
    names = [n for n in out.read_text().split() if n.isidentifier() and n not in interpreter
             and n not in ("__main__", "builtins", "sys", "noiselint")]
    assert {"keras", "tensorflow", "numpy", "libcst"} <= set(names)
    # pathspec comes only with an ignore file or a pattern (files/discovery.py), networkx only
    # when something reads `ModelGraph.graph` (model/graph.py): planted all the same.
    return [*names, "networkx", "pathspec", "sitecustomize", "usercustomize"]


@pytest.mark.slow
def test_no_entry_point_imports_the_tree_with_shapes(tmp_path: Path, imported_names: list[str]) -> None:
    # The console script never has the working directory on its path (checked above
    # without shapes); the others import TensorFlow with the tree as working directory.
    _run_all(tmp_path, imported_names, ("--no-cache",), skip=("console script",))

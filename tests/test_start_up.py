"""What a plain check imports. A small tree's check is mostly start-up (issue 23: a one-file
check was 0.35 s, nearly all imports): a module that only some runs need (workers, the fixer,
other report formats, the saved-model readers, the notebook reader, pathspec without ignore
files, package metadata, a config file's TOML) is imported where those runs need it."""

from __future__ import annotations

from pathlib import Path

from imported_modules import modules_after_run, value_after_run

# Never imported by a check of `.py` files with one worker, no cache, no config file and no
# ignore file, whatever the files hold.
NEVER = ("multiprocessing", "pathspec", "tomllib", "difflib", "tensorflow", "keras", "shutil", "bz2", "lzma",
         "noiselint.fixes", "noiselint.fixes.apply", "noiselint.syntax.reduce", "noiselint.shapes.service",
         "noiselint.server", "noiselint.saved.run", "noiselint.report.json_format", "noiselint.report.sarif",
         "noiselint.report.diff", "noiselint.rule_pages", "noiselint.files.ignore_patterns",
         "noiselint.files.notebook", "noiselint.shapes_command",
         # OpenSSL: the caches and the kept code hash with CPython's own BLAKE2b (digests.py).
         "hashlib", "_hashlib", "hmac")
# Also never imported when no file holds model code: the analysis and what only it brings.
NO_MODEL = ("libcst", "networkx", "importlib.metadata", "logging", "tempfile", "zipfile", "html",
            "noiselint.engine", "noiselint.checks", "noiselint.model.graph", "noiselint.shapes.oracle",
            # json comes with libcst; without it, only the cache and a saved model read JSON.
            "json",
            # The site-packages of this Python, read only for a star import of an installed module.
            "sysconfig")


def _modules_after(*args: str) -> set[str]:
    return modules_after_run("--isolated", "--no-cache", "--exit-zero", *args)


def test_a_check_of_model_code_imports_what_the_analysis_needs_and_no_more(tmp_path: Path) -> None:
    tree = tmp_path / "project"
    (tree / "build").mkdir(parents=True)  # a default exclude: matched without pathspec
    (tree / "model.py").write_text("import keras\nfrom keras import layers\n"
                                   "m = keras.Sequential([layers.Dense(3), layers.Dropout(0.5, noise_shape=(8, 1))])\n")
    (tree / "build" / "skipped.py").write_text("import keras\n")
    loaded = _modules_after(str(tree))
    assert {"noiselint.engine", "noiselint.model.graph"} <= loaded  # it read the model
    # Its finding (NL001) is made on the quick tree alone (syntax/quick_exact.py).
    assert "libcst" not in loaded
    assert sorted(loaded.intersection(NEVER)) == []
    # The model graph is networkx's layout without its import (a third of this check's start-up):
    # the DiGraph is made only when `ModelGraph.graph` is read (model/graph.py).
    assert "networkx" not in loaded


def test_a_cached_check_reads_the_library_versions_without_importlib_metadata(tmp_path: Path) -> None:
    # The caches are keyed by the Keras/TensorFlow versions (cache_files.library_versions):
    # importlib.metadata with email and zipfile was 25 ms of a cached one-file check.
    (tmp_path / "model.py").write_text("import keras\nfrom keras import layers\n"
                                       "m = keras.Sequential([layers.Dense(3), layers.Dropout(0.5)])\n")
    loaded = modules_after_run("--isolated", "--cache-dir", str(tmp_path / "cache"), "--exit-zero",
                               str(tmp_path / "model.py"))
    assert "noiselint.installed" in loaded  # the versions were read
    assert sorted(loaded.intersection(("importlib.metadata", "email", "zipfile", "csv", "hashlib", "hmac"))) == []


def test_a_python_2_file_is_reported_without_libcst(tmp_path: Path) -> None:
    # The usual NL900 of real Keras trees: CPython's message and place, as libcst's pass gives
    # them (tests/test_source.py), without libcst's 100 ms import.
    (tmp_path / "old.py").write_text("import keras\nprint 'building'\nm = keras.layers.Dropout(0.5)\n")
    loaded = _modules_after(str(tmp_path / "old.py"))
    assert "noiselint.engine" in loaded and "libcst" not in loaded


def test_a_git_tree_s_ignore_file_is_matched_without_pathspec(tmp_path: Path) -> None:
    # pathspec's package imports every matching backend it knows (50 M instructions): every
    # run over a git tree paid for it. It is the tests' reference now (ignore_patterns.py).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("__pycache__/\n*.py[cod]\ndocs/_build/\n/site\n!keep.log\n")
    (tmp_path / "tool.py").write_text("import os\n")
    loaded = _modules_after(str(tmp_path))
    assert "noiselint.files.ignore_patterns" in loaded  # the ignore file was read
    assert sorted(m for m in loaded if m.split(".")[0] == "pathspec") == []


def test_a_pyproject_without_our_table_reads_no_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n[tool.ruff]\nline-length = 99\n")
    (tmp_path / "tool.py").write_text("import os\n")
    # Run from the tree, as pre-commit runs it: the config is looked for from there up.
    loaded = modules_after_run("--no-cache", "--exit-zero", ".", cwd=tmp_path)
    assert "noiselint.runner" in loaded and "tomllib" not in loaded


def test_a_check_of_a_file_without_model_code_imports_no_analysis(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text("import os\nprint(os.getcwd())\n")
    loaded = _modules_after(str(tmp_path / "tool.py"))
    assert "noiselint.runner" in loaded
    assert sorted(loaded.intersection((*NEVER, *NO_MODEL))) == []


def test_a_check_of_pytorch_code_imports_no_model_builder(tmp_path: Path) -> None:
    # `nn.Dropout(` passes the prefilter's text test, and its tree test rejects the file: the
    # model builder comes with a file that passes both (engine.py).
    (tmp_path / "net.py").write_text("import torch.nn as nn\n\nlayer = nn.Dropout(0.5)\n")
    loaded = _modules_after(str(tmp_path / "net.py"))
    assert "noiselint.engine" in loaded  # it was read past the text test
    assert sorted(loaded.intersection(("networkx", "noiselint.model.build", "noiselint.model.graph"))) == []


# Patterns `re` compiles at their first use (module, name), which the file below never makes.
_FIRST_USE = (("noiselint.suppress", "_NOQA"), ("noiselint.suppress", "_INVALID_CODES"),
              ("noiselint.checks.batch_names", "_WORDS"), ("noiselint.checks.batch_names", "_RUNTIME"),
              ("noiselint.checks.batch_names", "_WEIGHTS"), ("noiselint.files.source", "_COOKIE"),
              ("noiselint.checks.nl005_malformed_noise_shape", "_NUMPY_INT"))


def test_a_check_compiles_no_pattern_it_can_do_without(tmp_path: Path) -> None:
    # tokenize's token pattern (13 M instructions to compile) for a string written over two
    # lines (syntax/string_literals.py), and the report's patterns of non-ASCII ranges (3 M
    # each) for an ASCII report (report/escape.py). Nor the noqa comments' (3.6 M, suppress.py)
    # for a file without one, nor NL001's batch-size names' (2 M, checks/batch_names.py) for a
    # file without a named mask, nor those of a refused coding declaration (files/source.py) and
    # of a numpy integer in a mask (NL005), ~0.5 M each.
    (tmp_path / "model.py").write_text('import keras\nfrom keras import layers\n'
                                       'NOTE = ("a note "\n        "over two lines")\n'
                                       "m = keras.Sequential([layers.Dense(3), layers.Dropout(1.5)])\n")
    found = value_after_run("[sys.modules['tokenize']._compile.cache_info().currsize, "
                            "[k[1] for k in sys.modules['re']._cache if isinstance(k[1], str) and '\\u2028' in k[1]], "
                            "'shutil' in sys.modules, "
                            # compiled: not a pattern's text, or a text in `re`'s cache
                            "[f'{m}.{n}' for m, n in " + repr(_FIRST_USE) + " if (lambda v: "
                            "type(v) not in (str, bytes) or any(k[1] == v for k in sys.modules['re']._cache))"
                            "(getattr(sys.modules[m], n))]]",
                            "--isolated", "--no-cache", "--exit-zero", str(tmp_path / "model.py"))
    assert found == [0, [], False, []]


def test_a_check_dedents_no_rule_case(tmp_path: Path) -> None:
    # A rule's cases are for the tests, the rule pages and `noiselint rule` (checks/base.py): a
    # check leaves them as written (their `textwrap.dedent` was ~20 M instructions of a start).
    (tmp_path / "model.py").write_text("import keras\nfrom keras import layers\n"
                                       "m = keras.Sequential([layers.Dense(3), layers.Dropout(1.5)])\n")
    read = value_after_run("sum('source' in vars(c) or 'fixed' in vars(c) "
                           "for r in sys.modules['noiselint.checks'].RULES for c in (*r.valid, *r.invalid))",
                           "--isolated", "--no-cache", "--exit-zero", str(tmp_path / "model.py"))
    assert read == 0

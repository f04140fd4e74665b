"""Whole-project name resolution: imports of the project's own modules (relative, absolute,
`src/` layouts, sibling scripts, star imports with and without `__all__`, re-export chains,
aliases, cycles, modules missing from the tree), the last binding of a name, and code of
other modules interpreted where it is called. Every tree is real files on disk."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from noiselint.api import lint_source
from noiselint.diagnostics import Diagnostic
from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.project.cache import Dependencies, ExportsCache, dependency_digest
from noiselint.project.exports import summarize, summary_from_json
from noiselint.project.index import External, project_root
from noiselint.runner import shape_inference
from noiselint.settings import Settings

SETTINGS = Settings(no_cache=True)


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def lint(path: Path, index: ProjectIndex | None = None, settings: Settings = SETTINGS) -> tuple[Diagnostic, ...]:
    """Lint one file of a tree on disk, alone, as pre-commit does."""
    text = path.read_text(encoding="utf-8")
    view = ModuleNames(index or ProjectIndex(), str(path), text)
    return lint_text(SourceFile(str(path), text), selected_rules(settings), shape_inference(settings), view)


def codes(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[int, str]]:
    return [(d.span.start_row, d.code) for d in diagnostics]


MODEL = """
import keras
{imports}
inp = Input(shape=(None, 2048))
x = Dropout(0.5, noise_shape=(1, 2048))(inp)
"""


def model(imports: str) -> str:
    return MODEL.format(imports=imports)


def row_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text))


# import styles ------------------------------------------------------------------------


@pytest.mark.parametrize("files, linted", [
    pytest.param({"pkg/__init__.py": "", "pkg/layers_util.py": "from keras.layers import *\n",
                  "pkg/model.py": model("from .layers_util import *")}, "pkg/model.py", id="relative-star"),
    pytest.param({"pkg/__init__.py": "", "pkg/layers_util.py": "from keras.layers import Dropout, Input\n",
                  "pkg/model.py": model("from pkg.layers_util import Dropout, Input")}, "pkg/model.py",
                 id="absolute-package"),
    pytest.param({"src/lib/__init__.py": "from .layers_util import *\n",
                  "src/lib/layers_util.py": "from tensorflow.keras.layers import Dropout, Input\n",
                  "train.py": model("from lib import Dropout, Input")}, "train.py", id="src-layout"),
    pytest.param({"scripts/layers_util.py": "from keras.layers import *\n",
                  "scripts/model.py": model("from layers_util import *")}, "scripts/model.py", id="sibling-script"),
    pytest.param({"pkg/__init__.py": "", "pkg/a.py": "from keras.layers import Dropout, Input\n",
                  "pkg/b.py": "from .a import Dropout\nfrom .a import Input as Input\n",
                  "pkg/c.py": "from .b import *\n", "pkg/model.py": model("from .c import Dropout, Input")},
                 "pkg/model.py", id="re-export-chain"),
    pytest.param({"pkg/__init__.py": "", "pkg/names.py": "from keras import layers\nDropout = layers.Dropout\n"
                  "Input = layers.Input\n__all__ = ['Dropout', 'Input']\n",
                  "pkg/model.py": model("from .names import *")}, "pkg/model.py", id="alias-and-all"),
    pytest.param({"pkg/__init__.py": "", "pkg/util.py": "from keras.layers import Dropout, Input\n",
                  "pkg/model.py": model("from . import util\nDropout = util.Dropout\nInput = util.Input")},
                 "pkg/model.py", id="module-attribute"),
    pytest.param({"pkg/__init__.py": "", "pkg/util.py": "from keras.layers import Dropout, Input\n",
                  "pkg/model.py": model("import pkg.util as U\nfrom pkg.util import Input\nDropout = U.Dropout")},
                 "pkg/model.py", id="import-as-and-local-alias"),
])
def test_import_styles_resolve_through_the_project(tmp_path: Path, files: dict[str, str], linted: str) -> None:
    tree(tmp_path, {"pyproject.toml": "", **files})
    assert codes(lint(tmp_path / linted)) == [(row_of(tmp_path / linted, "x = Dropout"), "NL002")]


def test_star_import_respects_all(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pyproject.toml": "",
        "pkg/__init__.py": "",
        "pkg/hidden.py": "from keras.layers import Dropout, Input\n__all__ = ['Input']\n",
        "pkg/model.py": model("from .hidden import *"),
    })
    # `Dropout` is not exported: the module is in the tree and does not bring it, so it is not Keras's.
    assert codes(lint(tmp_path / "pkg/model.py")) == []


def test_star_import_without_all_takes_public_names_only(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pyproject.toml": "",
        "util.py": "from keras.layers import Input\nfrom keras.layers import Dropout as _Dropout\n",
        "model.py": "import keras\nfrom util import *\ninp = Input(shape=(None, 8))\n"
                    "x = _Dropout(0.5, noise_shape=(1, 8))(inp)\n",
    })
    assert codes(lint(tmp_path / "model.py")) == []


def test_import_cycles_end(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pyproject.toml": "",
        "pkg/__init__.py": "",
        "pkg/a.py": "from .b import *\nfrom keras.layers import Input\n",
        "pkg/b.py": "from .a import *\nfrom .c import *\n",
        "pkg/c.py": "from .b import *\nfrom keras.layers import Dropout\n",
        "pkg/model.py": model("from .a import *"),
    })
    assert codes(lint(tmp_path / "pkg/model.py")) == [(4, "NL002")]
    tree(tmp_path, {"pkg/c.py": "from .b import *\n"})  # now nobody binds Dropout: the cycle is all there is
    assert codes(lint(tmp_path / "pkg/model.py")) == []


def test_user_defined_names_of_project_modules_are_not_keras(tmp_path: Path) -> None:
    tree(tmp_path, {
        "pyproject.toml": "",
        "ops.py": "from keras.layers import *\n\nclass Dropout:\n    def __init__(self, *a, **k):\n        pass\n",
        "model.py": model("from ops import *"),
    })
    assert codes(lint(tmp_path / "model.py")) == []


# modules missing from the tree ----------------------------------------------------------


NOT_FOUND = ("`from layers_util import *`: `layers_util` is neither in the project nor installed in the "
             "environment noiselint reads, so the names it brings are unknown (set `python` or `site-packages` "
             "in [tool.noiselint] to read another environment)")


def test_star_import_of_a_module_found_nowhere_brings_unknown_names(tmp_path: Path) -> None:
    """Never a guess (#21): `from tensorpack import *` once made `Dropout(x, keep_prob=...)`
    Keras's, and a false NL008."""
    path = tree(tmp_path, {"model.py": model("from layers_util import *")}) / "model.py"
    index = ProjectIndex()
    view = ModuleNames(index, str(path), path.read_text())
    found = lint_text(SourceFile(str(path), path.read_text()), selected_rules(SETTINGS),
                      shape_inference(SETTINGS), view)
    assert codes(found) == []
    assert view.assumptions() == (NOT_FOUND,)
    # Its absence is recorded: a layers_util.py created later must re-lint this file.
    assert any(p.endswith("layers_util.py") and h is None for p, h in view.dependencies().items())


def test_star_import_of_an_installed_module_is_read_from_the_environment(tmp_path: Path) -> None:
    site = tree(tmp_path / "site-packages", {
        "tensorpack/__init__.py": "from .models import *\nfrom keras.layers import Input\n",
        "tensorpack/models.py": "__all__ = ['Dropout']\n\ndef Dropout(x, keep_prob=0.5):\n    return x\n",
    })
    path = tree(tmp_path / "proj", {"pyproject.toml": "", "model.py": (
        "import tensorflow as tf\nfrom tensorpack import *\n\nl = Dropout(x, keep_prob=0.5)\n")}) / "model.py"
    view = ModuleNames(ProjectIndex(environment=[site]), str(path), path.read_text())
    assert view.star("Dropout") == [External("tensorpack.Dropout")]  # the library's own, not Keras's
    assert view.star("Input") == [External("keras.layers.Input")]  # what it re-exports from Keras
    assert codes(lint(path, ProjectIndex(environment=[site]))) == []  # no NL008 on tensorpack's keep_prob
    assert codes(lint(path, ProjectIndex())) == []  # and none when tensorpack is installed nowhere


def test_the_python_setting_points_at_another_environment(tmp_path: Path) -> None:
    from noiselint.project.environment import environment_roots

    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (tmp_path / "venv" / "bin").mkdir()
    (tmp_path / "venv" / "bin" / "python").write_text("")  # never run
    assert environment_roots("venv/bin/python", (), tmp_path) == (site.resolve(),)
    assert environment_roots("venv", ("vendor",), tmp_path) == (site.resolve(),)  # vendor/ does not exist
    (tmp_path / "vendor").mkdir()
    assert environment_roots(str(site), ("vendor",), tmp_path) == ((tmp_path / "vendor").resolve(), site.resolve())


@pytest.mark.parametrize("text", [
    pytest.param("from layers_util import *\nd = Dropout(0.5, noise_shape=(64, 1))\n", id="no-keras-import"),
    pytest.param("import keras\nfrom layers_util import Dropout\nd = Dropout(0.5, noise_shape=(64, 1))\n",
                 id="named-import-not-star"),
    pytest.param("import keras\nfrom layers_util import *\n\ndef Dropout(rate, noise_shape=None):\n    return rate\n\n"
                 "d = Dropout(0.5, noise_shape=(64, 1))\n", id="defined-locally"),
    pytest.param("import keras\nfrom layers_util import *\nd = dropout_block(0.5, noise_shape=(64, 1))\n",
                 id="not-a-keras-name"),
])
def test_no_assumption_without_a_star_import_in_a_keras_file(tmp_path: Path, text: str) -> None:
    path = tree(tmp_path, {"model.py": text}) / "model.py"
    assert codes(lint(path)) == []


def test_star_import_of_keras_itself(tmp_path: Path) -> None:
    found = lint_source("from keras.layers import *\ninp = Input(shape=(10, 8))\n"
                        "x = Dropout(0.5, noise_shape=(64, 1, 8))(inp)\n", str(tmp_path / "m.py"), SETTINGS)
    assert codes(found) == [(3, "NL001")]


# the last binding wins (issue 9 §5) ------------------------------------------------------

BAD_CALL = "x = Dropout(0.5, noise_shape=(64, 1, 8))(inp)\n"


@pytest.mark.parametrize("text, expected", [
    pytest.param("from keras.layers import Dropout, Input\nclass Dropout:\n    def __init__(self, *a, **k):\n"
                 "        pass\n    def __call__(self, x):\n        return x\ninp = Input((10, 8))\n" + BAD_CALL,
                 [], id="own-class-after-import"),
    pytest.param("from keras.layers import Dropout, Input\ndef Dropout(*a, **k):\n    return lambda x: x\n"
                 "inp = Input((10, 8))\n" + BAD_CALL, [], id="own-def-after-import"),
    pytest.param("from keras.layers import Input\nfrom keras.layers import Dropout\n"
                 "def build(inp):\n    return " + BAD_CALL.replace("x = ", "") +
                 "def Dropout(*a, **k):\n    return lambda x: x\ninp = Input((10, 8))\n", [],
                 id="function-sees-the-module-last-binding"),
    pytest.param("from keras.layers import Input\nclass Dropout:\n    pass\nfrom keras.layers import Dropout\n"
                 "inp = Input((10, 8))\n" + BAD_CALL, [(6, "NL001")], id="import-after-own-class"),
    pytest.param("from keras import layers\nDropout = layers.Dropout\ninp = layers.Input((10, 8))\n" + BAD_CALL,
                 [(4, "NL001")], id="alias-followed"),
    pytest.param("from keras import layers\nD = layers.Dropout\nDropout = D\ninp = layers.Input((10, 8))\n"
                 + BAD_CALL, [(5, "NL001")], id="alias-of-alias"),
    pytest.param("try:\n    from keras.layers import Dropout, Input\nexcept ImportError:\n"
                 "    from tensorflow.keras.layers import Dropout, Input\ninp = Input((10, 8))\n" + BAD_CALL,
                 [(6, "NL001")], id="either-import-under-try"),
])
def test_last_binding_wins(tmp_path: Path, text: str, expected: list[tuple[int, str]]) -> None:
    found = lint_source(text, str(tmp_path / "m.py"), SETTINGS)
    assert codes(found) == expected
    if expected:
        assert found[0].fix is not None and found[0].fix.applicability.value == "safe"


def test_own_dropout_after_import_gets_no_fix(tmp_path: Path, run_cli) -> None:
    path = tree(tmp_path, {"m.py": "from keras.layers import Dropout, Input\nclass Dropout:\n"
                                   "    def __init__(self, *a, **k):\n        pass\n"
                                   "inp = Input((10, 8))\n" + BAD_CALL})
    before = (path / "m.py").read_bytes()
    code, out, _ = run_cli("--fix", "--no-cache", str(path / "m.py"))
    assert code == 0, out
    assert (path / "m.py").read_bytes() == before


# other modules' code, interpreted at the call site -------------------------------------------

BLOCKS = """
from tensorflow import keras
from tensorflow.keras import layers

WIDTH = 48


def conv_block(x, filters, pool=2):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    return layers.MaxPooling2D(pool)(x)


class Head(keras.layers.Layer):
    def __init__(self, units=WIDTH, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(units)

    def call(self, x):
        return self.proj(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.head = Head(16)

    def call(self, x):
        return self.head(x)
"""


def test_builders_and_custom_layers_of_other_modules_run_with_the_callers_arguments(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "pkg/__init__.py": "", "pkg/blocks.py": BLOCKS, "pkg/model.py": """
        from tensorflow import keras
        from tensorflow.keras import layers
        from . import blocks
        from .blocks import Head, conv_block

        inp = keras.Input(shape=(32, 32, 3))
        x = conv_block(inp, 16, pool=4)
        x = layers.Dropout(0.2, noise_shape=(None, 1, 1, 8))(x)
        h = Head()(x)
        h = layers.Dropout(0.2, noise_shape=(None, 1, 1, 48))(h)
        n = blocks.Net()(x)
        n = layers.Dropout(0.2, noise_shape=(None, 1, 16))(n)
    """})
    found = codes(lint(tmp_path / "pkg/model.py"))
    # (None, 8, 8, 16) after the block; (.., 48) after Head's default; (.., 16) after Net.
    assert found == [(8, "NL003"), (12, "NL002")]


def test_shapes_report_has_no_custom_layer_for_project_classes(tmp_path: Path, run_cli) -> None:
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": BLOCKS, "model.py": """
        import keras
        from blocks import Head, conv_block
        inp = keras.Input(shape=(32, 32, 3))
        x = Head(8)(conv_block(inp, 16))
        x = keras.layers.Dropout(0.2, noise_shape=(None, 1, 1, 8))(x)
        m = keras.Model(inp, x)
    """})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "model.py"))
    assert code == 0, out
    assert "custom layer" not in out
    assert "(None, 16, 16, 8)" in out  # Head's Dense, with the caller's 8 units


def test_constants_of_other_modules(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "cfg.py": "BATCH = 32\nMASK = (BATCH, 1, 8)\n", "model.py": """
        import keras
        import cfg
        from cfg import BATCH
        inp = keras.Input(shape=(10, 8))
        x = keras.layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)
        y = keras.layers.Dropout(0.5, noise_shape=cfg.MASK)(inp)
    """})
    found = lint(tmp_path / "model.py")
    assert codes(found) == [(5, "NL001"), (6, "NL001")]
    assert "batch size 32 (from imported `BATCH` on line 3)" in found[0].message
    assert "(from imported `cfg.MASK` on line 2)" in found[1].message


def test_other_modules_are_parsed_with_libcst_only_when_called(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": BLOCKS, "unused.py": BLOCKS, "model.py": """
        import keras
        from blocks import conv_block
        from unused import Head
        inp = keras.Input(shape=(32, 32, 3))
        x = keras.layers.Dropout(0.2, noise_shape=(None, 1, 1, 16))(conv_block(inp, 16))
    """})
    index = ProjectIndex()
    lint(tmp_path / "model.py", index)
    assert [Path(p).name for p in index.parsed_with_libcst()] == ["blocks.py"]


# project roots -----------------------------------------------------------------------------


def test_project_root_is_found_as_ruff_finds_it(tmp_path: Path) -> None:
    tree(tmp_path, {"repo/setup.py": "", "repo/a/b/c.py": ""})
    (tmp_path / "repo" / "a" / ".git").mkdir()
    assert project_root(tmp_path / "repo" / "a" / "b") == tmp_path / "repo" / "a"
    assert project_root(tmp_path / "repo") == tmp_path / "repo"


def test_configured_src_roots(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "code/mylib/__init__.py": "from keras.layers import Dropout, Input\n",
                    "app/model.py": model("from mylib import Dropout, Input")})
    assert codes(lint(tmp_path / "app/model.py")) == []  # `code/` is no root of its own
    index = ProjectIndex(src_roots=[tmp_path / "code"])
    assert codes(lint(tmp_path / "app/model.py", index)) == [(4, "NL002")]


def test_a_tree_module_named_keras_is_never_the_library(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "keras.py": "Dropout = object\n",
                    "model.py": "from keras.layers import Dropout, Input\ninp = Input((10, 8))\n" + BAD_CALL})
    assert codes(lint(tmp_path / "model.py")) == [(3, "NL001")]


# the exports summary and its cache --------------------------------------------------------


def test_summary_records_bindings_in_order() -> None:
    summary = summarize(textwrap.dedent("""
        import numpy as np, os.path
        from keras import layers
        from . import sibling
        from ..pkg.mod import thing as T
        from .star import *
        try:
            from keras.layers import Dropout
        except ImportError:
            Dropout = None
        Alias = layers.Dense
        A, B = 1, 2
        def f(): pass
        class C: pass
        __all__ = ["f", "C"]
        __all__ += ["Alias"]
    """))
    rows = [(b.name, b.kind, b.conditional, b.module, b.level, b.target) for b in summary.bindings]
    assert rows == [
        ("np", "module", False, "numpy", 0, ""), ("os", "module", False, "os", 0, ""),
        ("layers", "from", False, "keras", 0, "layers"), ("sibling", "from", False, "", 1, "sibling"),
        ("T", "from", False, "pkg.mod", 2, "thing"), ("*", "star", False, "star", 1, ""),
        ("Dropout", "from", True, "keras.layers", 0, "Dropout"), ("Dropout", "value", True, "", 0, ""),
        ("Alias", "alias", False, "", 0, "layers.Dense"), ("A", "value", False, "", 0, ""),
        ("B", "value", False, "", 0, ""), ("f", "def", False, "", 0, ""), ("C", "class", False, "", 0, ""),
    ]
    assert summary.all_names == ("f", "C", "Alias") and not summary.all_dynamic
    assert summary.libraries == ("keras",)
    assert summary_from_json(json.loads(json.dumps(summary.to_json()))) == summary


@pytest.mark.parametrize("text", ["__all__ = names()\n", "__all__ = []\n__all__.extend(x)\n"])
def test_dynamic_all_is_marked(text: str) -> None:
    assert summarize(text).all_dynamic


@pytest.mark.parametrize("entry", [
    None, [], {"b": [], "all": None, "dyn": False, "libs": [], "ok": "yes"},
    {"b": [["x", "nonsense", 1, False, "", 0, ""]], "all": None, "dyn": False, "libs": [], "ok": True},
    {"b": [["x", "def", "1", False, "", 0, ""]], "all": None, "dyn": False, "libs": [], "ok": True},
    {"b": [], "all": [1], "dyn": False, "libs": [], "ok": True},
    {"b": [], "all": None, "dyn": False, "libs": ["os"], "ok": True},
])
def test_damaged_summaries_are_misses(entry: object) -> None:
    assert summary_from_json(entry) is None


def test_exports_cache_is_keyed_by_content_and_ignores_damage(tmp_path: Path) -> None:
    cache = ExportsCache(tmp_path / "exports", "v1", b"k" * 32)
    data = b"from keras.layers import Dropout\n"
    assert cache.get(data) is None
    cache.put(data, summarize(data.decode()))
    assert cache.get(data) == summarize(data.decode())
    assert cache.get(data + b"\n") is None
    entry = next((tmp_path / "exports").rglob("*.json"))
    entry.write_text('{"b": [[1, 2]]}')
    assert cache.get(data) is None


def test_the_dependencies_of_a_result_are_kept_and_read_back(tmp_path: Path) -> None:
    deps = Dependencies(tmp_path / "imports", b"k" * 32)
    assert deps.get("ab" * 32) is None
    deps.put("ab" * 32, ["pkg/b.py", "pkg/a.py", "absent/c.py"])
    assert deps.get("ab" * 32) == ["absent/c.py", "pkg/a.py", "pkg/b.py"]
    assert Dependencies(tmp_path / "imports", b"j" * 32).get("ab" * 32) is None  # another user's key


def test_a_dependency_whose_name_is_not_utf8_still_has_a_digest(tmp_path: Path) -> None:
    # A file name read with surrogateescape (bytes that are not UTF-8) must not stop the run.
    index = ProjectIndex()
    odd = str(tmp_path / "caf\udce9.py")
    assert dependency_digest(index, [odd]) != dependency_digest(index, [str(tmp_path / "cafe.py")])


# whole runs through the CLI ------------------------------------------------------------------


PROJECT = {
    "pyproject.toml": "",
    "pkg/__init__.py": "",
    "pkg/layers_util.py": "from keras.layers import *\n",
    "pkg/model.py": model("from .layers_util import *"),
    "pkg/unrelated.py": "import numpy\n",
    "tools/report.py": "from pkg import unrelated\nprint(unrelated)\n",
}


def test_file_linted_alone_or_with_its_tree_gives_the_same_findings(tmp_path: Path, run_cli) -> None:
    root = tree(tmp_path / "proj", PROJECT)
    alone = run_cli("--no-cache", "--output-format", "json", str(root / "pkg" / "model.py"), cwd=tmp_path)
    whole = run_cli("--no-cache", "--output-format", "json", str(root), cwd=root)
    assert alone[0] == whole[0] == 1
    rows = [[(d["location"]["row"], d["code"]) for d in json.loads(out)] for _, out, _ in (alone, whole)]
    assert rows[0] == rows[1] == [(4, "NL002")]


def test_editing_an_imported_module_invalidates_the_cached_results(tmp_path: Path, run_cli) -> None:
    root = tree(tmp_path / "proj", PROJECT)
    target = str(root / "pkg" / "model.py")
    assert run_cli(target, cwd=root)[0] == 1
    assert run_cli(target, cwd=root)[0] == 1  # from the cache
    (root / "pkg" / "layers_util.py").write_text("from keras.layers import Input\n\nclass Dropout:\n"
                                                  "    def __init__(self, *a, **k):\n        pass\n")
    assert run_cli(target, cwd=root)[0] == 0
    (root / "pkg" / "layers_util.py").write_text("from keras.layers import *\n")
    assert run_cli(target, cwd=root)[0] == 1


def test_a_module_created_later_is_read(tmp_path: Path, run_cli) -> None:
    root = tree(tmp_path / "proj", {"pyproject.toml": "", "model.py": model("from layers_util import *")})
    assert run_cli(str(root / "model.py"), cwd=root)[0] == 0  # found nowhere: its names are unknown
    (root / "layers_util.py").write_text("from keras.layers import *\n")
    assert run_cli(str(root / "model.py"), cwd=root)[0] == 1


def test_only_modules_that_candidate_files_import_are_read(tmp_path: Path, run_cli) -> None:
    root = tree(tmp_path / "proj", PROJECT)
    run_cli(str(root), cwd=root)
    entries = (root / ".noiselint_cache" / "exports").rglob("*.json")
    summaries = [json.loads(p.read_bytes().split(b"\n", 2)[2])["b"] for p in entries]  # after the signature
    # layers_util.py (imported by model.py, which calls Dropout) and nothing else:
    # unrelated.py is imported only by a file with no dropout call, so it is never read.
    assert summaries == [[["*", "star", 1, False, "keras.layers", 0, ""]]]


def test_shapes_command_and_verbose_say_which_imports_were_not_found(tmp_path: Path, run_cli) -> None:
    root = tree(tmp_path, {"model.py": model("from layers_util import *") + "m = keras.Model(inp, x)\n"})
    code, out, _ = run_cli("shapes", "--no-cache", str(root / "model.py"))
    assert code == 0 and f"note: {NOT_FOUND}" in out
    code, out, err = run_cli("--verbose", "--no-shapes", str(root / "model.py"))
    assert code == 0 and f"noiselint: {root / 'model.py'}: {NOT_FOUND}" in err


def test_star_imports_that_fan_out_are_resolved_once(tmp_path: Path) -> None:
    """A package whose `__init__` star-imports each of its modules (keras-xlnet does), used
    from one of them: each module's names are worked out once, not once per path."""
    modules = [f"m{i}" for i in range(12)]
    files = {"pyproject.toml": "", "pkg/__init__.py": "".join(f"from .{m} import *\n" for m in modules)}
    files.update({f"pkg/{m}.py": f"from keras.layers import Input\nNAME_{m} = 1\n" for m in modules})
    files["pkg/model.py"] = model("from .m11 import *\nfrom .m0 import Input\nfrom keras.layers import Dropout\n"
                                  "from pkg import NAME_m3")
    tree(tmp_path, files)
    index = ProjectIndex()
    assert codes(lint(tmp_path / "pkg/model.py", index)) == [(row_of(tmp_path / "pkg/model.py", "x = "), "NL002")]
    assert len(index._lookups) < 100  # a fan-out would be 12! lookups


def test_shapes_report_names_the_module_that_builds_a_model(tmp_path: Path, run_cli) -> None:
    tree(tmp_path, {"pyproject.toml": "", "nets.py": """
        import keras

        def build(units):
            inp = keras.Input(shape=(10, 8))
            return keras.Model(inp, keras.layers.Dense(units)(inp), name="net")
    """, "train.py": """
        import keras
        from nets import build
        inp = keras.Input(shape=(10, 8))
        y = keras.layers.Dropout(0.5, noise_shape=(None, 1, 16))(build(16)(inp))
        m = keras.Model(inp, y)
    """})
    code, out, _ = run_cli("shapes", "--no-cache", "train.py", cwd=tmp_path)
    assert code == 0, out
    assert "functional model `net` (nets.py, line 5)" in out
    assert "functional model `m` (line 5)" in out


def test_constants_that_import_each_other_stay_unknown(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "a.py": "from b import Y\nX = Y\n", "b.py": "from a import X\nY = X\n",
                    "model.py": "import keras\nfrom a import X\ninp = keras.Input((10, 8))\n"
                                "y = keras.layers.Dropout(0.5, noise_shape=(X, 1, 8))(inp)\n"})
    assert codes(lint(tmp_path / "model.py")) == []


def test_modules_that_are_not_regular_files_are_not_read(tmp_path: Path) -> None:
    import os

    tree(tmp_path, {"pyproject.toml": "", "model.py": model("from layers_util import *\nfrom fifo_mod import *")})
    (tmp_path / "layers_util.py").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo_mod.py")
    # Neither is read (they would hang): both count as missing, so the names are unknown.
    assert codes(lint(tmp_path / "model.py")) == []


def test_a_layout_made_in_another_module_is_named_there(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": """
        from keras import layers

        def up(x):
            return layers.Conv2DTranspose(8, 2, strides=2, data_format="channels_first")(x)
    """, "model.py": """
        import keras
        from keras import layers
        from blocks import up

        inp = keras.Input(shape=(3, 16, 16))
        x = up(inp)
        x = layers.MaxPooling2D()(x)
        x = layers.Dropout(0.3)(x)
    """})
    (found,) = lint(tmp_path / "model.py")
    assert found.code == "NL010", found.message
    assert "`Conv2DTranspose` in blocks.py on line 4 made it channels_first" in found.message


def test_the_interpreter_reads_sizes_from_other_modules(tmp_path: Path) -> None:
    # A builder defined twice (the last definition is the module's), a module constant, and
    # a class constant of another module's class read through an instance made here.
    tree(tmp_path, {"pyproject.toml": "", "cfg.py": "UNITS = 16\n", "blocks.py": """
        from keras import layers
        def widen(x):
            return layers.Dense(4)(x)
        def widen(x):
            order = sorted((16, 8))  # a builtin noiselint does not model, named in this module
            return layers.Dense(16)(x)
        BASE = 8
        class Head:
            UNITS = BASE * 2
        class Layer(layers.Layer):
            pass
    """, "model.py": """
        import keras
        import blocks
        import cfg
        from blocks import Head, Layer, widen
        class Block(Layer):  # a Keras layer: its call runs where it is applied
            def call(self, x):
                return keras.layers.Dense(16)(x)
        inp = keras.Input(shape=(10, 8))
        a = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(widen(inp))
        b = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(keras.layers.Dense(cfg.UNITS)(inp))
        head = Head()
        c = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(keras.layers.Dense(head.UNITS)(inp))
        d = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(keras.layers.Dense(blocks.Head.UNITS)(inp))
        e = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(9, "NL003"), (10, "NL003"), (12, "NL003"), (13, "NL003"),
                                                  (14, "NL003")]


def test_a_plain_class_runs_the_methods_it_inherits_from_another_module(tmp_path: Path, run_cli) -> None:
    # TF 1 style: nothing calls `Net().build()`; it still runs, with `__init__`'s units.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        class Base:
            def build(self):
                x = layers.Input((10, 8))
                return layers.Dense(self.units)(x)
    """, "model.py": """
        from base import Base
        class Net(Base):
            def __init__(self):
                self.units = 16
    """})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "model.py"))
    assert code == 0, out
    assert "(None, 10, 16)" in out


def test_a_layer_class_runs_the_call_it_inherits_from_another_module(tmp_path: Path) -> None:
    # `call` is read in the module that defines it, where `layers` is Keras's.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        class Base(layers.Layer):
            def call(self, x):
                return layers.Dense(16)(x)
    """, "model.py": """
        import keras
        from base import Base
        class Block(Base):
            pass
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(6, "NL003")]


def test_a_layer_with_two_bases_runs_the_call_its_second_base_defines_in_that_module(tmp_path: Path) -> None:
    # `call` comes from the second base, in base.py (where `layers` is bound), though the
    # subclass has a class constant of its own and its first base defines nothing.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        class Mixin:
            pass
        class Base(layers.Layer):
            def call(self, x):
                return layers.Dense(16)(x)
    """, "model.py": """
        import keras
        from base import Base, Mixin
        class Block(Mixin, Base):
            UNITS = 4
        inp = keras.Input(shape=(10, 8))
        x = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(6, "NL003")]


def test_a_class_constant_after_a_method_and_another_constant_is_read(tmp_path: Path) -> None:
    # A class of another module: its constant is read through the instance made here.
    tree(tmp_path, {"pyproject.toml": "", "heads.py": """
        class Head:
            def scale(self):
                return 2
            DEPTH = 4
            UNITS = 16
    """, "model.py": """
        import keras
        from heads import Head
        head = Head()
        inp = keras.Input(shape=(10, 8))
        x = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(keras.layers.Dense(head.UNITS)(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(5, "NL003")]


def test_a_function_made_inside_a_builder_of_another_module_runs_in_that_module(tmp_path: Path) -> None:
    # `widen`'s closure is `make`'s frame; the names it reads (`layers`) are blocks.py's.
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": """
        from keras import layers
        def make(units):
            def widen(x):
                return layers.Dense(units)(x)
            return widen
    """, "model.py": """
        import keras
        from blocks import make
        inp = keras.Input(shape=(10, 8))
        x = keras.layers.Dropout(0.5, noise_shape=(None, 1, 8))(make(16)(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(4, "NL003")]


def test_a_name_of_no_project_module_is_asked_of_the_index_once_and_records_the_same(tmp_path: Path) -> None:
    """`ModuleNames.targets` remembers first parts that are no project module (`numpy`):
    the answers, and the absent files recorded for the cache key, are those of asking each time."""
    root = tree(tmp_path, {"main.py": "import numpy as np\n", "blocks.py": "X = 1\n"})
    text = (root / "main.py").read_text()
    remembering, fresh = (ModuleNames(ProjectIndex(), str(root / "main.py"), text) for _ in range(2))
    names = ["numpy.zeros", "numpy.linalg.norm", "blocks.X", "numpy", "blocks.Y", ".blocks.X"]
    for name in names:
        asked_anew = fresh.index.resolve(fresh.path, name, fresh.used, fresh.notes)
        assert remembering.targets(name) == asked_anew
        assert remembering.targets(name) == asked_anew  # the second time from the memo
    assert remembering.used == fresh.used and remembering.notes == fresh.notes
    assert "numpy" in remembering._not_project and "blocks" not in remembering._not_project

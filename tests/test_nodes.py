"""syntax/nodes.py, noiselint's node classes: written from the installed libcst's, related as
libcst's are; libcst's parse converted to them (syntax/from_libcst.py); and a file with
nothing to report checked without importing libcst at all."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import inspect
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import convert, convert_node
from noiselint.syntax.make_nodes import source

ROOT = Path(__file__).resolve().parent.parent


def test_the_file_is_what_make_nodes_writes_for_the_installed_libcst() -> None:
    written = (ROOT / "noiselint" / "syntax" / "nodes.py").read_text(encoding="utf-8")
    installed = importlib.metadata.version("libcst")
    if f"from libcst {installed};" not in written:
        # Another libcst than the file was written from (pyproject allows >=1.1): the
        # conversion still reads it (the tests below), and a developer regenerates the file.
        pytest.skip(f"nodes.py was written from another libcst than {installed}")
    assert written == source(), "run `python -m noiselint.syntax.make_nodes > noiselint/syntax/nodes.py`"


def test_every_class_is_related_to_every_other_as_libcsts_are() -> None:
    names = [n for n, c in vars(cst).items() if inspect.isclass(c) and issubclass(c, cst.CSTNode) and hasattr(nodes, n)]
    assert len(names) > 150
    for name in names:
        for other in names:
            assert issubclass(getattr(cst, name), getattr(cst, other)) == \
                issubclass(getattr(nodes, name), getattr(nodes, other)), (name, other)


def test_a_converted_tree_keeps_the_way_back_to_libcsts_nodes() -> None:
    real = cst.parse_module("x = f(1, k=2)  # c\nif x:\n    y = [a for a in x]\n")
    converted = convert(real)
    assign = converted.module.body[0].body[0]
    assert type(assign) is nodes.Assign and type(assign.value) is nodes.Call
    assert converted.libcst_of[id(assign.value)] is real.body[0].body[0].value
    assert converted.ours_of[id(real.body[0].body[0].value)] is assign.value
    assert assign.value.args[1].keyword.value == "k" and not hasattr(assign.value.args[1], "comma")


def test_a_field_an_older_libcst_lacks_takes_its_default() -> None:
    @dataclasses.dataclass
    class Param:  # as a libcst before `star` would have it
        name: object
        annotation: object = None
        default: object = None

    ours = convert_node(Param(cst.Name("x"), default=cst.Integer("1")))
    assert type(ours) is nodes.Param and ours.name.value == "x" and ours.default.evaluated_value == 1
    assert ours.star is nodes.MaybeSentinel.DEFAULT


def test_a_tree_that_shares_statements_with_the_last_shares_ours_too() -> None:
    # The language server parses one edited statement again (server/reparse.py): the other
    # statements are the last tree's nodes, and the converted tree is the one a whole
    # conversion gives.
    first = cst.parse_module("a = 1\nb = 2\nc = 3\n")
    last = convert(first)
    edited = first.with_changes(body=[first.body[0], cst.parse_statement("b = 5\n"), first.body[2]])
    again = convert(edited, last)
    assert again.module.body[0] is last.module.body[0] and again.module.body[2] is last.module.body[2]
    assert again.module.body[1] is not last.module.body[1]
    assert again.module.body[1].body[0].value.value == "5"
    assert again.libcst_of[id(again.module.body[1])] is edited.body[1]
    fresh = convert(edited).module
    assert repr(fresh) == repr(again.module)


def test_libcst_is_imported_only_for_what_needs_its_tree(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(
        "from tensorflow import keras\n\n"
        "model = keras.Sequential([keras.layers.Dense(3), keras.layers.Dropout(0.5)])\n",
        encoding="utf-8")
    (tmp_path / "broken.py").write_text(
        "from tensorflow import keras\n\nx = keras.layers.Dropout(0.5, noise_shape=(32, 1))\n", encoding="utf-8")
    def imports_libcst(name: str, *flags: str) -> tuple[int, bool]:
        run = subprocess.run([sys.executable, "-X", "importtime", "-m", "noiselint", "--no-cache", *flags, name],
                             capture_output=True, text=True, cwd=tmp_path, check=False)
        assert run.returncode in (0, 1), run.stderr
        modules = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()
                   if line.startswith("import time:")}
        return run.returncode, "libcst" in modules

    assert imports_libcst("model.py") == (0, False)
    assert imports_libcst("model.py", "--fix") == (0, False)  # nothing to fix: nothing to verify
    # A finding whose span, message and fix the quick tree gives as libcst would is final.
    assert imports_libcst("broken.py") == (1, False)
    # A fix removing an argument is made as text from a call laid out plainly, and on libcst's
    # nodes (so after libcst's parse) from any other (tests/test_quick_fixes.py).
    for name, spaces in (("plain.py", " "), ("spaced.py", "  ")):
        (tmp_path / name).write_text(
            "from tensorflow import keras\n\n"
            f"x = keras.layers.SpatialDropout2D(0.2,{spaces}noise_shape=(None, 1, 1, 8))\n", encoding="utf-8")
    assert imports_libcst("plain.py") == (1, False)
    assert imports_libcst("spaced.py") == (1, True)

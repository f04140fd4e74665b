"""A project module read from two linted files: each file spends its own step budget on it
(project/names.py), so what one file finds does not hang on which files came before it."""

from pathlib import Path

import libcst as cst

from noiselint.project import ModuleNames, project_index
from noiselint.settings import Settings
from noiselint.values.kinds import Const


def test_each_linted_file_spends_its_own_budget_on_a_shared_module(tmp_path: Path) -> None:
    (tmp_path / "sizes.py").write_text("BATCH = 32\n", encoding="utf-8")
    for name in ("a.py", "c.py"):
        (tmp_path / name).write_text("from sizes import BATCH\n", encoding="utf-8")
    index = project_index(Settings(project_root=str(tmp_path), no_cache=True))
    shared = (tmp_path / "sizes.py").absolute()
    first = ModuleNames(index, str(tmp_path / "a.py"), "from sizes import BATCH\n").evaluator(shared)
    assert first is not None
    first._file_meter.steps = first._file_meter.limit  # a file that spent the module's budget
    second = ModuleNames(index, str(tmp_path / "c.py"), "from sizes import BATCH\n").evaluator(shared)
    assert second is not None and second is not first
    assert second._parsed is first._parsed  # the parse and bindings are shared
    assert second.evaluate(cst.Integer("32")) == Const(32)
    assert first.evaluate(cst.Integer("32")) != Const(32)  # the first file's budget is spent


def test_modules_let_go_between_files_still_name_what_they_read(tmp_path: Path) -> None:
    # a.py reads helpers.py, whose code reads sizes.py; helpers.py is let go by trim, and
    # the next file that reaches it through a.py's results must still name sizes.py.
    (tmp_path / "sizes.py").write_text("UNITS = 8\n", encoding="utf-8")
    (tmp_path / "helpers.py").write_text("from sizes import UNITS\n\ndef width():\n    return UNITS\n",
                                         encoding="utf-8")
    text = "from helpers import width\n"
    (tmp_path / "a.py").write_text(text, encoding="utf-8")
    index = project_index(Settings(project_root=str(tmp_path), no_cache=True))
    view = ModuleNames(index, str(tmp_path / "a.py"), text)
    helpers = view.parsed((tmp_path / "helpers.py").absolute())
    assert helpers is not None and helpers.project is not None
    helpers.project.parsed((tmp_path / "sizes.py").absolute())  # helpers' code reaches sizes.py
    before = view.dependencies()
    assert {"helpers.py", "sizes.py"} <= {Path(p).name for p in before}
    index.trim(chars=0)
    assert not [m for m in index.parsed_modules.values() if m is not None] and not index.evaluators
    assert view.dependencies() == before  # what the trees had read is remembered
    again = ModuleNames(index, str(tmp_path / "a.py"), text)
    again.parsed((tmp_path / "helpers.py").absolute())  # parsed anew, its reads not yet redone
    assert again.dependencies() == before


def test_trim_keeps_the_most_recently_read(tmp_path: Path) -> None:
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.py").write_text(f"NAME = {name!r}\n", encoding="utf-8")
    index = project_index(Settings(project_root=str(tmp_path), no_cache=True))
    view = ModuleNames(index, str(tmp_path / "a.py"), "")
    for name in ("one", "two", "three", "one"):
        view.parsed((tmp_path / f"{name}.py").absolute())
    index.trim(chars=len("NAME = 'one'\n") + len("NAME = 'three'\n"))
    assert sorted(p.name for p, m in index.parsed_modules.items() if m is not None) == ["one.py", "three.py"]

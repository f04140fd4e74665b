"""A project module read from two linted files: each file spends its own step budget on it
(project/names.py), so what one file finds does not hang on which files came before it."""

from pathlib import Path

from noiselint.project import ModuleNames, project_index
from noiselint.settings import Settings
from noiselint.syntax import nodes
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
    assert second.evaluate(nodes.Integer("32")) == Const(32)
    assert first.evaluate(nodes.Integer("32")) != Const(32)  # the first file's budget is spent


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



def test_a_shared_modules_own_answers_are_given_to_the_next_file_at_the_same_cost(tmp_path: Path) -> None:
    """What a project module's own code alone decides is evaluated once for all the files
    that read it (keras-tcn's task files each ran `tcn.py`), each file charged what it cost;
    an answer that read a third module (whose budgets files share) is each file's own."""
    (tmp_path / "sizes.py").write_text("BATCH = 32\n", encoding="utf-8")
    mid = "from sizes import BATCH\nDOUBLE = BATCH * 2\nTRIPLE = (3 * 4) * 5\n"
    (tmp_path / "mid.py").write_text(mid, encoding="utf-8")
    for name in ("a.py", "c.py"):
        (tmp_path / name).write_text("from mid import DOUBLE\n", encoding="utf-8")
    index = project_index(Settings(project_root=str(tmp_path), no_cache=True))
    shared = (tmp_path / "mid.py").absolute()
    first = ModuleNames(index, str(tmp_path / "a.py"), "from mid import DOUBLE\n").evaluator(shared)
    second = ModuleNames(index, str(tmp_path / "c.py"), "from mid import DOUBLE\n").evaluator(shared)
    assert first is not None and second is not None and second is not first
    body = first._parsed.module.body
    own, imported = body[2].body[0].value, body[1].body[0].value  # type: ignore[attr-defined]
    assert first.evaluate(own) == Const(60) and first.evaluate(imported) == Const(64)
    cost = first._file_meter.steps
    assert second._common is first._common and second._common is not None
    assert id(own) in second._common and id(imported) not in second._common
    kept = second._common[id(own)]
    assert second.evaluate(own) is kept[1]  # given again, not evaluated anew...
    assert second._file_meter.steps == kept[2]  # ...and charged what it cost the first file
    assert second.evaluate(imported) == Const(64)  # evaluated anew, in the second file's budgets
    assert second._file_meter.steps == cost
    # A file whose budget cannot pay for the answer evaluates it anew, as before.
    third = ModuleNames(index, str(tmp_path / "a.py"), "from mid import DOUBLE\n").evaluator(shared)
    assert third is not None
    third._file_meter.steps = third._file_meter.limit
    assert third.evaluate(own) != Const(60)


def test_a_module_read_through_another_answers_alike_for_every_file(tmp_path: Path) -> None:
    """`mid.py` reads `BATCH` from `sizes.py` through the evaluator of `sizes.py` that mid's
    own view keeps for the run: the steps spent there are charged to the file being linted,
    not counted on that evaluator for every file (the 1,000th file got "the value takes too
    many steps to follow", and the findings of a big project hung on the order of its files)."""
    (tmp_path / "sizes.py").write_text("BATCH = 32\n", encoding="utf-8")
    (tmp_path / "mid.py").write_text("from sizes import BATCH\nDOUBLE = BATCH * 2\n", encoding="utf-8")
    (tmp_path / "a.py").write_text("from mid import DOUBLE\n", encoding="utf-8")
    index = project_index(Settings(project_root=str(tmp_path), no_cache=True))
    shared = (tmp_path / "mid.py").absolute()
    answers = set()
    for _ in range(1_200):
        evaluator = ModuleNames(index, str(tmp_path / "a.py"), "from mid import DOUBLE\n").evaluator(shared)
        assert evaluator is not None
        answers.add(evaluator.evaluate(evaluator._parsed.module.body[1].body[0].value))  # type: ignore[attr-defined]
    assert answers == {Const(64)}

"""The engine's two passes over the project's other modules: the quick pass reads a module a
call reaches from its quick tree, the libcst pass from libcst's parse, and neither ever hands
the other's tree (or an evaluator of it) to the interpreter: a message, span or fix comes from
libcst's trees unless the quick pass's findings are final, every span, code and line they rest
on (the other module's included) being what libcst's trees give (project/names.py, engine.py,
syntax/quick_exact.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from noiselint import engine
from noiselint.diagnostics import Diagnostic
from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.project import names as project_names
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator

SETTINGS = Settings(no_cache=True)

BLOCKS = """
from keras import layers

WIDTH = 8


def up(x):
    return layers.Conv2DTranspose(WIDTH, 2, strides=2, data_format="channels_first")(x)
"""

MODEL = """
import keras
from keras import layers
from blocks import WIDTH, up

inp = keras.Input(shape=(3, 16, 16))
x = up(inp)
x = layers.MaxPooling2D()(x)
x = layers.Dropout(0.3)(x)
y = layers.Dropout(0.5, noise_shape=(None, 1, 1, WIDTH))(inp)
"""

# What no quick tree is built for (syntax/quick_tree.py): the module is libcst's in both passes.
MATCH = """

def kind(v):
    match v:
        case _:
            return 1
"""


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


class _Passes:
    """Which tree each pass of the engine was given, and which trees the project's views handed
    out while it ran: of each other module, and under each evaluator of one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.current: bool | None = None  # the pass running: True for the quick tree
        self.passes: list[bool] = []
        self.mixed: list[str] = []
        self.reached: dict[bool, dict[str, ParsedModule]] = {True: {}, False: {}}
        self.evaluators: dict[bool, int] = {True: 0, False: 0}  # evaluators handed out, per pass
        evaluated: dict[int, ParsedModule] = {}
        check, parsed, evaluator = engine._check, ModuleNames.parsed, ModuleNames.evaluator

        def checking(module: ParsedModule, *args: object) -> list[Diagnostic]:
            self.current = module.quick is not None
            self.passes.append(self.current)
            try:
                return check(module, *args)  # type: ignore[arg-type]
            finally:
                self.current = None

        def reading(view: ModuleNames, path: Path) -> ParsedModule | None:
            found = parsed(view, path)
            if found is not None:
                self._handed(view, path, found)
            return found

        def evaluating(view: ModuleNames, path: Path) -> Evaluator | None:
            found = evaluator(view, path)
            if found is not None:
                self._handed(view, path, evaluated[id(found)])
                self.evaluators[bool(self.current)] += 1
            return found

        class Recorded(Evaluator):
            """The evaluators of other modules, each with the tree it reads."""

            def __init__(self, module: ParsedModule) -> None:
                super().__init__(module)
                evaluated[id(self)] = module

            def for_another_file(self) -> Evaluator:
                other = super().for_another_file()
                evaluated[id(other)] = evaluated[id(self)]
                return other

        monkeypatch.setattr(engine, "_check", checking)
        monkeypatch.setattr(ModuleNames, "parsed", reading)
        monkeypatch.setattr(ModuleNames, "evaluator", evaluating)
        monkeypatch.setattr(project_names, "Evaluator", Recorded)

    def _handed(self, view: ModuleNames, path: Path, module: ParsedModule) -> None:
        assert self.current is not None, "another module read outside a pass"
        quick = module.quick is not None
        # A module the quick tree cannot be built for is libcst's in the quick pass too: never
        # a quick tree in the libcst pass.
        if quick != self.current and (self.current is False or view.quick is False or
                                      _quick_builds(module)):
            self.mixed.append(f"{path.name}: a {'quick' if quick else 'libcst'} tree in the "
                              f"{'quick' if self.current else 'libcst'} pass")
        self.reached[self.current][path.name] = module


def _quick_builds(module: ParsedModule) -> bool:
    return "match " not in module.source.text


def _lint(path: Path, index: ProjectIndex, quick: bool) -> tuple[tuple[Diagnostic, ...], ModuleNames]:
    text = path.read_text(encoding="utf-8")
    view = ModuleNames(index, str(path), text)
    found = lint_text(SourceFile(str(path), text), selected_rules(SETTINGS), shape_inference(SETTINGS), view,
                      quick=quick)
    return found, view


# `(WIDTH)`: parentheses the quick tree does not record, in code a message quotes: the quick
# pass's findings are not final, and libcst's pass makes them again.
NOT_FINAL = MODEL.replace("1, 1, WIDTH)", "1, 1, (WIDTH))")


def test_final_findings_of_the_quick_pass_are_libcsts_the_other_modules_line_included(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"pyproject.toml": "", "blocks.py": BLOCKS, "model.py": MODEL})
    expected, _ = _lint(tmp_path / "model.py", ProjectIndex(), quick=False)
    assert [d.code for d in expected] == ["NL010", "NL003"], expected
    passes = _Passes(monkeypatch)
    found, _ = _lint(tmp_path / "model.py", ProjectIndex(), quick=True)
    assert found == expected
    assert passes.passes == [True]  # final: no libcst pass
    assert passes.reached[True]["blocks.py"].quick is not None
    assert passes.mixed == []


@pytest.mark.parametrize("blocks", [BLOCKS, BLOCKS + MATCH], ids=["quick tree", "no quick tree"])
def test_each_pass_reads_the_other_modules_from_its_own_trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               blocks: str) -> None:
    _tree(tmp_path, {"pyproject.toml": "", "blocks.py": blocks, "model.py": NOT_FINAL})
    expected, _ = _lint(tmp_path / "model.py", ProjectIndex(), quick=False)
    assert [d.code for d in expected] == ["NL010", "NL003"], expected
    assert "in blocks.py on line 7 made it channels_first" in expected[0].message
    passes = _Passes(monkeypatch)
    found, _ = _lint(tmp_path / "model.py", ProjectIndex(), quick=True)
    assert found == expected  # messages and spans from libcst's trees, the other module's included
    assert passes.passes == [True, False]
    assert passes.mixed == []
    assert passes.evaluators[True] and passes.evaluators[False]  # `WIDTH`, read in each pass
    quick, real = passes.reached[True]["blocks.py"], passes.reached[False]["blocks.py"]
    assert real.quick is None
    if _quick_builds(quick):
        assert quick.quick is not None and quick is not real
    else:
        assert quick is real  # parsed once, by libcst


def test_a_file_the_quick_pass_clears_depends_on_the_modules_it_read(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The results cache key of a file with nothing to report (only the quick pass ran) still
    covers the other modules whose code a call reached."""
    _tree(tmp_path, {"pyproject.toml": "", "blocks.py": BLOCKS.replace('data_format="channels_first"', ""),
                     "model.py": """
        import keras
        from keras import layers
        from blocks import WIDTH, up

        inp = keras.Input(shape=(16, 16, 3))
        x = layers.Dropout(0.5, noise_shape=(None, 1, 1, WIDTH))(up(inp))
    """})
    passes = _Passes(monkeypatch)
    index = ProjectIndex()
    found, view = _lint(tmp_path / "model.py", index, quick=True)
    assert found == ()
    assert passes.passes == [True] and passes.mixed == []
    assert "blocks.py" in passes.reached[True]
    assert index.parsed_with_libcst() == ()  # nothing was parsed with libcst
    assert str(tmp_path / "blocks.py") in view.dependencies()

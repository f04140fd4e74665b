"""The model files in `fixtures/`: each marks its own expected findings with
`# expect: NL001` (several: `# expect: NL001, NL005`) at the end of the line the
finding starts on; the findings of the default rules, plus any opt-in rule (NL009) the
fixture marks, must be exactly those. A `<name>.fixed.py` beside a fixture is what
`--fix --unsafe-fixes` must produce with the same rules.

The expectations live in the fixture files; this module holds none.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from pathlib import Path

import pytest

from noiselint.checks import BY_CODE
from noiselint.diagnostics import Diagnostic
from noiselint.engine import fix_text, lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXED_SUFFIX = ".fixed.py"

_MARKER = re.compile(r"#\s*expect\s*:\s*(?P<codes>NL\d{3}(?:\s*,\s*NL\d{3})*)\s*$")
_MARKER_LIKE = re.compile(r"#\s*expect\b", re.IGNORECASE)


def _sources() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.py") if not p.name.endswith(FIXED_SUFFIX))


def _fixed_files() -> list[Path]:
    return sorted(FIXTURES.rglob(f"*{FIXED_SUFFIX}"))


def _rel(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


def fixed_path(source: Path) -> Path:
    return source.with_name(source.name[: -len(".py")] + FIXED_SUFFIX)


def read_markers(text: str) -> set[tuple[int, str]]:
    """(line, code) for every `# expect:` comment; a malformed marker is an error, not
    silently ignored (it would make the fixture expect nothing)."""
    markers: set[tuple[int, str]] = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type != tokenize.COMMENT or not _MARKER_LIKE.match(tok.string):
            continue
        match = _MARKER.match(tok.string)
        if match is None:
            raise ValueError(f"line {tok.start[0]}: malformed marker {tok.string!r}; "
                             f"write `# expect: NL001` or `# expect: NL001, NL005`")
        row = tok.start[0]
        markers.update((row, code.strip()) for code in match.group("codes").split(","))
    return markers


def _source(path: Path, text: str | None = None) -> SourceFile:
    return SourceFile(_rel(path), path.read_text(encoding="utf-8") if text is None else text)


def _settings(source: SourceFile) -> Settings:
    """The default rules, plus the opt-in rules this fixture (or its original) marks."""
    original = FIXTURES / source.path.replace(FIXED_SUFFIX, ".py")
    marked = {code for _, code in read_markers(original.read_text(encoding="utf-8"))}
    return Settings(extend_select=tuple(sorted(c for c in marked if not BY_CODE[c].default_enabled)))


def _project(source: SourceFile) -> ModuleNames:
    """Imports resolve from the fixture's place on disk, as the CLI resolves them
    (fixtures/projects/ holds multi-file projects)."""
    original = FIXTURES / source.path.replace(FIXED_SUFFIX, ".py")
    return ModuleNames(ProjectIndex(), str(original), source.text)


def _lint(source: SourceFile) -> tuple[Diagnostic, ...]:
    """As the CLI lints: the quick pass first (engine.lint_text), so a fixture whose
    findings it missed would have none."""
    settings = _settings(source)
    return lint_text(source, selected_rules(settings), shape_inference(settings), _project(source), quick=True)


def _fix(source: SourceFile) -> str:
    settings = _settings(source)
    result = fix_text(source, selected_rules(settings), unsafe=True, infer_shapes=shape_inference(settings),
                      project=_project(source))
    return source.text if result.fixed_text is None else result.fixed_text


def _mismatch_report(path: Path, text: str, expected: set[tuple[int, str]],
                     diagnostics: tuple[Diagnostic, ...]) -> str:
    lines = text.splitlines()
    found = {(d.span.start_row, d.code) for d in diagnostics}
    out = [f"{_rel(path)}: findings differ from the `# expect:` markers"]
    for row, code in sorted(expected - found):
        out.append(f"  missing    {row:>3}: {code}   | {lines[row - 1].strip()}")
    for d in sorted(diagnostics, key=lambda d: (d.span, d.code)):
        if (d.span.start_row, d.code) not in expected:
            out.append(f"  unexpected {d.span.start_row:>3}:{d.span.start_col}: {d.code} "
                       f"{d.message}\n             | {lines[d.span.start_row - 1].strip()}")
    return "\n".join(out)


def _text_diff(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                        actual.splitlines(keepends=True),
                                        expected_name, actual_name))


def test_fixtures_are_found() -> None:
    assert len(_sources()) >= 10, f"expected the fixture files under {FIXTURES}"
    assert _fixed_files(), "expected some `.fixed.py` files"


@pytest.mark.parametrize("path", _sources(), ids=_rel)
def test_findings_match_markers(path: Path) -> None:
    source = _source(path)
    expected = read_markers(source.text)
    diagnostics = _lint(source)
    found = {(d.span.start_row, d.code) for d in diagnostics}
    if found != expected:
        pytest.fail(_mismatch_report(path, source.text, expected, diagnostics), pytrace=False)


@pytest.mark.parametrize("path", _sources(), ids=_rel)
def test_fix_gives_the_fixed_file(path: Path) -> None:
    """`--fix --unsafe-fixes` turns the fixture into its `.fixed.py`, or leaves it alone
    when there is no `.fixed.py`."""
    source = _source(path)
    actual = _fix(source)
    expected_path = fixed_path(path)
    if not expected_path.exists():
        if actual != source.text:
            pytest.fail(f"{_rel(path)} has fixes but no {expected_path.name}; the fix gives:\n"
                        + _text_diff(source.text, actual, _rel(path), "noiselint --fix"),
                        pytrace=False)
        return
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        pytest.fail(f"fixing {_rel(path)} does not give {expected_path.name}:\n"
                    + _text_diff(expected, actual, _rel(expected_path), "noiselint --fix"),
                    pytrace=False)


@pytest.mark.parametrize("path", _fixed_files(), ids=_rel)
def test_fixed_file_is_a_fixed_point(path: Path) -> None:
    """A `.fixed.py` belongs to a fixture, fixing it again changes nothing, and no
    fixable finding is left in it."""
    original = path.with_name(path.name[: -len(FIXED_SUFFIX)] + ".py")
    assert original.exists(), f"{_rel(path)} has no fixture {original.name} beside it"
    source = _source(path)
    again = _fix(source)
    if again != source.text:
        pytest.fail(f"fixing {_rel(path)} again changes it:\n"
                    + _text_diff(source.text, again, _rel(path), "fixed again"), pytrace=False)
    fixable = [f"{d.span.start_row}:{d.span.start_col}: {d.code} {d.message}"
               for d in _lint(source) if d.fix is not None]
    assert not fixable, f"{_rel(path)} still has fixable findings:\n" + "\n".join(fixable)


@pytest.mark.parametrize("text, markers", [
    ("x = 1  # expect: NL001\n", {(1, "NL001")}),
    ("x = 1\ny = 2  #expect:NL001, NL005\n", {(2, "NL001"), (2, "NL005")}),
    ("s = '# expect: NL001'\n", set()),
    ("x = 1  # ok: no marker here\n", set()),
])
def test_read_markers(text: str, markers: set[tuple[int, str]]) -> None:
    assert read_markers(text) == markers


@pytest.mark.parametrize("text", ["x = 1  # expect NL001\n", "x = 1  # expect: NL01\n",
                                  "x = 1  # expect: NL001 NL002\n"])
def test_malformed_marker_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="malformed marker"):
        read_markers(text)

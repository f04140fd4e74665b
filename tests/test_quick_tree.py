"""The quick tree (syntax/quick_tree.py) against libcst's own parse: the same node classes
and the same fields, whitespace and punctuation aside, on every construct and on real files
on disk; and the engine's quick pass: a file's findings are those of libcst's tree."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import libcst as cst
import pytest

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import convert_node
from noiselint.syntax.parse import SyntaxProblem, parse_source, quick_parse
from noiselint.syntax.quick_tree import quick_tree

ROOT = Path(__file__).resolve().parent.parent
# Fields that hold only whitespace, punctuation or keywords, which the quick tree leaves at
# libcst's defaults; the text of an f-string's literal parts is libcst's own.
_PUNCTUATION = ("whitespace", "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after",
                "trailing_whitespace", "header", "footer", "equal", "colon", "dot", "newline", "lbracket",
                "rbracket", "lbrace", "rbrace", "encoding", "default_indent", "default_newline",
                "has_trailing_newline", "indent", "first_line", "leading_whitespace")


def difference(real: object, quick: object, path: str = "") -> str | None:
    """Where two trees differ, or None; libcst's tree is compared as the analysis reads it,
    converted to noiselint's nodes (syntax/from_libcst.py)."""
    if isinstance(real, cst.CSTNode):
        real = convert_node(real)
    return _difference(real, quick, path)


def _difference(real: object, quick: object, path: str = "") -> str | None:
    if type(real) is not type(quick):
        return f"{path}: {type(real).__name__} against {type(quick).__name__}"
    if isinstance(real, nodes.CSTNode):
        for name in real._fields:
            if name.startswith(_PUNCTUATION):
                continue
            found = _difference(getattr(real, name), getattr(quick, name), f"{path}.{type(real).__name__}.{name}")
            if found:
                return found
        return None
    if isinstance(real, tuple):
        if len(real) != len(quick):  # type: ignore[arg-type]
            return f"{path}: {len(real)} items against {len(quick)}"  # type: ignore[arg-type]
        for i, (a, b) in enumerate(zip(real, quick, strict=True)):  # type: ignore[call-overload]
            found = _difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if real == quick else f"{path}: {real!r} against {quick!r}"


def _built(text: str) -> nodes.Module:
    quick = quick_tree(text, ast.parse(text))
    assert quick is not None, text
    return quick.module


CONSTRUCTS = {
    "calls": "f(a, *b, c=1, **d)\nf(x for x in y)\ng(*a, k=2, *b, **c)\nobj.method(1)(2)\n",
    "subscripts": "x[1]\nx[1:2]\nx[::2]\nx[a::]\nx[:, None, ...]\nx[(a, b)]\nx[a, b]\nx[(a), b]\n"
                  "x['a:b':]\nx[f(y)[1:]:]\nx[lambda: 0]\n",
    "strings": "a = 'x'\nb = \"it's\"\nc = '''tri\n'q'\n'''\nd = r'\\d' 'e'; bb = b'f' rb'g'\n"
               "e = (\n    'a'\n    \"b\"\n)\nf = f'{x!r:>{w}}' 'tail'\ng = f\"{a['k']}\"\nh = u'x'\n"
               # A triple-quoted literal closed, then another written against it.
               'i = """a"""""\nj = f\'\'\'{x}\'\'\'\'\'\nk = """"""""\nl = \'\'\'a\\\'\'\'\'\nm = """a"b"""\n',
    "numbers": "a = 1_000 + 0x10 + 0o7 + 0b1 + 1e3 + .5 + 1j + -3\n",
    "names": "a = True, False, None, ...\n",
    "operators": "a = b @ c ** d // e % f << g >> h | i & j ^ k\nn = -a + +b + ~c\nm = not a\n"
                 "c = a < b <= c == d != e > f >= g is h is not i in j not in k\nb = a and b and c or d\n"
                 "x += 1; y -= 1; z *= 2; w /= 2; v //= 2; u %= 2; t **= 2; s @= m; r <<= 1; q >>= 1\n"
                 "p |= 1; o &= 1; n ^= 1\n",
    "displays": "a = [1, *b]\nb = (1,)\nc = ()\nd = {1, 2}\ne = {'a': 1, **f}\ng = {}\nh = 1, 2\n"
                "i = [x for x in y if x if z for w in x]\nj = {k: v for k, v in d}\nl = {s for s in t}\n"
                "m = (lambda a, b=1, *c, d, e=2, **f: a)\nn = x if y else z\n(o := 5)\na, *b = c\n",
    "statements": "import a.b.c as d, e\nfrom . import f\nfrom ..g.h import (i as j, k)\nfrom m import *\n"
                  "global q\ndel a, b\ndel c\nassert x, 'm'\nraise E from e\nraise\npass\nx: int = 1\ny: int\n"
                  "a = b = c\nprint(1); print(2)\n",
    "compound": "if a:\n    pass\nelif b:\n    pass\nelse:\n    if c:\n        pass\n"
                "if d: e = 1; f = 2\nelse: g = 3\n"
                "for i in range(3):\n    continue\nelse:\n    break\n"
                "while x:\n    break\nelse:\n    pass\n"
                "try:\n    a()\nexcept (E, F) as e:\n    raise\nexcept G:\n    pass\nelse:\n    b()\n"
                "finally:\n    c()\n"
                "try:\n    pass\nfinally:\n    pass\n"
                "with a as b, c as (d, e), f:\n    pass\n",
    "definitions": "@dec\n@dec.attr(1)\ndef f(a, b: int = 1, /, c=2, *args: str, d, e=3, **kw) -> int:\n"
                   "    nonlocal z\n    yield a\n    yield from b\n    return\n"
                   "def g(*, k):\n    '''doc'''\n"
                   "async def h():\n    await x\n    async for i in y:\n        pass\n"
                   "    async with a as b:\n        pass\n    return [i async for i in z]\n"
                   "class C(B, metaclass=M, **kw):\n    x = 1\n    def m(self): return self.x\n"
                   "class D: pass\n",
    "unicode": "s = 'é' + x.näme\nt = f('ü', k='ß')[0]\n",
    "formatted strings": "a = f'{x}' f\"{y!r:>{w}.{p}f}\" 'plain'\nb = f'{x=}' f'{ x = !s:10}' f'{x=:>4}'\n"
                         "c = f'a{{b}}c' f'{x:}' f'{x:{{}}}' f'{a, b}' f'{(a, b)}' f'{ {1: 2}[1] }'\n"
                         "d = f\"{d['k']}\" f'{a==b}{a!=b}{a<=b}{a>=b}' f\"{f'{x}'}\" f'{x:=3}'\n"
                         "e = rf'\\{x}' Rf'{x}\\\\' f'\\n{x}\\t' F'''{x}\n{y:%Y-%m}\n''' f''\n"
                         "f = f'{1.5e3 + 2j}{a[1:2]}{a if b else c}{[i for i in x]}{\"é\"}'\n"
                         "g = f'\\N{EM DASH}{x}' f'{\"\"\"s\"\"\"}'\n",
    "comments": "x = (1,  # one\n     2)\n# alone\nif a:  # c\n    b = 1  # d\n",
    # Rows are counted at \n, \r\n and \r alone, as CPython does (not where `str.splitlines`
    # breaks too): a row counted at \f would shift the text of every node after it.
    "other line breaks": "a = 1\n\x0c\nif b: c = 'x'\nd = (1,\n     2)\ns = 'a'  # \x1c \x85 \u2028 \x0b\n"
                         "if b: c = 'x'; e = 2\ndef f():\n    x = 1\n\x0c\n    if x: return 'y'\n",
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_every_construct_is_built_as_libcst_parses_it(name: str) -> None:
    text = CONSTRUCTS[name]
    assert difference(cst.parse_module(text), _built(text)) is None


def _files() -> list[Path]:
    places = [ROOT / "fixtures", ROOT / "benchmarks" / "shape_errors", ROOT / "tests" / "data"]
    return sorted(p for place in places for p in place.rglob("*.py"))


def test_files_on_disk_build_the_same_tree() -> None:
    """Every Python file of the project's fixtures, shape-error programs and test data."""
    files = _files()
    assert len(files) > 200
    differing = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue  # the fixtures of syntax errors
        quick = quick_tree(text, tree)
        if quick is None:  # only a construct it does not build (noiselint's own `match`)
            assert any(isinstance(node, ast.Match) for node in ast.walk(tree)), path
            continue
        found = difference(cst.parse_module(text), quick.module)
        if found:
            differing.append(f"{path.relative_to(ROOT)}: {found}")
    assert differing == []


@pytest.mark.slow
def test_installed_keras_and_tensorflow_python_build_the_same_tree() -> None:
    """Real code nobody here wrote (the installed Keras package and TensorFlow's Python
    API), and noiselint's own."""
    files = sorted((ROOT / "noiselint").rglob("*.py"))
    for package in ("keras", "tensorflow"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        files.extend(sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.py"))[:1500])
    differing, built = [], 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree, real = ast.parse(text), cst.parse_module(text)
        except (SyntaxError, ValueError, cst.ParserSyntaxError, RecursionError):
            continue
        quick = quick_tree(text, tree)
        if quick is None:  # only a construct it does not build
            assert any(isinstance(node, (ast.Match, getattr(ast, "TryStar", ast.Match))) for node in ast.walk(tree))
            continue
        built += 1
        found = difference(real, quick.module)
        if found:
            differing.append(f"{path}: {found}")
    assert built > 1000
    assert differing == []


def test_formatted_strings_are_built_without_libcsts_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The common forms are read from the text (syntax/fstrings.py); `{{` in a format spec, a
    named escape or a triple-quoted string inside a field still goes to libcst's parser, and the tree is the
    same either way (`test_every_construct_is_built_as_libcst_parses_it`)."""
    parsed: list[str] = []
    parse = cst.parse_expression

    def spy(text: str) -> cst.BaseExpression:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(cst, "parse_expression", spy)
    _built(CONSTRUCTS["formatted strings"])
    assert parsed == ["f'{x:{{}}}'", "f'\\N{EM DASH}{x}'", "f'{\"\"\"s\"\"\"}'"]


def test_every_constructor_it_calls_starts_as_a_stand_in() -> None:
    # `_N.X` is a plain attribute, a stand-in until X's first node: a class the code builds
    # that `_BUILT` lacks would fail every file that has one (to libcst's parse).
    import re

    from noiselint.syntax import quick_tree as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r"_N\.([A-Za-z]+)", source)) == set(module._BUILT)
    assert all(callable(getattr(module._N, name)) for name in module._BUILT)
    text = "x = (a, b)\n"
    quick_tree(text, ast.parse(text))
    assert not isinstance(module._N.Tuple, module._FirstCall) and module._N.Tuple is module._MAKERS[nodes.Tuple]


def test_a_construct_it_does_not_build_leaves_the_file_to_libcst() -> None:
    text = "match x:\n    case 1:\n        pass\n"
    assert quick_tree(text, ast.parse(text)) is None
    assert quick_parse(SourceFile("m.py", text), ast.parse(text)) is None


def test_rows_and_text_are_those_of_the_source() -> None:
    text = "import keras\n\n\ndef build(units):\n    # a comment\n    x = keras.layers.Dense(\n" \
           "        units,  # why\n    )(inputs)\n    return (x)\n"
    parsed = quick_parse(SourceFile("m.py", text), ast.parse(text))
    real = parse_source(SourceFile("m.py", text))
    assert parsed is not None and not isinstance(real, SyntaxProblem)
    function = parsed.module.body[1]
    assign = function.body.body[0]
    call = assign.body[0].value
    assert (parsed.row(function), parsed.row(assign), parsed.row(call)) == (4, 6, 6)
    assert parsed.row(call) == real.row(real.module.body[1].body.body[0].body[0].value)
    assert parsed.code(call.func) == "keras.layers.Dense(\n        units,  # why\n    )"
    assert parsed.span(call) == real.span(real.module.body[1].body.body[0].body[0].value)


def _rules_and_shapes(tmp_path: Path) -> tuple[list, object]:
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    return selected_rules(settings), shape_inference(settings)


def _fixture_sources() -> list[SourceFile]:
    paths = sorted(p for p in (ROOT / "fixtures").rglob("*.py") if not p.name.endswith(".fixed.py"))
    return [SourceFile(str(p), p.read_text(encoding="utf-8")) for p in paths]


def test_the_quick_pass_findings_are_libcsts(tmp_path: Path, quick_finals: list[bool]) -> None:
    """With the quick pass the findings are the same, to their spans, messages and fixes: the
    quick pass has something to report wherever libcst's tree has a finding (else the file
    would have none); its findings are final where every span, code and line they rest on is
    exact (syntax/quick_exact.py), and are made again on libcst's tree otherwise. Both kinds
    are met, on every fixture."""
    rules, infer = _rules_and_shapes(tmp_path)
    final = again = 0
    for source in _fixture_sources():
        slow = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, source.text))  # type: ignore[arg-type]
        quick_finals.clear()
        fast = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, source.text),  # type: ignore[arg-type]
                         quick=True)
        assert fast == slow, source.path
        if slow:
            final += quick_finals == [True]
            again += quick_finals == [False]
    assert final > 40 and again >= 1, (final, again)  # files made again: also tests/test_quick_fixes.py


_MODEL = ("from keras.layers import Dense, Dropout, Input\n"
          "inputs = Input(shape=(8,))\n"
          "x = Dropout(0.5, noise_shape=(32, 8))(Dense(8)(inputs))\n")


def test_a_file_with_a_construct_the_quick_tree_lacks_is_checked_on_libcst_tree(tmp_path: Path) -> None:
    rules, infer = _rules_and_shapes(tmp_path)
    text = _MODEL + "match x:\n    case _:\n        pass\n"
    source = SourceFile(str(tmp_path / "m.py"), text)
    found = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, text), quick=True)  # type: ignore[arg-type]
    assert [d.code for d in found] == ["NL001"]


def test_a_bug_met_on_the_quick_tree_is_no_warning_and_loses_no_finding(tmp_path: Path, monkeypatch) -> None:
    """The interpreter failing on the quick tree (a difference between the trees) sends the
    file to libcst's tree, where the finding is made; it is not the warning a failure on
    libcst's tree gives."""
    from noiselint.model.interpreter import Interpreter

    interpret = Interpreter.interpret

    def failing_on_quick(self: Interpreter) -> None:
        if self.parsed.quick is not None:
            raise KeyError("a node only libcst's tree has")
        interpret(self)

    monkeypatch.setattr(Interpreter, "interpret", failing_on_quick)
    warnings: list[str] = []
    rules, infer = _rules_and_shapes(tmp_path)

    def noting(parsed, evaluator, sites, *, whole_model=False):  # type: ignore[no-untyped-def]
        facts = infer(parsed, evaluator, sites, whole_model=whole_model)  # type: ignore[operator]
        warnings.extend(facts.warnings)
        return facts

    source = SourceFile(str(tmp_path / "m.py"), _MODEL)
    found = lint_text(source, rules, noting, ModuleNames(ProjectIndex(), source.path, _MODEL), quick=True)
    assert [d.code for d in found] == ["NL001"]
    assert warnings == []


_OLD_KERAS = ("from keras.layers import Dense, Input\n"
              "inputs = Input(shape=(8,))\n"
              "x = Dense(8)(inputs)\n"
              "print(x._keras_shape)\n")


def _counting(infer, calls: list[bool]):  # type: ignore[no-untyped-def]
    def counted(parsed, evaluator, sites, *, whole_model=False):  # type: ignore[no-untyped-def]
        calls.append(parsed.quick is not None)
        return infer(parsed, evaluator, sites, whole_model=whole_model)
    return counted


# The batch size in parentheses of its own, which libcst's code of it holds and the quick tree
# does not record.
_MODEL_PARENTHESIZED = _MODEL.replace("noise_shape=(32, 8)", "noise_shape=((32), 8)")


@pytest.mark.parametrize(("text", "codes", "passes"), [
    # Every span, code and line the findings rest on is exact: the quick pass's are final.
    (_OLD_KERAS, ["NL007"], [True]),
    (_MODEL, ["NL001"], [True]),
    # Not final (a parenthesized owner; a parenthesized batch size). Only `._keras_shape` (a rule
    # that reads the module alone) spoke: libcst's pass runs that rule, without the model
    # interpreter; a dropout finding reads the model's facts: libcst's pass runs everything.
    (_OLD_KERAS.replace("print(x.", "print((x)."), ["NL007"], [True]),
    (_MODEL_PARENTHESIZED, ["NL001"], [True, False]),
    (_MODEL_PARENTHESIZED + "print(x._keras_shape)\n", ["NL001", "NL007"], [True, False]),
])
def test_libcst_pass_runs_again_only_what_it_needs(tmp_path: Path, text: str, codes: list[str],
                                                   passes: list[bool]) -> None:
    rules, infer = _rules_and_shapes(tmp_path)
    source = SourceFile(str(tmp_path / "m.py"), text)
    calls: list[bool] = []
    fast = lint_text(source, rules, _counting(infer, calls), ModuleNames(ProjectIndex(), source.path, text),  # type: ignore[arg-type]
                     quick=True)
    slow = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, text))  # type: ignore[arg-type]
    assert fast == slow
    assert sorted({d.code for d in fast}) == codes
    assert calls == passes

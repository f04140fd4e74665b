"""What syntax/quick_exact.py calls exact on a quick tree is what libcst's parse gives: the
range (libcst's PositionProvider, through syntax/rows.py), the code (libcst's
`code_for_node`) and the first line, node by node on the same file read both ways. A quick
pass's findings are final on this alone, so a node called exact wrongly would be a finding with
another span or message than the libcst pass gives."""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from noiselint.files.source import SourceFile
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule, parse_source, quick_parse
from noiselint.syntax.quick_exact import code_exact, exact_range, row_exact
from noiselint.syntax.rows import positions
from noiselint.syntax.walk import child_nodes

ROOT = Path(__file__).resolve().parent.parent


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    if type(node) in (cst.LeftParen, cst.RightParen):
        return  # the quick tree's tuple parentheses are shared stand-ins, not nodes of a place
    yield node
    for child in child_nodes(node):
        yield from _walk(child)


def _both(path: Path) -> tuple[ParsedModule, ParsedModule] | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    source = SourceFile(str(path), text)
    quick, real = quick_parse(source, tree), parse_source(source)
    if quick is None or not isinstance(real, ParsedModule):
        return None
    return quick, real


def _compare(files: list[Path]) -> tuple[dict[str, int], list[str]]:
    counts = {"files": 0, "ranges": 0, "codes": 0, "rows": 0}
    wrong: list[str] = []
    for path in files:
        both = _both(path)
        if both is None:
            continue
        quick, real = both
        assert quick.quick is not None and real.converted is not None
        tree, converted = quick.quick, real.converted
        ranges = positions(converted.libcst_module)
        ours, theirs = list(_walk(quick.module)), list(_walk(real.module))
        assert [type(n) for n in ours] == [type(n) for n in theirs], path  # test_quick_tree.py
        counts["files"] += 1
        parents = quick.names.parents
        for node, twin in zip(ours, theirs, strict=True):
            original = converted.libcst_of.get(id(twin))
            if original is None:
                continue
            expected = ranges.get(original)
            where = f"{path}:{tree.row(node)} {type(node).__name__}"
            found = exact_range(tree, node, parents)
            if found is not None:
                counts["ranges"] += 1
                if expected is None or (found.start.line, found.start.column, found.end.line, found.end.column) != \
                        (expected.start.line, expected.start.column, expected.end.line, expected.end.column):
                    wrong.append(f"{where}: range {found} against libcst's {expected}")
            text = tree.code(node)
            if text is not None and code_exact(tree, node, text, parents):
                counts["codes"] += 1
                if text != converted.libcst_module.code_for_node(original):
                    wrong.append(f"{where}: code {text!r} against libcst's "
                                 f"{converted.libcst_module.code_for_node(original)!r}")
            if row_exact(tree, node, parents) and expected is not None:
                counts["rows"] += 1
                if tree.row(node) != expected.start.line:
                    wrong.append(f"{where}: line {tree.row(node)} against libcst's {expected.start.line}")
    return counts, wrong


def test_what_it_calls_exact_is_libcsts_on_the_projects_files() -> None:
    places = [ROOT / "fixtures", ROOT / "benchmarks" / "shape_errors", ROOT / "tests" / "data"]
    counts, wrong = _compare(sorted(p for place in places for p in place.rglob("*.py")))
    assert wrong == []
    assert counts["files"] > 200 and counts["ranges"] > 20_000 and counts["codes"] > 10_000, counts


@pytest.mark.slow
def test_what_it_calls_exact_is_libcsts_on_keras_and_tensorflow() -> None:
    """Code nobody here wrote: every fourth file of the installed Keras and TensorFlow."""
    files: list[Path] = []
    for package in ("keras", "tensorflow"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        files.extend(sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.py"))[:2000:4])
    counts, wrong = _compare(files)
    assert wrong[:20] == []
    assert counts["files"] > 300, counts


def _exactness(text: str, kind: type, nth: int = 0) -> tuple[bool, bool]:
    """Whether the `nth` node of `kind` in `text` has an exact range and an exact code."""
    parsed = quick_parse(SourceFile("m.py", text), ast.parse(text))
    assert parsed is not None and parsed.quick is not None
    node = [n for n in _walk(parsed.module) if type(n) is kind][nth]
    tree, parents = parsed.quick, parsed.names.parents
    code = tree.code(node)
    return exact_range(tree, node, parents) is not None, \
        code is not None and code_exact(tree, node, code, parents)


@pytest.mark.parametrize(("text", "kind", "nth", "expected"), [
    # A call's parentheses around its one argument are the call's; a second pair is its own.
    ("f(x)\n", cst.Name, 1, (True, True)),
    ("f((x))\n", cst.Name, 1, (True, False)),
    ("f(x, (y))\n", cst.Name, 1, (True, True)),
    ("f(x, (y))\n", cst.Name, 2, (True, False)),
    # ... and an argument's range holds its value's parentheses in libcst.
    ("f(x, (y))\n", cst.Arg, 1, (False, False)),
    ("f(x, y)\n", cst.Arg, 1, (True, False)),  # its code holds the comma
    ("f(x, s=(1, 2))\n", cst.Arg, 1, (True, False)),  # a tuple's one pair is in CPython's range too
    ("f(x, s=((1, 2)))\n", cst.Arg, 1, (False, False)),
    ("d = {k: (v + w) for k, v in items}\n", cst.BinaryOperation, 0, (True, False)),
    # A parenthesized tuple: libcst's range is inside the parentheses, its code holds them.
    ("x = (32, 1)\n", cst.Tuple, 0, (True, True)),
    ("x = ((32, 1))\n", cst.Tuple, 0, (True, False)),
    ("x = (32,\n     1)\n", cst.Tuple, 0, (False, False)),
    # Where the quick tree does not know the node's own place: an import's names, an
    # f-string's inside, an attribute's name, a piece of an implicit concatenation.
    ("from a import b\n", cst.Name, 1, (False, False)),
    ('f"{x + 1}"\n', cst.BinaryOperation, 0, (False, False)),
    ("a.b\n", cst.Name, 1, (False, False)),
    ('s = "a" "b"\n', cst.SimpleString, 0, (False, False)),
    # Code over two lines: libcst renders a nested node's later lines without the block's indent.
    ("def f():\n    g(1,\n      2)\n", cst.Call, 0, (True, False)),
    # At the start of a line the parenthesis may be at the end of the line before; what
    # separates it from its neighbours in a call or a list tells.
    ("y = (\n    x)\n", cst.Name, 1, (True, False)),
    ("f(\n    x,\n    y,\n)\n", cst.Name, 1, (True, True)),
    ("f(\n    x,\n    (y),\n)\n", cst.Name, 2, (True, False)),
    ("f(\n    (\n        y\n    ),\n)\n", cst.Name, 1, (True, False)),
    ("f(a=\n    y)\n", cst.Name, 1, (True, True)),
    ("f(x,  # why\n  y)\n", cst.Name, 2, (True, False)),  # a comment between: not read
    ("v = [\n    x,\n]\n", cst.Name, 1, (True, True)),
])
def test_exactness_of_single_nodes(text: str, kind: type, nth: int, expected: tuple[bool, bool]) -> None:
    assert _exactness(text, kind, nth) == expected

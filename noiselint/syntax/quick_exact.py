"""Whether what the quick tree says of a node (its span, its code, its line) is what libcst's
parse says of the same node, and the record of a pass that used something it could not say
exactly.

The quick pass (engine.py) analyses CPython's tree built as noiselint's nodes. Its findings are
final, with no libcst import or parse, when every span, quoted code and line they could rest on
was exact; otherwise the file is analysed again on libcst's parse, as before. The quick tree
knows where a node came from (its CPython node), not libcst's layout, so exactness is decided
per node, conservatively:

- A span is exact for expressions whose CPython node is their own (not a statement's or an
  f-string's, whose inner positions CPython 3.11 does not give) and of a kind whose range both
  parsers draw alike: a parenthesized tuple's CPython range holds its parentheses, libcst's
  does not, and a generator's likewise.
- Quoted code is exact when the span is, on one line (libcst renders a nested node's later
  lines without the enclosing block's indentation), for a node that owns no comma (libcst's
  `Arg` and `Element` own the comma after them), and where the node surely has no parentheses
  of its own (libcst's code holds them, the quick tree does not record them): the text right
  before or after it on its line says so, or what separates it from its neighbours in a call,
  list or tuple (the call's `(`, a comma, a keyword's `=`) does.
- A line is exact for statements whose first line both parsers agree on (not `else:` or
  `finally:`, which the quick tree places at their first statement), for parameters, and for
  nodes whose span is exact.

tests/test_quick_exact.py holds every node these call exact to libcst's span and code, over
the fixtures and the installed Keras and TensorFlow sources."""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING

from noiselint.syntax import nodes as cst
from noiselint.syntax.code_range import CodePosition, CodeRange

if TYPE_CHECKING:
    from noiselint.syntax.quick_tree import QuickTree


class Watch:
    """What one quick pass used that the quick tree cannot give exactly (None: nothing)."""

    __slots__ = ("reason",)

    def __init__(self) -> None:
        self.reason: str | None = None


# The pass under way in this context (the runner's threads and the server each have theirs),
# as budget.py keeps the file's deadline: any module's quick tree that the pass reads, this
# file's or another project module's, reports here.
_watch: ContextVar[Watch | None] = ContextVar("noiselint_quick_watch", default=None)


@contextlib.contextmanager
def watching() -> Iterator[Watch]:
    watch = Watch()
    token = _watch.set(watch)
    try:
        yield watch
    finally:
        _watch.reset(token)


def inexact(reason: str) -> None:
    """The pass used something the quick tree cannot say as libcst would: its findings are
    made again on libcst's parse."""
    watch = _watch.get()
    if watch is not None and watch.reason is None:
        watch.reason = reason


# The CPython node each kind is made from when it is its own.
_ORIGINS: Mapping[type, type | tuple[type, ...]] = {
    cst.Name: ast.Name, cst.Attribute: ast.Attribute, cst.Call: ast.Call, cst.Subscript: ast.Subscript,
    cst.BinaryOperation: ast.BinOp, cst.UnaryOperation: ast.UnaryOp, cst.Comparison: ast.Compare,
    cst.Tuple: ast.Tuple, cst.List: ast.List, cst.Dict: ast.Dict, cst.Set: ast.Set, cst.IfExp: ast.IfExp,
    cst.Lambda: ast.Lambda, cst.Integer: ast.Constant, cst.Float: ast.Constant, cst.Imaginary: ast.Constant,
    cst.SimpleString: ast.Constant, cst.Arg: (ast.keyword, ast.expr), cst.Element: ast.expr,
}
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)
_WITH_COMMA = (cst.Arg, cst.Element)
# Statements whose first line CPython and libcst agree on.
_STATEMENT_ROWS = frozenset({
    cst.SimpleStatementLine, cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Expr, cst.Return, cst.If,
    cst.For, cst.While, cst.With, cst.Try, cst.FunctionDef, cst.ClassDef, cst.Import, cst.ImportFrom,
})


Parents = Mapping[cst.CSTNode, cst.CSTNode]


def span_exact(quick: QuickTree, node: cst.CSTNode, parents: Parents) -> bool:
    """The quick tree's range of `node` is libcst's (not said of a parenthesized tuple: see
    `exact_range`). `parents`: the module's (whose parentheses surround an argument)."""
    kind = type(node)
    want = _ORIGINS.get(kind)
    origin = quick.origins.get(id(node))
    if want is None or origin is None or type(origin) is tuple or not isinstance(origin, want):
        return False
    if kind is cst.Tuple:
        return not node.lpar  # type: ignore[attr-defined]
    if kind is cst.Arg or kind is cst.Element:
        # libcst's range of an argument or element holds its value's parentheses: CPython's
        # range of the value must too (a tuple's one pair), with none of the value's own beyond.
        value = node.value  # type: ignore[attr-defined]
        if getattr(node, "star", ""):
            return False
        if type(value) is cst.Tuple and value.lpar:  # type: ignore[attr-defined]
            own = type(quick.origins.get(id(value))) is ast.Tuple
        else:
            own = span_exact(quick, value, parents)
        return own and _unparenthesized(quick, value, parents)
    if isinstance(node, _LITERALS):  # a piece of an implicit concatenation has the whole's origin
        return quick.code(node) == node.value
    return True


def exact_range(quick: QuickTree, node: cst.CSTNode, parents: Parents) -> CodeRange | None:
    """libcst's range of `node`, or None where the quick tree cannot tell it."""
    where = quick.range(node)
    if where is None:
        return None
    if type(node) is cst.Tuple and node.lpar:  # type: ignore[attr-defined]
        return _inside_parentheses(quick, node, where)
    return where if span_exact(quick, node, parents) else None


def _inside_parentheses(quick: QuickTree, node: cst.CSTNode, where: CodeRange) -> CodeRange | None:
    # CPython's range of a parenthesized tuple holds its (innermost) parentheses; libcst's is
    # what is between them, less the spaces at either end (a trailing comma is in it).
    if type(quick.origins.get(id(node))) is not ast.Tuple or where.start.line != where.end.line:
        return None
    text = quick.line(where.start.line)[where.start.column:where.end.column]
    if len(text) < 2 or text[0] != "(" or text[-1] != ")":
        return None
    inner = text[1:-1]
    start = where.start.column + 1 + len(inner) - len(inner.lstrip(" \t"))
    end = where.end.column - 1 - (len(inner) - len(inner.rstrip(" \t")))
    row = where.start.line
    return CodeRange(CodePosition(row, start), CodePosition(row, max(start, end)))


def code_exact(quick: QuickTree, node: cst.CSTNode, text: str, parents: Parents) -> bool:
    """`text`, the quick tree's code of `node`, is libcst's code of it."""
    if "\n" in text or isinstance(node, _WITH_COMMA):
        return False
    if type(node) is cst.Tuple and node.lpar:  # type: ignore[attr-defined]
        # Its code is its one pair of parentheses and what they hold, unless it has more.
        if type(quick.origins.get(id(node))) is not ast.Tuple:
            return False
    elif not span_exact(quick, node, parents):
        return False
    return _unparenthesized(quick, node, parents)


def _unparenthesized(quick: QuickTree, node: cst.CSTNode, parents: Parents) -> bool:
    """Whether `node` surely has no parentheses of its own beyond those the quick tree
    records (a tuple's one pair), which libcst's code and its parent's range hold."""
    where = quick.range(node)
    if where is None:
        return False
    # Parentheses of its own would be the last thing before it and the first after it
    # (whitespace and line breaks aside): where either is something else on its line, they
    # are not there.
    before = quick.line(where.start.line)[:where.start.column].rstrip(" \t")
    if before and before[-1] != "(":
        return True
    after = quick.line(where.end.line)[where.end.column:].lstrip(" \t")
    if after and after[0] not in ")#\\\r\n":
        return True
    # Else what separates it from its neighbours in its parent says: a call's `(` before its
    # first argument, a comma after the one before, `=` after a keyword.
    return _between_neighbours(quick, node, where, parents)


def _between_neighbours(quick: QuickTree, node: cst.CSTNode, where: CodeRange, parents: Parents) -> bool:
    parent = parents.get(node)
    kind = type(parent)
    if kind is cst.Arg and parent.value is node and not parent.star:  # type: ignore[union-attr]
        owner = parents.get(parent)
        if type(owner) is not cst.Call:
            return False
        siblings, head = owner.args, owner.func  # type: ignore[union-attr]
        closings = (")", ",)")
    elif kind is cst.Element and parent.value is node:  # type: ignore[union-attr]
        owner = parents.get(parent)
        if type(owner) is cst.List:
            closings = ("]", ",]")
        elif type(owner) is cst.Tuple and owner.lpar:  # type: ignore[union-attr]
            closings = (")", ",)")
        else:
            return False
        siblings, head = owner.elements, None  # type: ignore[union-attr]
    else:
        return False
    index = next((i for i, sibling in enumerate(siblings) if sibling is parent), None)
    whole = quick.range(owner)  # type: ignore[arg-type]
    if index is None or whole is None:
        return False
    if kind is cst.Arg and parent.keyword is not None:  # type: ignore[union-attr]
        named = quick.range(parent)  # type: ignore[arg-type]
        if named is None:
            return False
        keyword_end = CodePosition(named.start.line, named.start.column + len(parent.keyword.value))  # type: ignore[union-attr]
        opening, wanted = quick.between(keyword_end, where.start), "="
    elif index:
        previous = quick.range(siblings[index - 1])
        if previous is None:
            return False
        opening, wanted = quick.between(previous.end, where.start), ","
    else:
        front = quick.range(head) if head is not None else CodeRange(whole.start, whole.start)
        if front is None:
            return False
        opening, wanted = quick.between(front.end, where.start), "[" if closings[0] == "]" else "("
    if index + 1 < len(siblings):
        following = quick.range(siblings[index + 1])
        if following is None:
            return False
        closing, ends = quick.between(where.end, following.start), (",",)
    else:
        closing, ends = quick.between(where.end, whole.end), closings
    if "#" in opening or "#" in closing or "\\" in opening or "\\" in closing:
        return False  # a comment or a continuation between: not read
    return opening.strip() == wanted and "".join(closing.split()) in ends


def row_exact(quick: QuickTree, node: cst.CSTNode, parents: Parents) -> bool:
    kind = type(node)
    if kind is cst.Param:  # a parameter's line is its name's (a star before it aside)
        return node.star not in ("*", "**") and type(quick.origins.get(id(node))) is ast.arg  # type: ignore[attr-defined]
    return kind in _STATEMENT_ROWS or exact_range(quick, node, parents) is not None

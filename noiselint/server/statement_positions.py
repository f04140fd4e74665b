"""Positions for the language server, one statement at a time. libcst's positions come from
generating the whole module's code (syntax/rows.py): 20 ms of each 300-line re-check, most of
the shape pass, for the one or two nodes a finding and its fix name. A node's range depends
only on where its statement line starts and on the indentation around it: CPython's tree of
the same text says on which line each statement starts, so only the statement line holding
the node is generated. Anything this cannot place with certainty (a node outside a statement
line, a text its code does not match) gets the whole module's positions, as before; the
ranges are the same either way (tests/test_server_positions.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

from noiselint.files.lines import line_starts
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import LibcstParents
from noiselint.syntax.parse import ParsedModule
from noiselint.syntax.rows import PositionState, positions

_Range = tuple[int, int, int, int]


class StatementPositions(Mapping[cst.CSTNode, CodeRange]):
    """`ParsedModule.positions`, generated per statement line on first need."""

    def __init__(self, parsed: ParsedModule) -> None:
        # Generated on libcst's tree, asked with ours (syntax/from_libcst.py).
        converted = parsed.converted
        if converted is None:
            raise ValueError("statement positions are libcst's: a module converted from its parse")
        self._parsed = parsed
        self._module = converted.libcst_module
        self._libcst_of = converted.libcst_of
        self._parents = LibcstParents(converted, parsed.names.parents)
        self._ranges: dict[cst.CSTNode, _Range] = {}
        self._done: set[int] = set()  # ids of the statement lines generated
        self._rows: dict[int, int] | None = None  # statement line's id -> its first row (leading lines included)
        self._starts: list[int] = []
        self._whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def __getitem__(self, node: nodes.CSTNode) -> CodeRange:
        real = self._libcst_of.get(id(node))
        if real is None:
            raise KeyError(node)
        if self._whole is None and (found := self._placed(real)) is not None:
            return CodeRange(CodePosition(found[0], found[1]), CodePosition(found[2], found[3]))
        return self.whole()[real]

    def get(self, node: nodes.CSTNode, default: object = None) -> object:  # type: ignore[override]
        try:
            return self[node]
        except KeyError:
            return default

    def __contains__(self, node: object) -> bool:
        real = self._libcst_of.get(id(node))
        if real is None:
            return False
        if self._whole is None and self._placed(real) is not None:
            return True
        return real in self.whole()

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())

    def whole(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._whole is None:
            self._whole = positions(self._module)
        return self._whole

    def _placed(self, node: cst.CSTNode) -> _Range | None:
        """The node's range from its statement line alone, or None when that cannot be sure."""
        found = self._ranges.get(node)
        if found is not None:
            return found
        line, indents = self._statement_of(node)
        if line is None or id(line) in self._done:
            return None
        if self._rows is None:
            self._rows = _statement_rows(self._parsed) or {}
            self._starts = line_starts(self._parsed.source.text)
        row = self._rows.get(id(line))
        if row is None or not 0 < row <= len(self._starts):
            return None
        self._done.add(id(line))
        module = self._module
        state = _LineState(module, row, [module.default_indent if i is None else i for i in indents])
        line._codegen(state)
        # The generated code must be the text at that row: anything else (a row the trees
        # disagree on) leaves the node to the whole module's positions.
        if not self._parsed.source.text.startswith("".join(state.tokens), self._starts[row - 1]):
            return None
        for each, place in state.ranges.items():
            self._ranges.setdefault(each, place)
        return self._ranges.get(node)

    def _statement_of(self, node: cst.CSTNode) -> tuple[cst.CSTNode | None, list[str | None]]:
        """The innermost statement line (a statement of a module's or block's body) holding
        `node`, and the indentation of the blocks around it, outermost first."""
        parents = self._parents
        line: cst.CSTNode | None = None
        indents: list[str | None] = []
        child, parent = node, parents.get(node)
        while parent is not None:
            if line is None and isinstance(parent, (cst.IndentedBlock, cst.Module)):
                line = child
            if isinstance(parent, cst.IndentedBlock):
                indents.append(parent.indent)
            child, parent = parent, parents.get(parent)
        if child is not self._module:
            return None, []
        return line, indents[::-1]


class _LineState(PositionState):
    """The position state, started at a statement line's first row inside its blocks, that
    keeps its tokens too (to compare with the text)."""

    def __init__(self, module: cst.Module, row: int, indents: list[str]) -> None:
        super().__init__(module)
        self.line = row
        self.indent_tokens = indents
        self.tokens = []

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        super().add_token(value)


def _statement_rows(parsed: ParsedModule) -> dict[int, int] | None:
    """Each statement line's first row, by its id."""
    lines = statement_lines(parsed)
    return {id(line): row for line, row, _ in lines} if lines is not None else None


def statement_lines(parsed: ParsedModule) -> list[tuple[cst.CSTNode, int, list[ast.stmt]]] | None:
    """Each statement line of the module in source order, with its first row (leading lines
    included) and CPython's statements of it; None when the two trees do not line up.
    libcst's statements and CPython's, both in source order, are the same statements (a line
    of `a; b` is two of CPython's)."""
    tree = parsed.tree
    if tree is None:
        try:
            tree = ast.parse(parsed.source.text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    if parsed.converted is None:
        return None
    ours: list[cst.CSTNode | None] = []
    theirs: list[ast.stmt] = []
    try:
        _cst_statements(parsed.converted.libcst_module.body, ours)
    except _Unknown:
        return None
    _ast_statements(tree.body, theirs)
    if len(ours) != len(theirs):
        return None
    out: list[tuple[cst.CSTNode, int, list[ast.stmt]]] = []
    for index, line in enumerate(ours):
        if line is None:
            continue
        statement = theirs[index]
        first = statement.lineno
        if isinstance(line, (cst.FunctionDef, cst.ClassDef)) and line.decorators:
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    or not statement.decorator_list:
                return None
            first = statement.decorator_list[0].lineno - len(line.decorators[0].leading_lines)
        count = len(line.body) if isinstance(line, cst.SimpleStatementLine) else 1
        out.append((line, first - len(line.leading_lines), theirs[index:index + count]))  # type: ignore[attr-defined]
    return out


class _Unknown(Exception):
    """A compound statement this module does not know the blocks of."""


def _cst_statements(body: object, out: list[cst.CSTNode | None]) -> None:
    """libcst's statements in CPython's order: a statement line where one starts, None for
    the others (the second of `a; b`, an `elif`, the statements of a one-line suite)."""
    for statement in body:  # type: ignore[attr-defined]
        if isinstance(statement, cst.SimpleStatementLine):
            out.append(statement)
            out.extend([None] * (len(statement.body) - 1))
        else:
            _compound(statement, statement, out)


def _compound(statement: cst.CSTNode, line: cst.CSTNode | None, out: list[cst.CSTNode | None]) -> None:
    out.append(line)
    if isinstance(statement, cst.If):
        _block(statement.body, out)
        if isinstance(statement.orelse, cst.If):
            _compound(statement.orelse, None, out)
        elif statement.orelse is not None:
            _block(statement.orelse.body, out)
    elif isinstance(statement, (cst.For, cst.While)):
        _block(statement.body, out)
        if statement.orelse is not None:
            _block(statement.orelse.body, out)
    elif isinstance(statement, (cst.Try, cst.TryStar)):
        _block(statement.body, out)
        for handler in statement.handlers:
            _block(handler.body, out)
        if statement.orelse is not None:
            _block(statement.orelse.body, out)
        if statement.finalbody is not None:
            _block(statement.finalbody.body, out)
    elif isinstance(statement, (cst.With, cst.FunctionDef, cst.ClassDef)):
        _block(statement.body, out)
    elif isinstance(statement, cst.Match):
        for case in statement.cases:
            _block(case.body, out)
    else:
        raise _Unknown(type(statement).__name__)


def _block(block: cst.BaseSuite, out: list[cst.CSTNode | None]) -> None:
    if isinstance(block, cst.IndentedBlock):
        _cst_statements(block.body, out)
    else:  # `if x: a; b`: statements of the compound's own line
        out.extend([None] * len(block.body))  # type: ignore[attr-defined]


def _ast_statements(body: list[ast.stmt], out: list[ast.stmt]) -> None:
    for statement in body:
        out.append(statement)
        _ast_statements(getattr(statement, "body", []), out)
        for handler in getattr(statement, "handlers", ()):
            _ast_statements(handler.body, out)
        _ast_statements(getattr(statement, "orelse", []), out)
        _ast_statements(getattr(statement, "finalbody", []), out)
        for case in getattr(statement, "cases", ()):
            _ast_statements(case.body, out)

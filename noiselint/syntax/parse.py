"""Parse: source text to a libcst module with what later stages read about it (positions,
scopes, qualified names), or to the NL900 diagnostic when the text is not Python. Scopes and
positions are worked out on first need, not with the parse."""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import CodeRange

from noiselint.diagnostics import Span
from noiselint.files.lines import line_starts
from noiselint.files.source import SourceFile
from noiselint.syntax.module_index import ModuleIndex, index_module
from noiselint.syntax.names import Resolved, resolve
from noiselint.syntax.quick_tree import QuickRanges, QuickTree, quick_tree
from noiselint.syntax.rows import positions, start_rows
from noiselint.syntax.scopes import ModuleScopes, Scope, analyse

if TYPE_CHECKING:
    from noiselint.project.index import Target
    from noiselint.project.names import ModuleNames


def span_of(code_range: CodeRange) -> Span:
    """libcst columns are 0-based; everything noiselint shows is 1-based (design.md §4)."""
    return Span(
        code_range.start.line,
        code_range.start.column + 1,
        code_range.end.line,
        code_range.end.column + 1,
    )


@dataclass(frozen=True)
class ParsedModule:
    """A parsed file: its source, libcst and `ast` trees, project names and memos."""

    source: SourceFile
    module: cst.Module
    # The rest of the project as this module sees it (None: this file alone).
    project: ModuleNames | None = None
    # CPython's tree of the same text, when the complexity pre-check made one (syntax/precheck.py).
    tree: ast.Module | None = None
    # Qualified names are asked of the scope analysis node by node, as QualifiedNameProvider
    # does, but only for the nodes a later stage asks about: the provider computes them for
    # every name in the file, which costs more than the parse itself. Keyed by the node's id
    # (a node's hash is a Python call; the interpreter asks ~100,000 times on keras-io), the
    # node kept beside its answer so that its id is not reused while the entry exists.
    _names: dict[int, tuple[cst.CSTNode, Resolved]] = field(default_factory=dict, repr=False)
    # Facts about the module computed once, on first need (syntax/names.py).
    memo: dict[str, object] = field(default_factory=dict, repr=False)
    # Set when `module` was built from CPython's tree (syntax/quick_tree.py): positions and
    # code come from it, and the module holds no whitespace.
    quick: QuickTree | None = field(default=None, repr=False)

    @property
    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Where each node is. libcst finds them by generating the whole module's code, so
        only on the first question."""
        if "positions" not in self.memo and self.quick is not None:
            self.memo["positions"] = QuickRanges(self.quick)
        if "positions" not in self.memo:
            # The provider's ranges by a lighter state (syntax/rows.py; tests/test_rows.py
            # holds them to PositionProvider's).
            self.memo["positions"] = positions(self.module)
        return self.memo["positions"]  # type: ignore[return-value]

    def row(self, node: cst.CSTNode) -> int:
        """The line `node` starts on; 0 when it is not of this module. Cheaper than
        `positions`, which messages about bindings need only for their line."""
        if self.quick is not None:
            return self.quick.row(node)
        if "positions" in self.memo:
            found = self.positions.get(node)
            return found.start.line if found is not None else 0
        if "rows" not in self.memo:
            self.memo["rows"] = start_rows(self.module)
        return self.memo["rows"].get(node, 0)  # type: ignore[attr-defined]

    @property
    def names(self) -> ModuleScopes:
        """Scopes, parents, source order and simple bindings of the module (syntax/scopes.py)."""
        found = self.memo.get("scopes")
        if found is None:  # asked ~60,000 times on keras-io: one dictionary lookup
            found = self.memo["scopes"] = analyse(self.module)
        return found  # type: ignore[return-value]

    def module_index(self) -> ModuleIndex:
        """Calls and changed names of the module (syntax/module_index.py), read once per
        parse: a module of the project has an evaluator per file that reads it, and each
        one read it again (with CPython's parse, for a module parsed with libcst)."""
        found = self.memo.get("module_index")
        if not isinstance(found, ModuleIndex):
            found = self.memo["module_index"] = index_module(self.source.text, self.tree)
        return found

    @property
    def scopes(self) -> Mapping[cst.CSTNode, Scope]:
        return self.names.scope_of

    def span(self, node: cst.CSTNode) -> Span:
        return span_of(self.positions[node])

    def code(self, node: cst.CSTNode) -> str:
        # Messages quote the same node again and again (a loop the interpreter unrolls).
        # By id, the node kept beside its text (as `_names`).
        texts: dict[int, tuple[cst.CSTNode, str]] = self.memo.setdefault("code", {})  # type: ignore[assignment]
        found = texts.get(id(node))
        if found is None:
            quick = self.quick.code(node) if self.quick is not None else None
            found = texts[id(node)] = (node, quick if quick is not None else self.module.code_for_node(node))
        return found[1]

    def qualified_names(self, node: cst.CSTNode) -> Collection[str]:
        """Every name `node` may refer to, through imports (`keras.layers.Dropout`), the
        binding that reaches it, aliases, and the project's own modules."""
        found = self._names.get(id(node))
        if found is None:
            found = self._names[id(node)] = (node, resolve(self, node))
        return found[1].names

    def project_targets(self, node: cst.CSTNode) -> tuple[Target, ...]:
        """What the project index found `node` to be (a def or class of another module)."""
        found = self._names.get(id(node))
        if found is None:
            found = self._names[id(node)] = (node, resolve(self, node))
        return found[1].targets


@dataclass(frozen=True)
class SyntaxProblem:
    """Why the text is not Python, where, and (for known mistakes) the repaired text."""

    message: str
    row: int
    col: int
    hint: str | None = None
    # 1-based (row, col) of characters whose deletion repairs the text.
    repair_edits: tuple[tuple[int, int], ...] = ()


def parse_source(source: SourceFile, project: ModuleNames | None = None,
                 tree: ast.Module | None = None) -> ParsedModule | SyntaxProblem:
    try:
        module = cst.parse_module(source.text)
    except cst.ParserSyntaxError as exc:
        return _syntax_problem(source.text, exc.raw_line, exc.raw_column + 1, str(exc.message))
    except RecursionError:
        return SyntaxProblem("the file is nested too deeply to parse", 1, 1)
    return ParsedModule(source=source, module=module, project=project, tree=tree)


def quick_parse(source: SourceFile, tree: ast.Module, project: ModuleNames | None = None) -> ParsedModule | None:
    """The module built from CPython's `tree` of `source` (syntax/quick_tree.py), for an
    analysis whose findings are made again on `parse_source`'s; None where it cannot be built."""
    quick = quick_tree(source.text, tree)
    if quick is None:
        return None
    return ParsedModule(source=source, module=quick.module, project=project, tree=tree, quick=quick)


def _syntax_problem(text: str, row: int, col: int, fallback: str) -> SyntaxProblem:
    # CPython's own message is the one users know; only parsing, nothing runs.
    try:
        ast.parse(text)
    except SyntaxError as exc:
        message = exc.msg
        row, col = exc.lineno or row, exc.offset or col
    except (ValueError, RecursionError, MemoryError):
        message = fallback
    else:
        message = f"libcst cannot parse this file: {fallback}"
    repaired = repair_keyword_in_tuple(text)
    if repaired is not None:
        hint, deletions = repaired
        row, col = deletions[0]
        return SyntaxProblem(message, row, col, hint=hint, repair_edits=deletions)
    return SyntaxProblem(message, row, col)


def repair_keyword_in_tuple(text: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """Spot `f((rate, kw=value))`: a keyword inside a tuple (the StackOverflow mistake).

    Returns the suggestion and the 1-based positions of the inner parentheses, whose
    deletion repairs the text; None when the mistake is not there or the repaired text
    still is not Python.
    """
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text, newline="").readline)
                  if t.type not in (tokenize.NL, tokenize.COMMENT)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    for i, tok in enumerate(tokens[:-1]):
        if not (tok.string == "(" and tokens[i + 1].string == "(" and i > 0):
            continue
        if tokens[i - 1].type != tokenize.NAME and tokens[i - 1].string not in (")", "]"):
            continue
        close = _inner_tuple_with_keyword(tokens, i + 1)
        if close is None:
            continue
        inner_open, inner_close = tokens[i + 1], tokens[close]
        fixed = _delete_chars(text, [inner_open.start, inner_close.start])
        try:
            ast.parse(fixed)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        callee = _dotted_name_before(tokens, i)
        inner = _source_between(text, inner_open.end, inner_close.start)
        hint = f"did you mean `{callee}({' '.join(inner.split())})`?"
        at = [(t.start[0], t.start[1] + 1) for t in (inner_open, inner_close)]
        return hint, tuple(at)
    return None


def _dotted_name_before(tokens: list[tokenize.TokenInfo], index: int) -> str:
    """`layers.Dropout` for the tokens just before `(` at `index`."""
    parts = [tokens[index - 1].string]
    k = index - 1
    while k >= 2 and tokens[k - 1].string == "." and tokens[k - 2].type == tokenize.NAME:
        parts.insert(0, tokens[k - 2].string)
        k -= 2
    return ".".join(parts)


def _inner_tuple_with_keyword(tokens: list[tokenize.TokenInfo], start: int) -> int | None:
    """Index of the `)` closing tokens[start], if a top-level `name=` sits inside it."""
    depth, keyword = 0, False
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.string in "([{" and tok.type == tokenize.OP:
            depth += 1
        elif tok.string in ")]}" and tok.type == tokenize.OP:
            depth -= 1
            if depth == 0:
                followed = j + 1 < len(tokens) and tokens[j + 1].string == ")"
                return j if keyword and followed else None
        elif (depth == 1 and tok.string == "=" and tokens[j - 1].type == tokenize.NAME
              and tokens[j - 2].string in (",", "(")):
            keyword = True
    return None


def _delete_chars(text: str, positions: list[tuple[int, int]]) -> str:
    starts = line_starts(text)
    for row, col in sorted(positions, reverse=True):
        at = starts[row - 1] + col
        text = text[:at] + text[at + 1 :]
    return text


def _source_between(text: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    starts = line_starts(text)
    return text[starts[start[0] - 1] + start[1] : starts[end[0] - 1] + end[1]]

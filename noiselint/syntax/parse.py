"""Parse: source text to a libcst module with what later stages read about it (positions,
scopes, qualified names), or to the NL900 diagnostic when the text is not Python. Scopes and
positions are worked out on first need, not with the parse."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from noiselint.diagnostics import Span
from noiselint.files.lines import line_starts
from noiselint.files.source import SourceFile
from noiselint.syntax import nodes as cst
from noiselint.syntax.code_range import CodeRange
from noiselint.syntax.module_index import ModuleIndex, index_module
from noiselint.syntax.names import Resolved, resolve
from noiselint.syntax.quick_exact import code_exact, exact_range, inexact, row_exact
from noiselint.syntax.quick_tree import QuickRanges, QuickTree, quick_tree
from noiselint.syntax.scopes import ModuleScopes, Scope, analyse

if TYPE_CHECKING:
    import libcst

    from noiselint.project.index import Target
    from noiselint.project.names import ModuleNames
    from noiselint.syntax.from_libcst import Converted


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
    """A parsed file: its source, its trees (noiselint's nodes, libcst's, CPython's), project
    names and memos."""

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
    # Set when `module` was converted from libcst's parse (syntax/from_libcst.py): positions,
    # code and fixes come from libcst's nodes.
    converted: Converted | None = field(default=None, repr=False)

    def libcst_node(self, node: cst.CSTNode) -> libcst.CSTNode | None:
        """The libcst node `node` was made from (a fix edits it); None on a quick tree."""
        if self.converted is None:
            inexact("a fix edits libcst's tree")
            return None
        return self.converted.libcst_of.get(id(node))

    @property
    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Where each node is. libcst finds them by generating the whole module's code, so
        only on the first question."""
        if "positions" not in self.memo and self.quick is not None:
            self.memo["positions"] = QuickRanges(self.quick)
        if "positions" not in self.memo:
            # The provider's ranges by a lighter state (syntax/rows.py; tests/test_rows.py
            # holds them to PositionProvider's).
            from noiselint.syntax.rows import positions  # libcst's tree: imported with it

            converted = self._converted()
            self.memo["positions"] = _OfOurs(positions(converted.libcst_module), converted.libcst_of)
        return self.memo["positions"]  # type: ignore[return-value]

    def row(self, node: cst.CSTNode) -> int:
        """The line `node` starts on; 0 when it is not of this module. Cheaper than
        `positions`, which messages about bindings need only for their line."""
        if self.quick is not None:
            if not row_exact(self.quick, node, self.names.parents):
                inexact(f"the line of a {type(node).__name__}")
            return self.quick.row(node)
        if "positions" in self.memo:
            found = self.positions.get(node)
            return found.start.line if found is not None else 0
        if "rows" not in self.memo:
            from noiselint.syntax.rows import start_rows  # libcst's tree: imported with it

            converted = self._converted()
            self.memo["rows"] = _OfOurs(start_rows(converted.libcst_module), converted.libcst_of)
        return self.memo["rows"].get(node, 0)  # type: ignore[attr-defined]

    def _converted(self) -> Converted:
        if self.converted is None:
            raise ValueError("a module that is neither a quick tree nor libcst's parse")
        return self.converted

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
        if self.quick is not None:
            found = exact_range(self.quick, node, self.names.parents)
            if found is not None:
                return span_of(found)
            inexact(f"the span of a {type(node).__name__}")
        return span_of(self.positions[node])

    def code(self, node: cst.CSTNode | libcst.CSTNode) -> str:
        """The code of `node`: one of this module's, or a libcst node a fix made."""
        # Messages quote the same node again and again (a loop the interpreter unrolls).
        # By id, the node kept beside its text (as `_names`).
        # On a quick tree, whether the text is libcst's too (syntax/quick_exact.py), asked again
        # by each pass that reads it: a project module's tree serves many files' passes.
        texts: dict[int, tuple[object, str, bool]] = self.memo.setdefault("code", {})  # type: ignore[assignment]
        found = texts.get(id(node))
        if found is None:
            text = self.quick.code(node) if self.quick is not None else None  # type: ignore[arg-type]
            exact = True
            if text is not None:
                exact = code_exact(self.quick, node, text, self.names.parents)  # type: ignore[arg-type]
            else:
                converted = self._converted()
                real = converted.libcst_of.get(id(node), node) if isinstance(node, cst.CSTNode) else node
                text = converted.libcst_module.code_for_node(real)  # type: ignore[arg-type]
            found = texts[id(node)] = (node, text, exact)
        if not found[2]:
            inexact(f"the code of a {type(node).__name__}")
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


class _OfOurs(Mapping[cst.CSTNode, object]):
    """A mapping keyed by libcst's nodes, asked with ours (`libcst_of`)."""

    def __init__(self, found: Mapping[object, object], libcst_of: Mapping[int, object]) -> None:
        self._found = found
        self._libcst_of = libcst_of

    def __getitem__(self, node: cst.CSTNode) -> object:
        real = self._libcst_of.get(id(node))
        if real is None:
            raise KeyError(node)
        return self._found[real]

    def get(self, node: cst.CSTNode, default: object = None) -> object:  # type: ignore[override]
        real = self._libcst_of.get(id(node))
        return default if real is None else self._found.get(real, default)

    def __contains__(self, node: object) -> bool:
        real = self._libcst_of.get(id(node))
        return real is not None and real in self._found

    def __iter__(self) -> Iterator[cst.CSTNode]:
        raise TypeError("asked node by node")

    def __len__(self) -> int:
        return len(self._found)


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
    """libcst's parse of `source`, as noiselint's nodes (its nodes kept for fixes and code)."""
    # Imported here: a file with nothing to report never needs libcst. Not frozen (as
    # heap.importing would): this file's trees exist already, and a freeze would keep them.
    import libcst

    from noiselint.syntax.from_libcst import convert

    try:
        module = libcst.parse_module(source.text)
    except libcst.ParserSyntaxError as exc:
        return _syntax_problem(source.text, exc.raw_line, exc.raw_column + 1, str(exc.message))
    except RecursionError:
        return SyntaxProblem("the file is nested too deeply to parse", 1, 1)
    try:
        converted = convert(module)
    except RecursionError:
        return SyntaxProblem("the file is nested too deeply to parse", 1, 1)
    return ParsedModule(source=source, module=converted.module, project=project, tree=tree, converted=converted)


# CPython's messages for Python 2's print and exec statements, which no Python 3 grammar has:
# libcst rejects such a text too, and its NL900 is CPython's message and place
# (`_syntax_problem`), so it is made without importing libcst (100 ms; a Python 2 file is the
# usual NL900 of real trees). Not where the text has an f-string: CPython 3.11 reads a newer
# Python's nested quotes (or a t-string) as other tokens, which libcst may parse.
_PYTHON_2_STATEMENTS = ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'")
_F_STRING = r"(?<![\w])[rRbB]?[fFtT][rRbB]?['\"]"  # f- and t-strings; compiled by `re` at its first use


def python_2_problem(text: str, rejected: str | None) -> SyntaxProblem | None:
    """The NL900 of a text CPython rejects for a Python 2 statement, made as `parse_source`
    makes it, or None when libcst must say."""
    if rejected is None or not rejected.startswith(_PYTHON_2_STATEMENTS) or re.search(_F_STRING, text):
        return None
    return _syntax_problem(text, 1, 1, rejected)


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

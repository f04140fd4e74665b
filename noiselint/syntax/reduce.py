"""Reduce: the part of a too-large file that can hold findings, for libcst to check.

A file over the pre-check's limits (syntax/precheck.py) cannot go to libcst whole: its parse
cannot be interrupted and costs about 0.05 ms a node. CPython has parsed it already, so the
top-level statements that matter are picked from its tree, and the others are blanked out
line for line: every kept line keeps its row and column, so findings, fixes and `# noqa`
comments stay where they are.

A statement is kept when it holds a candidate call (a dropout API, `._keras_shape`), when it
is an import, when it holds something a rule reads file-wide rather than through names (a
TF 1 name, a call that fixes the batch: `Input(batch_size=...)`, `stateful=`), or when it
mentions a name (or attribute) that a kept statement mentions, until nothing changes. So a
blanked statement never binds, rebinds or mutates anything a kept statement can see (a
name bound twice in the file stays bound twice, and `model.add(...)` stays with `model`):
the kept statements get the findings the whole file would give. Only names bound nowhere in
the file (builtins, undefined names) connect nothing, and only when there is no star import.

When the kept statements are still too large (a 100,000-term expression in the statement
that builds the noise shape), their largest side-effect-free expressions (no call, lambda,
walrus, yield or await) are replaced by an unbound name, padded to the same rows and
columns: an unbound name is unknown to every stage, and an unknown value never makes a
finding. Those are reported (NL903 at the first of them), because they were not checked.
"""

from __future__ import annotations

import ast
import keyword
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from noiselint.apis.dropout import PREFILTER_WORDS
from noiselint.apis.tf1 import TF1_MEMBERS, TF1_ONLY
from noiselint.files.lines import line_starts, split_lines
from noiselint.syntax.precheck import MAX_CHARS, MAX_NODES, Precheck, SourceText, precheck, string_pieces
from noiselint.syntax.prefilter import calls_candidate, dotted_name, import_map, plain_sites_matter, statement_sites

if TYPE_CHECKING:
    from noiselint.diagnostics import Diagnostic
    from noiselint.project.names import ModuleNames

PLACEHOLDER = "__noiselint_unchecked__"
# A side-effect-free expression at least this large (nodes) or deep is taken as unknown,
# when the kept statements are over the pre-check's limits.
BIG_EXPRESSION = 1_000
DEEP_EXPRESSION = 40
# Calls whose keyword tells a rule file-wide that the model's batch is fixed (checks/batch_names.py).
_FILE_WIDE_KEYWORDS = frozenset({"batch_shape", "batch_input_shape", "batch_size", "stateful"})
_IMPURE = (ast.Call, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await, ast.Lambda)
_TF1_NAMES = TF1_ONLY | {m.rsplit(".", 1)[-1] for m in TF1_MEMBERS}
_SHOWN = re.compile(rf"\(\s*{PLACEHOLDER}\s*\)")


@dataclass(frozen=True)
class Unchecked:
    """An expression taken as unknown: where it starts and ends (1-based rows, 0-based
    character columns) and its size."""

    row: int
    col: int
    end_row: int
    end_col: int
    nodes: int


@dataclass(frozen=True)
class Reduction:
    """A too complex text with its largest expressions blanked out, and what was left unchecked."""

    text: str
    checked: Precheck  # the pre-check of `text`: within the limits
    left_out: int  # top-level statements blanked out
    unchecked: tuple[Unchecked, ...]  # expressions taken as unknown
    why: str = ""  # the pre-check's reason the whole file could not go to libcst

    def describe_unchecked(self) -> str:
        first = self.unchecked[0]
        more = f" and {len(self.unchecked) - 1} more" if len(self.unchecked) > 1 else ""
        why = f" ({self.why})" if self.why else ""
        return (f"the file is too complex to check in full{why}: an expression of {first.nodes:,} syntax "
                f"nodes (line {first.row}){more} was taken as unknown; the rest of the file was checked")

    def keep(self, diagnostic: Diagnostic) -> Diagnostic:
        """A finding of the reduced text as the file's: the stand-in never shows in a message,
        and no fix is offered (a fix is checked by parsing the whole fixed file, which is
        what was too large)."""
        message = _SHOWN.sub("…", diagnostic.message).replace(PLACEHOLDER, "…")
        return replace(diagnostic, message=message, fix=None)


@dataclass
class _Unit:
    """Top-level statements that share lines (`a = 1; b = 2`) are kept or blanked together."""

    start: int
    end: int
    statements: list[ast.stmt]
    mentions: set[str]
    root: bool  # kept in any case
    seeds: bool  # its mentions make other statements matter
    nodes: int = 0


def reduce_text(text: str, checked: Precheck, project: ModuleNames | None = None,
                every_site: bool = True) -> Reduction | None:
    """`text` (over the pre-check's limits) reduced to what can matter, or None.
    `every_site` False: plain `Dropout(0.3)` sites need not be checked (syntax/prefilter.py)."""
    if checked.tree is not None:
        reduction = reduce_module(text, checked.tree, project, every_site)
    elif len(text) <= MAX_CHARS:
        return None  # Python itself rejects the text: nothing to reduce
    else:
        reduction = _reduce_large(text, project, every_site)
    return replace(reduction, why=checked.too_complex or "") if reduction is not None else None


def reduce_module(text: str, tree: ast.Module, project: ModuleNames | None = None,
                  every_site: bool = True) -> Reduction | None:
    """The file with only what can matter to its findings, within the pre-check's limits;
    None when even that is too large (or the file holds the stand-in name itself)."""
    if PLACEHOLDER in text:
        return None
    imports, star = import_map(tree)
    plain_matters = every_site or plain_sites_matter(text, imports, star, project)
    units = _units(tree)
    bound: set[str] = set()
    for unit in units:
        _scan(unit, imports, star, project, bound, plain_matters)
    mentioned = set().union(*(u.mentions for u in units)) if units else set()
    inert = set() if star else mentioned - bound  # bound nowhere: the same in every statement
    kept = _closure(units, inert)
    # Only a statement this large can hold an expression to take as unknown: without them,
    # is what is kept within the node limit at all?
    small = sum(u.nodes for u in units if kept[id(u)] and u.nodes < BIG_EXPRESSION)
    if small > MAX_NODES:
        return None
    lines = split_lines(text, keepends=True)
    runs: list[tuple[int, int]] = []  # rows of consecutive blanked units (comments between them too)
    previous_blanked = False
    for unit in units:
        if kept[id(unit)]:
            previous_blanked = False
            continue
        if previous_blanked:
            runs[-1] = (runs[-1][0], unit.end)
        else:
            runs.append((unit.start, unit.end))
        previous_blanked = True
    pieces, row = [], 1
    for start, end in runs:
        pieces.append("".join(lines[row - 1:start - 1]))
        pieces.append(_stand_in_lines("".join(lines[start - 1:end])))
        row = end + 1
    pieces.append("".join(lines[row - 1:]))
    reduced = "".join(pieces)
    blanked = [u for u in units if not kept[id(u)]]
    # Nothing left out: the text is the one the pre-check refused.
    checked = precheck(reduced) if blanked else Precheck(tree, "unchanged")
    unchecked: tuple[Unchecked, ...] = ()
    if checked.too_complex is not None:
        if checked.tree is None:
            return None
        reduced, unchecked = _stand_ins(reduced, [u for u in units if kept[id(u)]])
        checked = precheck(reduced)
        if checked.too_complex is not None or checked.tree is None:
            return None
    return Reduction(reduced, checked, len(blanked), unchecked)


def _units(tree: ast.Module) -> list[_Unit]:
    units: list[_Unit] = []
    for statement in tree.body:
        decorators = getattr(statement, "decorator_list", None) or []
        start = min([statement.lineno, *(d.lineno for d in decorators)])
        end = statement.end_lineno or statement.lineno
        if units and start <= units[-1].end:
            units[-1].end = max(units[-1].end, end)
            units[-1].statements.append(statement)
        else:
            units.append(_Unit(start, end, [statement], set(), False, False))
    return units


def _scan(unit: _Unit, imports: dict[str, str], star: bool, project: ModuleNames | None,
          bound: set[str], plain_matters: bool) -> None:
    """The names and attributes a unit mentions, the names it binds (into `bound`), and
    whether it must be kept."""
    mentions = unit.mentions
    root = importing = False
    only_imports = all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in unit.statements)
    for node in (n for s in unit.statements for n in ast.walk(s)):
        unit.nodes += 1
        if isinstance(node, ast.Name):
            mentions.add(node.id)
            if not isinstance(node.ctx, ast.Load):
                bound.add(node.id)
        elif isinstance(node, ast.Attribute):
            mentions.add(node.attr)
            if node.attr == "_keras_shape" or _tf1_marker(node, imports, star or project is not None):
                root = True
            if not isinstance(node.ctx, ast.Load):
                bound.update(_root_names(node))
        elif isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
            bound.update(_root_names(node))
        elif isinstance(node, ast.Call):
            if (plain_matters and calls_candidate(node.func, imports, star, project)) or \
                    any(k.arg in _FILE_WIDE_KEYWORDS for k in node.keywords):
                root = True
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            importing = True
            for alias in node.names:
                if alias.name == "*" or (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                    root = True
                # Bound only by imports, a name means the same in every statement: it connects
                # nothing (a rebinding, `del` or `layers.X = ...` elsewhere makes it bound).
                mentions.add(alias.asname or alias.name.split(".")[0])
        else:
            for name in _binds(node):
                mentions.add(name)
                bound.add(name)
    if not plain_matters and not root:
        # Plain `Dropout(0.3)` sites have nothing to find (syntax/prefilter.py): a statement
        # holding only those matters only through its names.
        root = any(statement_sites(s, imports, star, project) == "site" for s in unit.statements)
    # An import is kept, but what it binds matters only to the statements that use it.
    unit.root = root or importing
    unit.seeds = root or not only_imports


def _tf1_marker(node: ast.Attribute, imports: dict[str, str], unsure: bool) -> bool:
    """Whether `node` may be a TF 1 name (`tf.placeholder`), which makes the whole file TF 1
    code (apis/tf1.py); `unsure`: names may come from a star import or the project."""
    if node.attr not in _TF1_NAMES:
        return False
    full = dotted_name(node, imports)
    if full is None:
        return False
    if unsure:
        return True
    return full in TF1_MEMBERS or (full == f"tensorflow.{node.attr}" and node.attr in TF1_ONLY)


def _binds(node: ast.AST) -> Iterator[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield node.name
    elif isinstance(node, ast.arg):
        yield node.arg
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        yield from node.names
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        yield node.name
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield node.rest


def _root_names(node: ast.expr) -> Iterator[str]:
    """The name under `a.b[c].d = ...`: an object changed in place."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    if isinstance(node, ast.Name):
        yield node.id


def _closure(units: list[_Unit], inert: set[str]) -> dict[int, bool]:
    kept = {id(u): u.root for u in units}
    users: dict[str, list[_Unit]] = {}
    for unit in units:
        for name in unit.mentions - inert:
            users.setdefault(name, []).append(unit)
    seen: set[str] = set()
    pending = [n for u in units if u.root and u.seeds for n in u.mentions - inert]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for unit in users.get(name, ()):
            if not kept[id(unit)]:
                kept[id(unit)] = True
                pending.extend(unit.mentions - inert - seen)
    return kept


def _stand_in_lines(piece: str) -> str:
    """Whole top-level statements (rows from column 0) left out: the same rows as one string
    statement, `\"\"\"` on the first and last row, which libcst parses as one node (as many
    empty lines cost it a node each: 250,000 of them take a minute)."""
    breaks = _BREAKS.findall(piece)
    closed = bool(breaks) and piece.endswith(breaks[-1])
    rows = len(breaks) + (0 if closed else 1)
    if rows <= 1:
        return "".join(breaks)
    if closed:
        return '"""' + "".join(breaks[:-1]) + '"""' + breaks[-1]
    return '"""' + "".join(breaks) + '"""'


# Stand-ins for expressions too large to check ------------------------------------------

@dataclass
class _Measure:
    """An `ast` node's size, depth and whether it is free of side effects."""

    nodes: int
    depth: int
    pure: bool


def _stand_ins(text: str, units: list[_Unit]) -> tuple[str, tuple[Unchecked, ...]]:
    lines = split_lines(text, keepends=True)
    starts = line_starts(text)
    chosen: list[Unchecked] = []
    source = SourceText(text)
    for unit in units:
        if unit.nodes < DEEP_EXPRESSION and not _long(unit, starts, len(text)):
            continue  # too small to hold an expression that large or deep
        for statement in unit.statements:
            measures = _measure(statement, source)
            chosen.extend(_choose(statement, measures, lines))
    chosen.sort(key=lambda u: (u.row, u.col))
    out, at = [], 0
    for place in chosen:  # never nested: a chosen expression's insides are not looked at
        begin = starts[place.row - 1] + place.col
        end = starts[place.end_row - 1] + place.end_col
        out.extend((text[at:begin], _padded(text[begin:end])))
        at = end
    out.append(text[at:])
    return "".join(out), tuple(chosen)


def _long(unit: _Unit, starts: list[int], size: int) -> bool:
    """A unit of few nodes that may still be deep: adjacent string literals are one node to
    CPython and a nest of pairs to libcst."""
    end = starts[unit.end] if unit.end < len(starts) else size
    return end - starts[unit.start - 1] > 2 * DEEP_EXPRESSION


def _measure(statement: ast.stmt, text: SourceText | None = None) -> dict[int, _Measure]:
    """Size, depth (an `a and b and c` chain, or `'a' 'b' 'c'`, as deep as it is long, as
    libcst nests it) and purity of every node under `statement`, bottom up without recursion."""
    measures: dict[int, _Measure] = {}
    stack: list[tuple[ast.AST, list[ast.AST] | None]] = [(statement, None)]
    while stack:
        node, children = stack.pop()
        if children is None:
            children = list(ast.iter_child_nodes(node))
            stack.append((node, children))
            stack.extend((child, None) for child in children)
            continue
        inner = [measures[id(c)] for c in children]
        extra = len(node.values) - 1 if isinstance(node, ast.BoolOp) else \
            string_pieces(node, text) - 1 if isinstance(node, (ast.Constant, ast.JoinedStr)) and text is not None else 0
        pure = not isinstance(node, _IMPURE) and all(m.pure for m in inner) and not (
            isinstance(node, ast.Attribute) and (node.attr == "_keras_shape" or node.attr in _TF1_NAMES))
        measures[id(node)] = _Measure(1 + sum(m.nodes for m in inner),
                                      1 + extra + max((m.depth for m in inner), default=0), pure)
    return measures


def _choose(statement: ast.stmt, measures: dict[int, _Measure], lines: list[str]) -> Iterator[Unchecked]:
    """The largest side-effect-free expressions that may stand in for unknown: read, never
    bound (`ctx` Load), not a `*` item, not inside an f-string or a `case` pattern."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        measure = measures[id(node)]
        if isinstance(node, ast.expr) and measure.pure and _replaceable(node) and \
                (measure.nodes >= BIG_EXPRESSION or measure.depth >= DEEP_EXPRESSION):
            place = _place(node, lines, measure.nodes)
            if place is not None:
                yield place
                continue
        if isinstance(node, (ast.JoinedStr, ast.pattern)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _replaceable(node: ast.expr) -> bool:
    return not isinstance(node, (ast.Starred, ast.JoinedStr, ast.FormattedValue)) and \
        isinstance(getattr(node, "ctx", ast.Load()), ast.Load)


def _place(node: ast.expr, lines: list[str], nodes: int) -> Unchecked | None:
    end_row, end_byte = node.end_lineno, node.end_col_offset
    if end_row is None or end_byte is None or end_row > len(lines):
        return None
    col, end_col = _column(lines[node.lineno - 1], node.col_offset), _column(lines[end_row - 1], end_byte)
    if end_row == node.lineno:
        segment = lines[end_row - 1][col:end_col]
    else:
        segment = "".join([lines[node.lineno - 1][col:], *lines[node.lineno:end_row - 1], lines[end_row - 1][:end_col]])
    if "noqa" in segment or (end_row == node.lineno and end_col - col < len(PLACEHOLDER) + 2):
        return None  # a noqa comment inside must stay; too short to hold the stand-in
    if not _room(lines[node.lineno - 1][col:] if end_row > node.lineno else lines[node.lineno - 1][col:end_col]):
        return None
    return Unchecked(node.lineno, col, end_row, end_col, nodes)


def _column(line: str, byte_offset: int) -> int:
    """CPython's columns count UTF-8 bytes; text offsets count characters."""
    return byte_offset if line.isascii() else len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _room(first_line: str) -> bool:
    return len(first_line.rstrip("\r\n")) >= len(PLACEHOLDER) + 2


def _padded(segment: str) -> str:
    """`(name)` in place of `segment`, padded with spaces to its rows and columns: line
    breaks stay (inside the parentheses they are only whitespace)."""
    out = ["\n" if c == "\n" else "\r" if c == "\r" else " " for c in segment]
    out[0], out[-1] = "(", ")"
    out[1:1 + len(PLACEHOLDER)] = PLACEHOLDER
    return "".join(out)


# Files too large for CPython's tree ---------------------------------------------------

# A file this large is read in top-level chunks found by a lexer, not parsed whole: CPython's
# tree of 10 MB takes about 2 GB and 20 s. The lexer takes about 0.3 s a MB.
MAX_LEXED_CHARS = 16_000_000
# Strings (any prefix: the prefix does not change where a string ends), comments, brackets,
# line continuations and line breaks; everything between is skipped by the regex engine.
_LEX = re.compile("|".join((
    r"(?P<string>" + "|".join((
        r"'''(?:[^'\\]|\\.|'(?!''))*'''",
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',
        r"'(?:[^'\\\r\n]|\\(?:\r\n|.))*'",
        r'"(?:[^"\\\r\n]|\\(?:\r\n|.))*"',
    )) + ")",
    r"(?P<comment>#[^\r\n]*)",
    r"(?P<open>[(\[{])",
    r"(?P<close>[)\]}])",
    r"(?P<continued>\\(?:\r\n|\r|\n))",
    r"(?P<newline>\r\n|\r|\n)",
    r"(?P<bad>['\"\\])",
)), re.DOTALL)
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_STATEMENT_START = re.compile(r"[^\W\d]|@")
_CONTINUING = re.compile(r"(?:else|elif|except|finally)\b")
_BLANK_OR_COMMENT = re.compile(r"[ \t\f]*(?:#|\r|\n|$)")
_STAR_IMPORT = re.compile(r"\bimport\s*\*")
_BREAKS = re.compile(r"\r\n|\r|\n")
_KEYWORDS = frozenset(keyword.kwlist) - {"import"}
# Words that make a chunk matter by themselves: a dropout API, `._keras_shape`, a TF 1 name,
# a batch-fixing keyword, an import.
_ROOT_PARTS = PREFILTER_WORDS  # "_keras_shape" is among them
_ROOT_WORDS = _TF1_NAMES | _FILE_WIDE_KEYWORDS | {"import"}


def _reduce_large(text: str, project: ModuleNames | None, every_site: bool) -> Reduction | None:
    """A file too large for CPython's tree: split at the top-level statements a lexer finds
    (a line at column 0, outside any string or bracket, that starts a statement), keep the
    chunks connected (by any identifier they hold, strings and comments included) to the
    chunks with a dropout word, an import or a file-wide fact, then treat the rest as
    `reduce_module` does. No name counts as unbound here, and a star import gives up."""
    if len(text) > MAX_LEXED_CHARS or _STAR_IMPORT.search(text):
        return None
    starts = _statement_starts(text)
    if starts is None:
        return None
    chunks = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    words = [_words(chunk) for chunk in chunks]
    roots = [bool(found & _ROOT_WORDS) or any(part in chunk for part in _ROOT_PARTS)
             for found, chunk in zip(words, chunks, strict=True)]
    users: dict[str, list[int]] = {}
    for i, found in enumerate(words):
        for word in found:
            users.setdefault(word, []).append(i)
    kept = list(roots)
    pending = [w for i, found in enumerate(words) if roots[i] for w in found]
    seen: set[str] = set()
    while pending:
        word = pending.pop()
        if word in seen:
            continue
        seen.add(word)
        for i in users.get(word, ()):
            if not kept[i]:
                kept[i] = True
                pending.extend(words[i] - seen)
    pieces, run = [], []
    for chunk, keep in zip(chunks, kept, strict=True):
        if keep:
            pieces.extend((_stand_in_lines("".join(run)) if run else "", chunk))
            run = []
        else:
            run.append(chunk)
    pieces.append(_stand_in_lines("".join(run)) if run else "")
    reduced = "".join(pieces)
    left_out = kept.count(False)
    checked = precheck(reduced)
    if checked.tree is None:
        return None
    if checked.too_complex is None:
        return Reduction(reduced, checked, left_out, ())
    further = reduce_module(reduced, checked.tree, project, every_site)
    if further is None:
        return None
    return Reduction(further.text, further.checked, left_out + further.left_out, further.unchecked)


def _statement_starts(text: str) -> list[int] | None:
    """Offsets of the lines that begin top-level statements (decorators with their def);
    None when the lexer finds something that is not Python (an unterminated string)."""
    clean = [0]  # line starts outside any string, bracket or continued line
    depth = 0
    for match in _LEX.finditer(text):
        kind = match.lastgroup
        if kind == "newline":
            if depth == 0:
                clean.append(match.end())
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                return None
        elif kind == "bad":
            return None
    starts = [0]
    decorated = text.startswith("@")  # the last line with code was a decorator's
    for at in clean[1:]:
        if _BLANK_OR_COMMENT.match(text, at):
            continue
        if _STATEMENT_START.match(text, at) and not _CONTINUING.match(text, at) and not decorated:
            starts.append(at)
        decorated = text.startswith("@", at)
    return starts


def _words(chunk: str) -> set[str]:
    """The identifiers of a chunk, as Python spells them (NFKC), keywords aside."""
    found = set(_IDENTIFIER.findall(chunk))
    if not chunk.isascii():
        found = {unicodedata.normalize("NFKC", w) for w in found}
    return found - _KEYWORDS

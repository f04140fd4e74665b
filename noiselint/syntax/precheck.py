"""Complexity pre-check: before libcst sees a file, decide from CPython's own parse whether
libcst can take it.

libcst's native parser crashes the whole process (SIGSEGV) on a few thousand levels of
nesting; its Python visitors hit the recursion limit at about 150; its metadata costs about
0.1-0.5 ms per node. CPython's parser (C, ~40 times faster, with clean errors) measures the
tree first: a file that is too large, too deep or too long for libcst becomes one NL903
finding instead of a crash or a hang. Real model files stay far below these limits (the
deepest of the 26 dropout-using files in Keras and TensorFlow is 19 levels, the largest
20,000 nodes).
"""

from __future__ import annotations

import ast
import io
import tokenize
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from noiselint.files.lines import split_lines
from noiselint.syntax.ast_children import EXPANDERS, Expand, expander
from noiselint.syntax.string_literals import string_literals

MAX_CHARS = 2_000_000  # characters of source
MAX_NODES = 100_000  # CPython syntax-tree nodes
MAX_DEPTH = 100  # nesting, as libcst nests (a chain `a and b and c` is as deep as it is long)
_CHAIN_TOKENS = frozenset({"+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>", "and", "or",
                           "."})


@dataclass(frozen=True)
class Precheck:
    """The complexity pre-check of a text: CPython's tree, its nodes, and why it is too complex."""

    tree: ast.Module | None  # CPython's tree, when the text parses
    too_complex: str | None = None  # why libcst must not see the file
    # Every node of `tree` in `ast.walk`'s order, when it was measured whole, but the nodes
    # without fields (`Load`, `Add`, `Pass`: no stage looks for them).
    nodes: tuple[ast.AST, ...] = ()
    rejected: str | None = None  # CPython's message, when the text does not parse


class Kinds:
    """The nodes of the classes later stages look for, each list in `ast.walk`'s order: the
    prefilter's calls, names and attributes (a dropout API's mention, `._keras_shape`) and
    imports and aliases (`binds`: `Import`, `ImportFrom` and `Assign` in one list, whose order
    the import map reads); the module index's calls and item or attribute stores. The limit
    walk puts each node in its list as it meets it, so neither stage loops over every node
    (two thirds of them are of none of these classes' but `Name`)."""

    __slots__ = ("attributes", "binds", "calls", "names", "subscripts")

    def __init__(self) -> None:
        self.calls: list[ast.Call] = []
        self.attributes: list[ast.Attribute] = []
        self.names: list[ast.Name] = []
        self.subscripts: list[ast.Subscript] = []
        self.binds: list[ast.Import | ast.ImportFrom | ast.Assign] = []

    def recorders(self) -> dict[type, Any]:
        """Each recorded class's list's `append` (but `Name`'s: the walk adds names itself)."""
        binds = self.binds.append
        return {ast.Call: self.calls.append, ast.Attribute: self.attributes.append,
                ast.Subscript: self.subscripts.append, ast.Import: binds, ast.ImportFrom: binds,
                ast.Assign: binds}

    def add_all(self, nodes: Iterable[ast.AST]) -> Kinds:
        recorders = self.recorders()
        recorders[ast.Name] = self.names.append
        for node in nodes:
            add = recorders.get(type(node))
            if add is not None:
                add(node)
        return self


def precheck(text: str) -> Precheck:
    if len(text) > MAX_CHARS:
        # Not a limit on what is checked (larger files are cut down to what can matter,
        # syntax/reduce.py, up to the reader's 64 MB): the most that goes to libcst whole.
        return Precheck(None, f"the file has {len(text):,} characters, more than the {MAX_CHARS:,} "
                              "noiselint parses in one piece")
    try:
        tree = ast.parse(text)
    except (RecursionError, MemoryError):
        return Precheck(None, "Python itself cannot compile it: it is nested too deeply")
    except SyntaxError as exc:
        message = str(exc.msg)
        if "too many nested" in message or "too complex" in message:
            return Precheck(None, f"Python rejects it: {message}")
        # libcst reports the syntax error (NL900), unless the text would crash it.
        return Precheck(None, _token_scan(text), rejected=message)
    except ValueError:  # NUL bytes: the reader has refused those already
        return Precheck(None, None)
    kinds = Kinds()
    too_complex, nodes = _measure(tree, SourceText(text), kinds)
    if too_complex is None:
        _KINDS[tree] = kinds  # (the tree itself is in no list: an entry holding its key would never go)
    return Precheck(tree, too_complex, () if too_complex else nodes)


# Each measured tree's nodes by class, for a later stage handed only the tree (the prefilter,
# the module index) to read without walking it again; gone with the tree.
_KINDS: weakref.WeakKeyDictionary[ast.AST, Kinds] = weakref.WeakKeyDictionary()


def kinds_of(tree: ast.AST) -> Kinds | None:
    """The nodes of `tree` of the classes `Kinds` keeps, when `precheck` measured it whole."""
    return _KINDS.get(tree)


def _measure(tree: ast.Module, text: SourceText | None = None,
             kinds: Kinds | None = None) -> tuple[str | None, tuple[ast.AST, ...]]:
    """Why the tree is too large or deep for libcst, if it is, and its nodes with a field
    breadth first (as `ast.walk`, without its two generators per node, which cost as much as
    the parse); those of `Kinds`' classes are put in `kinds` too."""
    nodes = _walk_within_limits(tree, text, kinds)
    if nodes is not None:
        return None, nodes
    # Near a limit: the walk of every node says which limit, and at which node.
    too_complex, nodes = _measure_every_node(tree, text)
    if kinds is not None and too_complex is None:
        kinds.add_all(nodes)
    return too_complex, nodes


# Classes the walk does something with besides reading their children: a name is counted (its
# context) and recorded, a constant or formatted string may be adjacent literals libcst nests,
# a `BoolOp` a chain, and `Kinds` keeps some. Any other class is read by its child reader
# (`EXPANDERS`) with no other test.
_NOT_PLAIN = frozenset({ast.Name, ast.Constant, ast.JoinedStr, ast.BoolOp, *Kinds().recorders()})


def _walk_within_limits(tree: ast.Module, text: SourceText | None,
                        kinds: Kinds | None = None) -> tuple[ast.AST, ...] | None:
    """`_measure_every_node`'s nodes, but the nodes without fields, for a tree far enough
    within the limits that they cannot break one (None otherwise): no node is as deep as
    the limit (so a child one deeper is not past it), and there are at most MAX_NODES in all.

    Walked a level at a time (the nodes one deeper than the level before), which is
    `ast.walk`'s breadth-first order: a node's depth is its level's, so none is kept per node,
    but below a node that libcst nests deeper than CPython (`a and b and c`, adjacent
    literals), whose descendants' extra depth is kept by id, for the next level. A level with
    none of those is walked without asking (the common case: most files have no such node,
    and only the levels below one have)."""
    nodes: list[ast.AST] = [tree]
    level: list[ast.AST] = [tree]
    depth = 1
    kinds = kinds if kinds is not None else Kinds()
    record, add_name = kinds.recorders(), kinds.names.append
    name, constant, joined, bool_op = ast.Name, ast.Constant, ast.JoinedStr, ast.BoolOp
    fieldless = 0
    extra: dict[int, int] = {}  # id(node) -> how much deeper libcst nests it than its level
    while level:
        if depth >= MAX_DEPTH or len(nodes) > MAX_NODES:
            return None
        following: list[ast.AST] = []
        add_node, extend_nodes = following.append, following.extend
        if extra:
            found = _level_below_chains(level, depth, extra, record, add_name, text, following)
            if found is None:
                return None
            fieldless += found[0]
            extra = found[1]
            nodes += following
            level = following
            depth += 1
            continue
        for node in level:
            kind = type(node)
            if kind is name:  # a third of the nodes: its context counted, not read
                add_name(node)
                fieldless += 1
                continue
            if kind not in _NOT_PLAIN:
                fieldless += (EXPANDERS.get(kind) or expander(kind))(node, add_node, extend_nodes)
                continue
            add = record.get(kind)
            if add is not None:
                add(node)
                fieldless += (EXPANDERS.get(kind) or expander(kind))(node, add_node, extend_nodes)
                continue
            more = 0
            if kind is constant:  # no node among its fields
                if node.end_lineno > node.lineno or node.end_col_offset - node.col_offset > _LONG:  # type: ignore[attr-defined, operator]
                    more = string_pieces(node, text) - 1
                    if more and depth + more >= MAX_DEPTH:
                        return None
                continue
            if kind is bool_op:
                more = len(node.values) - 1  # type: ignore[attr-defined]
            elif kind is joined and (node.end_lineno > node.lineno  # type: ignore[attr-defined, operator]
                                     or node.end_col_offset - node.col_offset > _LONG):  # type: ignore[attr-defined]
                more = string_pieces(node, text) - 1
            if more and depth + more >= MAX_DEPTH:
                return None
            expand = EXPANDERS.get(kind) or expander(kind)
            if more:
                fieldless += _expand_deeper(node, expand, more, following, extra)
                continue
            fieldless += expand(node, add_node, extend_nodes)
        nodes += following
        level = following
        depth += 1
    return tuple(nodes) if len(nodes) + fieldless <= MAX_NODES else None


def _level_below_chains(level: list[ast.AST], depth: int, extra: dict[int, int], record: dict[type, Any],
                        add_name: Any, text: SourceText | None, following: list[ast.AST]
                        ) -> tuple[int, dict[int, int]] | None:
    """A level of `_walk_within_limits` holding descendants of a node libcst nests deeper
    (their extra depth in `extra`): the nodes without fields among their children counted,
    and the extra depth of the next level's; None when a node is as deep as the limit."""
    fieldless = 0
    below: dict[int, int] = {}
    name, constant, bool_op, strings = ast.Name, ast.Constant, ast.BoolOp, (ast.Constant, ast.JoinedStr)
    add_node, extend_nodes = following.append, following.extend
    for node in level:
        kind = type(node)
        more = extra.get(id(node), 0)
        if kind is bool_op:
            more += len(node.values) - 1  # type: ignore[attr-defined]
        elif kind in strings and (node.end_lineno > node.lineno  # type: ignore[attr-defined, operator]
                                  or node.end_col_offset - node.col_offset > _LONG):  # type: ignore[attr-defined]
            more += string_pieces(node, text) - 1
        if more and depth + more >= MAX_DEPTH:
            return None
        if kind is name:
            add_name(node)
            fieldless += 1
            continue
        if kind is constant:
            continue
        add = record.get(kind)
        if add is not None:
            add(node)
        expand = EXPANDERS.get(kind) or expander(kind)
        if more:
            fieldless += _expand_deeper(node, expand, more, following, below)
        else:
            fieldless += expand(node, add_node, extend_nodes)
    return fieldless, below


def _expand_deeper(node: ast.AST, expand: Expand, more: int, following: list[ast.AST], extra: dict[int, int]) -> int:
    """`expand` of a node libcst nests `more` deeper than CPython: its children, added to
    `following`, carry that extra depth to the next level (by id, in `extra`)."""
    start = len(following)
    fieldless = expand(node, following.append, following.extend)
    for child in following[start:]:
        extra[id(child)] = more
    return fieldless


def _measure_every_node(tree: ast.Module, text: SourceText | None = None) -> tuple[str | None, tuple[ast.AST, ...]]:
    """Why the tree is too large or deep for libcst, if it is, and its nodes breadth first."""
    nodes: list[ast.AST] = [tree]
    depths = [1]
    add_node, add_depth = nodes.append, depths.append
    node_type = ast.AST
    bool_op, strings = ast.BoolOp, (ast.Constant, ast.JoinedStr)
    # The list grows while it is read: its iterator reads the nodes appended too.
    for i, node in enumerate(nodes, 1):
        if i > MAX_NODES:
            return (f"the file has more than {MAX_NODES:,} syntax nodes, more than noiselint parses in "
                    "one piece"), ()
        depth = depths[i - 1]
        kind = type(node)
        if kind is bool_op:
            depth += len(node.values) - 1  # type: ignore[attr-defined]  # libcst nests `a and b and c` pairwise
        elif kind in strings and (node.end_lineno > node.lineno  # type: ignore[attr-defined, operator]
                                  or node.end_col_offset - node.col_offset > _LONG):  # type: ignore[attr-defined]
            # ... and `'a' 'b' 'c'`: one constant to CPython (a short one on one line is one
            # piece: `_spans_lines`, tested here first without a call per constant).
            depth += string_pieces(node, text) - 1
        if depth > MAX_DEPTH:
            return f"an expression or block is nested more than {MAX_DEPTH} levels deep (line {_line(node)})", ()
        depth += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        add_node(item)
                        add_depth(depth)
            elif isinstance(value, node_type):
                add_node(value)
                add_depth(depth)
    return None, tuple(n for n in nodes if n._fields)


_LONG = 2 * MAX_DEPTH  # characters a constant of one piece rarely exceeds on one line


def _spans_lines(node: ast.AST) -> bool:
    """Cheap first test: adjacent literals past the depth limit take more than one line or a
    long one (a constant of one piece is rarely either)."""
    start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
    return end > start or (getattr(node, "end_col_offset", 0) or 0) - getattr(node, "col_offset", 0) > _LONG


class SourceText:
    """`ast.get_source_segment` for many nodes of one text. The standard function splits the
    whole text into lines on every call: a file with thousands of multi-line strings cost
    seconds (quadratic); here the lines are split once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def segment(self, node: ast.AST) -> str | None:
        try:
            row, end_row = node.lineno - 1, node.end_lineno - 1
            col, end_col = node.col_offset, node.end_col_offset
        except AttributeError:
            return None
        if end_row is None or end_col is None:
            return None
        if self._lines is None:
            self._lines = _rows(self.text)
        lines = self._lines
        if not 0 <= row <= end_row < len(lines):
            return None
        # Offsets are UTF-8 bytes, as CPython counts them.
        if row == end_row:
            return lines[row].encode()[col:end_col].decode(errors="replace")
        first = lines[row].encode()[col:].decode(errors="replace")
        last = lines[end_row].encode()[:end_col].decode(errors="replace")
        return "".join((first, *lines[row + 1:end_row], last))




def _rows(text: str) -> list[str]:
    """Lines with their ends, as CPython counts them, and an empty last line after a final
    line end."""
    lines = split_lines(text, keepends=True)
    if not lines or lines[-1][-1] in "\r\n":
        lines.append("")
    return lines


def string_pieces(node: ast.AST, text: SourceText | None) -> int:
    """How many string literals make up the constant at `node` (tokens of its source); 1 for
    a constant that is too short to hold more than a few."""
    if not _spans_lines(node):
        return 1
    segment = text.segment(node) if text is not None and text.text else None
    if not segment:
        return 1
    if _one_literal(segment):  # a docstring or text block: tokenizing it costs milliseconds
        return 1
    literals = string_literals(segment)
    if literals is not None:
        return max(len(literals), 1)
    try:
        tokens = tokenize.generate_tokens(io.StringIO(segment).readline)
        strings = sum(1 for t in tokens if t.type == tokenize.STRING or t.type == _FSTRING_START)
    except (tokenize.TokenError, SyntaxError):
        return 1
    return max(strings, 1)


_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12+: an f-string is several tokens


def _one_literal(segment: str) -> bool:
    """Whether `segment` is one string literal that tokenize would give as one token: no
    f-string (several tokens from Python 3.12), and its quotes appear only at its ends."""
    body = segment.lstrip("rRbBuU")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    if quote not in ('"', "'", '"""', "'''") or len(body) < 2 * len(quote) or not body.endswith(quote):
        return False
    return quote not in body[len(quote):-len(quote)]


def _line(node: ast.AST) -> int:
    return getattr(node, "lineno", 1)


def _token_scan(text: str) -> str | None:
    """For a file CPython cannot parse: bracket depth and operator chains, from the tokens
    up to the first one the tokenizer refuses."""
    depth = chain = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
                if depth > MAX_DEPTH:
                    return f"brackets are nested more than {MAX_DEPTH} levels deep (line {token.start[0]})"
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            elif token.string in _CHAIN_TOKENS:
                chain += 1
                if chain > MAX_DEPTH:
                    return (f"one statement chains more than {MAX_DEPTH} operators "
                            f"(line {token.start[0]})")
            elif token.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or token.string == ",":
                chain = 0
    except (tokenize.TokenError, SyntaxError, RecursionError, MemoryError):
        pass
    return None

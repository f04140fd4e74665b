"""The language server's parse of an edited document. libcst parses the whole text each
time: half of a 300-line re-check. An edit usually changes one statement line (or the
comments before it), and the rest of the module parses as it did: the text of that line is
parsed alone, inside blocks indented as its own, and put in the last module's place of the
old line, the rest of the tree shared with it. The result is the module a parse of the
whole text gives (tests/test_server_reparse.py holds them equal, node for node); anything
else (an edit across lines of two statements, a line that no longer parses alone as one
statement, a change where libcst attaches lines otherwise) is parsed whole."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Sequence

import libcst as cst

from noiselint.files.source import SourceFile
from noiselint.project.names import ModuleNames
from noiselint.server.statement_positions import statement_lines
from noiselint.syntax.from_libcst import LibcstParents, convert
from noiselint.syntax.parse import ParsedModule, SyntaxProblem, parse_source

# Rows as libcst and CPython count them (`str.splitlines` breaks at more characters).
_ROWS = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


class Reparser:
    """`parse_source` for the server: remembers the last module of each of a few documents."""

    def __init__(self, keep: int = 8) -> None:
        self._keep = keep
        self._last: dict[str, ParsedModule] = {}  # document path -> its last parse

    def parse(self, source: SourceFile, project: ModuleNames | None = None,
              tree: ast.Module | None = None) -> ParsedModule | SyntaxProblem:
        last = self._last.pop(source.path, None)
        try:
            module = spliced(last, source.text) if last is not None else None
        except Exception:  # a recursion limit, a bug here: the whole parse decides, as for the CLI
            module = None
        if module is None or last is None or last.converted is None:
            parsed = parse_source(source, project, tree)
        else:
            converted = convert(module, last.converted)
            parsed = ParsedModule(source=source, module=converted.module, project=project, tree=tree,
                                  converted=converted)
        if isinstance(parsed, ParsedModule):
            self._last[source.path] = parsed
            while len(self._last) > self._keep:
                del self._last[next(iter(self._last))]
        return parsed


def rows(text: str) -> list[str]:
    return _ROWS.findall(text)


def spliced(last: ParsedModule, text: str) -> cst.Module | None:
    """The module of `text`, made from `last`'s with one statement line parsed again; None
    when that cannot be done."""
    if last.converted is None:
        return None
    if text == last.source.text:
        return last.converted.libcst_module
    old, new = rows(last.source.text), rows(text)
    same = min(len(old), len(new))
    head = next((i for i in range(same) if old[i] != new[i]), same)
    tail = next((i for i in range(same - head) if old[-1 - i] != new[-1 - i]), same - head)
    if len(old) - tail <= head or len(new) - tail <= head:
        tail -= 1  # rows only inserted or only removed: the row after them is the one changed
    low, high = head + 1, len(old) - tail  # the old rows changed, 1-based
    if low < 2 or tail < 1:
        return None  # the first row sets the module's newline; the last, its trailing one
    found = _line_of(last, low, high)
    if found is None:
        return None
    line, first, last_row = found
    text_of_line = "".join(new[first - 1:last_row + len(new) - len(old)])
    return _put(last, line, text_of_line)


def _line_of(last: ParsedModule, low: int, high: int) -> tuple[cst.SimpleStatementLine, int, int] | None:
    """The statement line whose rows hold rows `low` to `high`, with its first and last rows."""
    lines = statement_lines(last)
    if lines is None:
        return None
    for line, first, statements in lines:
        if first > low:
            break
        if isinstance(line, cst.SimpleStatementLine) and statements[-1].end_lineno is not None \
                and high <= statements[-1].end_lineno:
            return line, first, statements[-1].end_lineno
    return None


def _after_a_line(last: ParsedModule, line: cst.SimpleStatementLine) -> bool:
    """Whether `line` follows another statement line in its block: libcst gives the rows
    between two of them to the second, where after a block some go to that block."""
    body: Sequence[cst.CSTNode] = getattr(_parents(last).get(line), "body", ())
    index = next((i for i, each in enumerate(body) if each is line), 0)
    return index > 0 and isinstance(body[index - 1], cst.SimpleStatementLine)


def _put(last: ParsedModule, line: cst.SimpleStatementLine, text: str) -> cst.Module | None:
    parents = _parents(last)
    module = last.converted.libcst_module  # type: ignore[union-attr]
    indents: list[str] = []
    parent = parents.get(line)
    if not isinstance(parent, (cst.IndentedBlock, cst.Module)):
        return None
    above = parent
    while above is not None:
        if isinstance(above, cst.IndentedBlock):
            indents.append(module.default_indent if above.indent is None else above.indent)
        above = parents.get(above)
    indents.reverse()
    made = _parsed_alone(text, indents, module.default_newline)
    if made is None:
        return None
    if not _after_a_line(last, line) and not _same(made.leading_lines, line.leading_lines):
        return None  # rows before it could go to the module's header or to the block before it
    return _replaced(parents, module, line, made)


def _parents(last: ParsedModule) -> LibcstParents:
    return LibcstParents(last.converted, last.names.parents)  # type: ignore[arg-type]


def _same(these: Sequence[cst.EmptyLine], those: Sequence[cst.EmptyLine]) -> bool:
    return len(these) == len(those) and all(a.deep_equals(b) for a, b in zip(these, those, strict=True))


def _parsed_alone(text: str, indents: list[str], newline: str) -> cst.SimpleStatementLine | None:
    """`text` parsed as the second statement line of a block indented by `indents` (the
    first is `pass`, as a statement line was before it); None unless it is one statement
    line there and nothing else."""
    wrapper = "".join(f"{''.join(indents[:depth])}if 1:{newline}" for depth in range(len(indents)))
    wrapper += f"{''.join(indents)}pass{newline}{text}"
    try:
        module = cst.parse_module(wrapper)
    except Exception:  # any failure: the whole text is parsed, and that reports it
        return None
    if module.header or module.footer:
        return None
    body: Sequence[cst.BaseStatement] = module.body
    for _ in indents:
        if len(body) != 1 or not isinstance(body[0], cst.If) or body[0].orelse is not None \
                or not isinstance(body[0].body, cst.IndentedBlock) or body[0].body.footer:
            return None
        body = body[0].body.body
    if len(body) != 2 or not all(isinstance(each, cst.SimpleStatementLine) for each in body):
        return None
    return body[1]  # type: ignore[return-value]


def _replaced(parents: object, module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module | None:
    """`module` with `old` swapped for `new`, each node above it made again."""
    child, made = old, new
    parent = parents.get(old)  # type: ignore[attr-defined]
    while parent is not None:
        made = _with_child(parent, child, made)
        if made is None:
            return None
        child, parent = parent, parents.get(parent)  # type: ignore[attr-defined]
    return made if child is module and isinstance(made, cst.Module) else None


def _with_child(node: cst.CSTNode, old: cst.CSTNode, new: cst.CSTNode) -> cst.CSTNode | None:
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if value is old:
            return node.with_changes(**{field.name: new})
        if isinstance(value, (list, tuple)):
            for index, each in enumerate(value):
                if each is old:
                    return node.with_changes(**{field.name: type(value)((*value[:index], new, *value[index + 1:]))})
    return None

"""Rows: the line each node of a module starts on, for messages ("`BATCH` on line 4") and
rows of layers. libcst's PositionProvider gives full ranges, columns and all, by generating
the module's code with a state that records every position; rows need only a line count,
kept here by a lighter state over the same code generation, with the same answers
(tests/test_rows.py compares them). `positions` gives the provider's full ranges by a
lighter state too: no token list kept, a line break looked for only in a token that has
one, and each range a tuple until it is asked for (a third of the provider's time)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import libcst as cst
from libcst._nodes.internal import CodegenState  # the state libcst's own providers extend
from libcst.metadata import CodePosition, CodeRange

_NEWLINES = re.compile(r"\r\n?|\n")


class _Mark:
    """`with state.record_syntactic_position(node)`: where the node's own text starts
    (past whitespace it owns), or where its `start_node` starts."""

    __slots__ = ("_line", "_node", "_start_node", "_state")

    def __init__(self, state: _RowState, node: cst.CSTNode, start_node: cst.CSTNode | None) -> None:
        self._state, self._node, self._start_node = state, node, start_node
        self._line = 0

    def __enter__(self) -> None:
        self._line = self._state.line

    def __exit__(self, *exc: object) -> None:
        rows = self._state.rows
        rows[self._node] = rows[self._start_node] if self._start_node is not None else self._line


class _RowState(CodegenState):
    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1
        self.rows: dict[cst.CSTNode, int] = {}
        self._stack: list[int] = []

    def add_indent_tokens(self) -> None:
        pass  # indentation holds no line break

    def add_token(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            self.line += len(_NEWLINES.findall(value))

    def pop_trailing_newline(self) -> None:
        pass

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._stack.append(self.line)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._stack.pop()
        if node not in self.rows:  # a node's own text start, when recorded, wins
            self.rows[node] = start

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> _Mark:  # type: ignore[override]
        return _Mark(self, node, start_node)


def start_rows(module: cst.Module) -> dict[cst.CSTNode, int]:
    """The 1-based line each node of `module` starts on."""
    state = _RowState(module)
    module._codegen(state)
    return state.rows


_Range = tuple[int, int, int, int]  # start line, start column, end line, end column


class _Place:
    """`with state.record_syntactic_position(node)`, as libcst's PositionProvidingCodegenState
    records it: where the node's own text starts and ends, or its start or end node's."""

    __slots__ = ("_end_node", "_node", "_start", "_start_node", "_state")

    def __init__(self, state: PositionState, node: cst.CSTNode, start_node: cst.CSTNode | None,
                 end_node: cst.CSTNode | None) -> None:
        self._state, self._node, self._start_node, self._end_node = state, node, start_node, end_node
        self._start = (0, 0)

    def __enter__(self) -> None:
        self._start = (self._state.line, self._state.column)

    def __exit__(self, *exc: object) -> None:
        state = self._state
        start = state.ranges[self._start_node][:2] if self._start_node is not None else self._start
        end = state.ranges[self._end_node][2:] if self._end_node is not None else (state.line, state.column)
        state.ranges[self._node] = (*start, *end)


class PositionState(CodegenState):
    """libcst's code generation, keeping each node's range as it goes (the server's
    statement_positions starts one at a statement line's row)."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line, self.column = 1, 0
        self.ranges: dict[cst.CSTNode, _Range] = {}
        # No tokens are kept, but Module's code generation asks whether any were made (an
        # empty module gets its newline): every header, body or footer line makes some.
        self.tokens = [""] if module.header or module.body or module.footer else []
        self._stack: list[tuple[int, int]] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        segments = _NEWLINES.split(value)
        self.line += len(segments) - 1
        self.column = len(segments[-1])

    def pop_trailing_newline(self) -> None:
        pass  # the provider's state keeps its tokens, but never its position, in step with this

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._stack.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._stack.pop()
        if node not in self.ranges:  # a syntactic position, when recorded, wins
            self.ranges[node] = (*start, self.line, self.column)

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> _Place:  # type: ignore[override]
        return _Place(self, node, start_node, end_node)


class Positions(Mapping[cst.CSTNode, CodeRange]):
    """Where each node is, as PositionProvider says; a CodeRange is made when asked for."""

    def __init__(self, ranges: dict[cst.CSTNode, _Range]) -> None:
        self._ranges = ranges

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        line, column, end_line, end_column = self._ranges[node]
        return CodeRange(CodePosition(line, column), CodePosition(end_line, end_column))

    def __contains__(self, node: object) -> bool:
        return node in self._ranges

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)


def positions(module: cst.Module) -> Positions:
    """libcst's PositionProvider ranges of every node of `module`."""
    state = PositionState(module)
    module._codegen(state)
    return Positions(state.ranges)

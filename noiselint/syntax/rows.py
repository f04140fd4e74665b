"""Rows: the line each node of a module starts on, for messages ("`BATCH` on line 4") and
rows of layers. libcst's PositionProvider gives full ranges, columns and all, by generating
the module's code with a state that records every position; rows need only a line count,
kept here by a lighter state over the same code generation, with the same answers
(tests/test_rows.py compares them)."""

from __future__ import annotations

import re

import libcst as cst
from libcst._nodes.internal import CodegenState  # the state libcst's own providers extend

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

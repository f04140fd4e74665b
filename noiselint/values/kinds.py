"""The kinds of static value the evaluator gives (`Const`, `Seq`, `TensorDim`, `Unknown`),
where each came from (`Origin`), and the literal readers they are built from. Every stage
past syntax/ passes these; values/evaluate.py makes them."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from noiselint.syntax import nodes as cst

CONSTANTS = {"None": None, "True": True, "False": False}

# A deferred reason (see `Unknown.quoting`): a template, how to read a node's text, the node.
_Quote = tuple[str, Callable[[cst.CSTNode], str], cst.CSTNode]


# Literals are read directly: `ast.literal_eval` compiles each one (hundreds of thousands
# of compiles over a tree of model code). Forms read here are the common ones; the rest
# (escapes, bytes, anything unexpected) still go through `ast.literal_eval`.
def number_value(text: str) -> int | float | complex:
    """The value of a number literal libcst parsed (`0x1F`, `1_000`, `2.5e-3`, `3j`)."""
    try:
        if text[-1] in "jJ":
            return complex(0.0, float(text[:-1]))
        if text[:2].lower() not in ("0x", "0o", "0b") and ("." in text or "e" in text or "E" in text):
            return float(text)
        return int(text, 0)
    except ValueError:  # e.g. `010`, which Python rejects too: let literal_eval say so
        return ast.literal_eval(text)  # type: ignore[no-any-return]


def string_value(node: cst.SimpleString | cst.ConcatenatedString) -> str | bytes | None:
    """What libcst's `evaluated_value` gives (None when an f-string is part of it), read
    without compiling for plain and raw strings."""
    if isinstance(node, cst.SimpleString):
        prefix, body = node.prefix.lower(), node.raw_value
        if "b" not in prefix and "\r" not in body and ("r" in prefix or "\\" not in body):
            return body
        return ast.literal_eval(node.value)  # type: ignore[no-any-return]
    left, right = node.left, node.right
    if isinstance(left, cst.FormattedString) or isinstance(right, cst.FormattedString):
        return None
    left_value, right_value = string_value(left), string_value(right)
    if left_value is None or right_value is None or type(left_value) is not type(right_value):
        return None
    return left_value + right_value  # type: ignore[operator]

@dataclass(frozen=True, slots=True)
class Origin:
    """The binding a value came through, for messages (`BATCH`, line 4)."""

    name: str
    # The line, or how to find it: lines cost a pass over the module, which only a message
    # that names the binding should pay for.
    where: int | Callable[[], int] = field(compare=False)
    kind: str = ""  # "", "parameter default", "class attribute"

    @property
    def row(self) -> int:
        return self.where() if callable(self.where) else self.where

    def describe(self) -> str:
        prefix = f"{self.kind} " if self.kind else ""
        return f"{prefix}`{self.name}` on line {self.row}"


@dataclass(frozen=True, slots=True)
class Const:
    """A constant the evaluator knows: a number, string, bytes, bool or None."""

    value: int | float | complex | str | bytes | bool | None
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Seq:
    """A tuple, list or 1-D shape tensor of known length, entry by entry."""

    items: tuple[Value, ...]
    is_list: bool = False
    origin: Origin | None = None
    # A 1-D tensor a shape op made (`tf.shape(x)[1:]`, `tf.constant([1, 32])`,
    # values/shape_ops.py), not a Python list: `+` and `*` work entry by entry on it.
    tensor: bool = False


@dataclass(frozen=True, slots=True)
class TensorDim:
    """A value that only exists at run time as a TF tensor, e.g. `tf.shape(inp)[0]`."""

    text: str
    origin: Origin | None = None
    # values/shape_ops.py: "scalar" (one size, `tf.shape(x)[0]`), "vector" (a shape vector,
    # `tf.shape(x)`, of `length` entries when x's rank is known) or "" (not known which).
    kind: str = ""
    length: int | None = None


class Unknown:
    """A value noiselint cannot tell, and why. Equal to another with the same reason, as a
    frozen dataclass would be.

    `Unknown.quoting(template, text_of, node)` defers a reason that quotes the code: reading
    a node's text runs libcst's code generator (tens of thousands of times a run), and most
    reasons are never shown. The text is made when `reason` is first read."""

    __slots__ = ("_reason",)
    __match_args__ = ("reason",)

    def __init__(self, reason: str | _Quote) -> None:
        self._reason = reason

    @classmethod
    def quoting(cls, template: str, text_of: Callable[[cst.CSTNode], str], node: cst.CSTNode) -> Unknown:
        """The reason `template.format(text_of(node))`, made when it is read."""
        return cls((template, text_of, node))

    def again(self) -> Unknown:
        """A new Unknown with the same reason (still deferred if it is): callers that tell
        values apart by identity (`is`) must not get the same object back."""
        return Unknown(self._reason)

    @property
    def reason(self) -> str:
        reason = self._reason
        if type(reason) is not str:
            template, text_of, node = reason  # type: ignore[misc]
            reason = self._reason = template.format(text_of(node))
        return reason  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not Unknown:
            return NotImplemented
        mine, theirs = self._reason, other._reason
        if type(mine) is tuple and type(theirs) is tuple and mine[0] == theirs[0] and mine[2] is theirs[2] \
                and mine[1] == theirs[1]:
            return True  # the same quote of the same node, not made
        return self.reason == other.reason

    def __hash__(self) -> int:
        return hash(self.reason)

    def __repr__(self) -> str:
        return f"Unknown(reason={self.reason!r})"

    def __reduce__(self) -> tuple[type[Unknown], tuple[str]]:
        return Unknown, (self.reason,)


Value = Const | Seq | TensorDim | Unknown


def with_origin(value: Value, origin: Origin) -> Value:
    if isinstance(value, Unknown) or value.origin is not None:
        return value
    return replace(value, origin=origin)

"""What every node class of syntax/nodes.py shares, and the few values libcst's classes
compute that the analysis reads (a literal's value, a string's prefix and quotes). Written
by hand; nodes.py is written from libcst by make_nodes.py and takes these from here."""

from __future__ import annotations

import enum
from ast import literal_eval
from typing import Any


class MaybeSentinel(enum.Enum):
    """libcst's marker for a part left to the default (no comma, no `*`)."""

    DEFAULT = enum.auto()

    def __repr__(self) -> str:
        return "MaybeSentinel.DEFAULT"


class CSTNode:
    """Every node: its fields are named by `_fields`, in libcst's order. Nodes compare and
    hash by identity, as libcst's do."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _held: tuple[str, ...] = ()  # per field: "node", "nodes", "maybe" (a node or not), "none", "any"

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({parts})"


def _prefix(value: str) -> str:
    at = min((i for i in (value.find('"'), value.find("'")) if i >= 0), default=0)
    return value[:at].lower()


def _quote(value: str) -> str:
    body = value[len(_prefix(value)):]
    return body[:3] if body[:3] in ('"""', "'''") and len(body) >= 6 else body[:1]


def _raw_value(value: str) -> str:
    quote = len(_quote(value))
    return value[len(_prefix(value)) + quote:-quote]


def _concatenated(left: Any, right: Any) -> Any:
    # None when a part is an f-string (it has no `evaluated_value`), as libcst gives.
    left_value, right_value = getattr(left, "evaluated_value", None), getattr(right, "evaluated_value", None)
    if left_value is None or right_value is None or type(left_value) is not type(right_value):
        return None
    return left_value + right_value


# Properties of the generated classes (make_nodes.py `_EXTRA`), as libcst's classes have them.
literal_value = property(lambda self: literal_eval(self.value), doc="`ast.literal_eval` of the literal's text")
string_prefix = property(lambda self: _prefix(self.value), doc="the string's prefix, lowercased (`rb`)")
string_quote = property(lambda self: _quote(self.value), doc="the string's quotes: ', \", ''' or \"\"\"")
string_raw_value = property(lambda self: _raw_value(self.value), doc="the text between the quotes")
concatenated_value = property(lambda self: _concatenated(self.left, self.right),
                              doc="the joined value of `'a' 'b'`; None when a part is an f-string")

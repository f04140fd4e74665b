"""`Unknown.quoting` (values/kinds.py): a reason that quotes code is made only when read, and
the value behaves as the frozen dataclass it replaced (equal and hashed by its reason text)."""

from __future__ import annotations

import copy
import pickle

import libcst as cst

from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import convert
from noiselint.values.kinds import Unknown

CONVERTED = convert(cst.parse_module("a.b(c)\n"))
CALL = CONVERTED.module.body[0].body[0].value  # type: ignore[attr-defined]


def _code(node: nodes.CSTNode) -> str:
    return CONVERTED.libcst_module.code_for_node(CONVERTED.libcst_of[id(node)])


class _Counted:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, node: nodes.CSTNode) -> str:
        self.calls += 1
        return _code(node)


def test_the_text_is_made_only_when_read_and_once():
    text_of = _Counted()
    unknown = Unknown.quoting("`{}` is not modelled", text_of, CALL)
    assert text_of.calls == 0
    assert unknown.reason == "`a.b(c)` is not modelled"
    assert unknown.reason == "`a.b(c)` is not modelled"
    assert text_of.calls == 1


def test_equal_to_the_plain_reason_and_hashed_alike():
    unknown = Unknown.quoting("`{}` is not modelled", _code, CALL)
    plain = Unknown("`a.b(c)` is not modelled")
    assert unknown == plain and plain == unknown
    assert hash(unknown) == hash(plain)
    assert unknown != Unknown("`a.b(c)` is not a static value")
    assert unknown != "`a.b(c)` is not modelled"  # only an Unknown equals an Unknown


def test_the_same_quote_of_the_same_node_is_equal_without_making_the_text():
    text_of = _Counted()
    first = Unknown.quoting("`{}` is not modelled", text_of, CALL)
    second = Unknown.quoting("`{}` is not modelled", text_of, CALL)
    assert first == second
    assert text_of.calls == 0


def test_again_is_a_new_object_with_the_same_reason():
    unknown = Unknown.quoting("`{}` is not modelled", _code, CALL)
    other = unknown.again()
    assert other is not unknown and other == unknown


def test_copies_and_pickles_carry_the_text():
    unknown = Unknown.quoting("`{}` is not modelled", _code, CALL)
    for made in (pickle.loads(pickle.dumps(unknown)), copy.deepcopy(unknown)):
        assert made == unknown and made.reason == "`a.b(c)` is not modelled"
    assert repr(unknown) == "Unknown(reason='`a.b(c)` is not modelled')"

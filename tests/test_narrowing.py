"""Narrowing: a value reaches a use only if some path brings it there (values/narrowing.py);
a parameter default that every guard on the way excludes is not a value at the use."""

from __future__ import annotations

import textwrap

import pytest

from noiselint.files.source import SourceFile
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const, Seq, Unknown, Value


def _use(code: str) -> Value:
    """The value of the argument of the (only) `use(...)` call in `code`."""
    parsed = parse_source(SourceFile("m.py", textwrap.dedent(code)))
    assert isinstance(parsed, ParsedModule)
    found = [call.args[0].value for call in parsed.names.calls
             if isinstance(call.func, nodes.Name) and call.func.value == "use"]
    assert len(found) == 1
    return Evaluator(parsed).evaluate(found[0])


EXCLUDED = {
    "and-positive": """
        def block(x, r=None):
            if r and r > 0:
                use(r)
        """,
    "is-not-none": """
        def block(x, r=None):
            if r is not None:
                use(r)
        """,
    "not-equal-none": """
        def block(x, r=None):
            if r != None:
                use(r)
        """,
    "none-not-equal": """
        def block(x, r=None):
            if None != r:
                use(r)
        """,
    "truthy": """
        def block(x, r=None):
            if r:
                use(r)
        """,
    "greater-raises-on-none": """
        def block(x, r=None):
            if r > 0:
                use(r)
        """,
    "early-return": """
        def block(x, r=None):
            if r is None:
                return x
            use(r)
        """,
    "early-return-not": """
        def block(x, r=None):
            if not r:
                return x
            return use(r)
        """,
    "early-raise": """
        def block(x, r=None):
            if r is None:
                raise ValueError("give a rate")
            use(r)
        """,
    "elif": """
        def block(x, r=None):
            if r is None:
                pass
            elif x:
                use(r)
        """,
    "else": """
        def block(x, r=None):
            if r is None:
                y = x
            else:
                y = use(r)
        """,
    "ternary": """
        def block(x, r=None):
            return use(r) if r is not None else x
        """,
    "ternary-else": """
        def block(x, r=None):
            return x if r is None else use(r)
        """,
    "and-expression": """
        def block(x, r=None):
            return r and use(r)
        """,
    "or-expression": """
        def block(x, r=None):
            return r is None or use(r)
        """,
    "while": """
        def block(x, r=None):
            while r is not None:
                use(r)
        """,
    "isinstance": """
        def block(x, r=None):
            if isinstance(r, (int, float)):
                use(r)
        """,
    "assert": """
        def block(x, r=None):
            assert r is not None
            use(r)
        """,
    "continue": """
        def block(x, r=None):
            for i in range(3):
                if r is None:
                    continue
                use(r)
        """,
    "flag-and-rate": """
        def block(x, flag, r=None):
            if flag and r:
                use(r)
        """,
    "zero-default": """
        def block(x, r=0.0):
            if r > 0:
                use(r)
        """,
    "nested-ifs": """
        def block(x, flag, r=None):
            if flag:
                if r is not None:
                    if x:
                        use(r)
        """,
    "attribute": """
        class Block:
            def __init__(self, rate=None):
                self.rate = rate
            def call(self, x):
                if self.rate:
                    return use(self.rate)
                return x
        Block()
        """,
    "module-constant": """
        DROP = None
        if DROP:
            use(DROP)
        """,
    "module-assert": """
        DROP = None
        assert DROP is not None
        use(DROP)
        """,
    "nested-if-else-leaves": """
        def block(x, flag, r=None):
            if r is None:
                if flag:
                    return x
                else:
                    raise ValueError("no rate")
            use(r)
        """,
    "chained-comparison": """
        def block(x, r=None):
            if x < r < 1:
                use(r)
        """,
    "one-is-not-true": """
        def block(x, flag=1):
            if flag is True:
                use(flag)
        """,
    "the-64th-guard": """
        def block(x, r=None):
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert x
            assert r is not None
            use(r)
        """,
}

KEPT = {
    "guard-allows": """
        def block(x, r=None):
            if r is None:
                use(r)
        """,
    "unknown-flag": """
        def block(x, flag, r=None):
            if flag:
                use(r)
        """,
    "or-flag": """
        def block(x, flag, r=None):
            if r is not None or flag:
                use(r)
        """,
    "guard-ends": """
        def block(x, r=None):
            if r:
                pass
            use(r)
        """,
    "not-always-leaving": """
        def block(x, flag, r=None):
            if r is None:
                if flag:
                    return x
            use(r)
        """,
    "another-binding": """
        def outer(x, r=0.5):
            if r is None:
                return x
            def inner(r=None):
                return use(r)
            return inner
        """,
    "rebound": """
        def block(x, r=None):
            if r is not None:
                r = None
                use(r)
        """,
    "if-else-neither-leaves": """
        def block(x, r=None):
            if r is not None:
                y = 1
            else:
                y = 2
            use(r)
        """,
    "or-short-circuit": """
        def block(x, r=None):
            if r is None or r > 0:
                use(r)
        """,
    "flag-or-rate": """
        def block(x, flag, r=None):
            if flag or r:
                use(r)
        """,
    "else-of-flag-or-rate": """
        def block(x, flag, r=None):
            if flag or r:
                pass
            else:
                use(r)
        """,
    "else-of-chained-comparison": """
        def block(x, r=0.5):
            if x < r < 1:
                pass
            else:
                use(r)
        """,
    "two-argument-call": """
        def block(x, r=None):
            if is_kind(r, int):
                use(r)
        """,
    "isinstance-allows": """
        def block(x, r=3):
            if isinstance(r, (int, float)):
                use(r)
        """,
    "isinstance-of-an-unknown-type": """
        def block(x, r=None):
            if isinstance(r, Rate) and isinstance(x, int):
                use(r)
        """,
    "truthy-default": """
        def block(x, r=0.5):
            if r:
                use(r)
        """,
    "equal-none": """
        def block(x, r=None):
            if r == None:
                use(r)
        """,
    "compared-with-an-unknown": """
        def block(x, r=0.5):
            if r > x or r == x:
                use(r)
        """,
    "in-a-string": """
        def block(x, r="a"):
            if r in "abc":
                use(r)
        """,
    "is-true": """
        def block(x, r=True):
            if r is True:
                use(r)
        """,
}


@pytest.mark.parametrize("code", EXCLUDED.values(), ids=EXCLUDED.keys())
def test_a_default_excluded_by_every_path_is_unknown(code: str) -> None:
    value = _use(code)
    assert isinstance(value, Unknown), value
    assert "never reaches this use" in value.reason


@pytest.mark.parametrize("code", KEPT.values(), ids=KEPT.keys())
def test_a_value_some_path_brings_is_kept(code: str) -> None:
    assert not isinstance(_use(code), Unknown)


def test_a_kept_value_keeps_its_origin() -> None:
    value = _use("""
        def block(x, r=1.5):
            if r > 0:
                use(r)
        """)
    assert isinstance(value, Const) and value.value == 1.5
    assert value.origin is not None and value.origin.kind == "parameter default"


def test_the_reason_names_the_guard() -> None:
    value = _use(EXCLUDED["and-positive"])
    assert isinstance(value, Unknown)
    assert value.reason == ("parameter default `r` on line 2 never reaches this use: "
                            "`r and r > 0` is true there")


def test_the_reason_names_a_guard_that_is_false() -> None:
    value = _use(EXCLUDED["early-return"])
    assert isinstance(value, Unknown)
    assert value.reason.endswith("never reaches this use: `r is None` is false there")


def test_an_element_of_a_shape_is_narrowed_on_its_own() -> None:
    value = _use("""
        def block(x, n=None):
            if n is not None:
                use((None, n, 1))
        """)
    assert isinstance(value, Seq)
    assert [type(v).__name__ for v in value.items] == ["Const", "Unknown", "Const"]


def test_another_parameters_default_in_a_guard_is_not_a_fact() -> None:
    value = _use("""
        BATCH = 16
        def call(x, training=False):
            if training:
                return use(BATCH)
            return x
        """)
    assert isinstance(value, Const) and value.value == 16


@pytest.mark.parametrize("code", [
    """
    def highway(x, dropout=0.0):
        return use(1.0 - dropout)
    def model(x, d):
        return highway(x, dropout=d)
    """,
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    y = highway(1, 0.5)
    """,
    """
    class Block:
        def __init__(self, rate=None):
            self.rate = use(rate)
    b = Block(0.2)
    """,
    """
    class Block:
        def drop(self, x, rate=None):
            return use(rate)
        def call(self, x):
            return self.drop(x, 0.3)
    """,
    """
    def highway(x, *, dropout=0.0):
        return use(dropout)
    y = highway(1, dropout=0.5)
    """,
    """
    class Block:
        @classmethod
        def make(cls, x, rate=None):
            return use(rate)
    b = Block.make(1, 0.5)
    """,
], ids=["keyword", "positional", "constructor", "method", "keyword-only", "classmethod"])
def test_a_default_every_call_in_the_file_overrides_is_unknown(code: str) -> None:
    value = _use(code)
    assert isinstance(value, Unknown) and "every call" in value.reason


@pytest.mark.parametrize("code", [
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    """,
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    a = highway(1, 0.5)
    b = highway(1)
    """,
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    a = highway(*args)
    """,
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    a = highway(1, dropout=0.5)
    b = highway(1)
    """,
    """
    def highway(x, *, dropout=0.0):
        return use(dropout)
    a = highway(1)
    """,
    """
    def highway(x, dropout=0.0):
        return use(dropout)
    a = blocks.highway(1)
    """,
], ids=["never-called", "one-call-leaves-it-out", "star-args", "keyword-then-left-out", "keyword-only-left-out",
        "function-called-as-attribute"])
def test_a_default_some_call_may_leave_out_is_kept(code: str) -> None:
    assert isinstance(_use(code), Const)


def test_a_constructor_default_of_a_class_the_file_never_makes_is_unknown() -> None:
    """A Keras layer defined in `layers.py` and made in `models.py` with `dropout=0.5`: its
    `dropout=0.` default reaches no instance this file makes (a false NL004 on a real GCN
    layer, whose file a dead TF 1 helper marked as TF 1 code)."""
    value = _use("""
    class Block:
        def __init__(self, rate=0.0):
            self.rate = use(rate)
    """)
    assert isinstance(value, Unknown) and "made only in other modules" in value.reason
    made = _use("""
    class Block:
        def __init__(self, rate=0.0):
            self.rate = use(rate)
    b = Block()
    """)
    assert not isinstance(made, Unknown)

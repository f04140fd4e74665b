"""The builtins model code builds loops and sizes with (`range`, `len`, `zip`, `enumerate`,
`int`, `min`, ...), on static values only; anything else is unknown."""

from __future__ import annotations

from noiselint.model.exprs import MAX_UNROLL, iterate, make_sequence
from noiselint.model.values import Obj
from noiselint.values.kinds import Const, Seq, Unknown, Value


def builtin(name: str, values: list[Obj]) -> Obj | None:
    """`name(*values)` for a builtin noiselint models; None for one it does not."""
    if name == "range" and values and all(isinstance(v, Const) and type(v.value) is int for v in values):
        bounds = range(*(v.value for v in values))  # type: ignore[union-attr]
        # Nothing past the cap, asked by a slice: `len()` of a range past `sys.maxsize` raises
        # OverflowError (`range(10**20)`), which stopped the interpreter.
        return Seq(tuple(Const(i) for i in bounds)) if not bounds[MAX_UNROLL:] else Unknown("a long range")
    seqs = [iterate(v) for v in values]
    if name == "len" and len(seqs) == 1 and seqs[0] is not None:
        return Const(len(seqs[0]))
    if name in ("tuple", "list") and len(seqs) == 1 and seqs[0] is not None:
        return make_sequence(seqs[0], name == "list")
    if name == "zip" and seqs and all(s is not None for s in seqs):
        rows = zip(*seqs, strict=False)  # type: ignore[misc]
        return make_sequence([make_sequence(list(row), False) for row in rows], True)
    if name == "enumerate" and len(seqs) == 1 and seqs[0] is not None:
        return make_sequence([make_sequence([Const(i), v], False) for i, v in enumerate(seqs[0])], True)
    if name in ("int", "float", "min", "max", "abs", "round") and values:
        return _numeric(name, values)
    if name == "print":
        return Const(None)
    return None


def _numeric(name: str, values: list[Obj]) -> Value:
    numbers = [v.value for v in values if isinstance(v, Const) and isinstance(v.value, (int, float))
               and not isinstance(v.value, bool)]
    if len(numbers) != len(values):
        return Unknown(f"`{name}(...)` of values that are not static numbers")
    try:
        if name in ("int", "float", "abs") and len(numbers) == 1:
            return Const({"int": int, "float": float, "abs": abs}[name](numbers[0]))
        if name in ("min", "max") and len(numbers) > 1:
            return Const(min(numbers) if name == "min" else max(numbers))
        if name == "round" and len(numbers) == 1:
            return Const(round(numbers[0]))
    except (OverflowError, ValueError):
        pass
    return Unknown(f"`{name}(...)` is not modelled here")

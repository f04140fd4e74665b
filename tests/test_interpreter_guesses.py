"""What the interpreter runs that the module never runs (`Interpreter._finish`): a layer
instance the code makes and never applies is applied to a tensor of unknown shape, and one
that is a copy of another already so applied (the same class, made at the same place, with
the same attributes) is left out: it would run to the same end."""

from __future__ import annotations

import textwrap
from pathlib import Path

from noiselint.api import lint_paths
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts, with_rows
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

BLOCK = """
    import keras
    from keras import layers

    class Block(layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.units = units

        def call(self, x):
            y = layers.Dense(self.units)(x)
            return layers.Dropout(0.2, noise_shape=(32, 1, self.units))(y)

"""


def _applied(text: str) -> list[tuple[str, object]]:
    parsed = parse_source(SourceFile("m.py", textwrap.dedent(BLOCK + text)))
    assert isinstance(parsed, ParsedModule)
    inferred = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), KerasShapes(None), strict=True)
    facts = with_rows(parsed, inferred)
    return [(f.layer, dict(f.config or {}).get("units")) for m in facts.models for f in m.layers if f.layer == "Dense"]


def test_copies_made_at_one_place_are_guessed_once() -> None:
    # Three copies from one comprehension: one guess. The same class made elsewhere, or with
    # other attributes, is guessed on its own.
    assert _applied("""
    made = [Block(4) for _ in range(3)]
    other = [Block(n) for n in (4, 8)]
    """) == [("Dense", 4), ("Dense", 4), ("Dense", 8)]


def test_instances_holding_different_values_are_each_guessed() -> None:
    # Made at one place, but each holds another value: no copy is left out.
    assert _applied("""
    made = [Block(n) for n in (2, 3, 5)]
    """) == [("Dense", 2), ("Dense", 3), ("Dense", 5)]


def test_what_a_guess_finds_is_still_found(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(textwrap.dedent(BLOCK) + "made = [Block(4) for _ in range(3)]\n", encoding="utf-8")
    found, errors = lint_paths([str(path)])
    assert errors == ()
    assert [(d.code, d.span.start_row) for d in found] == [("NL001", 12)]

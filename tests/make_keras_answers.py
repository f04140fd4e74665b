"""Record Keras's own answers to the shape questions the written formulas take (valid and
invalid configs, strides that do not divide, `same` padding, ranks Keras refuses), into
tests/data/keras_answers.json, which the fast suite checks every formula against
(tests/test_keras_answers.py). Run it again when a formula or Keras changes:

    python tests/make_keras_answers.py
    python tests/make_keras_answers.py --refusals   # add only the rows `formulas.refusal` is held to

The questions come from the same strategies as the slow property test
(tests/test_shape_formulas.py), drawn deterministically."""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_shape_formulas import (
    _OTHER_REFUSALS,
    POOLING,
    REFUSED,
    _refused_by,
    built,
    concatenated_ones,
    missing_required,
    pool_padding,
    question_for,
    rebuilt,
    too_small,
)

from noiselint.shapes import formulas
from noiselint.shapes.catalog import CATALOG
from noiselint.shapes.oracle import KerasShapes

TABLE = Path(__file__).resolve().parent / "data" / "keras_answers.json"
PER_LAYER = 60
MISSING = 16  # rows per layer of a required argument left out


def questions(layer: str, strategy=None) -> list:
    found: list = []

    @settings(max_examples=PER_LAYER if strategy is None else 2 * PER_LAYER, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(strategy if strategy is not None else question_for(layer))
    def collect(question) -> None:
        found.append(question)

    collect()
    return found


def _row(layer: str, question, answer) -> dict:
    row = {"layer": layer, "config": question.config, "inputs": [list(s) for s in question.inputs],
           "outputs": None if answer.outputs is None else [list(s) for s in answer.outputs],
           "error": None if answer.error is None else answer.error.splitlines()[0][:200]}
    if question.built_on is not None:
        row["built_on"] = [list(s) for s in question.built_on]
    return row


def add_refusals() -> None:
    """Append the rows of every question `formulas.refusal` may word (too-small
    convolutions, pooling paddings and missing pool sizes, merges, ...), of second pooling
    calls, and of the first (second) calls of formulas the table has no first (second) call
    of, that the table lacks, leaving the recorded rows as they are."""
    oracle, text = KerasShapes(None), TABLE.read_text(encoding="utf-8")
    recorded = json.loads(text)["rows"]
    have = {json.dumps([r["layer"], r["config"], r["inputs"], r.get("built_on")], sort_keys=True) for r in recorded}
    new_formulas = sorted(set(formulas.FORMULAS) - {r["layer"] for r in recorded})
    new_built = sorted(set(formulas._BUILT) - {r["layer"] for r in recorded if "built_on" in r})
    rows = []
    for layer, strategy in [*((layer, too_small(layer)) for layer in REFUSED),
                            *((layer, pool_padding(layer)) for layer in POOLING),
                            *((layer, built(layer)) for layer in POOLING if layer in formulas._BUILT),
                            *((layer, _refused_by(layer)) for layer in sorted(_OTHER_REFUSALS)
                              if layer not in formulas._BUILT or layer in POOLING),
                            *((layer, question_for(layer)) for layer in new_formulas),
                            *((layer, rebuilt(layer)) for layer in new_built),
                            ("Concatenate", concatenated_ones())]:
        _add(layer, questions(layer, strategy), have, rows, oracle)
    for layer in sorted(formulas._REQUIRED):
        # One message per set of missing names: a few rows say it.
        _add(layer, questions(layer, missing_required(layer))[:MISSING], have, rows, oracle)
    lines = ",\n".join(json.dumps(row, sort_keys=True, separators=(",", ":")) for row in rows)
    if rows:
        body = text.removesuffix("\n]}\n")
        TABLE.write_text(f"{body},\n{lines}\n]}}\n", encoding="utf-8")
    print(f"{len(rows)} answers added to {TABLE}")


def _add(layer: str, drawn: list, have: set[str], rows: list[dict], oracle: KerasShapes) -> None:
    """Keras's answers to the questions the table lacks, as rows."""
    for question in drawn:
        built_on = None if question.built_on is None else [list(s) for s in question.built_on]
        key = json.dumps([layer, question.config, [list(s) for s in question.inputs], built_on], sort_keys=True)
        if key not in have:
            have.add(key)
            rows.append(_row(layer, question, oracle.ask_keras(question)))


def main() -> None:
    if sys.argv[1:] == ["--refusals"]:
        add_refusals()
        return
    oracle = KerasShapes(None)
    rows = []
    # A layer's first calls, then second calls of shared layers (a `built_on` row).
    asked = [(layer, questions(layer)) for layer in sorted(formulas.FORMULAS)]
    asked += [(layer, questions(layer, built(layer))) for layer in sorted(formulas._BUILT)]
    # Windows that may not fit, pooling paddings Keras 3 refuses: the refusals `formulas.refusal` words.
    asked += [(layer, questions(layer, too_small(layer))) for layer in REFUSED]
    asked += [(layer, questions(layer, pool_padding(layer))) for layer in POOLING]
    for layer, drawn in asked:
        seen = set()
        for question in drawn:
            key = json.dumps([question.config, question.inputs, question.built_on], sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            answer = oracle.ask_keras(question)
            assert not isinstance(answer, str), answer
            rows.append(_row(layer, question, answer))
        assert CATALOG[layer]
    lines = ",\n".join(json.dumps(row, sort_keys=True, separators=(",", ":")) for row in rows)
    TABLE.write_text(f'{{"keras": "{metadata.version("keras")}", "rows": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"{len(rows)} answers written to {TABLE}")


if __name__ == "__main__":
    main()

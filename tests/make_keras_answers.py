"""Record Keras's own answers to the shape questions the written formulas take (valid and
invalid configs, strides that do not divide, `same` padding, ranks Keras refuses), into
tests/data/keras_answers.json, which the fast suite checks every formula against
(tests/test_keras_answers.py). Run it again when a formula or Keras changes:

    python tests/make_keras_answers.py

The questions come from the same strategies as the slow property test
(tests/test_shape_formulas.py), drawn deterministically."""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_shape_formulas import built, question_for

from noiselint.shapes import formulas
from noiselint.shapes.catalog import CATALOG
from noiselint.shapes.oracle import KerasShapes

TABLE = Path(__file__).resolve().parent / "data" / "keras_answers.json"
PER_LAYER = 60


def questions(layer: str, strategy=None) -> list:
    found: list = []

    @settings(max_examples=PER_LAYER if strategy is None else 2 * PER_LAYER, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(strategy if strategy is not None else question_for(layer))
    def collect(question) -> None:
        found.append(question)

    collect()
    return found


def main() -> None:
    oracle = KerasShapes(None)
    rows = []
    # A layer's first calls, then second calls of shared layers (a `built_on` row).
    asked = [(layer, questions(layer)) for layer in sorted(formulas.FORMULAS)]
    asked += [(layer, questions(layer, built(layer))) for layer in sorted(formulas._BUILT)]
    for layer, drawn in asked:
        seen = set()
        for question in drawn:
            key = json.dumps([question.config, question.inputs, question.built_on], sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            answer = oracle.ask_keras(question)
            assert not isinstance(answer, str), answer
            row = {"layer": layer, "config": question.config, "inputs": [list(s) for s in question.inputs],
                   "outputs": None if answer.outputs is None else [list(s) for s in answer.outputs],
                   "error": None if answer.error is None else answer.error.splitlines()[0][:200]}
            if question.built_on is not None:
                row["built_on"] = [list(s) for s in question.built_on]
            rows.append(row)
        assert CATALOG[layer]
    lines = ",\n".join(json.dumps(row, sort_keys=True, separators=(",", ":")) for row in rows)
    TABLE.write_text(f'{{"keras": "{metadata.version("keras")}", "rows": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"{len(rows)} answers written to {TABLE}")


if __name__ == "__main__":
    main()

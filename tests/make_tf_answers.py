"""Record TensorFlow's own answers to the op shape questions the written op formulas take
(shapes/formulas_tf.py: valid and invalid arguments, partially unknown shapes, unknown
ranks) into tests/data/tf_answers.json, which the fast suite checks every op formula against
(tests/test_tf_answers.py). Run it again when a formula or TensorFlow changes:

    python tests/make_tf_answers.py

The questions come from the same strategies as the slow property test
(tests/test_shape_formulas_tf.py), drawn deterministically."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_shape_formulas_tf import QUESTIONS, ask

from noiselint.shapes import formulas_tf
from noiselint.shapes.tf_graph import tensorflow_version

TABLE = Path(__file__).resolve().parent / "data" / "tf_answers.json"
PER_OP = 120


def questions(op: str) -> list:
    found: list = []

    @settings(max_examples=PER_OP, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(QUESTIONS[op])
    def collect(question) -> None:
        found.append(question)

    collect()
    return found


def main() -> None:
    rows = []
    for op in sorted(formulas_tf.FORMULAS):
        seen = set()
        for name, args, inputs in questions(op):
            inputs = [[list(s) if s is not None else None, d] for s, d in inputs]
            key = json.dumps([args, inputs], sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            shape, error = ask(name, args, inputs)
            rows.append({"op": name, "args": args, "inputs": inputs,
                         "output": None if error is not None or shape is None else list(shape),
                         "rank_known": error is None and shape is not None, "error": error})
    lines = ",\n".join(json.dumps(row, sort_keys=True, separators=(",", ":")) for row in rows)
    TABLE.write_text(f'{{"tensorflow": "{tensorflow_version()}", "rows": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"{len(rows)} answers written to {TABLE}")


if __name__ == "__main__":
    main()

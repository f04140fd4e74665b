"""benchmarks/generate_models.py: the scale benchmark's project is varied, valid Python model
code (not one file copied), the same for the same seed, and its first 200 files are the
200-file project (the two sizes the goal compares)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate_models", ROOT / "benchmarks" / "generate_models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_models"] = module
    spec.loader.exec_module(module)
    return module


def test_the_generated_models_are_varied_valid_python(tmp_path: Path) -> None:
    written = _generator().write_project(tmp_path, 200)
    texts = [path.read_text(encoding="utf-8") for path in written]
    for text in texts:
        ast.parse(text)
    assert len(set(texts)) == len(texts) == 200
    kinds = {"Sequential": 0, "Model(inputs=inputs": 0, "class Classifier": 0, ".fit(": 0, "from .config import": 0,
             "Conv2D": 0, "LSTM": 0, "Embedding": 0}
    for text in texts:
        for kind in kinds:
            kinds[kind] += kind in text
    assert all(count >= 5 for count in kinds.values()), kinds


def test_the_first_files_of_a_larger_project_are_the_smaller_one(tmp_path: Path) -> None:
    generator = _generator()
    small = generator.write_project(tmp_path / "small", 60)
    large = generator.write_project(tmp_path / "large", 120)
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:60]]

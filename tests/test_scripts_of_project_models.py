"""A training script that names no library: `from model import build_model`, then
`model.fit(x, y)` on arrays. Its data meets a Keras model another module of the project
builds, so it is linted like a file that imports Keras; a script whose imports reach no model
code is never parsed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_project import tree as _tree

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.syntax.precheck import precheck
from noiselint.syntax.prefilter import candidates_in, might_matter

BUILDER = """
from tensorflow import keras
from tensorflow.keras import layers


def build_model():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Flatten()(inputs)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)
"""

TRAIN = """
import numpy as np

from {module} import build_model

x_train = np.zeros((1000, 784), dtype="float32")
y_train = np.zeros((1000,), dtype="int64")
model = build_model()
model.fit(x_train, y_train, epochs=2, batch_size=32)
"""

SETTINGS = Settings(no_cache=True)


def _codes(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    view = ModuleNames(ProjectIndex(), str(path), text)
    found = lint_text(SourceFile(str(path), text), selected_rules(SETTINGS), shape_inference(SETTINGS), view)
    return [(d.span.start_row, d.code) for d in found]


def _is_candidate(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    checked = precheck(text)
    view = ModuleNames(ProjectIndex(), str(path), text)
    return might_matter(text, models=True) and candidates_in(checked.tree, view, False, text, checked.nodes,
                                                             models=True)


@pytest.mark.parametrize(("files", "module"), [
    ({"model.py": BUILDER}, "model"),
    # Through a package that re-exports the builder, and a module that only imports it.
    ({"models/__init__.py": "from .cnn import build_model\n", "models/cnn.py": BUILDER}, "models"),
    ({"helpers.py": "from model import build_model\n", "model.py": BUILDER}, "helpers"),
], ids=["module", "package re-export", "two hops"])
def test_a_script_that_names_no_library_is_checked(tmp_path: Path, files: dict[str, str], module: str) -> None:
    _tree(tmp_path, {**files, "train.py": TRAIN.format(module=module)})
    assert _codes(tmp_path / "train.py") == [(8, "NL201")]


def test_the_finding_reaches_the_command_line(tmp_path: Path, run_cli) -> None:
    _tree(tmp_path, {"model.py": BUILDER, "train.py": TRAIN.format(module="model")})
    code, out, _ = run_cli("--no-cache", "--output-format", "concise", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{tmp_path / 'train.py'}:8:11: NL201 `x_train`")


def test_the_cached_finding_follows_the_builder(tmp_path: Path, run_cli) -> None:
    """The script's result depends on the module its model comes from: fixing the builder
    (no Keras left in it) clears the script's finding on a warm run."""
    _tree(tmp_path, {"model.py": BUILDER, "train.py": TRAIN.format(module="model")})
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    first = run_cli("--cache-dir", str(cache), "--output-format", "concise", str(tmp_path))
    assert first[0] == 1
    (tmp_path / "model.py").write_text("def build_model():\n    return None\n", encoding="utf-8")
    second = run_cli("--cache-dir", str(cache), "--output-format", "concise", str(tmp_path))
    assert second[0] == 0, second[1]


@pytest.mark.parametrize("files", [
    {"model.py": "from sklearn.linear_model import LogisticRegression\n\n\ndef build_model():\n"
                 "    return LogisticRegression()\n"},
    {},  # `model` is found nowhere
], ids=["project module without model code", "module found nowhere"])
def test_a_script_whose_imports_reach_no_model_code_is_not_parsed(tmp_path: Path, files: dict[str, str]) -> None:
    _tree(tmp_path, {**files, "train.py": TRAIN.format(module="model")})
    assert not _is_candidate(tmp_path / "train.py")
    assert _codes(tmp_path / "train.py") == []


def test_a_script_without_a_data_call_is_not_read() -> None:
    assert not might_matter("import numpy as np\n\nfrom model import build_model\nm = build_model()\n", models=True)
    assert might_matter("from model import build_model\nbuild_model().predict(x)\n", models=True)


def test_the_prefilter_knows_every_data_method() -> None:
    from noiselint.apis.model_code import DATA_CALL_WORDS, DATA_METHOD_NAMES
    from noiselint.model.data_calls import DATA_METHODS

    assert set(DATA_METHODS) == DATA_METHOD_NAMES
    assert all(any(word in name for word in DATA_CALL_WORDS) for name in DATA_METHOD_NAMES)


def test_a_script_that_only_names_a_data_method_is_not_parsed(tmp_path: Path) -> None:
    """`fit` in a comment or a name (`benefit`) is not a call of a data method."""
    _tree(tmp_path, {"model.py": BUILDER,
                     "report.py": "# how well the model fits\nfrom model import build_model\n\nm = build_model()\n"})
    assert not _is_candidate(tmp_path / "report.py")

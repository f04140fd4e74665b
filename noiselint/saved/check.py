"""Check one stored model config with the engine and rules that check source: its layers
become Keras code lines (`layer_lines.py`), its graph comes from `graph_builder.py`, and each
finding is located by layer path (and JSON pointer) instead of by row. A fix is a change of
the layer's config values, read back from the fixed line."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from noiselint.checks.base import Rule
from noiselint.diagnostics import ArtifactLocation, Diagnostic, Span
from noiselint.engine import FileResult, ShapeInference, fix_text, lint_text
from noiselint.files.source import SourceFile
from noiselint.saved.graph_builder import build_facts
from noiselint.saved.layer_lines import LayerLines, code_of, render
from noiselint.saved.read import StoredConfig
from noiselint.saved.records import ConfigProblem, LayerRecord, ModelRecord, read_model
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.specs import ShapeOracle
from noiselint.sites.dropout import Sites
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator

ARTIFACT_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Checked:
    """A saved model's findings, and its config with the fixes applied."""

    result: FileResult
    # The stored config with the applied fixes (a `.keras` file is rewritten from it).
    fixed_config: dict[str, Any] | None = None


@dataclass(frozen=True)
class Prepared:
    """A stored config as the engine sees it: its records, its lines, the shape stage."""

    stored: StoredConfig
    model: ModelRecord
    lines: LayerLines

    def infer(self, oracle: ShapeOracle, warnings: list[str]) -> ShapeInference:
        """The engine's shape stage for these layer lines; its warnings go to `warnings`."""
        def infer(parsed: ParsedModule, evaluator: Evaluator, sites: Sites, *, whole_model: bool = False) -> ShapeFacts:
            facts = build_facts(self.lines, self.model, parsed, sites, oracle)
            warnings.extend(facts.warnings)
            return facts
        return infer


def prepare(stored: StoredConfig) -> Prepared:
    """Raises ConfigProblem for a config noiselint cannot read."""
    try:
        model = read_model(stored.model)
        return Prepared(stored, model, render(model, stored.keras3))
    except RecursionError:
        raise ConfigProblem("nests its config too deeply to read") from None


def check_stored(stored: StoredConfig, rules: Sequence[Rule], oracle: ShapeOracle, *,
                 fix: bool = False, unsafe: bool = False) -> Checked:
    prepared = prepare(stored)
    warnings: list[str] = []
    source = SourceFile(stored.path, prepared.lines.text)
    infer = prepared.infer(oracle, warnings)
    fixable = stored.kind == "keras"  # only a .keras zip is rewritten (see keras_zip.py)
    result = fix_text(source, rules, unsafe, infer) if fix and fixable else \
        FileResult(source, lint_text(source, rules, infer))
    config = None
    refused: list[str] = []
    if result.fixed_text is not None:
        config, refused = _fixed_config(prepared, result.fixed_text)
        if config is None:  # report what is there, unfixed
            result = FileResult(source, lint_text(source, rules, infer))
    if fix and not fixable and any(d.fix is not None for d in result.diagnostics):
        # `--fix` would otherwise pass over the file in silence, its findings left as found.
        what = "a SavedModel directory is" if stored.kind == "savedmodel" else "an `.h5` file is"
        warnings.append(f"{stored.path}: not fixed: {what} never rewritten, only `.keras` files are "
                        "(save the model as `.keras` to have its config fixed)")
    if prepared.model.kind == "opaque":  # nothing reaches the shape stage to say so
        warnings.append(f"{stored.path}: the model `{prepared.model.name}` ({prepared.model.class_name}) "
                        "stores no layer graph (a subclassed model); only its own config was read")
    notes = [*result.notes, *refused, *(f"warning: {w}" for w in dict.fromkeys(warnings))]
    kept = replace(result, diagnostics=tuple(_locate(d, prepared, fixable) for d in result.diagnostics),
                   fixed=tuple(_locate(d, prepared, fixable) for d in result.fixed) if config is not None else (),
                   # The fixed layer lines: never written anywhere (run.py writes the config), but
                   # `--diff` shows them, one changed line per fixed layer.
                   fixed_text=result.fixed_text if config is not None else None, notes=tuple(notes))
    return Checked(kept, config)


def _locate(d: Diagnostic, prepared: Prepared, fixable: bool) -> Diagnostic:
    lines = prepared.lines
    layer = lines.layer_at(d.span.start_row)
    code = code_of(lines.text.splitlines()[d.span.start_row - 1]) if d.span.start_row >= 1 else None
    if layer is None:
        artifact = ArtifactLocation(prepared.model.path, prepared.model.class_name)
    else:
        pointer = None
        if prepared.stored.kind == "keras":
            pointer = layer.pointer + "/config" + _key_pointer(code or "", d.span)
        artifact = ArtifactLocation(layer.path, layer.class_name, pointer, code)
    fix = replace(d.fix, edits=()) if d.fix is not None and fixable else None
    return replace(d, message=reader_message(d.message, lines), span=ARTIFACT_SPAN, noqa_row=None, fix=fix,
                   artifact=artifact)


# A rule that names another layer by its line (NL010: "`Conv2D` on line 5 made it ...")
# names it by its layer path here: the rows of the layer lines mean nothing to a reader.
_LINE = re.compile(r"\bon line (\d+)\b")


def reader_message(message: str, lines: LayerLines) -> str:
    """A finding's message with each `on line N` of the layer lines named by its layer."""
    return _LINE.sub(lambda m: _layer_words(lines, int(m.group(1))), message)


def _layer_words(lines: LayerLines, row: int) -> str:
    layer = lines.layer_at(row)
    return f"(layer {layer.path})" if layer is not None else "in the model"


def _key_pointer(line: str, span: Span) -> str:
    """`/noise_shape` (or `/noise_shape/0`) when the finding is on that argument."""
    call = _call(line)
    if call is None:
        return ""
    column, end = span.start_col - 1, span.end_col - 1  # 0-based, end exclusive, as ast's
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg and value.col_offset <= column < (value.end_col_offset or 0):
            if isinstance(value, ast.Tuple):
                for i, element in enumerate(value.elts):
                    if element.col_offset <= column and end <= (element.end_col_offset or 0):
                        return f"/{keyword.arg}/{i}"
            return f"/{keyword.arg}"
        if keyword.arg and keyword.col_offset <= column < (value.col_offset or 0):
            return f"/{keyword.arg}"
    return ""


def _call(line: str) -> ast.Call | None:
    try:
        tree = ast.parse(line, mode="eval")
    except SyntaxError:
        return None
    return tree.body if isinstance(tree.body, ast.Call) else None


def _arguments(line: str) -> tuple[str, dict[str, object]] | None:
    """The class and the literal keyword values of a layer line."""
    call = _call(line)
    if call is None or not isinstance(call.func, ast.Attribute) or call.args:
        return None
    values: dict[str, object] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            return None
        try:
            values[keyword.arg] = ast.literal_eval(keyword.value)
        except ValueError:
            return None
    return call.func.attr, values


def _fixed_config(prepared: Prepared, fixed_text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The stored config with each fixed layer line's values written back; refuses a fix that
    changes a layer's class or needs code (`tf.shape(x)[0]`) where a config holds values."""
    model = copy.deepcopy(prepared.stored.model)
    old_lines = prepared.lines.text.splitlines()
    new_lines = fixed_text.splitlines()
    refused: list[str] = []
    if len(old_lines) != len(new_lines):
        return None, [f"warning: {prepared.stored.path}: the fixes changed the model's structure; not applied"]
    for row, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
        if old == new:
            continue
        layer = prepared.lines.layer_at(row)
        before, after = _arguments(old), _arguments(new)
        if layer is None or before is None or after is None or before[0] != after[0]:
            refused.append(f"warning: {prepared.stored.path}: layer {layer.path if layer else '?'}: the fix "
                           "is not a change of config values; not applied to the saved model")
            continue
        _write_values(model, layer, before[1], after[1])
    return (model if not refused else None), refused


def _write_values(model: dict[str, Any], layer: LayerRecord, before: dict[str, object],
                  after: dict[str, object]) -> None:
    target: Any = model
    for part in layer.pointer.split("/")[1:]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    config = target["config"]
    for key in before.keys() - after.keys():
        config.pop(key, None)
    for key, value in after.items():
        if before.get(key, object()) != value:
            config[key] = _json(value)


def _json(value: object) -> object:
    return [_json(v) for v in value] if isinstance(value, (tuple, list)) else value

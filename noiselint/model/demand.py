"""Demand: whether a file's findings can depend on the shapes Keras or TensorFlow would
answer, so that a plain lint imports TensorFlow (seconds, half a gigabyte) only for a file
where an answer can change a finding. `noiselint shapes` and the server's hovers show every
shape and always ask.

What the rules read of the shape stage (checks/): a dropout site's input shape and the
`tf.shape(x)` reads, only through its `noise_shape` (NL001, NL002, NL003, NL009 start from
the noise_shape argument); and the layouts of N-D layers (NL010), which can disagree only
when some layer reads `channels_first`, Keras's default being `channels_last`; and where
data of known shapes meets a model (NL201-NL204), a model's output shape and what its layers
make of the data (`data_may_matter`, asked after a first reading without Keras). A rule that
comes to read shapes otherwise must extend this module: tests/test_shape_demand.py lints
every rule's cases and the fixtures both ways and requires the same findings."""

from __future__ import annotations

import ast

from noiselint.shapes.facts import ShapeFacts
from noiselint.sites.dropout import Sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule

_CHANNELS_FIRST = "channels_first"


def shapes_may_matter(parsed: ParsedModule, sites: Sites) -> bool:
    """True when an answer may change a finding: a site passes a `noise_shape`, or the
    module's code holds the string `channels_first` (a layout NL010 can compare, perhaps
    past a layer whose shape only Keras knows, or in a loop whose length is such a shape)."""
    return any(_has_noise_shape(site.arg("noise_shape")) for site in sites.calls) or _names_channels_first(parsed)


def data_may_matter(facts: ShapeFacts) -> bool:
    """True when data of known shapes met a model and the judgement stopped at a shape Keras
    may give (the model's output under a known loss, what a Sequential's layers make of the
    data: `DataFact.asks`). A `feed_dict` is judged against the placeholder's own shape and a
    reshape by NumPy's rule: no Keras needed for those."""
    return any(fact.asks for fact in facts.data_calls)


def calls_may_fail(facts: ShapeFacts) -> bool:
    """True when a layer or op call of known input ranks has no answer from the cache or the
    written formulas: only Keras or TensorFlow can say whether it raises (NL101-NL107)."""
    return any(fact.kind in ("layer", "op") and fact.error is None and fact.unknown_reason is not None
               and fact.input_shapes and all(s is not None for s in fact.input_shapes)
               for fact in facts.calls())


def _names_channels_first(parsed: ParsedModule) -> bool:
    if _CHANNELS_FIRST not in parsed.source.text:
        return False
    if parsed.tree is None:
        return True
    # A docstring or comment that mentions it (keras-io's prose) is not a layout.
    return any(isinstance(node, ast.Constant) and node.value == _CHANNELS_FIRST for node in ast.walk(parsed.tree))


def reaches_project(parsed: ParsedModule) -> bool:
    """Whether the module imports another module of the project, whose code the model
    interpreter may run (a builder there can make a `channels_first` layer)."""
    project = parsed.project
    if project is None:
        return False
    if parsed.tree is None:
        return True
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                return True
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        # The lookups are recorded in `project.used`: a module added later changes the results key.
        if any(project.index.top_module(project.path, name.split(".")[0], project.used) is not None for name in names):
            return True
    return False


def layouts_may_matter(facts: ShapeFacts) -> bool:
    """True when a layer the model code reached reads `channels_first` though the module
    does not name it (a builder of another project module, a value computed elsewhere)."""
    return any(_CHANNELS_FIRST in (layer.data_format, layer.input_layout and layer.input_layout.data_format)
               for model in facts.models for layer in model.layers)


def _has_noise_shape(node: cst.BaseExpression | None) -> bool:
    return node is not None and not (isinstance(node, cst.Name) and node.value == "None")

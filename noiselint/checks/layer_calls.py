"""What the layer-call rules (NL101-NL106) share: the failing calls of one kind, each once,
and how a message names the call and where each of its inputs came from ("`x` from
`Flatten` on line 12 is (None, 3136)")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from noiselint.shapes.facts import LayerFact, Source
from noiselint.syntax import nodes as cst

from .base import GraphContext
from .shape_words import shape_text

if TYPE_CHECKING:
    from noiselint.shapes.failures import Failure

# Code that reads or sets Keras's global image layout (`keras.json`'s `image_data_format`,
# Keras 1's `image_dim_ordering`): a layer without `data_format=` may then read channels
# first, and every size after it is not what noiselint computed with Keras's default. A layer's
# own `data_format="channels_first"` sets nothing global: the others still read channels last.
# Substring tests (`image_dim_ordering` holds `dim_ordering`): each of NL101-NL106 asks, and a
# regex's scan of the whole text cost 0.1 ms a time.
_GLOBAL_LAYOUT = ("image_data_format", "dim_ordering")


# The reshape ops whose target the batch rules read (NL105, NL107), with the argument that
# holds it: TensorFlow's and Keras 3's (which runs TensorFlow's when the model runs).
RESHAPES = {"tf.reshape": "shape", "keras.ops.reshape": "newshape"}


def reshape_target(fact: LayerFact) -> object:
    """The target shape of a reshape op that did not fail, as the call wrote it; None for
    any other call."""
    key = RESHAPES.get(fact.layer) if fact.kind == "op" and fact.error is None else None
    return fact.config.get(key) if key is not None else None


def failing_calls(ctx: GraphContext, code: str) -> Iterator[tuple[LayerFact, Failure, cst.CSTNode]]:
    """Each failing call whose error is `code`'s, with where to report it (the application,
    `d(b)`, else the construction; for a layer of a Sequential built by its call, that call),
    once per place however often a builder runs it."""
    seen: set[int] = set()
    layout_unsure: bool | None = None  # read only for a file with a failing call: most have none
    for fact in ctx.facts.failures():
        # Here: its message patterns (2 ms to compile) are read only for a file with a failing call.
        from noiselint.shapes.failures import RANK, classify

        failure = classify(fact)
        if failure is None or failure.code != code or (fact.in_model_call and fact.model_call is None):
            continue
        if failure.code != RANK and layout_unsure is None:
            layout_unsure = _layout_unsure(ctx)
        if layout_unsure and failure.code != RANK:
            continue  # a rank does not depend on the layout; sizes may
        node = fact.model_call or fact.call or fact.node
        if id(node) in seen or node not in ctx.parsed.names.order:
            continue  # reported once; a call in another module of the project is reported there
        seen.add(id(node))
        yield fact, failure, node


def _layout_unsure(ctx: GraphContext) -> bool:
    """The file speaks of the global image layout and has a spatial layer that reads it."""
    if not any(word in ctx.parsed.source.text for word in _GLOBAL_LAYOUT):
        return False
    return any(fact.data_format_default for fact in ctx.facts.calls())


def subject(ctx: GraphContext, fact: LayerFact, node: cst.CSTNode) -> str:
    """How a message names the failing call: `Dense`, `tf.matmul`, `a + b`."""
    if isinstance(node, cst.BinaryOperation):
        return f"`{_short(ctx.snippet(node))}`"
    return f"`{fact.layer}`"


def headline(ctx: GraphContext, fact: LayerFact, failure: Failure, node: cst.CSTNode) -> str:
    """`Dense` expects 128 on axis -1, got 32; `tf.matmul`: <TensorFlow's reason>."""
    colon = ":" if fact.kind == "op" else ""
    return f"{built_here(ctx, fact, subject(ctx, fact, fact.node))}{colon} {failure.summary}" \
        if fact.model_call is not None else f"{subject(ctx, fact, node)}{colon} {failure.summary}"


def built_here(ctx: GraphContext, fact: LayerFact, layer: str) -> str:
    """`block` builds its layers on this call, and `Conv2D` on line 8: a layer of a
    Sequential its call builds, named with its line (the finding is on the call's)."""
    return f"`{fact.model_name}` builds its layers on this call, and {layer} {where(ctx, fact.node)}"


def inputs_text(ctx: GraphContext, fact: LayerFact) -> str:
    """`x` from `Flatten` on line 12 is (None, 3136), and `y` ... for each input."""
    parts = []
    for index, shape in enumerate(fact.input_shapes):
        source = fact.sources[index] if index < len(fact.sources) else None
        shown = shape_text(shape) if shape is not None else "not known"
        parts.append(f"{_origin(ctx, source, index, len(fact.input_shapes))} is {shown}")
    return _join(parts)


def where(ctx: GraphContext, node: cst.CSTNode) -> str:
    """`on line 5`, or where in the project a builder of another module made it."""
    if node in ctx.parsed.names.order:
        return f"on line {ctx.parsed.row(node)}"
    other = ctx.parsed.project.index.holder(node) if ctx.parsed.project is not None else None
    return f"in {Path(other.source.path).name} on line {other.row(node)}" if other is not None \
        else "in another module"


def _origin(ctx: GraphContext, source: Source | None, index: int, count: int) -> str:
    if source is None:
        return f"input {index + 1}" if count > 1 else "its input"
    # A NumPy operand's label is its expression, quoted already (`np.zeros((4, 6))`).
    label = source.label if source.label.startswith("`") and source.label.endswith("`") else f"`{source.label}`"
    made = f"{label} {where(ctx, source.node)}"
    if source.name:
        return f"`{source.name}` from {made}"
    return f"the output of {made}"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def settings_text(fact: LayerFact, names: tuple[str, ...]) -> str:
    """`MaxPooling2D(pool_size=2, padding='valid')`: the layer with those of its settings that
    the file passes."""
    shown = [f"{name}={_value(fact.config[name])}" for name in names if name in fact.config]
    return f"`{fact.layer}({', '.join(shown)})`"


def _value(value: object) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)

"""What the graph stage learns about a module: the models it found, every layer call with
its inferred shapes, and the input shape of each dropout site. Rules read it; nothing here
imports TensorFlow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst

Shape = tuple[int | None, ...]


@dataclass(frozen=True)
class LayerFact:
    """One layer application in a model, in topological order."""

    node: cst.CSTNode  # the layer's construction call (where a finding points)
    layer: str  # the Keras class name, e.g. `Conv2D`
    input_shapes: tuple[Shape | None, ...]
    output_shape: Shape | None  # None: unknown (then `unknown_reason` says why)
    config: Mapping[str, object] = field(default_factory=dict)  # statically known kwargs
    unknown_reason: str | None = None
    name: str | None = None  # the variable the output is bound to, for display


@dataclass(frozen=True)
class ModelFact:
    name: str  # how `noiselint shapes` titles it (variable or builder function)
    node: cst.CSTNode
    layers: tuple[LayerFact, ...]


@dataclass(frozen=True)
class ShapeFacts:
    # Each dropout site's call (Site.call) -> the shape of the tensor it drops.
    input_shapes: Mapping[cst.Call, Shape] = field(default_factory=dict)
    models: tuple[ModelFact, ...] = ()
    warnings: tuple[str, ...] = ()

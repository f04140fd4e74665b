"""A layer as the graph builder saw it constructed (its class and static arguments), the
question it asks about shapes, and the answer: the types `model/build.py` and `shapes/oracle.py` share.
Nothing here imports Keras."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Union

from noiselint.shapes.catalog import CATALOG, LEGACY_SHAPE_ARGS, LayerEntry
from noiselint.shapes.facts import CallError, Shape

if TYPE_CHECKING:
    from noiselint.syntax import nodes as cst

# A statically known argument: what Keras accepts from a literal, or a nested layer
# (the `layer` of `TimeDistributed`/`Bidirectional`).
ConfigValue = Union[int, float, str, bool, None, tuple["ConfigValue", ...], "LayerSpec"]
# The classes of a config value that is itself its JSON (`config_json` gives it back as it is),
# by exact class: the fast paths that skip `to_config`/`config_json`.
PLAIN_VALUES = frozenset((int, float, str, bool, type(None)))


@dataclass(frozen=True, init=False)
class LayerSpec:
    """One layer construction: `Conv2D(64, 3, data_format="channels_first")`."""

    class_name: str  # the allow-listed class (canonical name), or the user's class name
    node: cst.CSTNode  # the construction call
    config: tuple[tuple[str, ConfigValue], ...] = ()  # static arguments by parameter name
    unknown: tuple[tuple[str, str], ...] = ()  # (argument, why it is not static)
    custom: str | None = None  # why Keras is not asked, e.g. "custom layer `MyBlock`"
    site: cst.Call | None = None  # the dropout site this construction is
    # The input shape a first layer declares (`input_shape=`, `batch_input_shape=`, ...).
    input_shape: Shape | None = None
    data_format_default: bool = False  # `data_format` was filled in with Keras's default

    def __init__(self, class_name: str, node: cst.CSTNode, config: tuple[tuple[str, ConfigValue], ...] = (),
                 unknown: tuple[tuple[str, str], ...] = (), custom: str | None = None, site: cst.Call | None = None,
                 input_shape: Shape | None = None, data_format_default: bool = False) -> None:
        # The instance's dict written at once: a frozen dataclass's generated `__init__` calls
        # `object.__setattr__` per field, and the interpreter makes a spec per layer
        # constructed (9,000 on keras-io). Equality, hashing and repr stay the dataclass's.
        fields = self.__dict__
        fields["class_name"], fields["node"], fields["config"], fields["unknown"] = class_name, node, config, unknown
        fields["custom"], fields["site"], fields["input_shape"], fields["data_format_default"] = \
            custom, site, input_shape, data_format_default

    @property
    def entry(self) -> LayerEntry | None:
        return CATALOG.get(self.class_name) if self.custom is None else None

    @property
    def arguments(self) -> Mapping[str, ConfigValue]:
        return dict(self.config)

    def unknown_reason(self, names: frozenset[str] | None = None) -> str | None:
        """Why an argument in `names` (default: any) is not static, or None."""
        for name, why in self.unknown:
            if names is None or name in names:
                return f"argument `{name}` not static ({why})" if why else f"argument `{name}` not static"
        return None


@dataclass(frozen=True, init=False)
class ShapeOutcome:
    """The output shapes of one layer call, one per output (LSTM with `return_state` has
    three); `outputs` None when not even the rank is known."""

    outputs: tuple[Shape, ...] | None
    exact: bool  # as Keras computes them; False when only the rank (and some sizes) are kept
    reason: str | None = None  # why the shapes are unknown or only partly known
    # What the framework raises for these inputs, when the inputs are exact (a certain failure).
    error: CallError | None = None

    def __init__(self, outputs: tuple[Shape, ...] | None, exact: bool, reason: str | None = None,
                 error: CallError | None = None) -> None:
        fields = self.__dict__  # as LayerSpec's: one per layer call asked
        fields["outputs"], fields["exact"], fields["reason"], fields["error"] = outputs, exact, reason, error


class ShapeOracle(Protocol):
    """Answers "what does this layer output for these inputs?" (implemented in shapes.py)."""

    def output_shapes(self, spec: LayerSpec, inputs: tuple[Shape | None, ...],
                      exact: bool, built_on: tuple[Shape, ...] | None = None) -> ShapeOutcome: ...

    def op_shape(self, op: str, args: Mapping[str, object], inputs: tuple[tuple[Shape | None, str], ...],
                 exact: bool) -> ShapeOutcome: ...

    def warnings(self) -> tuple[str, ...]: ...


def config_json(value: ConfigValue) -> object:
    """A static argument as JSON (for the cache key and for constructing the layer)."""
    if isinstance(value, LayerSpec):
        return {"class_name": value.class_name, "config": shape_config(value) or {}}
    if isinstance(value, tuple):
        if PLAIN_VALUES.issuperset(map(type, value)):  # most: sizes, strides (their own JSON)
            return list(value)
        return [config_json(v) for v in value]
    return value


def shape_config(spec: LayerSpec) -> dict[str, object] | None:
    """The arguments that decide `spec`'s output shape, as JSON; None when one of them is
    not static or a nested layer is not allow-listed."""
    entry = spec.entry
    # The set of names is made only when an argument is not static (most specs have none).
    if entry is None or (spec.unknown and spec.unknown_reason(entry.shape_params | LEGACY_SHAPE_ARGS) is not None):
        return None
    config: dict[str, object] = {}
    for name, value in spec.config:
        if name not in entry.shape_params:
            continue
        if isinstance(value, LayerSpec) and shape_config(value) is None:
            return None
        config[name] = config_json(value)
    return config

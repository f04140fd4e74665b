"""What Keras does when data meets a model (`fit`, `evaluate`, `predict`, `model(x)`) and
what TensorFlow does with a `feed_dict`: the error it raises for these shapes, or None when
it runs or when that depends on what noiselint does not know. Written out from Keras 3's
source and checked against Keras 3 and tf-keras runs (docs/data-calls.md has the runs);
only what fails in both is claimed, so a file that does not say which Keras it uses is
still judged right. Shapes here include the batch axis; `None` is a size not known."""

from __future__ import annotations

from collections.abc import Sequence

from noiselint.shapes.facts import CallError, Shape

CROSSENTROPY = {"categorical_crossentropy": "categorical", "binary_crossentropy": "binary",
                "sparse_categorical_crossentropy": "sparse"}
_ELEMENTWISE = frozenset({"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                          "mean_squared_logarithmic_error", "huber", "log_cosh", "logcosh", "hinge",
                          "squared_hinge", "poisson", "kl_divergence", "kullback_leibler_divergence"})
_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "mape": "mean_absolute_percentage_error",
            "msle": "mean_squared_logarithmic_error", "kld": "kl_divergence", "huber_loss": "huber",
            "bce": "binary_crossentropy"}


def show(shape: Shape) -> str:
    """A shape as Keras prints it: `(None, 28, 28, 1)`, `(10,)`."""
    text = ", ".join(str(d) for d in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"


def loss_name(name: str) -> str | None:
    """The Keras loss a string, function or class name means (`"mse"`, `CategoricalCrossentropy`),
    when noiselint knows its shape rules."""
    snake = "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")
    snake = _ALIASES.get(snake, snake)
    return snake if snake in CROSSENTROPY or snake in _ELEMENTWISE else None


def adjust_rank(data: Shape, ref: Shape) -> Shape | CallError | None:
    """Keras 3's `Functional._adjust_input_rank` (tf-keras's `_conform_to_reference_input`
    does the same): one trailing axis of 1 too many is squeezed, one too few is added when
    the input's last size is 1; any other rank is refused. None: not known."""
    if len(data) == len(ref):
        return data
    if len(data) == len(ref) + 1:
        if data[-1] == 1:
            return data[:-1]
        if data[-1] is None:
            return None
    if len(data) == len(ref) - 1 and ref[-1] == 1:
        return (*data, 1)
    return CallError("Keras", "ValueError", f"Invalid input shape for input. Expected shape {show(ref)}, "
                                            f"but input has incompatible shape {show(data)}")


def input_error(data: Shape, ref: Shape) -> CallError | None:
    """The error of feeding arrays of shape `data` to a functional model's input of shape
    `ref`: it checks every size (`expected shape=...`), after adjusting the rank. (A Keras 3
    Sequential checks only the rank; its layers then judge the data: model/data_calls.py.)
    Keras checks the model's input spec before it adjusts the rank (`spec_error`): a batch
    of flattened images meets the spec's sizes first."""
    refused = spec_error(ref, (None, *data[1:]))
    if refused is not None:
        return refused
    adjusted = adjust_rank(data, ref)
    if adjusted is None or isinstance(adjusted, CallError):
        return adjusted
    if any(r is not None and a is not None and r != a for r, a in zip(ref[1:], adjusted[1:], strict=True)):
        return _incompatible(0, ref, (None, *adjusted[1:]))
    return None


def spec_error(ref: Shape, given: Shape, index: int = 0) -> CallError | None:
    """The error of applying a model whose input is `ref` to a tensor of shape `given`
    (`base(x)`, `Sequential` with its input declared): Keras 3 checks the model's input spec
    first (`InputSpec(shape=ref without its batch, allow_last_axis_squeeze=True)`,
    layers/input_spec.py): a trailing 1 is dropped from each side, then the sizes both know
    are compared pairwise, as far as the shorter reaches."""
    spec: Shape = (None, *ref[1:]) if ref else ref
    spec_cut = spec[:-1] if spec and spec[-1] == 1 else spec
    shape = given[:-1] if given and given[-1] == 1 else given
    if any(a is not None and b is not None and a != b for a, b in zip(spec_cut, shape, strict=False)):
        return _incompatible(index, spec, shape)
    return None


def _incompatible(index: int, expected: Shape, found: Shape) -> CallError:
    """A functional model's input check, in Keras's words (its auto-made names left out)."""
    return CallError("Keras", "ValueError", f"Input {index} of layer \"functional\" is incompatible with the layer: "
                                            f"expected shape={show(expected)}, found shape={show(found)}")


def squeeze_or_expand(y: Shape, out: Shape) -> tuple[Shape, Shape]:
    """Keras 3's `squeeze_or_expand_to_same_rank(y_true, y_pred)` (losses/loss.py), which
    every built-in loss applies first."""
    if len(y) == len(out) + 1 and y[-1] == 1:
        if len(out) == 1:
            out = (*out, 1)
        else:
            y = y[:-1]
    if len(out) == len(y) + 1 and out[-1] == 1:
        if len(y) == 1:
            y = (*y, 1)
        else:
            out = out[:-1]
    return y, out


def label_error(y: Shape, out: Shape, loss: str) -> CallError | None:
    """The error the loss raises for targets of shape `y` against an output of shape `out`
    (the batch axis is not compared: `fit` checks it separately)."""
    kind = CROSSENTROPY.get(loss)
    y2, out2 = squeeze_or_expand(y, out)
    if kind == "sparse":
        if len(y2) == len(out2) and y2[-1] == 1:
            y2 = y2[:-1]
        if len(y2) != len(out2) - 1:
            return CallError("Keras", "ValueError", "Argument `output` must have rank (ndim) `target.ndim - 1`. "
                                                    f"Received: target.shape={show(y2)}, output.shape={show(out2)}")
        return None
    if kind is not None:
        if len(y2) != len(out2):
            return CallError("Keras", "ValueError", "Arguments `target` and `output` must have the same rank (ndim). "
                                                    f"Received: target.shape={show(y2)}, output.shape={show(out2)}")
        if any(a is not None and b is not None and a != b for a, b in zip(y2[1:], out2[1:], strict=True)):
            return CallError("Keras", "ValueError", "Arguments `target` and `output` must have the same shape. "
                                                    f"Received: target.shape={show(y2)}, output.shape={show(out2)}")
        return None
    # An elementwise loss broadcasts; with equal ranks two known sizes that differ and
    # are not 1 fail whatever the batch (a target of lower rank may broadcast by chance).
    if len(y2) == len(out2) and any(a is not None and b is not None and a != b and 1 not in (a, b)
                                    for a, b in zip(y2[1:], out2[1:], strict=True)):
        return CallError("TensorFlow", "ValueError", f"Incompatible shapes: {show(y2)} vs. {show(out2)} "
                                                     "(the loss subtracts them)")
    # Ranks that differ broadcast right-aligned, so a batch axis may meet a sample axis: its size
    # (the batch's, not the array's) is left unknown, and only two known sizes that cannot
    # broadcast are certain (images (N, 28, 28) against a flat (None, 784) output).
    if len(y2) != len(out2):
        rank = max(len(y2), len(out2))
        pairs = zip(*((1,) * (rank - len(s)) + (None, *s[1:]) for s in (y2, out2)), strict=True)
        if any(a is not None and b is not None and a != b and 1 not in (a, b) for a, b in pairs):
            return CallError("TensorFlow", "ValueError", f"Incompatible shapes: {show(y2)} vs. {show(out2)} "
                                                         "(the loss subtracts them)")
    return None


def cardinality_error(sizes: Sequence[tuple[str, int]]) -> CallError | None:
    """`fit(x, y)` with arrays whose first axes differ: Keras cannot batch them together."""
    counts = {n for _, n in sizes}
    if len(counts) < 2:
        return None
    listed = " ".join(f"'{k}' sizes: {n}" for k, n in sizes)
    return CallError("Keras", "ValueError", "Data cardinality is ambiguous. Make sure all arrays contain the same "
                                            f"number of samples. {listed}")


def count_error(given: int, expected: int) -> CallError | None:
    """A model with several inputs given another number of arrays. (One array too many for
    a one-input model is taken by Keras 3 and refused by tf-keras: not claimed.)"""
    if expected < 2 or given == expected:
        return None
    return CallError("Keras", "ValueError", f"Layer \"functional\" expects {expected} input(s), but it received "
                                            f"{given} input tensors")


def feed_error(value: Shape, placeholder: Shape | None, name: str = "") -> CallError | None:
    """TF 1 `Session.run`: a fed value must have a shape the placeholder's is compatible with."""
    if placeholder is None:
        return None
    if len(value) != len(placeholder) or any(p is not None and v is not None and p != v
                                             for v, p in zip(value, placeholder, strict=False)):
        shown = "(" + ", ".join("?" if d is None else str(d) for d in placeholder) + \
            ("," if len(placeholder) == 1 else "") + ")"
        return CallError("TensorFlow", "ValueError", f"Cannot feed value of shape {show(value)} for Tensor "
                                                     f"{name}, which has shape {shown}")
    return None

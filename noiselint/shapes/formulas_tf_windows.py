"""Output shapes of TensorFlow's windowed ops (`tf.nn.conv1d`, `conv2d`, `max_pool`,
`avg_pool`), written out as the `tf.compat.v1` wrappers and TensorFlow's shape functions
compute them (`nn_ops.py`: `_get_sequence`, `convert_padding`; `common_shape_fns.cc`:
`Conv2DShapeImpl`, `MaxPoolShapeImpl`, `AvgPoolShape`, `GetWindowedOutputSizeFromDimsV2`).

As in shapes/formulas_tf.py, a formula answers only where it is certain to give TensorFlow's
answer: float32 inputs of rank 4 (3 for conv1d) or of unknown rank (the shape functions then
take the rank they require), windows and strides of plain positive ints that leave the batch
and channel axes alone, "SAME"/"VALID" (or conv2d's explicit paddings). Anything TensorFlow
would reject (a window larger than a VALID input, channels that differ) returns None and
TensorFlow is asked, so its error stays its own. Held to TensorFlow by tests/test_tf_answers.py
(recorded answers) and tests/test_shape_formulas_tf.py (TensorFlow itself)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from noiselint.shapes.facts import Shape
from noiselint.shapes.tf_graph import TfInput

Answer = tuple[Shape | None] | None
Args = Mapping[str, object]
_PADDINGS = ("SAME", "VALID")


def _int(value: object) -> bool:
    return type(value) is int


def _sequence(value: object, n: int, last: bool, channels: bool = False) -> list[int] | None:
    """`_get_sequence`: an int or a list of 1, n or n + 2 ints, as n + 2 values with 1 on the
    batch and channel axes; None unless all are positive ints and batch and channel take 1
    (a window or stride there is TensorFlow's to refuse or compute), or with `channels`,
    batch alone."""
    if value is None:
        return [1] * (n + 2)
    values = [value] if _int(value) else value
    if not isinstance(values, list) or not all(_int(v) and v > 0 for v in values):  # type: ignore[operator]
        return None
    if len(values) == 1:
        values = values * n
    if len(values) == n:
        values = [1, *values, 1] if last else [1, 1, *values]
    if len(values) != n + 2 or values[0] != 1 or (values[-1 if last else 1] != 1 and not channels):
        return None
    return values


def _format(value: object, last: tuple[str, ...], first: tuple[str, ...]) -> bool | None:
    """True for channels last, False for channels first, None for anything else."""
    if value is None or value in last:
        return True
    return False if value in first else None


def _tensor(args: Args, names: tuple[str, ...], inputs: Sequence[TfInput]) -> tuple[int, TfInput] | None:
    """The one input that exactly one of `names` (an argument and its alias) refers to."""
    given = [args[name] for name in names if name in args]
    if len(given) != 1:
        return None
    ref = given[0]
    if not isinstance(ref, dict) or set(ref) != {"t"} or not _int(ref["t"]) or not 0 <= ref["t"] < len(inputs):
        return None
    return ref["t"], inputs[ref["t"]]


def _shape(given: TfInput, rank: int) -> Shape | None:
    """A float32 input of this rank or of unknown rank (taken as this rank, as `WithRank`
    does); None for another rank or dtype, or a size 0 (TensorFlow's special arithmetic)."""
    shape, dtype = given
    if dtype != "float32":
        return None
    if shape is None:
        return (None,) * rank
    if len(shape) != rank or any(d is not None and d <= 0 for d in shape):
        return None
    return shape


def _explicit(padding: object, last: bool) -> list[tuple[int, int]] | None:
    """Conv2D's explicit paddings: four [before, after] pairs of ints >= 0 in the data
    format's order, zero on the batch and channel axes."""
    if not isinstance(padding, list) or len(padding) != 4 or not all(
            isinstance(p, list) and len(p) == 2 and all(_int(x) and x >= 0 for x in p) for p in padding):
        return None
    pairs = [(p[0], p[1]) for p in padding]
    if pairs[0] != (0, 0) or pairs[-1 if last else 1] != (0, 0):
        return None
    return pairs[1:3] if last else pairs[2:]


def _windowed(size: int | None, window: int | None, stride: int, dilation: int, padding: str,
              pads: tuple[int, int]) -> tuple[bool, int | None]:
    """`GetWindowedOutputSizeFromDimsV2` on one axis: (accepted, output size). VALID and
    explicit padding subtract the dilated window from the padded size, which must not go
    negative when both are known; SAME divides the size by the stride, rounding up."""
    if padding == "SAME":
        return True, None if size is None else (size + stride - 1) // stride
    if size is None or window is None:
        return True, None
    padded, span = size + pads[0] + pads[1], (window - 1) * dilation + 1
    if padded < span:
        return False, None  # "Negative dimension size caused by subtracting"
    return True, (padded - span + stride) // stride


def _spatial(shape: Shape, last: bool) -> tuple[int | None, Shape, int | None]:
    """(batch, spatial sizes, channels) of an input of known rank."""
    return (shape[0], shape[1:-1], shape[-1]) if last else (shape[0], shape[2:], shape[1])


def _assemble(batch: int | None, sizes: Sequence[int | None], channels: int | None, last: bool) -> Shape:
    return (batch, *sizes, channels) if last else (batch, channels, *sizes)


def _convolve(image: Shape, kernel: Shape, strides: list[int], dilations: list[int], padding: str,
              pads: list[tuple[int, int]], last: bool) -> Shape | None:
    """Conv2DShapeImpl on a rank-4 input and an HWIO filter. The input's channels and the
    filter's input channels must be equal when both are known (a multiple is a grouped
    convolution, with checks of its own: TensorFlow's)."""
    batch, spatial, depth = _spatial(image, last)
    *window, depth_in, depth_out = kernel
    if depth is not None and depth_in is not None and depth != depth_in:
        return None
    steps = strides[1:-1] if last else strides[2:]
    rates = dilations[1:-1] if last else dilations[2:]
    sizes = []
    for size, w, s, r, p in zip(spatial, window, steps, rates, pads, strict=True):
        accepted, out = _windowed(size, w, s, r, padding, p)
        if not accepted:
            return None
        sizes.append(out)
    return _assemble(batch, sizes, depth_out, last)


def conv2d(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`tf.compat.v1.nn.conv2d` on a rank-4 or unknown-rank input (a higher rank is reshaped
    by `squeeze_batch_dims`: TensorFlow's)."""
    if not set(args) <= {"input", "filter", "filters", "strides", "padding", "data_format", "dilations"} \
            or len(inputs) != 2:
        return None
    image, kernel = _tensor(args, ("input",), inputs), _tensor(args, ("filter", "filters"), inputs)
    last = _format(args.get("data_format"), ("NHWC",), ("NCHW",))
    if image is None or kernel is None or image[0] == kernel[0] or last is None:
        return None
    strides, dilations = _sequence(args.get("strides"), 2, last), _sequence(args.get("dilations"), 2, last)
    padding = args.get("padding")
    pads = _explicit(padding, last)
    if pads is not None:
        padding = "EXPLICIT"
    elif padding in _PADDINGS:
        pads = [(0, 0), (0, 0)]
    x, f = _shape(image[1], 4), _shape(kernel[1], 4)
    if x is None or f is None or strides is None or dilations is None or pads is None or "strides" not in args:
        return None
    out = _convolve(x, f, strides, dilations, padding, pads, last)  # type: ignore[arg-type]
    return None if out is None else (out,)


def conv1d(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`tf.compat.v1.nn.conv1d`: the input and filter expanded by a unit axis, conv2d, the
    unit axis squeezed out (an unknown size there is taken as 1, so an unknown rank gives
    rank 3 as well)."""
    if not set(args) <= {"value", "input", "filters", "stride", "padding", "data_format", "dilations"} \
            or len(inputs) != 2:
        return None
    image, kernel = _tensor(args, ("value", "input"), inputs), _tensor(args, ("filters",), inputs)
    last = _format(args.get("data_format"), ("NWC", "NHWC"), ("NCW", "NCHW"))
    if image is None or kernel is None or image[0] == kernel[0] or last is None:
        return None
    stride, dilation = _sequence(args.get("stride"), 1, last), _sequence(args.get("dilations"), 1, last)
    padding = args.get("padding")
    x, f = _shape(image[1], 3), _shape(kernel[1], 3)
    if x is None or f is None or stride is None or dilation is None or padding not in _PADDINGS \
            or "stride" not in args:
        return None
    batch, (width,), depth = _spatial(x, last)
    out = _convolve(_assemble(batch, [1, width], depth, last), (1, *f), [1, *stride], [1, *dilation],
                    padding, [(0, 0), (0, 0)], last)  # type: ignore[arg-type]
    if out is None:
        return None
    batch, (_, width), depth = _spatial(out, last)
    return (_assemble(batch, [width], depth, last),)


def max_pool(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`tf.compat.v1.nn.max_pool` (and `max_pool2d`): MaxPoolShapeImpl windows the
    channels too (handson-ml3's `ksize=[1, 1, 1, 3]`: pooling over the channels), with the
    same padding."""
    return _pool(args, inputs, True)


def avg_pool(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`tf.compat.v1.nn.avg_pool` (and `avg_pool2d`): AvgPoolShape keeps the channels, a
    window over them or not (its kernel refuses one at run time)."""
    return _pool(args, inputs, False)


def _pool(args: Args, inputs: Sequence[TfInput], pool_channels: bool) -> Answer:
    """Each spatial size windowed as in conv2d, the batch kept; the channels windowed as
    well with `pool_channels`, else kept."""
    if not set(args) <= {"value", "input", "ksize", "strides", "padding", "data_format"} or len(inputs) != 1:
        return None
    image = _tensor(args, ("value",), inputs)  # `input` alone: the v1 wrapper still wants `value`
    last = _format(args.get("data_format"), ("NHWC",), ("NCHW",))
    if image is None or last is None or args.get("padding") not in _PADDINGS \
            or "ksize" not in args or "strides" not in args:
        return None
    window, strides = _sequence(args["ksize"], 2, last, True), _sequence(args["strides"], 2, last, True)
    x = _shape(image[1], 4)
    if x is None or window is None or strides is None:
        return None
    batch, spatial, depth = _spatial(x, last)
    sizes = []
    for i, size in enumerate(spatial):
        axis = i + 1 if last else i + 2
        accepted, out = _windowed(size, window[axis], strides[axis], 1, args["padding"], (0, 0))  # type: ignore[arg-type]
        if not accepted:
            return None
        sizes.append(out)
    if pool_channels:
        axis = -1 if last else 1
        accepted, depth = _windowed(depth, window[axis], strides[axis], 1, args["padding"], (0, 0))  # type: ignore[arg-type]
        if not accepted:
            return None
    return (_assemble(batch, sizes, depth, last),)


_RUN_TIME = "?"  # shapes/tf_graph.UNKNOWN: a scalar known only at run time


def pool_refusal(args: Args, inputs: Sequence[TfInput]) -> tuple[str, str] | None:
    """TensorFlow's refusal, (error type, message) word for word, of a `max_pool`/`avg_pool`
    whose window or strides hold a size known only at run time ("?"): noiselint builds it as
    a scalar placeholder, and the op's `ksize` and `strides` are attributes, checked (in that
    order, before the input and any shape) to be ints. The message names the placeholder:
    the scalars are made after the one input, in the order of the arguments. Only for
    windows and strides of 1, 2 or 4 entries with no 0, and "SAME" or "VALID" (the wrappers'
    own errors come first)."""
    if not set(args) <= {"value", "ksize", "strides", "padding", "data_format"} or len(inputs) != 1 \
            or args.get("value") != {"t": 0} or args.get("padding") not in _PADDINGS \
            or args.get("data_format", "NHWC") not in ("NHWC", "NCHW"):
        return None
    return _run_time_refusal(args, ("ksize", "strides"), 1, lambda v: _int(v) and v > 0)  # type: ignore[operator]


def conv2d_refusal(args: Args, inputs: Sequence[TfInput]) -> tuple[str, str] | None:
    """TensorFlow's refusal, word for word, of a `conv2d` whose strides or dilations hold a
    size known only at run time ("?": TF 1 code passes a helper's `d_h` that noiselint does
    not know there). Both are attributes, made ints (`make_int`, strides first) before the
    input's shape is read: the input may be of any rank up to 4 (a higher one is reshaped
    first) or unknown. The scalars are made after the two inputs, in the order of the
    arguments. Only for an int or a list of 1, 2 or 4 ints, a padding named by a string
    (not "EXPLICIT", which the wrapper refuses first) or four pairs of ints, and a data
    format named by a string (their values are checked after the strides)."""
    padding, data_format = args.get("padding"), args.get("data_format")
    if not set(args) <= {"input", "filter", "filters", "strides", "padding", "data_format", "dilations"} \
            or len(inputs) != 2 or not ((isinstance(padding, str) and padding != "EXPLICIT") or _pairs(padding)) \
            or not (data_format is None or isinstance(data_format, str)):
        return None
    image, kernel = _tensor(args, ("input",), inputs), _tensor(args, ("filter", "filters"), inputs)
    if image is None or kernel is None or image[0] == kernel[0] or (image[1][0] is not None and len(image[1][0]) > 4):
        return None
    return _run_time_refusal(args, ("strides", "dilations"), 2, _int, absent=[1])


def _run_time_refusal(args: Args, names: tuple[str, str], tensors: int, accepted: Callable[[object], bool],
                      absent: list[int] | None = None) -> tuple[str, str] | None:
    """The TypeError of `make_int` on the first run-time size ("?") of the attributes `names`,
    made ints in this order: an int or a list of 1, 2 or 4 entries, each `accepted` or "?",
    `absent` standing for one left out (None: leaving it out is another error). The scalar
    placeholders come after the `tensors` inputs, in the order of the arguments."""
    steps = {}
    for name in names:
        value = args.get(name, absent)
        values = [value] if _int(value) else value
        if not isinstance(values, list) or len(values) not in (1, 2, 4) \
                or not all(accepted(v) or v == _RUN_TIME for v in values):
            return None
        steps[name] = values
    refused = next((name for name in names if _RUN_TIME in steps[name]), None)
    if refused is None:
        return None
    return "TypeError", (f"Expected int for argument '{refused}' not <tf.Tensor "
                         f"'Placeholder_{_made_before(args, refused) + tensors}:0' shape=() dtype=int32>.")


def _pairs(padding: object) -> bool:
    """Four [before, after] pairs of ints: explicit paddings the wrapper takes."""
    return isinstance(padding, list) and len(padding) == 4 and all(
        isinstance(p, list) and len(p) == 2 and all(_int(x) for x in p) for p in padding)


def _made_before(args: Args, refused: str) -> int:
    """The scalar placeholders made before the first one of the argument `refused`."""
    made = 0
    for name, value in args.items():
        if name == refused:
            break
        made += _count_run_time(value)
    return made


def _count_run_time(value: object) -> int:
    if isinstance(value, list):
        return sum(_count_run_time(v) for v in value)
    return 1 if value == _RUN_TIME else 0

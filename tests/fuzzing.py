"""Fuzzing inputs and the properties every input must keep, shared by the fuzz test in the
suite (tests/test_fuzz.py) and the longer run outside it (benchmarks/fuzz.py).

Three generators: Keras model programs built from statement templates with random
expressions (fast: the suite runs hundreds), grammar-generated programs (hypothesmith, any
Python, about a second each: few in the suite, many in the long run) with dropout calls
injected between their statements, and the real fixtures mutated token by token (a token
deleted, duplicated or two swapped), as an editor holds a file half typed.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import hypothesmith
import libcst as cst
from hypothesis import strategies as st

from noiselint.engine import fix_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.settings import Settings
from noiselint.shapes_command import model_tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").rglob("*.py"))

DROPOUTS = (
    "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)",
    "y = layers.Dropout(0.3, noise_shape=[BATCH, None])(x)",
    "y = layers.Dropout((0.1, [None, 1]))(x)",
    "y = layers.SpatialDropout1D(0.2, noise_shape=(4, 1, 2))(x)",
    "y = tf.nn.dropout(x, keep_prob=0.5, noise_shape=[16, 1])",
    "y = x._keras_shape",
    "y = layers.Dropout(0.2, noise_shape=(x.shape[0], 1))(x)",
)
PREAMBLE = "import tensorflow as tf\nfrom keras import layers\nBATCH = 64\n"


NAMES = ("x", "h", "BATCH", "n", "shape", "rate", "inputs", "cfg", "self")
_LEAVES = st.one_of(
    st.integers(-3, 130).map(str), st.sampled_from(["None", "True", "0.5", "1e400", "-0.0", "'same'", "7" * 50]),
    st.sampled_from(NAMES), st.sampled_from(["x.shape[0]", "tf.shape(x)[0]", "x.shape[-1]", "len(shape)",
                                             "int(rate * 10)", "cfg['n']", "n // 2", "BATCH ** 2"]),
)


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "(" + ", ".join(xs) + ("," if len(xs) == 1 else "") + ")"),
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.tuples(inner, st.sampled_from(["+", "-", "*", "**", "//", "%", "and", "or", "if n else"]), inner)
              .map(lambda t: f"({t[0]} {t[1]} {t[2]})" if t[1] != "if n else" else f"({t[0]} if n else {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(st.sampled_from(["int", "len", "tuple", "list", "max", "range", "f"]), inner)
              .map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda e: f"[{e} for i in range(3)]"),
            inner.map(lambda e: f"(*{e},)"),
        )
    return st.recursive(_LEAVES, extend, max_leaves=12)


EXPR = _expressions()
_LAYERS = ("layers.Dense({e})", "layers.Conv2D({e}, 3, padding='same')", "layers.Dropout({e})",
           "layers.Dropout(0.5, noise_shape={e})", "layers.SpatialDropout2D(0.2, noise_shape={e})",
           "layers.AlphaDropout({e}, noise_shape={e})", "layers.Reshape({e})", "layers.Flatten()",
           "layers.GaussianNoise({e})", "layers.MaxPooling2D({e})")


@st.composite
def _statement(draw: st.DrawFn, depth: int = 0) -> list[str]:
    e = lambda: draw(EXPR)  # noqa: E731 - a fresh expression per use
    name = draw(st.sampled_from(NAMES[:6]))
    layer = draw(st.sampled_from(_LAYERS)).replace("{e}", e(), 1).replace("{e}", e())
    kind = draw(st.integers(0, 9 if depth < 2 else 5))
    if kind == 0:
        return [f"{name} = {e()}"]
    if kind in (1, 2):
        return [f"x = {layer}(x)"]
    if kind == 3:
        return [f"inputs = keras.Input(shape={e()}, batch_size={e()})", "x = inputs"]
    if kind == 4:
        return [f"model = keras.Sequential([keras.Input({e()}), {layer}, {layer}])"]
    if kind == 5:
        return [f"y = {draw(st.sampled_from(DROPOUTS)).split(' = ', 1)[1]}"]
    body = [f"    {line}" for line in draw(_statement(depth + 1))]
    if kind == 6:
        return [f"for i in range({draw(st.integers(0, 300))}):", *body]
    if kind == 7:
        return [f"if {e()}:", *body, "else:", *[f"    {line}" for line in draw(_statement(depth + 1))]]
    if kind == 8:
        return [f"def f({name}={e()}, *args):", *body, f"    return {e()}", f"x = f({e()})"]
    return ["class Block(keras.Model):", "    def __init__(self, rate=0.5):", "        super().__init__()",
            f"        self.d = {layer}", "    def call(self, x):", "        return self.d(x)", "x = Block()(x)"]


@st.composite
def model_programs(draw: st.DrawFn) -> str:
    """A Keras-flavoured program: models, loops, functions, classes, odd arithmetic."""
    lines = ["import keras", "import tensorflow as tf", "from keras import layers", "x = keras.Input((8, 8, 3))"]
    for _ in range(draw(st.integers(1, 8))):
        lines.extend(draw(_statement()))
    return "\n".join(lines) + "\n"


@st.composite
def programs_with_dropouts(draw: st.DrawFn) -> str:
    """A generated program with dropout calls at some of its top-level line boundaries."""
    body = draw(hypothesmith.from_grammar(start="file_input"))
    lines = body.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        # Only between lines that start at column 0 and end a statement: keeps it Python.
        if at < len(lines) and lines[at][:1] in (" ", "\t", ")", "]", "}"):
            continue
        if at > 0 and lines[at - 1].rstrip().endswith(("\\", ":", ",", "(", "[", "{")):
            continue
        lines.insert(at, draw(st.sampled_from(DROPOUTS)) + "\n")
    return PREAMBLE + "".join(lines)


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> str:
    """A real fixture with a few tokens deleted, duplicated or swapped."""
    text = FIXTURES[draw(st.integers(0, len(FIXTURES) - 1))].read_text(encoding="utf-8")
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
    offsets = _line_offsets(text)
    pieces = [(offsets[t.start[0] - 1] + t.start[1], offsets[t.end[0] - 1] + t.end[1]) for t in tokens]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(pieces) - 1))
        begin, end = pieces[i]
        kind = draw(st.sampled_from(("delete", "duplicate", "swap")))
        if kind == "delete":
            text = text[:begin] + text[end:]
        elif kind == "duplicate":
            text = text[:end] + " " + text[begin:end] + text[end:]
        else:
            j = draw(st.integers(0, len(pieces) - 1))
            (a, b), (c, d) = sorted([pieces[i], pieces[j]])
            if b <= c:
                text = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        # Offsets move with each edit: re-tokenize what is left (it may no longer tokenize).
        try:
            tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
        except (tokenize.TokenError, IndentationError, SyntaxError):
            break
        offsets = _line_offsets(text)
        pieces = [(offsets[t.start[0] - 1] + t.start[1], offsets[t.end[0] - 1] + t.end[1]) for t in tokens] \
            or [(0, 0)]
    return text


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def check_properties(text: str, infer=None) -> None:
    """What must hold for any input: no exception escapes, noiselint reports no failure of
    its own (NL902), and a fix leaves text that still parses. (The fix loop lints first:
    its findings are the lint's when nothing is fixable.)"""
    rules = selected_rules(Settings(extend_select=("NL009",)))
    result = fix_text(SourceFile("fuzz.py", text), rules, unsafe=True, infer_shapes=infer)
    internal = [d.message for d in result.diagnostics if d.code == "NL902"]
    assert not internal, internal
    if result.fixed_text is not None:
        cst.parse_module(result.fixed_text)  # raises if a fix broke the file


def check_shapes_command(text: str, directory: Path, settings: Settings) -> None:
    """`noiselint shapes` on the text: a table or a per-file error, never an exception."""
    path = directory / "fuzz_shapes.py"
    path.write_text(text, encoding="utf-8")
    _, errors = model_tables([str(path)], settings)
    assert not [e.message for e in errors if "failed on it" in e.message]

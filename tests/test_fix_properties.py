"""Property: whatever noise_shape a model file holds, `--fix --unsafe-fixes` gives text that
parses, and a second fix changes nothing; Unicode line breaks in the file move no fix."""

from __future__ import annotations

import libcst as cst
from hypothesis import HealthCheck, find, given, settings, target
from hypothesis import strategies as st

from noiselint.engine import fix_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.settings import Settings

RULES = selected_rules(Settings(select=("ALL",)))

element = st.one_of(
    st.integers(min_value=-3, max_value=200).map(str),
    st.just("None"), st.just("1.0"), st.just("BATCH"), st.just("tf.shape(x)[0]"),
    st.just("x._keras_shape[1]"), st.just("'a'"), st.just("(1, 2)"),
)
container = st.sampled_from(["({})", "[{}]", "({},)"])
api = st.sampled_from([
    "layers.Dropout({rate}, noise_shape={shape})(x)",
    "layers.Dropout(rate={rate}, noise_shape={shape})",
    "layers.AlphaDropout({rate}, noise_shape={shape})(x)",
    "tf.keras.layers.AlphaDropout({rate}, noise_shape={shape})(x)",
    "layers.SpatialDropout1D({rate}, noise_shape={shape})(x)",
    "tf.nn.dropout(x, {rate}, noise_shape={shape})",
    "tf.nn.dropout(x * 2, keep_prob={rate}, noise_shape={shape})",
    "keras.random.dropout(x, {rate}, noise_shape={shape})",
    "layers.Dropout(({rate}, {shape}))(x)",
])
rate = st.sampled_from(["0.5", "1.5", "-1", "'0.1'", "None", "RATE"])
layout = st.sampled_from([
    "{call}\n",
    "def build(x, batch_size=64):\n    y = {call}\n    return y\n",
    "class M(keras.Model):\n    B = 32\n    def call(self, x):\n        return {call}  # keep\n",
    "model = keras.Sequential([\n    layers.Dense(4),\n    {call},\n])\r\n",
])


@st.composite
def model_files(draw: st.DrawFn) -> str:
    elements = draw(st.lists(element, min_size=0, max_size=5))
    shape = draw(container).format(", ".join(elements)) if elements else draw(
        st.sampled_from(["()", "None", "NOISE", "8"]))
    call = draw(api).format(rate=draw(rate), shape=shape)
    body = draw(layout).format(call=call)
    header = "import keras\nimport tensorflow as tf\nfrom keras import layers\n" \
             "BATCH = 64\nRATE = 0.2\nNOISE = (BATCH, 1, 8)\n"
    return header + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model_files())
def test_fix_parses_and_is_idempotent(text: str) -> None:
    first = fix_text(SourceFile("m.py", text), RULES, unsafe=True)
    target(float(len(first.fixed)), label="fixes applied")  # steer towards files with many fixes
    fixed = first.fixed_text if first.fixed_text is not None else text
    cst.parse_module(fixed)
    second = fix_text(SourceFile("m.py", fixed), RULES, unsafe=True)
    assert second.fixed_text is None, (text, fixed, second.fixed_text)


def test_the_property_is_not_vacuous() -> None:
    """The files drawn above do reach the fixer: one with a safe and an unsafe fix exists."""
    def several_kinds(text: str) -> bool:
        fixed = fix_text(SourceFile("m.py", text), RULES, unsafe=True).fixed
        return len({d.fix.applicability for d in fixed if d.fix}) == 2

    found = find(model_files(), several_kinds, settings=settings(max_examples=2000, database=None, deadline=None))
    assert cst.parse_module(fix_text(SourceFile("m.py", found), RULES, unsafe=True).fixed_text)


# Every character str.splitlines() splits on and the tokenizer does not (issue 9 §1).
UNICODE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
PLACEHOLDER = "\u00a7"  # one character that never ends a line, standing in for the break


@st.composite
def files_with_unicode_breaks(draw: st.DrawFn) -> tuple[str, str]:
    """A model file with line-break characters in comments and strings, and the same file
    with a placeholder in their place (a form feed on a line of its own: test_line_breaks)."""
    text = draw(model_files())
    lines = text.split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        brk = draw(st.sampled_from(UNICODE_BREAKS))
        carrier = draw(st.sampled_from(["# page{}break", "NOTE = 'a{}b'", "# {}"]))
        lines.insert(draw(st.integers(min_value=0, max_value=6)), carrier.format(brk))
    with_breaks = "\n".join(lines)
    plain = with_breaks
    for brk in UNICODE_BREAKS:
        plain = plain.replace(brk, PLACEHOLDER)
    return with_breaks, plain


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files_with_unicode_breaks())
def test_unicode_line_breaks_never_move_a_fix(pair: tuple[str, str]) -> None:
    """The fixes of a file are the same whether a comment or string holds a Unicode line
    break or an ordinary character in its place: the break moves nothing."""
    with_breaks, plain = pair
    fixed = fix_text(SourceFile("m.py", with_breaks), RULES, unsafe=True).fixed_text or with_breaks
    expected = fix_text(SourceFile("m.py", plain), RULES, unsafe=True).fixed_text or plain
    cst.parse_module(fixed)
    # Put the breaks back where the placeholders are (the fixes never touch comments/strings).
    breaks = iter(c for c in with_breaks if c in UNICODE_BREAKS)
    restored = [next(breaks) if c == PLACEHOLDER else c for c in expected]
    assert fixed == "".join(restored), (with_breaks, fixed)
